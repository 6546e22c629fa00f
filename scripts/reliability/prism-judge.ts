/**
 * Sending generated requests through Prism's validating proxy and sorting what Prism says of each:
 * a violation in the mock's answer, or a refusal of the request by Prism itself.
 */
import { prefixes, type FuzzRequest } from '../../contract-tests/generate/requests.ts';
import { overHttp, reproduce } from './fuzz-run.ts';
import { prismViolations, type PrismProxy, type PrismViolation } from './prism.ts';

export interface PrismFinding {
  operationId: string;
  detail: string;
  status: number;
  violations: PrismViolation[];
  reproduce: string;
}

export interface PrismJudged {
  sent: number;
  byStatus: Record<string, number>;
  byOperation: Record<string, number>;
  /** Answers of the mock that Prism found off the spec. */
  violations: PrismFinding[];
  /** Requests Prism refused or could not route itself, before the mock saw them. */
  refused: PrismFinding[];
}

/**
 * Whether Prism survives the request: Prism 5.14 exits (status 1) on a multipart part whose filename
 * holds a `"` or `\\` (its parse-multipart-data runs `JSON.parse` on the quoted name). Odd upload names
 * are fuzzed against the mock directly instead.
 */
export function prismSurvives(request: FuzzRequest): boolean {
  if (!(request.body instanceof FormData)) return true;
  return [...request.body.values()].every(
    (v) => typeof v === 'string' || /^[A-Za-z0-9._ -]*$/.test(v.name),
  );
}

/** The request's URL without its gateway prefix: Prism routes on the spec's bare paths. */
export function barePath(request: FuzzRequest): string {
  const prefix = prefixes.find((p) => request.url.startsWith(`/${p}/`));
  return prefix ? request.url.slice(prefix.length + 1) : request.url;
}

/** Sends each request through Prism and sorts what Prism reported. */
export async function judgeThrough(
  prism: PrismProxy,
  requests: FuzzRequest[],
): Promise<PrismJudged> {
  const prismUrl = prism.url;
  const send = overHttp(prismUrl);
  const judged: PrismJudged = {
    sent: 0,
    byStatus: {},
    byOperation: {},
    violations: [],
    refused: [],
  };
  for (const request of requests) {
    const once = () =>
      send({
        method: request.method,
        url: barePath(request),
        headers: request.headers,
        body: request.body as BodyInit | undefined,
      });
    // Prism sometimes closes a kept-alive connection as it is reused; a second try takes a fresh one.
    const response = await once().catch(() =>
      once().catch((error: Error & { cause?: Error }) => error),
    );
    if (response instanceof Error && prism.child.exitCode !== null) {
      throw new Error(
        `prism exited (${prism.child.exitCode}) at ${request.operationId} · ${request.detail}: ${reproduce(request, prismUrl)}\n${prism.log().split('\n').slice(-15).join('\n')}`,
      );
    }
    if (response instanceof Error) {
      judged.sent++;
      judged.refused.push({
        operationId: request.operationId,
        detail: request.detail,
        status: 0,
        violations: [
          {
            location: ['prism'],
            severity: 'Error',
            code: 'no answer',
            message: response.cause?.message ?? response.message,
          },
        ],
        reproduce: reproduce(request, prismUrl),
      });
      continue;
    }
    const text = await response.text();
    judged.sent++;
    judged.byStatus[response.status] = (judged.byStatus[response.status] ?? 0) + 1;
    judged.byOperation[request.operationId] = (judged.byOperation[request.operationId] ?? 0) + 1;
    const violations = prismViolations(response.headers, text);
    const prismProblem = /stoplight\.io\/prism\/errors#(\w+)/.exec(text)?.[1];
    if (violations.length === 0 && !prismProblem && response.status < 500) continue;
    const finding = {
      operationId: request.operationId,
      detail: request.detail,
      status: response.status,
      violations,
      reproduce: reproduce(request, prismUrl),
    };
    // Prism's own refusals (an invalid request, no route, no credentials) are about the request.
    const aboutTheAnswer =
      violations.some((v) => v.location[0] === 'response') ||
      (prismProblem === undefined && response.status >= 500);
    if (aboutTheAnswer) judged.violations.push(finding);
    else
      judged.refused.push({
        ...finding,
        violations: violations.length
          ? violations
          : [
              {
                location: ['prism'],
                severity: 'Error',
                code: prismProblem ?? String(response.status),
                message: text.slice(0, 200),
              },
            ],
      });
  }
  return judged;
}

function describeFinding(f: PrismFinding): string {
  return `  ${f.operationId} · ${f.detail} → ${f.status}: ${f.violations.map((v) => `${v.location.join('.')} ${v.code}: ${v.message}`).join('; ')}\n    ${f.reproduce.slice(0, 300)}`;
}

/** The console report of one judged batch: counts, statuses and the first 30 findings of each kind. */
export function describeJudged(title: string, j: PrismJudged): string {
  const lines = [
    `\n${title}: ${j.sent} requests, ${j.violations.length} answers with violations, ${j.refused.length} refused by Prism itself`,
    `  statuses ${JSON.stringify(j.byStatus)}`,
  ];
  if (j.violations.length)
    lines.push(
      `  violations in the mock's answers:\n${j.violations.slice(0, 30).map(describeFinding).join('\n')}`,
    );
  if (j.refused.length)
    lines.push(`  refused by Prism:\n${j.refused.slice(0, 30).map(describeFinding).join('\n')}`);
  return lines.join('\n');
}
