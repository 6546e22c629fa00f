/**
 * Sends one operation of the spec to the target and keeps what came back as plain data. The URL is
 * built from the operation's path template, so no path is typed twice; the token goes in a header
 * and never into the recorded request.
 */
import { mediaTypeOf } from '../openapi/validate-response.ts';
import type { Target } from './target.ts';
import {
  ACCESS_TOKEN_HEADER,
  API_KEY_HEADER,
  AUTHORIZATION_HEADER,
  ORGANIZATION_HEADER,
  operation,
} from '../openapi/spec.ts';

export type Query = Record<
  string,
  string | number | boolean | readonly (string | number)[] | undefined
>;

export interface SendOptions {
  /** The spec's operation; its method and path template are used unless overridden. */
  operationId: string;
  path?: Record<string, string>;
  query?: Query;
  /** A JSON body, sent with `Content-Type: application/json`. */
  json?: unknown;
  /** Any other body (a form, raw text); set the content type in `headers`. */
  body?: BodyInit;
  headers?: Record<string, string>;
  /** `token` (default): the target's token; `none`: no credentials; `{token}`: that token instead (same scheme). */
  auth?: 'token' | 'none' | { token: string };
  /** Another prefix than the target's (the alias check). */
  prefix?: string;
  /** Another method than the spec's (probes of alternative forms). */
  method?: string;
}

export interface Exchange {
  operationId: string;
  /** `GET /contacts/{contact_id}`: the operation as the spec names it. */
  operation: string;
  /** `GET http://…/v1/backend/contacts?limit=5`, with a short body preview for writes. */
  request: string;
  method: string;
  url: string;
  status: number;
  headers: Headers;
  /** The response's media type, lower-cased, without parameters; `''` when absent. */
  mediaType: string;
  text: string;
  /** The parsed body when it is JSON; undefined otherwise (see `jsonError`). */
  json: unknown;
  jsonError?: string;
}

/** Puts `token` where the target's auth scheme sends it. */
export function setCredentials(
  headers: Headers,
  target: Pick<Target, 'authScheme' | 'organizationId'>,
  token: string,
): void {
  const scheme = target.authScheme ?? 'access-token';
  if (scheme === 'access-token') headers.set(ACCESS_TOKEN_HEADER, token);
  else if (scheme === 'api-key') headers.set(API_KEY_HEADER, token);
  else {
    headers.set(AUTHORIZATION_HEADER, `Bearer ${token}`);
    if (target.organizationId !== undefined)
      headers.set(ORGANIZATION_HEADER, target.organizationId);
  }
}

export async function send(target: Target, options: SendOptions): Promise<Exchange> {
  const op = operation(options.operationId);
  const method = (options.method ?? op.method).toUpperCase();
  const url = buildUrl(
    target.baseUrl,
    options.prefix ?? target.prefix,
    op.path,
    options.path ?? {},
    options.query ?? {},
  );
  const headers = new Headers(options.headers);
  const auth = options.auth ?? 'token';
  if (auth !== 'none')
    setCredentials(headers, target, auth === 'token' ? target.token : auth.token);
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  const bodyPreview =
    options.json !== undefined
      ? ` ${clip(JSON.stringify(options.json))}`
      : typeof body === 'string'
        ? ` ${clip(body)}`
        : body
          ? ' <form>'
          : '';
  const request = `${method} ${url}${bodyPreview}`;
  const operationName = `${op.method.toUpperCase()} ${op.path}`;

  let response: Response;
  try {
    response = await target.fetch(url, { method, headers, body, redirect: 'manual' });
  } catch (error) {
    throw new Error(`${request}: no answer (${(error as Error).message})`);
  }
  const text = await response.text();
  const mediaType = mediaTypeOf(response.headers.get('content-type'));
  let json: unknown;
  let jsonError: string | undefined;
  if (text !== '') {
    try {
      json = JSON.parse(text);
    } catch (error) {
      jsonError = (error as Error).message;
    }
  }
  return {
    operationId: op.operationId,
    operation: operationName,
    request,
    method,
    url,
    status: response.status,
    headers: response.headers,
    mediaType,
    text,
    json,
    jsonError,
  };
}

export function buildUrl(
  baseUrl: string,
  prefix: string,
  template: string,
  path: Record<string, string>,
  query: Query,
): string {
  const filled = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = path[name];
    if (value === undefined) throw new Error(`${template}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) search.append(name, String(one));
  }
  const qs = search.toString();
  return `${baseUrl}${prefix}${filled}${qs ? `?${qs}` : ''}`;
}

function clip(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
