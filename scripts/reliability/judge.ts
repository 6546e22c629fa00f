/**
 * The checks every answer of the mock's fuzzing must pass, each named for the property a conforming
 * server has (after Schemathesis): the spec's one judge (`openapi/judge.ts`: no server error,
 * documented status, documented media type, spec-valid body, documented headers), then what only the
 * request can tell: invalid requests refused, valid ones served, the expected status.
 */
import {
  formatViolation,
  headerViolations,
  judgeAnswer,
  type JudgedAnswer,
} from '../../openapi/judge.ts';
import type { FuzzRequest } from '../../contract-tests/generate/requests.ts';
import { preview } from '../../openapi/validator.ts';

export interface FuzzAnswer {
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

/** A property of the answer given the request: the spec's judge cannot know what was asked. */
type RequestCheck = (request: FuzzRequest, answer: FuzzAnswer) => string | undefined;

const NOT_FOUND_MESSAGE = 'Not Found';

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

const negativeDataRejection: RequestCheck = (r, a) =>
  r.expect === 'reject' && a.status < 400
    ? `an invalid request (${r.detail}) was accepted with ${a.status}`
    : undefined;

const expectedStatus: RequestCheck = (r, a) =>
  r.statuses && !r.statuses.includes(a.status) && a.status < 500
    ? `${r.detail}: Received ${a.status} / Expected ${r.statuses.join(' or ')}`
    : undefined;

const positiveDataAcceptance: RequestCheck = (r, a) => {
  if (r.expect !== 'accept' || a.status < 400) return undefined;
  // A valid request may name a record that does not exist (or no longer does).
  const parsed = parseJson(a.text);
  const message = parsed.ok ? (parsed.value as { message?: unknown })?.message : undefined;
  if ((a.status === 404 || a.status === 400) && message === NOT_FOUND_MESSAGE) return undefined;
  return `a valid request was refused with ${a.status}: ${preview(a.text, 160)}`;
};

/** The request-aware checks, by the name reports use. */
const requestChecks: Record<string, RequestCheck> = {
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
export function judge(request: FuzzRequest, answer: FuzzAnswer): Problem[] {
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
  // The spec's one judge first (server error, status, media type, schema, headers), then the request's.
  const judged: JudgedAnswer = {
    operationId: request.operationId,
    status: answer.status,
    contentType: answer.headers.get('content-type'),
    text: answer.text,
  };
  const problems: Problem[] = [
    ...judgeAnswer(judged),
    ...headerViolations(judged, answer.headers),
  ].map((v) => ({ check: v.property, message: formatViolation(v) }));
  for (const [check, run] of Object.entries(requestChecks)) {
    const message = run(request, answer);
    if (message) problems.push({ check, message });
  }
  return problems;
}
