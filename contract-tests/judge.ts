/**
 * The spec's one judge (`openapi/judge.ts`) applied to the suite's exchanges: its violations become
 * check failures that say where (the operation and the request). Checks that want an exchange to be
 * simply right ask `nonConformance`; the three conformance checks ask for their own property.
 */
import { answerPreview, judgeAnswer, type ViolatedProperty } from '../openapi/judge.ts';
import type { CheckFailure } from './check.ts';
import type { Exchange } from './http.ts';

export { documentedStatuses } from '../openapi/judge.ts';

export function failureAt(
  exchange: Exchange,
  title: string,
  received: string,
  documented: string,
  details?: string[],
): CheckFailure {
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
  return answerPreview(exchange.status, exchange.text);
}

/** Every violation of the spec in the exchange, as failures. */
export function violationsOf(
  exchange: Exchange,
  properties?: readonly ViolatedProperty[],
): CheckFailure[] {
  return judgeAnswer({
    operationId: exchange.operationId,
    status: exchange.status,
    contentType: exchange.headers.get('content-type'),
    text: exchange.text,
  })
    .filter((v) => !properties || properties.includes(v.property))
    .map((v) => failureAt(exchange, v.title, v.received, v.documented, v.details));
}

export function undocumentedStatus(exchange: Exchange): CheckFailure | undefined {
  return violationsOf(exchange, ['status_code_conformance'])[0];
}

export function undocumentedContentType(exchange: Exchange): CheckFailure | undefined {
  return violationsOf(exchange, ['content_type_conformance'])[0];
}

export function schemaViolation(exchange: Exchange): CheckFailure | undefined {
  return violationsOf(exchange, ['response_schema_conformance'])[0];
}

/** The first failure of the three judgements, for checks that want an exchange to be simply right. */
export function nonConformance(exchange: Exchange): CheckFailure | undefined {
  return violationsOf(exchange, [
    'status_code_conformance',
    'content_type_conformance',
    'response_schema_conformance',
  ])[0];
}

/**
 * Why a write the check relies on was not accepted: the answer breaks the spec, or is not `accepted`
 * (by default, not a 200); undefined when it was accepted.
 */
export function notAccepted(
  exchange: Exchange,
  title: string,
  documented: string,
  accepted = exchange.status === 200,
): CheckFailure | undefined {
  const broken = nonConformance(exchange);
  if (broken) return broken;
  return accepted ? undefined : failureAt(exchange, title, answerOf(exchange), documented);
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
