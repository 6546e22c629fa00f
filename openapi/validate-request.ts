/**
 * `requestValidator(operationId)` checks an operation's path and query parameters (coercing the
 * strings of a URL to the spec's types and filling the spec's defaults) and its JSON body.
 */
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { type Failure, type Result, toFailures } from './failures.ts';
import { SPEC_ID, bodyAjv, paramAjv, standalone } from './schemas.ts';
import {
  escapePointer,
  operation,
  operations,
  type Parameter,
  parameters,
  resolve,
} from './spec.ts';

type Json = Record<string, unknown>;

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
 * Makes and compiles every operation's request validator now (~0.1 s), instead of on each one's first
 * request (10–50 ms then). A validator compiles its ajv functions on its first call.
 */
export function compileRequestValidators(): void {
  for (const op of operations) requestValidator(op.operationId)({});
}

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
    compiled ??= compile();
    const { checkQuery, checkPath, bodyChecks } = compiled;
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

function isIntegerText(text: string): boolean {
  return /^-?[0-9]+$/.test(text) && Number.isSafeInteger(Number(text));
}
