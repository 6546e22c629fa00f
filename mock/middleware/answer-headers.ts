/**
 * The headers on every answer: `x-request-id` (the caller's when it is a sane id, else a fresh UUID)
 * and the gateway's CORS (any origin reflected, with credentials, `x-request-id` exposed).
 *
 * Hono's `requestId()` and `cors()` give the same headers, but `cors()` builds a placeholder Response
 * before the route runs and appends `Vary` to the finished one, which makes every answer be rebuilt
 * and then streamed by the Node adapter: most of a list request's cost. Here the headers are set once
 * on the route's own answer. Preflights (`OPTIONS`) still go through Hono's two middlewares.
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { requestId, type RequestIdVariables } from 'hono/request-id';

const REQUEST_ID = 'x-request-id';
/** What `requestId()` accepts from the caller. */
const MAX_ID_LENGTH = 255;
const NOT_ID_CHARACTER = /[^\w\-=]/;

export const CORS_OPTIONS = {
  origin: (origin: string) => origin || null,
  credentials: true,
  exposeHeaders: [REQUEST_ID],
  maxAge: 600,
};

/**
 * @example
 * app.use('*', answerHeaders())
 */
export const answerHeaders = (): MiddlewareHandler<{ Variables: RequestIdVariables }> => {
  const withRequestId = requestId();
  const preflight = cors(CORS_OPTIONS);
  const exposed = CORS_OPTIONS.exposeHeaders.join(',');
  return async function answerHeaders(c, next) {
    if (c.req.method === 'OPTIONS') {
      // As Hono's compose would do with the two in a row: the preflight's answer becomes the context's.
      return withRequestId(c, async () => {
        const answer = await preflight(c, next);
        if (answer) c.res = answer;
      });
    }
    const raw = c.req.raw.headers;
    const sent = raw.get(REQUEST_ID);
    const id = !sent || sent.length > MAX_ID_LENGTH || NOT_ID_CHARACTER.test(sent) ? crypto.randomUUID() : sent;
    c.set('requestId', id);
    const origin = CORS_OPTIONS.origin(raw.get('origin') ?? '');
    await next();
    let headers = c.res.headers;
    try {
      headers.set(REQUEST_ID, id);
    } catch {
      // A Response with immutable headers (one from fetch): answer a copy.
      c.res = new Response(c.res.body, c.res);
      headers = c.res.headers;
      headers.set(REQUEST_ID, id);
    }
    if (origin) headers.set('access-control-allow-origin', origin);
    headers.set('access-control-allow-credentials', 'true');
    headers.set('access-control-expose-headers', exposed);
    headers.append('vary', 'Origin');
  };
};
