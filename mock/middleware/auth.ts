/**
 * The gateway's three credential schemes, checked against a fixed list of accepted tokens.
 */
import type { MiddlewareHandler } from 'hono';
import {
  ACCESS_TOKEN_HEADER,
  API_KEY_HEADER,
  AUTHORIZATION_HEADER,
  ORGANIZATION_HEADER,
} from '../../openapi/spec.ts';

export interface AuthOptions {
  /** The credentials accepted by every scheme. */
  tokens: readonly string[];
}

const BEARER = /^Bearer[ ]+(\S+)$/i;

/**
 * Lets a request through when it carries an accepted credential in one of the gateway's schemes:
 * `x-access-token: <token>`, `Authorization: Bearer <token>` with a non-empty `x-organization-id`,
 * or `x-api-key: <token>`. Anything else answers `401 {"message":"Unauthorized"}`, as published.
 *
 * @example
 * app.use('*', auth({ tokens: ['mock-token'] }))
 */
export const auth = ({ tokens }: AuthOptions): MiddlewareHandler => {
  const accepted = new Set(tokens);
  // Not async: the promise of next() is handed on as it is, one promise fewer per request.
  return function auth(c, next) {
    const headers = c.req.raw.headers;
    if (isAuthorized((name) => headers.get(name), accepted)) return next();
    return Promise.resolve(c.json({ message: 'Unauthorized' }, 401));
  };
};

/** `header(name)` gives a header's value (repeated ones joined by ", ", as `Headers.get` does). */
export function isAuthorized(
  header: (name: string) => string | null | undefined,
  accepted: ReadonlySet<string>,
): boolean {
  const accessToken = header(ACCESS_TOKEN_HEADER);
  if (accessToken != null && accepted.has(accessToken)) return true;
  const apiKey = header(API_KEY_HEADER);
  if (apiKey != null && accepted.has(apiKey)) return true;
  const bearer = BEARER.exec(header(AUTHORIZATION_HEADER) ?? '')?.[1];
  return (
    bearer !== undefined && accepted.has(bearer) && Boolean(header(ORGANIZATION_HEADER)?.trim())
  );
}
