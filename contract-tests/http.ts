/**
 * Sends one operation of the spec to the target and keeps what came back as plain data. The URL is
 * built from the operation's path template, so no path is typed twice; the token goes in a header
 * and never into the recorded request.
 */
import { judgeAnswer } from '../openapi/judge.ts';
import type { OperationId, operations } from '../openapi/types.ts';
import { mediaTypeOf } from '../openapi/validate-response.ts';
import type { Exercised } from './coverage.ts';
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

type Parameters<O extends OperationId> = operations[O]['parameters'];
/** The path parameters the spec gives the operation (`never` when it has none). */
export type PathOf<O extends OperationId> = NonNullable<Parameters<O>['path']>;
/** The query parameters the spec gives the operation. */
export type QueryOf<O extends OperationId> = NonNullable<Parameters<O>['query']>;
/** The JSON body of the operation's 200 answer, as the spec documents it. */
export type SuccessBody<O extends OperationId> = O extends OperationId
  ? operations[O]['responses'] extends { 200: { content: { 'application/json': infer Body } } }
    ? Body
    : never
  : never;

/** A request of one operation: its path and query typed from the spec, so a typo does not compile. */
export interface OperationRequest<O extends OperationId> {
  /** The spec's operation; its method and path template are used unless overridden. */
  operationId: O;
  path?: PathOf<O>;
  query?: QueryOf<O>;
  /** Query parameters off the spec on purpose (a wrong type, a name the spec lacks), sent after `query`. */
  offSpecQuery?: Query;
  /** A JSON body, sent with `Content-Type: application/json` (any value: bad bodies are sent on purpose). */
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

/** A request of any operation, each typed as its own (for lists of requests). */
export type SendOptions = { [O in OperationId]: OperationRequest<O> }[OperationId];

export interface Exchange<O extends OperationId = OperationId> {
  operationId: O;
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

export async function send<O extends OperationId>(
  target: Target,
  options: OperationRequest<O>,
): Promise<Exchange<O>> {
  const op = operation(options.operationId);
  const method = (options.method ?? op.method).toUpperCase();
  const url = buildUrl(
    target.baseUrl,
    options.prefix ?? target.prefix,
    op.path,
    (options.path ?? {}) as Record<string, string>,
    { ...(options.query as Query | undefined), ...options.offSpecQuery },
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

  const timeoutMs = target.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let response: Response;
  let text: string;
  try {
    const signal = AbortSignal.timeout(timeoutMs);
    response = await target.fetch(url, { method, headers, body, redirect: 'manual', signal });
    text = await response.text();
  } catch (error) {
    target.record?.(exercised(op, options, method, 0));
    throw new NoAnswer(request, describeNetworkError(error, timeoutMs));
  }
  target.record?.(exercised(op, options, method, response.status));
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
    operationId: options.operationId,
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

const DEFAULT_TIMEOUT_MS = 10_000;

/** The request as coverage counts it: parameters sent and the forms it took. */
function exercised(
  op: ReturnType<typeof operation>,
  options: OperationRequest<OperationId>,
  method: string,
  status: number,
): Exercised {
  const forms: string[] = [];
  if (options.json !== undefined) forms.push('json body');
  else if (options.body instanceof FormData) forms.push('multipart');
  else if (options.body !== undefined) forms.push('raw body');
  if (options.auth === 'none') forms.push('no credentials');
  else if (typeof options.auth === 'object') forms.push('other token');
  if (method !== op.method.toUpperCase())
    forms.push(`${method} instead of ${op.method.toUpperCase()}`);
  if (options.prefix !== undefined) forms.push(`prefix ${options.prefix || "''"}`);
  const parameters = [
    ...Object.keys(options.path ?? {}),
    ...Object.entries({ ...(options.query as Query | undefined), ...options.offSpecQuery })
      .filter(([, v]) => v !== undefined)
      .map(([k]) => k),
  ];
  return {
    operationId: op.operationId,
    status,
    parameters,
    forms: forms.length ? forms : ['plain'],
  };
}

/** A request that got no (complete) answer; `why` says why in a few words. */
export class NoAnswer extends Error {
  constructor(
    readonly request: string,
    readonly why: string,
  ) {
    super(`${request}: no answer (${why})`);
  }
}

const TLS_CODE = /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH)/;

/**
 * Why fetch failed, as a person checking the target needs it: undici hides the reason in
 * `error.cause.code` (`ECONNREFUSED`, `ENOTFOUND`, a TLS code) behind `fetch failed`.
 */
export function describeNetworkError(error: unknown, timeoutMs: number): string {
  const e = error as {
    name?: string;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError')
    return `timeout: no answer within ${timeoutMs} ms (CONTRACT_TIMEOUT_MS)`;
  const code = e?.cause?.code ?? '';
  const detail = e?.cause?.message ?? e?.message ?? String(error);
  if (code === 'ECONNREFUSED') return `connection refused (${detail})`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `DNS: host not found (${detail})`;
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return `connection reset (${detail})`;
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') return `timeout: ${detail}`;
  if (TLS_CODE.test(code)) return `TLS: ${code} (${detail})`;
  return code ? `${code} (${detail})` : detail;
}

/**
 * The body of a 200 answer that the spec's one judge accepts (documented status and media type, valid
 * body), typed as the documented body; undefined for any other answer. Checks read answers through it
 * instead of casting.
 */
export function bodyOf<O extends OperationId>(exchange: Exchange<O>): SuccessBody<O> | undefined {
  if (exchange.status !== 200 || exchange.json === undefined) return undefined;
  const violations = judgeAnswer({
    operationId: exchange.operationId,
    status: exchange.status,
    contentType: exchange.headers.get('content-type'),
    text: exchange.text,
  });
  // The checks judge the media type themselves; a JSON body that fits the schema is readable.
  if (violations.some((v) => v.property !== 'content_type_conformance')) return undefined;
  return exchange.json as SuccessBody<O>;
}

/**
 * A top-level field of a JSON answer that need not fit the spec: what a probe reports, an id to clean
 * up after. Judged answers are read with `bodyOf`.
 */
export function jsonField(exchange: Exchange, name: string): unknown {
  const json = exchange.json;
  return json !== null && typeof json === 'object' && !Array.isArray(json)
    ? Reflect.get(json, name)
    : undefined;
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
