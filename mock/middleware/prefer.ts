/**
 * `Prefer` (RFC 7240) as a client's test lever: `code=NNN` asks for a documented status, `latency=MS`
 * for a slower answer. Unknown preferences are ignored, as the RFC says.
 */
import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';

export interface Preferences {
  code?: number;
  latency?: number;
}

export type PreferVariables = { prefer: Preferences };

/** The longest delay a request may ask for, so that no caller can park a connection for long. */
export const MAX_PREFERRED_LATENCY = 10_000;

/** The preferences of a `Prefer` header, or a message that names the bad one. */
export function parsePrefer(header: string | undefined): Preferences | string {
  const preferences: Preferences = {};
  if (!header) return preferences;
  for (const token of header.split(/[,;]/)) {
    const [rawName = '', ...rest] = token.split('=');
    const name = rawName.trim().toLowerCase();
    const value = rest
      .join('=')
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (name === 'code') {
      if (!/^[1-5][0-9]{2}$/.test(value))
        return `header.Prefer: code must be an HTTP status such as 404 (got ${JSON.stringify(value)})`;
      preferences.code = Number(value);
    } else if (name === 'latency') {
      if (!/^[0-9]{1,5}$/.test(value) || Number(value) > MAX_PREFERRED_LATENCY) {
        return `header.Prefer: latency must be milliseconds from 0 to ${MAX_PREFERRED_LATENCY} (got ${JSON.stringify(value)})`;
      }
      preferences.latency = Number(value);
    }
  }
  return preferences;
}

export interface PreferOptions {
  /** Delay of every answer in ms, unless the request prefers another. Default: 0. */
  latency?: number;
}

/**
 * Reads `Prefer` once into `c.var.prefer` (the operation decides about `code`, since only it knows
 * its documented statuses), then waits the preferred or configured latency.
 *
 * @example
 * app.use('*', prefer({ latency: 200 }))
 */
export const prefer = ({
  latency = 0,
}: PreferOptions = {}): MiddlewareHandler<{ Variables: PreferVariables }> => {
  // Not async: without a delay the promise of next() is handed on as it is, one promise fewer.
  return function prefer(c, next) {
    const preferences = parsePrefer(c.req.header('prefer'));
    if (typeof preferences === 'string') throw new HTTPException(400, { message: preferences });
    c.set('prefer', preferences);
    const delay = preferences.latency ?? latency;
    if (delay > 0) return new Promise((resolve) => setTimeout(resolve, delay)).then(() => next());
    return next();
  };
};
