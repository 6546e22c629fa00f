/**
 * One spec operation as a Hono handler: the request is read and checked the way the gateway does it
 * (Prefer faults, size limit, media type, JSON, the shared validator), then the route's own function
 * gets typed, validated input and returns the operation's typed answer.
 */
import type { Context, Handler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { OperationId, RequestBody, ResponseBody, operations } from '../../openapi/types.ts';
import { formatFailures } from '../../openapi/failures.ts';
import {
  requestValidator,
  type RequestInput,
  type RequestValidator,
  type ValidRequest,
} from '../../openapi/validate-request.ts';
import { mediaTypeOf } from '../../openapi/validate-response.ts';
import { jsonAnswer, type AnswerHeadersVariables } from '../middleware/answer-headers.ts';
import type { PreferVariables } from '../middleware/prefer.ts';
import { holdAnswerBytes } from '../answer-bytes.ts';
import type { AnswerCache } from '../answer-cache.ts';
import { requestTarget } from '../middleware/request-log.ts';
import type { Store } from '../store/types.ts';
import { preferredAnswers } from './preferred-answer.ts';

export type MockEnv = { Variables: PreferVariables & AnswerHeadersVariables };

/** A route returns this when the contact (or comment, conversation) does not exist. */
export const NOT_FOUND = Symbol('not found');

type Defined<T> = [NonNullable<T>] extends [never] ? Record<string, never> : NonNullable<T>;
type Params<Id extends OperationId> = operations[Id]['parameters'];

export interface ReadInput<Id extends OperationId> {
  /** Path parameters, checked against the spec. */
  path: Defined<Params<Id>['path']>;
  /** Query parameters, coerced to the spec's types and with the spec's defaults filled in. */
  query: Defined<Params<Id>['query']>;
  /** The query parameters as sent, before defaults. */
  sent: Record<string, string[]>;
}

export interface OperationInput<Id extends OperationId> extends ReadInput<Id> {
  /** The JSON body, checked against the spec; for a multipart operation, the parsed form. */
  body: [RequestBody<Id>] extends [never] ? unknown : RequestBody<Id>;
  c: Context<MockEnv>;
}

/** An answer's JSON, text or UTF-8 bytes, written by the route itself (JSON.stringify would give the same text). */
export class JsonText<T> {
  declare readonly of: T;
  constructor(readonly json: string | Uint8Array<ArrayBuffer>) {}
}

/** The documented 200 body (or its JSON text), the not-found answer, or a response built by the route (CSV, files). */
export type Answer<Id extends OperationId> =
  | ResponseBody<Id, 200>
  | JsonText<ResponseBody<Id, 200>>
  | typeof NOT_FOUND
  | Response;

export type ReadHandler<Id extends OperationId> = (
  input: ReadInput<Id>,
) => ResponseBody<Id, 200> | JsonText<ResponseBody<Id, 200>> | typeof NOT_FOUND;

/** A JSON write's function: its answer depends only on its path, body and the store. */
export type WriteHandler<Id extends OperationId> = (
  input: Omit<OperationInput<Id>, 'c'>,
) => ResponseBody<Id, 200> | typeof NOT_FOUND;

export type OperationHandler<Id extends OperationId> = (
  input: OperationInput<Id>,
) => Answer<Id> | Promise<Answer<Id>>;

export interface OperationSettings {
  /** Largest JSON body in bytes. */
  bodyLimit: number;
  /** Largest multipart upload in bytes. */
  uploadLimit: number;
  notFoundStatus: 400 | 404;
  /** The store whose writes a request's answer waits for: it is sent once they are durable. */
  store?: Pick<Store, 'version' | 'saved'>;
  /** Where the kept reads keep their answers (shared with the Node fast path). */
  answers?: AnswerCache;
}

const MULTIPART = 'multipart/form-data';
const UTF8 = new TextEncoder();

/** Builds `operation(operationId, handler)` for one set of settings (resolved once per app). */
export function operationHandlers(settings: OperationSettings) {
  const notFound = (c: Context) => c.json({ message: 'Not Found' }, settings.notFoundStatus);
  // The unread rest of the body would be taken for the next request: close the connection.
  const tooLarge = (limit: number) => (c: Context) =>
    c.json({ message: `body: must be at most ${limit} bytes` }, 413, { connection: 'close' });

  function operation<Id extends OperationId>(
    operationId: Id,
    handler: OperationHandler<NoInfer<Id>>,
  ): Handler<MockEnv> {
    const validate = requestValidator(operationId);
    const preferredAnswer = preferredAnswers(operationId);
    const multipart = validate.mediaTypes.includes(MULTIPART);
    const takesBody = validate.mediaTypes.length > 0;
    const limit = multipart ? settings.uploadLimit : settings.bodyLimit;

    const answer = async (c: Context<MockEnv>): Promise<Response> => {
      const preferred = preferredAnswer(c);
      if (preferred) return preferred;

      let body: unknown;
      let mediaType: string | undefined;
      if (multipart) {
        mediaType = requireMediaType(c, validate.mediaTypes);
        body = await readForm(c, limit);
      } else if (takesBody) {
        ({ body, mediaType } = await readJson(c, validate.mediaTypes, limit));
      }

      const queries = c.req.queries();
      const request = { path: c.req.param(), query: queries, body, mediaType };
      const result = await durableResult(validate, request, queries, handler, c);
      if (result === NOT_FOUND) return notFound(c);
      if (result instanceof Response) return result;
      return jsonAnswer(c, jsonOf(result));
    };

    if (!takesBody) return answer;
    return async (c) => {
      try {
        return await answer(c);
      } catch (error) {
        if (error instanceof BodyTooLarge) return tooLarge(limit)(c);
        throw error;
      }
    };
  }

  /**
   * The handler's result for a request checked against the spec, once the writes it made (if any)
   * are durable: saved() throws WriteRefused (507/503, mapped in errors.ts) when they could not be,
   * and undoes them. The handler's input is built field by field, not spread (see keptRead).
   */
  async function durableResult<Id extends OperationId, R>(
    validate: RequestValidator,
    request: RequestInput,
    sent: Record<string, string[]>,
    handler: (input: OperationInput<Id>) => R | Promise<R>,
    c?: Context<MockEnv>,
  ): Promise<R> {
    const checked = check(validate, request);
    const before = settings.store?.version;
    const result = await handler({
      path: checked.path,
      query: checked.query,
      body: request.body,
      sent,
      c,
    } as OperationInput<Id>);
    if (settings.store && settings.store.version !== before) await settings.store.saved();
    return result;
  }

  /**
   * A read whose answer depends only on its path, query and the store, as a Hono handler and as
   * `answer`, which the Node fast path calls without Hono: both check the request the same way, call
   * `handler` and keep its answers in `settings.answers` (see ../answer-cache.ts, which decides
   * which requests may use it) until the store's version moves.
   */
  function keptRead<Id extends OperationId>(
    operationId: Id,
    handler: ReadHandler<NoInfer<Id>>,
  ): { handler: Handler<MockEnv>; answer: KeptAnswer } {
    const validate = requestValidator(operationId);
    if (validate.mediaTypes.length > 0) throw new TypeError(`${operationId} takes a body`);
    const preferredAnswer = preferredAnswers(operationId);
    const cache = settings.answers;

    const answer: KeptAnswer = (path, queriesOf, key) => {
      const version = cache?.version;
      const kept = key === undefined ? undefined : cache!.get(key);
      if (kept !== undefined) {
        holdAnswerBytes(kept);
        return kept;
      }
      // Parsed only now: a kept answer needs no query (~5% of such a request's CPU).
      const queries = queriesOf();
      // Built field by field: an object spread of the validated request here made V8 promote
      // ~650 KB to the old generation per scavenge under a load of pages (its full collections'
      // pauses are the pages' p99), and cost a microsecond more.
      const checked = check(validate, { path, query: queries });
      const result = handler({
        path: checked.path,
        query: checked.query,
        sent: queries,
      } as unknown as ReadInput<Id>);
      if (result === NOT_FOUND) return NOT_FOUND;
      const json = jsonOf(result);
      if (key === undefined || !cache!.worthKeeping(key)) return json;
      // Kept as bytes: they are then written without encoding the text again.
      const encoded = typeof json === 'string' ? UTF8.encode(json) : json;
      cache!.set(key, version!, encoded);
      return encoded;
    };

    const honoHandler: Handler<MockEnv> = (c) => {
      const preferred = preferredAnswer(c);
      if (preferred) return preferred;
      const key = cache?.keyOf({
        method: c.req.method,
        target: requestTarget(c.req.url),
        prefer: c.req.header('prefer'),
      });
      const result = answer(c.req.param(), () => c.req.queries(), key);
      if (result === NOT_FOUND) return notFound(c);
      return jsonAnswer(c, result);
    };
    return { handler: honoHandler, answer };
  }

  /**
   * A JSON write whose answer depends only on its path, body and the store (the update of a
   * contact), as a Hono handler (`operation`) and as `answer`, which the Node fast path calls with
   * the body it read itself: the same checks (size, media type, JSON, the shared validator), the
   * same function, the same wait for the write to be durable.
   */
  function directWrite<Id extends OperationId>(
    operationId: Id,
    handler: WriteHandler<NoInfer<Id>>,
  ): { handler: Handler<MockEnv>; answer: DirectWrite } {
    const validate = requestValidator(operationId);
    if (validate.mediaTypes.includes(MULTIPART)) throw new TypeError(`${operationId} takes a form`);
    const answer: DirectWrite = async (path, contentType, bytes) => {
      // In the order the route checks them (readJson).
      const mediaType = jsonMediaType(contentType, validate.mediaTypes);
      if (bytes.byteLength > settings.bodyLimit) throw new BodyTooLarge();
      const parsed = parseJson(bytes, mediaType, validate.mediaTypes);
      const request = { path, query: {}, body: parsed.body, mediaType: parsed.mediaType };
      const result = await durableResult(validate, request, {}, handler);
      return result === NOT_FOUND ? NOT_FOUND : JSON.stringify(result);
    };
    return { handler: operation(operationId, handler), answer };
  }

  return { operation, keptRead, directWrite };
}

/**
 * A JSON write's answer to a request whose body the caller read: the 200 body's JSON text, once the
 * write is durable, or NOT_FOUND (nothing written). Throws as the route would (an HTTPException
 * naming what is wrong with the request, a body too large, the store's WriteRefused); the caller
 * then lets the app answer, with its own reason and log (node-fast-path.ts).
 */
export type DirectWrite = (
  path: Record<string, string>,
  contentType: string | undefined,
  bytes: Uint8Array,
) => Promise<string | typeof NOT_FOUND>;

/**
 * A kept read's answer to a request: its 200 body (JSON text, or UTF-8 bytes) or NOT_FOUND. Bytes
 * from answer-bytes.ts's pool come with one hold for the caller: let go of them
 * (releaseAnswerBytes) once sent, or they are not used again. Throws an HTTPException (400) naming
 * what is wrong with the request. `key`: the answer cache's key for the request, undefined when it
 * may not be answered from the cache.
 */
export type KeptAnswer = (
  path: Record<string, string>,
  /** The query parameters, parsed when the answer is not kept. */
  queries: () => Record<string, string[]>,
  key: string | undefined,
) => string | Uint8Array<ArrayBuffer> | typeof NOT_FOUND;

/** An answer's JSON: the route's own text or bytes, or the serialised body. */
function jsonOf(result: unknown): string | Uint8Array<ArrayBuffer> {
  return result instanceof JsonText ? result.json : JSON.stringify(result);
}

/** The validated request, or a 400 naming what is wrong. */
function check(validate: RequestValidator, input: RequestInput): ValidRequest {
  let message: string;
  try {
    const checked = validate(input);
    if (checked.ok) return checked.value;
    message = formatFailures(checked.failures);
  } catch (error) {
    // A body nested thousands deep exhausts the stack of a recursive walk: the input's fault.
    if (!(error instanceof RangeError)) throw error;
    message = 'body: is nested too deeply';
  }
  throw new HTTPException(400, { message });
}

function unsupported(got: string, accepted: readonly string[]): HTTPException {
  return new HTTPException(415, {
    message: `header.Content-Type: must be ${accepted.join(' or ')} (got ${JSON.stringify(got)})`,
  });
}

function requireMediaType(c: Context, accepted: readonly string[]): string {
  const mediaType = mediaTypeOf(c.req.header('content-type'));
  if (!accepted.includes(mediaType)) throw unsupported(mediaType, accepted);
  return mediaType;
}

/** A JSON body as the validator takes it: undefined when none was sent. */
async function readJson(
  c: Context,
  accepted: readonly string[],
  limit: number,
): Promise<{ body: unknown; mediaType?: string }> {
  const mediaType = jsonMediaType(c.req.header('content-type'), accepted);
  return parseJson(await readBody(c, limit), mediaType, accepted);
}

/** A JSON body's media type ("" when none is sent, which only an empty body may do), or a 415. */
function jsonMediaType(contentType: string | undefined, accepted: readonly string[]): string {
  const mediaType = mediaTypeOf(contentType);
  if (mediaType && !accepted.includes(mediaType)) throw unsupported(mediaType, accepted);
  return mediaType;
}

/** A JSON body, read, as the validator takes it: undefined when none was sent. */
function parseJson(
  bytes: Uint8Array,
  mediaType: string,
  accepted: readonly string[],
): { body: unknown; mediaType?: string } {
  const text = new TextDecoder().decode(bytes);
  if (text === '') return { body: undefined };
  if (!mediaType) throw unsupported(mediaType, accepted);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HTTPException(400, { message: 'body: is not valid JSON' });
  }
  // Deeper bodies would exhaust the stack of any recursive walk later (validation, cloning, saving).
  if (depthOf(body) > MAX_JSON_DEPTH)
    throw new HTTPException(400, {
      message: `body: must be nested at most ${MAX_JSON_DEPTH} levels deep`,
    });
  return { body, mediaType };
}

const MAX_JSON_DEPTH = 64;

/** How deeply a parsed JSON value nests, counted without recursion. */
function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

class BodyTooLarge extends Error {}

/**
 * The request's body, refused as soon as it passes `limit` bytes (by its Content-Length, or while it
 * streams in). Hono's bodyLimit does the same but, in process, kept ~1.9 KB per request for good.
 */
async function readBody(c: Context, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(c.req.header('content-length'));
  if (declared > limit) throw new BodyTooLarge();
  // A declared length bounds the read: take the body whole. On Node this reads the socket directly,
  // where `body` first builds a web Request and stream (about half of a small PUT's CPU).
  if (Number.isInteger(declared)) {
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = new Uint8Array(await c.req.raw.arrayBuffer());
    } catch {
      throw new HTTPException(400, { message: 'body: could not be read' });
    }
    // In process (MSW, app.request) a Request's header need not match its body.
    if (bytes.byteLength > limit) throw new BodyTooLarge();
    return bytes;
  }
  const stream = c.req.raw.body;
  if (!stream) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        void reader.cancel().catch(() => {});
        throw new BodyTooLarge();
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof BodyTooLarge) throw error;
    throw new HTTPException(400, { message: 'body: could not be read' });
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

async function readForm(c: Context, limit: number): Promise<Record<string, unknown>> {
  const bytes = await readBody(c, limit);
  try {
    const form = await new Response(bytes as Uint8Array<ArrayBuffer>, {
      headers: { 'content-type': c.req.header('content-type') ?? '' },
    }).formData();
    return Object.fromEntries(form);
  } catch {
    throw new HTTPException(400, { message: `body: is not valid ${MULTIPART}` });
  }
}
