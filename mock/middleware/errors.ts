/**
 * The answers of last resort, in the API's error shape `{message}`.
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { WriteRefused } from '../store/types.ts';

/**
 * Set on an answer whose status the operation does not document: a fault asked for by `Prefer`, or
 * a write the mock could not keep (507, 503), which the real gateway has no counterpart for.
 */
export const UNDOCUMENTED_HEADER = 'x-mock-undocumented-status';

/** A path that no operation serves: `404 {"message":"Not Found"}`. */
export const notFound: NotFoundHandler = (c) => c.json({ message: 'Not Found' }, 404);

/**
 * Errors raised while reading a request (an `HTTPException` with a 4xx status) answer that status
 * with their message; a write the store refused answers 507 or 503 with its cause; anything else is the mock's own fault and answers a bare 500 after reporting it.
 */
export const onError =
  (report: (error: Error, c: Context) => void = (error) => console.error(error)): ErrorHandler =>
  (error, c) => {
    if (error instanceof HTTPException && error.status < 500) {
      return c.json({ message: error.message || 'Bad Request' }, error.status);
    }
    // A write the store could not keep (a bound, a full disk, a failing disk): nothing was applied.
    if (error instanceof WriteRefused)
      return c.json({ message: error.message }, error.status, { [UNDOCUMENTED_HEADER]: 'true' });
    report(error, c);
    return c.json({ message: 'Internal Server Error' }, 500);
  };
