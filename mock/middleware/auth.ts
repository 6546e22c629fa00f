/**
 * The gateway's three credential schemes: any non-empty credential by default, as Prism does, or
 * only the tokens listed.
 */
import type { MiddlewareHandler } from 'hono';
import {
  ACCESS_TOKEN_HEADER,
  API_KEY_HEADER,
  AUTHORIZATION_HEADER,
  ORGANIZATION_HEADER,
} from '../../openapi/spec.ts';

export interface AuthOptions {
  /** The credentials accepted by every scheme. Default: any non-empty credential. */
  tokens?: readonly string[];
}

/** Why a request's credential was refused, in the words the request log shows. */
export type CredentialRefusal =
  | 'no credential'
  | 'Bearer without x-organization-id'
  | 'token not accepted';

export type CredentialVerdict = { ok: true } | { ok: false; reason: CredentialRefusal };

const BEARER = /^Bearer[ ]+(\S+)$/i;

/**
 * Checks a request's credential: `x-access-token: <token>`, `Authorization: Bearer <token>` with a
 * non-empty `x-organization-id` (the gateway needs both), or `x-api-key: <token>`. `header(name)`
 * gives a header's value (repeated ones joined by ", ", as `Headers.get` does); `accepted` lists the
 * tokens accepted, or is undefined to accept any non-empty one.
 *
 * @example
 * checkCredential((name) => request.headers.get(name), new Set(['mock-token']))
 * // { ok: false, reason: 'no credential' }
 */
export function checkCredential(
  header: (name: string) => string | null | undefined,
  accepted?: ReadonlySet<string>,
): CredentialVerdict {
  const bearer = BEARER.exec(header(AUTHORIZATION_HEADER) ?? '')?.[1];
  const organization = Boolean(header(ORGANIZATION_HEADER)?.trim());
  const offered = [
    header(ACCESS_TOKEN_HEADER)?.trim(),
    header(API_KEY_HEADER)?.trim(),
    organization ? bearer : undefined,
  ].filter((token): token is string => Boolean(token));
  if (offered.some((token) => accepted === undefined || accepted.has(token))) return { ok: true };
  if (offered.length > 0) return { ok: false, reason: 'token not accepted' };
  if (bearer !== undefined) return { ok: false, reason: 'Bearer without x-organization-id' };
  return { ok: false, reason: 'no credential' };
}

/**
 * Lets a request through when {@link checkCredential} accepts it; anything else answers
 * `401 {"message":"Unauthorized"}`, as published, with the reason in `logReason` for the request log.
 *
 * @example
 * app.use('*', auth()) // any non-empty credential
 * app.use('*', auth({ tokens: ['mock-token'] }))
 */
export const auth = ({ tokens }: AuthOptions = {}): MiddlewareHandler => {
  const accepted = tokens && new Set(tokens);
  // Not async: the promise of next() is handed on as it is, one promise fewer per request.
  return function auth(c, next) {
    const headers = c.req.raw.headers;
    const verdict = checkCredential((name) => headers.get(name), accepted);
    if (verdict.ok) return next();
    c.set('logReason', verdict.reason);
    return Promise.resolve(c.json({ message: 'Unauthorized' }, 401));
  };
};
