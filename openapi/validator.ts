/**
 * The shared validator: the spec, loaded once, hands out compiled ajv validators.
 *
 * - `requestValidator(operationId)` checks an operation's path and query parameters (coercing the
 *   strings of a URL to the spec's types and filling the spec's defaults) and its JSON body.
 * - `responseValidator(operationId, status, mediaType)` checks one documented response body.
 *
 * A failure names the place (`query.limit`, `body.email`, `/data/0/id`), the rule that broke and the
 * value that broke it. Nothing here touches the file system: the bundled spec is imported, so the mock
 * that uses it runs on any runtime Hono runs on.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import spec from './generated/contacts.json' with { type: 'json' };

// ajv-formats ships CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export { spec };
export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';

type Json = Record<string, unknown>;
const SPEC_ID = 'contacts';
const METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'patch'];

export interface Failure {
  /** Where the value is: `query.limit`, `path.contact_id`, `body.email`, or a response's JSON pointer. */
  at: string;
  /** The JSON-schema keyword that failed (`maximum`, `required`, `enum`, …). */
  rule: string;
  /** What the rule expects, in words. */
  expected: string;
  /** The value found (absent for a missing field). */
  actual?: unknown;
}

export type Result<T = undefined> = { ok: true; value: T } | { ok: false; failures: Failure[] };

export interface Operation {
  operationId: string;
  method: HttpMethod;
  /** The path template relative to a prefix, such as `/contacts/{contact_id}`. */
  path: string;
  /** Where the operation sits in the spec, for JSON-pointer lookups. */
  pointer: string;
  definition: Json;
}

/** Every operation of the spec, in the spec's order. */
export const operations: readonly Operation[] = Object.freeze(
  Object.entries(spec.paths as Record<string, Json>).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      operationId: (item[method] as Json).operationId as string,
      method,
      path,
      pointer: `#/paths/${escapePointer(path)}/${method}`,
      definition: item[method] as Json,
    })),
  ),
);

const byId = new Map(operations.map((op) => [op.operationId, op]));

export function operation(operationId: string): Operation {
  const op = byId.get(operationId);
  if (!op) throw new Error(`unknown operation ${operationId}`);
  return op;
}

const ajvOptions = {
  strict: true,
  allErrors: true,
  allowUnionTypes: true,
  // Checking the spec against the JSON Schema meta-schema compiles that meta-schema first, the largest
  // part of a mock's start-up; the spec's schemas are checked by the lint and by a test instead.
  validateSchema: false,
  // OpenAPI's own keywords and our vendor extensions, which are not JSON Schema.
  keywords: [
    'openapi',
    'info',
    'servers',
    'paths',
    'components',
    'security',
    'tags',
    'x-sources',
    'x-disagreement',
  ],
} as const;

function createAjv(coerce: boolean): Ajv2020 {
  const ajv = new Ajv2020({
    ...ajvOptions,
    keywords: [...ajvOptions.keywords],
    coerceTypes: coerce ? 'array' : false,
    useDefaults: coerce,
  });
  addFormats(ajv);
  ajv.addSchema({ ...spec, $id: SPEC_ID });
  return ajv;
}

// One instance validates bodies as sent; the other coerces URL strings to the spec's types. Each is
// made on its first compile: adding the spec to an instance costs tens of milliseconds of start-up.
let bodyAjvInstance: Ajv2020 | undefined;
let paramAjvInstance: Ajv2020 | undefined;
const bodyAjv = () => (bodyAjvInstance ??= createAjv(false));
const paramAjv = () => (paramAjvInstance ??= createAjv(true));

/** Follows an OpenAPI `$ref` (`#/components/...`) within the spec, returning the target and its pointer. */
function resolve(node: Json, pointer: string): { node: Json; pointer: string } {
  let current = { node, pointer };
  while (typeof current.node.$ref === 'string') {
    const ref = current.node.$ref;
    const target = ref
      .slice(2)
      .split('/')
      .map(unescapePointer)
      .reduce<unknown>((at, key) => (at as Json)[key], spec);
    current = { node: target as Json, pointer: ref };
  }
  return current;
}

/** A spec node with its `$ref`s followed (a schema, a response, an example). */
export function deref<T extends object = Json>(node: T): T {
  return resolve(node as Json, '').node as T;
}

function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}
function unescapePointer(key: string): string {
  return key.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** A schema's copy with its `#/…` refs made absolute to the spec, so it compiles on its own. */
function standalone(schema: Json): Json {
  return JSON.parse(
    JSON.stringify(schema).replaceAll('"$ref":"#/', `"$ref":"${SPEC_ID}#/`),
  ) as Json;
}

interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema: Json;
}

/** The operation's parameters: path-level ones first, overridden by the operation's own. */
export function parameters(op: Operation): Parameter[] {
  const pathItem = (spec.paths as Record<string, Json>)[op.path] as Json;
  const all = [
    ...((pathItem.parameters as Json[]) ?? []),
    ...((op.definition.parameters as Json[]) ?? []),
  ];
  const byKey = new Map<string, Parameter>();
  for (const p of all) {
    const param = resolve(p, '').node as unknown as Parameter;
    byKey.set(`${param.in}:${param.name}`, param);
  }
  return [...byKey.values()];
}

function parameterSchema(params: Parameter[]): Json {
  return {
    type: 'object',
    properties: Object.fromEntries(
      params.map((p) => [p.name, standalone(resolve(p.schema, '').node)]),
    ),
    required: params.filter((p) => p.required).map((p) => p.name),
  };
}

export interface RequestInput {
  path?: Record<string, string>;
  /** As a URL carries it: one string per name, or several for a repeated name. */
  query?: Record<string, string | string[]>;
  /** The media type the body was sent with; when absent, the operation's first documented one is assumed. */
  mediaType?: string;
  body?: unknown;
}

export interface ValidRequest {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
}

export interface RequestValidator {
  (input: RequestInput): Result<ValidRequest>;
  /** The media types the operation's body may be sent with; empty when it takes none. */
  mediaTypes: string[];
  bodyRequired: boolean;
}

const requestValidators = new Map<string, RequestValidator>();

/**
 * The request validator of an operation, made on first use and kept. Its ajv functions are compiled
 * on its first call, so that a mock registering every operation starts without compiling them all.
 */
export function requestValidator(operationId: string): RequestValidator {
  const cached = requestValidators.get(operationId);
  if (cached) return cached;
  const op = operation(operationId);
  const params = parameters(op);
  const queryParams = params.filter((p) => p.in === 'query');
  const arrayParams = new Set(
    queryParams.filter((p) => resolve(p.schema, '').node.type === 'array').map((p) => p.name),
  );
  const integerParams = new Set(
    params
      .filter((p) => resolve(p.schema, '').node.type === 'integer')
      .map((p) => `${p.in}.${p.name}`),
  );

  const requestBody = op.definition.requestBody
    ? resolve(op.definition.requestBody as Json, `${op.pointer}/requestBody`)
    : undefined;
  const content = (requestBody?.node.content ?? {}) as Record<string, Json>;
  const mediaTypes = Object.keys(content);

  let compiled:
    | {
        checkQuery: ValidateFunction;
        checkPath: ValidateFunction;
        bodyChecks: Map<string, ValidateFunction>;
      }
    | undefined;
  const compile = () => ({
    checkQuery: paramAjv().compile(parameterSchema(queryParams)),
    checkPath: paramAjv().compile(parameterSchema(params.filter((p) => p.in === 'path'))),
    bodyChecks: new Map(
      mediaTypes
        .filter((type) => type.endsWith('json'))
        .map((type) => [
          type,
          bodyAjv().compile({
            $ref: `${SPEC_ID}${requestBody!.pointer}/content/${escapePointer(type)}/schema`,
          }),
        ]),
    ),
  });

  const validate = ((input: RequestInput) => {
    const { checkQuery, checkPath, bodyChecks } = (compiled ??= compile());
    const failures: Failure[] = [];
    const query: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(input.query ?? {})) {
      // A repeated scalar parameter stays an array, so that the type check names it.
      query[name] =
        Array.isArray(value) && value.length === 1 && !arrayParams.has(name) ? value[0] : value;
    }
    const path: Record<string, unknown> = { ...input.path };
    // ajv's coercion takes anything Number() reads ("0x10", "1e3", " 5", "Infinity"); a URL integer is digits.
    for (const [root, values] of [
      ['path', path],
      ['query', query],
    ] as const) {
      for (const [name, value] of Object.entries(values)) {
        if (
          integerParams.has(`${root}.${name}`) &&
          typeof value === 'string' &&
          !isIntegerText(value)
        ) {
          failures.push({
            at: `${root}.${name}`,
            rule: 'type',
            expected: 'must be integer',
            actual: value,
          });
          delete values[name];
        }
      }
    }
    if (!checkPath(path)) failures.push(...toFailures(checkPath.errors, 'path', path));
    if (!checkQuery(query)) failures.push(...toFailures(checkQuery.errors, 'query', query));

    let body = input.body;
    if (requestBody) {
      const mediaType = input.mediaType ?? mediaTypes[0]!;
      const check = bodyChecks.get(mediaType);
      if (body === undefined) {
        if (requestBody.node.required)
          failures.push({ at: 'body', rule: 'required', expected: 'a request body' });
      } else if (check && !check(body)) {
        failures.push(...toFailures(check.errors, 'body', body));
      }
    } else {
      body = undefined;
    }
    return failures.length ? { ok: false, failures } : { ok: true, value: { path, query, body } };
  }) as RequestValidator;
  validate.mediaTypes = mediaTypes;
  validate.bodyRequired = Boolean(requestBody?.node.required);
  requestValidators.set(operationId, validate);
  return validate;
}

export type ResponseValidator = (body: unknown) => Result;

const responseValidators = new Map<string, ResponseValidator | undefined>();

const documentedByOperation = new Map<string, ReadonlyMap<string, string[]>>();

/** The documented responses of an operation: status → media types (read from the spec once). */
export function documentedResponses(operationId: string): ReadonlyMap<string, string[]> {
  let documented = documentedByOperation.get(operationId);
  if (!documented) {
    const responses = operation(operationId).definition.responses as Record<string, Json>;
    documented = new Map(
      Object.entries(responses).map(([status, response]) => [
        status,
        Object.keys((resolve(response, '').node.content ?? {}) as Json),
      ]),
    );
    documentedByOperation.set(operationId, documented);
  }
  return documented;
}

/** Where an operation documents `status`: under the status itself, its class (`4XX`) or `default`. */
export function documentedStatusKey(
  operationId: string,
  status: number | string,
): string | undefined {
  const responses = documentedResponses(operationId);
  return [String(status), `${String(status)[0]}XX`, 'default'].find((key) => responses.has(key));
}

/**
 * The compiled validator of one documented response, or undefined when the operation does not
 * document that status and media type (itself a contract failure).
 */
export function responseValidator(
  operationId: string,
  status: number | string,
  mediaType: string,
): ResponseValidator | undefined {
  const cacheKey = `${operationId} ${status} ${mediaType}`;
  if (responseValidators.has(cacheKey)) return responseValidators.get(cacheKey);
  const op = operation(operationId);
  const key = documentedStatusKey(operationId, status);
  let validator: ResponseValidator | undefined;
  if (key !== undefined) {
    const response = resolve(
      (op.definition.responses as Record<string, Json>)[key]!,
      `${op.pointer}/responses/${key}`,
    );
    const content = (response.node.content ?? {}) as Record<string, Json>;
    if (content[mediaType]) {
      const check: ValidateFunction = bodyAjv().compile({
        $ref: `${SPEC_ID}${response.pointer}/content/${escapePointer(mediaType)}/schema`,
      });
      validator = (body) =>
        check(body)
          ? { ok: true, value: undefined }
          : { ok: false, failures: toFailures(check.errors, '', body) };
    }
  }
  responseValidators.set(cacheKey, validator);
  return validator;
}

/** The media type of a `Content-Type` header, without parameters, lower-cased. */
export function mediaTypeOf(contentType: string | null | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

function toFailures(
  errors: ErrorObject[] | null | undefined,
  root: string,
  data: unknown,
): Failure[] {
  // allOf/anyOf branches repeat one cause several times; keep the most specific of each place.
  const seen = new Set<string>();
  const failures: Failure[] = [];
  const all = errors ?? [];
  // A value that fits none of anyOf's forms is one failure: "must be … or …", not one per branch.
  const anyOfs = all.filter((e) => e.keyword === 'anyOf');
  const branchOf = (e: ErrorObject) =>
    anyOfs.find(
      (a) =>
        a !== e && a.instancePath === e.instancePath && e.schemaPath.startsWith(`${a.schemaPath}/`),
    );
  for (const a of anyOfs) {
    const branches = all.filter((e) => branchOf(e) === a);
    const expected = [...new Set(branches.map((e) => e.message))].join(' or ');
    const failure = { ...toFailure(a, root, data), expected };
    failures.push(failure);
    seen.add(`${failure.at} ${failure.rule}`);
  }
  for (const error of all) {
    if (
      error.keyword === 'anyOf' ||
      error.keyword === 'oneOf' ||
      error.keyword === 'if' ||
      branchOf(error)
    )
      continue;
    const failure = toFailure(error, root, data);
    const key = `${failure.at} ${failure.rule}`;
    if (seen.has(key)) continue;
    seen.add(key);
    failures.push(failure);
  }
  if (failures.length === 0 && errors?.length) failures.push(toFailure(errors[0]!, root, data));
  return failures;
}

function toFailure(error: ErrorObject, root: string, data: unknown): Failure {
  const segments = error.instancePath.split('/').slice(1).map(unescapePointer);
  const params = error.params as Record<string, unknown>;
  const child = (params.missingProperty ??
    params.additionalProperty ??
    params.unevaluatedProperty) as string | undefined;
  if (child !== undefined) segments.push(child);
  const at = root ? [root, ...segments].join('.') : `/${segments.map(escapePointer).join('/')}`;
  const actual = valueAt(data, error.instancePath.split('/').slice(1).map(unescapePointer));
  switch (error.keyword) {
    case 'required':
      return { at, rule: 'required', expected: 'present' };
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return {
        at,
        rule: error.keyword,
        expected: 'no such field',
        actual: (actual as Json)?.[child!],
      };
    case 'enum':
      return {
        at,
        rule: 'enum',
        expected: `one of ${(params.allowedValues as unknown[]).map((v) => (typeof v === 'string' && v !== '' ? v : JSON.stringify(v))).join(', ')}`,
        actual,
      };
    default:
      return { at, rule: error.keyword, expected: error.message ?? error.keyword, actual };
  }
}

function isIntegerText(text: string): boolean {
  return /^-?[0-9]+$/.test(text) && Number.isSafeInteger(Number(text));
}

function valueAt(data: unknown, segments: string[]): unknown {
  return segments.reduce<unknown>(
    (at, key) => (at === null || typeof at !== 'object' ? undefined : (at as Json)[key]),
    data,
  );
}

/** One line per failure: `query.limit: must be <= 1000 (got 5000)`. */
export function formatFailures(failures: Failure[]): string {
  return failures.map(formatFailure).join('; ');
}

export function formatFailure(failure: Failure): string {
  const got =
    'actual' in failure && failure.actual !== undefined ? ` (got ${preview(failure.actual)})` : '';
  if (failure.rule === 'required') return `${failure.at}: is required`;
  if (failure.rule === 'additionalProperties' || failure.rule === 'unevaluatedProperties')
    return `${failure.at}: is not allowed`;
  if (failure.rule === 'enum') return `${failure.at}: must be ${failure.expected}${got}`;
  return `${failure.at}: ${failure.expected}${got}`;
}

/** A value shown in a message, cut short so that a huge input never floods a log. */
export function preview(value: unknown, max = 80): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // Too deeply nested (or cyclic) to print: say what it is rather than fail.
    text = Array.isArray(value)
      ? '[…]'
      : typeof value === 'object' && value
        ? '{…}'
        : String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
