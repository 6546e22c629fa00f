import type { MiddlewareHandler } from 'hono';

export interface RequestLogEntry {
  method: string;
  /** The path without the query string, so that tokens in URLs never reach a log. */
  path: string;
  status: number;
  ms: number;
}

/**
 * Reports every request once it is answered.
 *
 * @example
 * app.use('*', requestLog((e) => console.log(`${e.method} ${e.path} ${e.status} ${e.ms}ms`)))
 */
export const requestLog = (log: (entry: RequestLogEntry) => void): MiddlewareHandler => {
  return async function requestLog(c, next) {
    const start = performance.now();
    await next();
    log({
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - start),
    });
  };
};
