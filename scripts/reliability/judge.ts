/**
 * The checks every answer of the mock must pass, each named for the property a conforming server
 * has (after Schemathesis): documented status, documented media type, spec-valid body, the
 * `x-request-id` header, invalid requests refused, valid ones served.
 */
import {
  deref,
  documentedResponses,
  documentedStatusKey,
  formatFailures,
  mediaTypeOf,
  operation,
  preview,
  responseValidator,
} from '../../openapi/validator.ts';
import type { Schema } from '../../contract-tests/generate/schema-values.ts';
import type { FuzzRequest } from '../../contract-tests/generate/requests.ts';

export interface Answer {
  status: number;
  headers: Headers;
  /** The body as text (empty when none). */
  text: string;
}

export interface Problem {
  /** The check that failed, such as `response_schema_conformance`. */
  check: string;
  message: string;
}

type Check = (request: FuzzRequest, answer: Answer) => string | undefined;

const NOT_FOUND_MESSAGE = 'Not Found';

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

const notServerError: Check = (_, a) =>
  a.status >= 500 ? `answered ${a.status}: ${preview(a.text, 200)}` : undefined;

const statusCodeConformance: Check = (r, a) => {
  if (documentedStatusKey(r.operationId, a.status)) return undefined;
  return `Received: ${a.status} / Documented: ${[...documentedResponses(r.operationId).keys()].join(', ')}`;
};

const contentTypeConformance: Check = (r, a) => {
  const key = documentedStatusKey(r.operationId, a.status);
  if (!key) return undefined;
  const types = documentedResponses(r.operationId).get(key)!;
  const got = mediaTypeOf(a.headers.get('content-type'));
  if (types.length === 0)
    return a.text === '' ? undefined : `a body was sent where ${a.status} documents none`;
  return types.includes(got)
    ? undefined
    : `Received: ${JSON.stringify(got)} / Documented: ${types.join(', ')}`;
};

const responseSchemaConformance: Check = (r, a) => {
  const got = mediaTypeOf(a.headers.get('content-type'));
  if (!got.endsWith('json')) return undefined;
  const validate = responseValidator(r.operationId, a.status, got);
  if (!validate) return undefined;
  const parsed = parseJson(a.text);
  if (!parsed.ok) return `the body is not JSON: ${preview(a.text)}`;
  const result = validate(parsed.value);
  return result.ok ? undefined : formatFailures(result.failures);
};

/** The response headers the spec documents for a status, with their schemas. */
function documentedHeaders(operationId: string, status: string): Record<string, Schema> {
  const responses = operation(operationId).definition.responses as Record<string, Schema>;
  const response = responses[status] ? deref(responses[status]) : undefined;
  return Object.fromEntries(
    Object.entries((response?.headers ?? {}) as Record<string, Schema>).map(([name, h]) => [
      name.toLowerCase(),
      deref(deref(h).schema as Schema),
    ]),
  );
}

const responseHeadersConformance: Check = (r, a) => {
  const key = documentedStatusKey(r.operationId, a.status);
  if (!key) return undefined;
  const problems: string[] = [];
  for (const [name, schema] of Object.entries(documentedHeaders(r.operationId, key))) {
    const value = a.headers.get(name);
    if (value === null) {
      problems.push(`${name}: is missing`);
      continue;
    }
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength)
      problems.push(`${name}: longer than ${schema.maxLength}`);
    if (typeof schema.minLength === 'number' && value.length < schema.minLength)
      problems.push(`${name}: shorter than ${schema.minLength}`);
  }
  return problems.length ? problems.join('; ') : undefined;
};

const negativeDataRejection: Check = (r, a) =>
  r.expect === 'reject' && a.status < 400
    ? `an invalid request (${r.detail}) was accepted with ${a.status}`
    : undefined;

const expectedStatus: Check = (r, a) =>
  r.statuses && !r.statuses.includes(a.status) && a.status < 500
    ? `${r.detail}: Received ${a.status} / Expected ${r.statuses.join(' or ')}`
    : undefined;

const positiveDataAcceptance: Check = (r, a) => {
  if (r.expect !== 'accept' || a.status < 400) return undefined;
  // A valid request may name a record that does not exist (or no longer does).
  const parsed = parseJson(a.text);
  const message = parsed.ok ? (parsed.value as { message?: unknown })?.message : undefined;
  if ((a.status === 404 || a.status === 400) && message === NOT_FOUND_MESSAGE) return undefined;
  return `a valid request was refused with ${a.status}: ${preview(a.text, 160)}`;
};

/** Every check, by the name reports use. */
export const checks: Record<string, Check> = {
  not_a_server_error: notServerError,
  status_code_conformance: statusCodeConformance,
  content_type_conformance: contentTypeConformance,
  response_schema_conformance: responseSchemaConformance,
  response_headers_conformance: responseHeadersConformance,
  negative_data_rejection: negativeDataRejection,
  expected_status: expectedStatus,
  positive_data_acceptance: positiveDataAcceptance,
};

/** Node's HTTP parser answers 431 itself, before any operation, to a request head beyond its 16 KiB. */
const HEAD_LIMIT = 16 * 1024;

function headSize(request: FuzzRequest): number {
  return (
    request.url.length +
    Object.entries(request.headers).reduce((sum, [k, v]) => sum + k.length + v.length + 4, 0)
  );
}

/** Every failed check of one answer. */
export function judge(request: FuzzRequest, answer: Answer): Problem[] {
  if (answer.status === 431) {
    return headSize(request) > HEAD_LIMIT / 2
      ? []
      : [
          {
            check: 'status_code_conformance',
            message: `431 to a request head of ${headSize(request)} bytes`,
          },
        ];
  }
  const problems: Problem[] = [];
  for (const [check, run] of Object.entries(checks)) {
    const message = run(request, answer);
    if (message) problems.push({ check, message });
  }
  return problems;
}
