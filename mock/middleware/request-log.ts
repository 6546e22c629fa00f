/**
 * The request log: one entry per answered request that says what was asked, what was answered, and
 * for a refusal why, in a few words.
 */
import type { MiddlewareHandler } from 'hono';
import type { RequestIdVariables } from 'hono/request-id';

export interface RequestLogEntry {
  method: string;
  /**
   * The path and query as sent, with the values of query parameters named like credentials
   * (`token`, `api_key`, `secret`, `password`, `auth`…) replaced by `***`.
   */
  path: string;
  status: number;
  ms: number;
  /** Why: every 4xx has a reason (`no credential`, `query.limit: must be <= 1000 (got 5000)`). */
  reason?: string;
  requestId?: string;
}

/**
 * Whoever refuses a request may say why in a few words with `c.set('logReason', …)`; without one, a
 * 4xx is logged with the `message` of its JSON body.
 */
export type RequestLogVariables = RequestIdVariables & { logReason: string };

const CREDENTIAL_NAME = /token|key|secret|pass|auth|cred|session|sig/i;

/** `target` (path and query) with the values of credential-like query parameters redacted. */
export function redactedTarget(target: string): string {
  const at = target.indexOf('?');
  if (at < 0) return target;
  const pairs = target
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const name = pair.slice(0, eq);
      return CREDENTIAL_NAME.test(decoded(name)) ? `${name}=***` : pair;
    });
  return `${target.slice(0, at)}?${pairs.join('&')}`;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}

// C0 and C1 controls, DEL, and the two Unicode line breaks: any of them could end a log line early or
// drive a terminal (a forged line, an escape sequence).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** `text` with every control character written as `\x0a` (or `\u2028`), so it stays one plain line. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (ch) => {
    const code = ch.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16)}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

/** The entry of one answered request, built the same way whichever path answered it. */
export function logEntryOf(request: {
  method: string;
  /** The path and query, as the request sent them. */
  target: string;
  status: number;
  ms: number;
  reason?: string;
  requestId?: string;
}): RequestLogEntry {
  const entry: RequestLogEntry = {
    method: escapeControls(request.method),
    path: escapeControls(redactedTarget(request.target)),
    status: request.status,
    ms: request.ms,
  };
  if (request.reason) entry.reason = escapeControls(request.reason);
  if (request.requestId) entry.requestId = escapeControls(request.requestId);
  return entry;
}

/** What follows the origin in a URL: the request target a client sent, as Node's `req.url` has it. */
export function requestTarget(url: string): string {
  return url.slice(url.indexOf('/', url.indexOf('//') + 2));
}

/** The `message` of a JSON error answer, read from a copy so the answer is sent untouched. */
async function messageOf(res: Response): Promise<string | undefined> {
  if (!res.headers.get('content-type')?.startsWith('application/json')) return undefined;
  try {
    const body = (await res.clone().json()) as { message?: unknown };
    return typeof body?.message === 'string' ? body.message : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reports every request once it is answered.
 *
 * @example
 * app.use('*', requestLog((e) => console.log(`${e.method} ${e.path} ${e.status} ${e.ms}ms`)))
 */
export const requestLog = (
  log: (entry: RequestLogEntry) => void,
): MiddlewareHandler<{ Variables: RequestLogVariables }> => {
  return async function requestLog(c, next) {
    const start = performance.now();
    await next();
    const { status } = c.res;
    let reason: string | undefined = c.get('logReason');
    if (reason === undefined && status >= 400 && status < 500) reason = await messageOf(c.res);
    log(
      logEntryOf({
        method: c.req.method,
        target: requestTarget(c.req.url),
        status,
        ms: Math.round(performance.now() - start),
        reason,
        requestId: c.get('requestId'),
      }),
    );
  };
};
