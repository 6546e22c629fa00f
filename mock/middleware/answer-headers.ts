/**
 * The headers on every answer: `x-request-id` (the caller's when it is a sane id, else a fresh UUID)
 * and the gateway's CORS (any origin reflected, with credentials, `x-request-id` exposed).
 *
 * Hono's `requestId()` and `cors()` give the same headers, but `cors()` builds a placeholder Response
 * before the route runs and appends `Vary` to the finished one, which makes every answer be rebuilt
 * and then streamed by the Node adapter: most of a list request's cost. Here the headers are set once
 * on the route's own answer; a route that builds its answer with {@link jsonAnswer} gets them as a
 * plain object, which the Node adapter writes as is. Preflights (`OPTIONS`) still go through Hono's
 * two middlewares.
 */
import type { Context, MiddlewareHandler } from 'hono';
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
const EXPOSED = CORS_OPTIONS.exposeHeaders.join(',');

export type AnswerHeadersVariables = RequestIdVariables & {
  answerHeaders: Record<string, string>;
  /** The answer built by jsonAnswer() with those headers already on it. */
  completeAnswer: Response;
};

/**
 * A 200 JSON answer of `json` (text, or its UTF-8 bytes) that carries this request's headers from the start (names in lower
 * case and in the order a Headers object lists them, so the bytes sent are as before).
 */
export function jsonAnswer(c: Context, json: string | Uint8Array<ArrayBuffer>): Response {
  const extra = c.get('answerHeaders') as Record<string, string> | undefined;
  if (!extra) return c.body(json, 200, { 'Content-Type': 'application/json' });
  const answer = new Response(json, { status: 200, headers: jsonHeadersOf(extra) });
  c.set('completeAnswer', answer);
  return answer;
}

/** The headers of a JSON answer: `headersOfAnswer()`'s with the content type, in Headers order. */
export function jsonHeadersOf(extra: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = {
    'access-control-allow-credentials': extra['access-control-allow-credentials']!,
  };
  const origin = extra['access-control-allow-origin'];
  if (origin !== undefined) headers['access-control-allow-origin'] = origin;
  headers['access-control-expose-headers'] = extra['access-control-expose-headers']!;
  headers['content-type'] = 'application/json';
  headers.vary = extra.vary!;
  headers[REQUEST_ID] = extra[REQUEST_ID]!;
  return headers;
}

/** The caller's `x-request-id` when it is one `requestId()` would keep, else a fresh UUID. */
export function requestIdOf(sent: string | null | undefined): string {
  return !sent || sent.length > MAX_ID_LENGTH || NOT_ID_CHARACTER.test(sent)
    ? crypto.randomUUID()
    : sent;
}

/** The CORS and request-id headers of an answer, in the order a Headers object lists them. */
export function headersOfAnswer(
  origin: string | null | undefined,
  id: string,
): Record<string, string> {
  const allowed = CORS_OPTIONS.origin(origin ?? '');
  const added: Record<string, string> = { 'access-control-allow-credentials': 'true' };
  if (allowed) added['access-control-allow-origin'] = allowed;
  added['access-control-expose-headers'] = EXPOSED;
  added.vary = 'Origin';
  added[REQUEST_ID] = id;
  return added;
}

/**
 * The headers of an answer that any page may read and that no credential opens: `*` as the allowed
 * origin, without credentials (the docs page and the spec carry nothing secret, and a browser then
 * sends no cookie or credential with a cross-origin request for them).
 */
function publicHeadersOf(id: string): Record<string, string> {
  return {
    'access-control-allow-origin': '*',
    'access-control-expose-headers': EXPOSED,
    [REQUEST_ID]: id,
  };
}

export interface AnswerHeadersOptions {
  /** Paths answered with {@link publicHeadersOf} instead of credentialed CORS. Default: none. */
  publicPaths?: Iterable<string>;
}

/**
 * @example
 * app.use('*', answerHeaders({ publicPaths: ['/openapi.json'] }))
 */
export const answerHeaders = ({
  publicPaths = [],
}: AnswerHeadersOptions = {}): MiddlewareHandler<{ Variables: AnswerHeadersVariables }> => {
  const withRequestId = requestId();
  const preflight = cors(CORS_OPTIONS);
  const isPublic = new Set(publicPaths);
  return async function answerHeaders(c, next) {
    if (c.req.method === 'OPTIONS') {
      // As Hono's compose would do with the two in a row: the preflight's answer becomes the context's.
      return withRequestId(c, async () => {
        const answer = await preflight(c, next);
        if (answer) c.res = answer;
      });
    }
    const raw = c.req.raw.headers;
    const id = requestIdOf(raw.get(REQUEST_ID));
    c.set('requestId', id);
    const publicPath = isPublic.has(c.req.path);
    const added = publicPath ? publicHeadersOf(id) : headersOfAnswer(raw.get('origin'), id);
    // jsonAnswer() builds its answer with these; a public path's routes do not use it.
    if (!publicPath) c.set('answerHeaders', added);
    await next();
    if (c.res === c.get('completeAnswer')) return;
    let headers = c.res.headers;
    try {
      headers.set(REQUEST_ID, id);
    } catch {
      // A Response with immutable headers (one from fetch): answer a copy.
      c.res = new Response(c.res.body, c.res);
      headers = c.res.headers;
    }
    for (const [name, value] of Object.entries(added)) {
      if (name === 'vary') headers.append(name, value);
      else headers.set(name, value);
    }
  };
};
