/**
 * `npm run test:prism-proxy`: Prism's validating proxy as a second judge. The mock listens on a free
 * port; Prism (`prism proxy <spec> <hop> --errors`) sits in front of a small hop that adds the gateway
 * prefix (Prism ignores `servers` and drops an upstream's path, see `reliability/prism.ts`).
 *
 * 1. Generated requests that the spec accepts, for every operation, through a Prism that validates
 *    requests and answers: Prism checks each answer of the mock.
 * 2. Generated requests that break the spec, through a Prism started with `--validate-request false`,
 *    so that they reach the mock and Prism checks its error answers.
 * 3. A canary: the hop breaks one answer on purpose, and Prism must flag it.
 *
 * Any violation Prism reports fails the run. Figures go to `scripts/results/reliability.json`.
 *
 *   npm run test:prism-proxy -- [--runs 600] [--seed 7] [--no-record]
 */
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { startMockServer } from '../mock/server.ts';
import { operations } from '../openapi/spec.ts';
import {
  fuzzRequest,
  operationRequest,
  prefixes,
  type FuzzRequest,
} from '../contract-tests/generate/requests.ts';
import { collectContext, overHttp, reproduce } from './reliability/fuzz-run.ts';
import {
  CORRUPT_HEADER,
  loggedResponseViolations,
  prefixHop,
  prismViolations,
  startPrismProxy,
  type PrismProxy,
  type PrismViolation,
} from './reliability/prism.ts';
import { recordResults } from './reliability/results.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '600' },
    seed: { type: 'string', default: '7' },
    'no-record': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const seed = Number(values.seed);
const TOKEN = 'mock-token';

/**
 * Whether Prism survives the request: Prism 5.14 exits (status 1) on a multipart part whose filename
 * holds a `"` or `\\` (its parse-multipart-data runs `JSON.parse` on the quoted name). Odd upload names
 * are fuzzed against the mock directly instead.
 */
function prismSurvives(request: FuzzRequest): boolean {
  if (!(request.body instanceof FormData)) return true;
  return [...request.body.values()].every(
    (v) => typeof v === 'string' || /^[A-Za-z0-9._ -]*$/.test(v.name),
  );
}

/** The request without its gateway prefix: Prism routes on the spec's bare paths. */
function bare(request: FuzzRequest): string {
  const prefix = prefixes.find((p) => request.url.startsWith(`/${p}/`));
  return prefix ? request.url.slice(prefix.length + 1) : request.url;
}

interface Finding {
  operationId: string;
  detail: string;
  status: number;
  violations: PrismViolation[];
  reproduce: string;
}

interface Judged {
  sent: number;
  byStatus: Record<string, number>;
  byOperation: Record<string, number>;
  /** Answers of the mock that Prism found off the spec. */
  violations: Finding[];
  /** Requests Prism refused or could not route itself, before the mock saw them. */
  refused: Finding[];
}

/** Sends each request through Prism and sorts what Prism reported. */
async function judgeThrough(prism: PrismProxy, requests: FuzzRequest[]): Promise<Judged> {
  const prismUrl = prism.url;
  const send = overHttp(prismUrl);
  const judged: Judged = { sent: 0, byStatus: {}, byOperation: {}, violations: [], refused: [] };
  for (const request of requests) {
    const once = () =>
      send({
        method: request.method,
        url: bare(request),
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

const mock = await startMockServer({ port: 0, contacts: 300, tokens: ['mock-token'] });
const hop = await prefixHop(mock.url, prefixes);
const strict = await startPrismProxy(hop.url, { errors: true });
const lenient = await startPrismProxy(hop.url, { errors: true, validateRequest: false });
console.log(
  `mock ${mock.url} ← hop ${hop.url} (adds ${prefixes.join(', ')}) ← prism proxy --errors ${strict.url} (and --validate-request false ${lenient.url})`,
);

let valid: Judged;
let invalid: Judged;
let canaryCaught = false;
let logged: string[] = [];
try {
  const context = await collectContext(overHttp(mock.url), TOKEN);
  // Every operation gets its share first, then the rest are drawn across the spec.
  const perOperation = operations.flatMap((op, i) =>
    fc.sample(
      operationRequest(op, context).filter((r) => r.expect === 'accept' && prismSurvives(r)),
      { seed: seed + i, numRuns: 5 },
    ),
  );
  const rest = fc.sample(
    fuzzRequest(context).filter((r) => r.expect === 'accept' && prismSurvives(r)),
    { seed, numRuns: Math.max(0, runs - perOperation.length) },
  );
  valid = await judgeThrough(strict, [...perOperation, ...rest]);

  // Broken requests, small ones (Prism buffers bodies; the size limits are tested elsewhere).
  const small = (r: FuzzRequest) =>
    r.expect !== 'accept' &&
    prismSurvives(r) &&
    !/huge|deep/.test(r.kind) &&
    (typeof r.body !== 'string' || r.body.length < 100_000);
  invalid = await judgeThrough(
    lenient,
    fc.sample(fuzzRequest(context).filter(small), {
      seed: seed + 1000,
      numRuns: Math.ceil(runs / 2),
    }),
  );

  // Prism's log, the third place it reports: no response violation may be logged either.
  logged = [...loggedResponseViolations(strict.log()), ...loggedResponseViolations(lenient.log())];

  // The canary: a broken answer that Prism must flag, or its silence above proves nothing.
  const canary = await overHttp(strict.url)({
    method: 'GET',
    url: '/contacts?limit=1',
    headers: { 'x-access-token': TOKEN, [CORRUPT_HEADER]: '1' },
  });
  canaryCaught = prismViolations(canary.headers, await canary.text()).length > 0;
} finally {
  await strict.close();
  await lenient.close();
  await hop.close();
  await mock.close();
}

const show = (f: Finding) =>
  `  ${f.operationId} · ${f.detail} → ${f.status}: ${f.violations.map((v) => `${v.location.join('.')} ${v.code}: ${v.message}`).join('; ')}\n    ${f.reproduce.slice(0, 300)}`;
const report = (title: string, j: Judged) => {
  console.log(
    `\n${title}: ${j.sent} requests, ${j.violations.length} answers with violations, ${j.refused.length} refused by Prism itself`,
  );
  console.log(`  statuses ${JSON.stringify(j.byStatus)}`);
  if (j.violations.length)
    console.log(
      `  violations in the mock's answers:\n${j.violations.slice(0, 30).map(show).join('\n')}`,
    );
  if (j.refused.length)
    console.log(`  refused by Prism:\n${j.refused.slice(0, 30).map(show).join('\n')}`);
};
report('requests the spec accepts (prism proxy --errors)', valid);
report('requests that break the spec (prism proxy --errors --validate-request false)', invalid);
console.log(
  `\nresponse violations in Prism's logs: ${logged.length}${logged.length ? `\n${logged.slice(0, 20).join('\n')}` : ''}`,
);
console.log(
  `canary (a broken answer injected by the hop): ${canaryCaught ? 'flagged by Prism' : 'NOT flagged — Prism is not checking answers'}`,
);

const violations = valid.violations.length + invalid.violations.length + logged.length;
if (!values['no-record']) {
  const summary = (j: Judged) => ({
    requests: j.sent,
    violations: j.violations.length,
    refusedByPrism: j.refused.length,
    byStatus: j.byStatus,
    first: [...j.violations, ...j.refused].slice(0, 10),
  });
  recordResults('prism', {
    requests: valid.sent + invalid.sent,
    violations,
    // Valid requests that Prism refused are a disagreement between Prism and the shared validator.
    refusedByPrism: valid.refused.length,
    canaryCaught,
    loggedViolations: logged.length,
    valid: summary(valid),
    invalid: summary(invalid),
    byOperation: valid.byOperation,
  });
}
const failed = violations > 0 || valid.refused.length > 0 || !canaryCaught;
console.log(failed ? 'FAILED: Prism reported violations' : 'passed: Prism reported no violations');
process.exit(failed ? 1 : 0);
