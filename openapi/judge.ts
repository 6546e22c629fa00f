/**
 * The one judge of an answer against the spec, used by the contract suite, the fuzzers and the mock's
 * test client: is it a server error, is its status documented for the operation, its media type
 * documented for that status, its body valid against the documented schema, its documented headers
 * present. Each finding is a `Violation` (data); callers add where it happened and decide whether to
 * report, count or throw.
 */
import {
  deref,
  documentedResponses,
  documentedStatusKey,
  formatFailure,
  mediaTypeOf,
  operation,
  preview,
  responseValidator,
} from './validator.ts';

/** An answer as the judge needs it. */
export interface JudgedAnswer {
  operationId: string;
  status: number;
  /** The `Content-Type` header as received (or its media type); null when absent. */
  contentType: string | null;
  /** The body as text; `''` when there is none. */
  text: string;
}

/** The property a conforming answer has and this one lacks (the names Schemathesis uses). */
export type ViolatedProperty =
  | 'not_a_server_error'
  | 'status_code_conformance'
  | 'content_type_conformance'
  | 'response_schema_conformance'
  | 'response_headers_conformance';

export interface Violation {
  property: ViolatedProperty;
  /** Fixed per kind: `Undocumented status code`, `Response violates schema`, … */
  title: string;
  received: string;
  documented: string;
  /** Schema failures one per line (place, keyword, value cut short). */
  details?: string[];
}

/** The statuses an operation documents, as the spec writes them (`200`, `4XX`, `default`). */
export function documentedStatuses(operationId: string): string[] {
  return [...documentedResponses(operationId).keys()];
}

/** The status and a short view of the body, as a report shows what was received. */
export function answerPreview(status: number, text: string): string {
  if (text === '') return `${status} (no body)`;
  try {
    return `${status} ${preview(JSON.parse(text))}`;
  } catch {
    return `${status} ${preview(text)}`;
  }
}

/**
 * Every way the answer breaks the spec, in this order: a server error, an undocumented status (then
 * nothing more is judged), an undocumented media type or body, a body off the schema.
 */
export function judgeAnswer(answer: JudgedAnswer): Violation[] {
  const out: Violation[] = [];
  const received = answerPreview(answer.status, answer.text);
  if (answer.status >= 500)
    out.push({
      property: 'not_a_server_error',
      title: 'Server error',
      received,
      documented: 'never a 5xx',
    });
  const key = documentedStatusKey(answer.operationId, answer.status);
  if (!key) {
    out.push({
      property: 'status_code_conformance',
      title: 'Undocumented status code',
      received,
      documented: documentedStatuses(answer.operationId).join(', '),
    });
    return out;
  }
  const mediaTypes = documentedResponses(answer.operationId).get(key) ?? [];
  const mediaType = mediaTypeOf(answer.contentType);
  if (mediaTypes.length === 0) {
    if (answer.text !== '')
      out.push({
        property: 'content_type_conformance',
        title: 'Undocumented response body',
        received: `${mediaType || '(no content type)'} ${preview(answer.text)}`,
        documented: `no body for ${answer.status}`,
      });
    return out;
  }
  const documentedType = mediaTypes.includes(mediaType);
  if (!documentedType)
    out.push({
      property: 'content_type_conformance',
      title: 'Undocumented Content-Type',
      received: `${answer.status} ${mediaType || '(no content type)'}`,
      documented: mediaTypes.join(', '),
    });
  const schema = schemaViolation(
    answer,
    documentedType ? mediaType : mediaTypes[0]!,
    documentedType,
  );
  if (schema) out.push(schema);
  return out;
}

/**
 * The body against the schema of `mediaType`. When the header named another type (already a
 * violation), the body is judged only if it is what the documented type says (JSON that parses).
 */
function schemaViolation(
  answer: JudgedAnswer,
  mediaType: string,
  headerRight: boolean,
): Violation | undefined {
  const validate = responseValidator(answer.operationId, answer.status, mediaType);
  if (!validate) return undefined;
  const isJson = mediaType.endsWith('json');
  let body: unknown = answer.text;
  if (isJson) {
    try {
      body = JSON.parse(answer.text);
    } catch (error) {
      if (!headerRight) return undefined;
      return {
        property: 'response_schema_conformance',
        title: 'Response is not JSON',
        received: `${answer.status} ${preview(answer.text)} (${(error as Error).message})`,
        documented: `${mediaType} body`,
      };
    }
  }
  const result = validate(body);
  if (result.ok) return undefined;
  const details = result.failures.slice(0, 10).map(formatFailure);
  if (result.failures.length > 10) details.push(`… and ${result.failures.length - 10} more`);
  const first = result.failures[0]!;
  return {
    property: 'response_schema_conformance',
    title: 'Response violates schema',
    received: `${first.at}: ${'actual' in first && first.actual !== undefined ? preview(first.actual) : '(missing)'}`,
    documented: `${first.rule}: ${first.expected}`,
    details,
  };
}

type Node = Record<string, unknown>;

/** The headers the spec documents for the answer's status, each present and within its length. */
export function headerViolations(answer: JudgedAnswer, headers: Headers): Violation[] {
  const key = documentedStatusKey(answer.operationId, answer.status);
  if (!key) return [];
  const responses = operation(answer.operationId).definition.responses as Record<string, Node>;
  const documented = (deref(responses[key]!).headers ?? {}) as Record<string, Node>;
  const problems: string[] = [];
  for (const [name, header] of Object.entries(documented)) {
    const schema = deref(deref(header).schema as Node);
    const value = headers.get(name);
    if (value === null) problems.push(`${name}: is missing`);
    else if (typeof schema.maxLength === 'number' && value.length > schema.maxLength)
      problems.push(`${name}: longer than ${schema.maxLength}`);
    else if (typeof schema.minLength === 'number' && value.length < schema.minLength)
      problems.push(`${name}: shorter than ${schema.minLength}`);
  }
  return problems.length
    ? [
        {
          property: 'response_headers_conformance',
          title: 'Documented header missing or malformed',
          received: problems.join('; '),
          documented: Object.keys(documented).join(', '),
        },
      ]
    : [];
}

/** One line for a log or an error: `Undocumented status code: Received 201 … / Documented 200, 400`. */
export function formatViolation(violation: Violation): string {
  const details = violation.details?.length ? ` (${violation.details.join('; ')})` : '';
  return `${violation.title}: Received ${violation.received} / Documented ${violation.documented}${details}`;
}
