/**
 * Judges one exchange against the spec: is the status documented, the media type documented for it,
 * the body valid. Each returns a Failure (data) or undefined; the spec is the only judge.
 */
import { formatFailure, preview } from '../openapi/failures.ts';
import { documentedResponses, documentedStatusKey } from '../openapi/spec.ts';
import { responseValidator } from '../openapi/validate-response.ts';
import type { Failure } from './check.ts';
import type { Exchange } from './http.ts';

/** The statuses an operation documents, as the spec writes them (`200`, `4XX`, `default`). */
export function documentedStatuses(operationId: string): string[] {
  return [...documentedResponses(operationId).keys()];
}

export function failureAt(
  exchange: Exchange,
  title: string,
  received: string,
  documented: string,
  details?: string[],
): Failure {
  return {
    title,
    operation: exchange.operation,
    request: exchange.request,
    received,
    documented,
    ...(details?.length ? { details } : {}),
  };
}

/** The status and a short view of the body, as a report shows what was received. */
export function answerOf(exchange: Exchange): string {
  const body =
    exchange.text === ''
      ? '(no body)'
      : exchange.json !== undefined
        ? preview(exchange.json)
        : preview(exchange.text);
  return `${exchange.status} ${body}`;
}

export function undocumentedStatus(exchange: Exchange): Failure | undefined {
  if (documentedStatusKey(exchange.operationId, exchange.status)) return undefined;
  return failureAt(
    exchange,
    'Undocumented status code',
    answerOf(exchange),
    documentedStatuses(exchange.operationId).join(', '),
  );
}

export function undocumentedContentType(exchange: Exchange): Failure | undefined {
  const key = documentedStatusKey(exchange.operationId, exchange.status);
  if (!key) return undefined; // the status check reports it
  const mediaTypes = documentedResponses(exchange.operationId).get(key) ?? [];
  if (mediaTypes.length === 0) {
    return exchange.text === ''
      ? undefined
      : failureAt(
          exchange,
          'Undocumented response body',
          `${exchange.mediaType || '(no content type)'} ${preview(exchange.text)}`,
          `no body for ${exchange.status}`,
        );
  }
  if (mediaTypes.includes(exchange.mediaType)) return undefined;
  return failureAt(
    exchange,
    'Undocumented Content-Type',
    `${exchange.status} ${exchange.mediaType || '(no content type)'}`,
    mediaTypes.join(', '),
  );
}

/** The body against the documented schema of its status and media type. */
export function schemaViolation(exchange: Exchange): Failure | undefined {
  const key = documentedStatusKey(exchange.operationId, exchange.status);
  if (!key) return undefined;
  const mediaTypes = documentedResponses(exchange.operationId).get(key) ?? [];
  // Judge against the documented media type when the header is wrong: the content-type check reports the header.
  const mediaType = mediaTypes.includes(exchange.mediaType) ? exchange.mediaType : mediaTypes[0];
  if (!mediaType) return undefined;
  const validate = responseValidator(exchange.operationId, exchange.status, mediaType);
  if (!validate) return undefined;
  const isJson = mediaType.endsWith('json');
  if (isJson && exchange.json === undefined) {
    return failureAt(
      exchange,
      'Response is not JSON',
      `${exchange.status} ${preview(exchange.text)}${exchange.jsonError ? ` (${exchange.jsonError})` : ''}`,
      `${mediaType} body`,
    );
  }
  const result = validate(isJson ? exchange.json : exchange.text);
  if (result.ok) return undefined;
  const details = result.failures.slice(0, 10).map(formatFailure);
  if (result.failures.length > 10) details.push(`… and ${result.failures.length - 10} more`);
  const first = result.failures[0]!;
  return failureAt(
    exchange,
    'Response violates schema',
    `${first.at}: ${'actual' in first && first.actual !== undefined ? preview(first.actual) : '(missing)'}`,
    `${first.rule}: ${first.expected}`,
    details,
  );
}

/** The first failure of the three judgements, for checks that want an exchange to be simply right. */
export function nonConformance(exchange: Exchange): Failure | undefined {
  return (
    undocumentedStatus(exchange) ?? undocumentedContentType(exchange) ?? schemaViolation(exchange)
  );
}

/** A finding's answer: the status, the body cut short, and whether it fits the spec. */
export function describeAnswer(exchange: Exchange): string {
  const failure = nonConformance(exchange);
  const verdict = failure
    ? `off-spec: ${failure.title.toLowerCase()}, ${failure.received}`
    : 'fits the spec';
  return `${answerOf(exchange)} (${verdict})`;
}

export function isSuccess(exchange: Exchange): boolean {
  return exchange.status >= 200 && exchange.status < 300;
}
