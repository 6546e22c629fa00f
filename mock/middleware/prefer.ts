/**
 * `Prefer` (RFC 7240) as a client's test lever, as Prism reads it: `code=NNN` asks for a status
 * (documented, or a 4xx/5xx fault), `example=NAME` for a named example of the spec, `latency=MS` for a
 * slower answer. Unknown preferences are ignored, as the RFC says, and named in the request log.
 */
import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';

export interface Preferences {
  code?: number;
  example?: string;
  latency?: number;
  /** Names of the preferences this mock does not know, in the order sent. */
  unknown?: string[];
}

export type PreferVariables = { prefer: Preferences; logReason?: string };

/** The longest delay a request may ask for, so that no caller can park a connection for long. */
const MAX_PREFERRED_LATENCY = 10_000;

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
    if (name === '') continue;
    if (name === 'code') {
      if (!/^[1-5][0-9]{2}$/.test(value))
        return `header.Prefer: code must be an HTTP status such as 404 (got ${JSON.stringify(value)})`;
      preferences.code = Number(value);
    } else if (name === 'example') {
      if (!/^[\x21-\x7e]{1,100}$/.test(value))
        return `header.Prefer: example must name an example of the spec, such as published (got ${JSON.stringify(value)})`;
      preferences.example = value;
    } else if (name === 'latency') {
      if (!/^[0-9]{1,5}$/.test(value) || Number(value) > MAX_PREFERRED_LATENCY) {
        return `header.Prefer: latency must be milliseconds from 0 to ${MAX_PREFERRED_LATENCY} (got ${JSON.stringify(value)})`;
      }
      preferences.latency = Number(value);
    } else {
      preferences.unknown = [...(preferences.unknown ?? []), name];
    }
  }
  return preferences;
}

export interface PreferOptions {
  /** Delay of every answer in ms, unless the request prefers another. Default: 0. */
  latency?: number;
}

/**
 * Reads `Prefer` once into `c.var.prefer` (the operation answers `code` and `example`, since only it
 * knows its documented answers: routes/preferred-answer.ts), then waits the preferred or configured
 * latency. Unknown preferences are named in `logReason` for the request log.
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
    const { unknown } = preferences;
    const delay = preferences.latency ?? latency;
    const answer =
      delay > 0 ? new Promise((resolve) => setTimeout(resolve, delay)).then(() => next()) : next();
    if (!unknown) return answer;
    // After the answer, and not for a 4xx: its reason is why the request was refused.
    return answer.then(() => {
      const status = c.res.status;
      if (!c.get('logReason') && (status < 400 || status >= 500))
        c.set(
          'logReason',
          `Prefer: unknown ${unknown.length > 1 ? 'tokens' : 'token'} ${unknown.join(', ')}`,
        );
    });
  };
};
