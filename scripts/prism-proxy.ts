/**
 * `npm run test:prism-proxy`: Prism's validating proxy as a second judge. The mock listens on a free
 * port; Prism (`prism proxy <spec> <hop> --errors`) sits in front of a small hop that adds the gateway
 * prefix (Prism ignores `servers` and drops an upstream's path, see `reliability/prism.ts`). Generated
 * requests that the spec accepts go through Prism, for every operation; Prism checks each answer of
 * the mock. Any violation Prism reports fails the run. Figures go to `scripts/results/reliability.json`.
 *
 *   npm run test:prism-proxy -- [--runs 600] [--seed 7] [--no-record]
 */
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { startMockServer } from '../mock/server.ts';
import { operations } from '../openapi/validator.ts';
import { fuzzRequest, operationRequest, prefixes, type FuzzRequest } from './reliability/fuzz-requests.ts';
import { collectContext, overHttp, reproduce } from './reliability/fuzz-run.ts';
import { prefixHop, prismViolations, startPrismProxy, type PrismViolation } from './reliability/prism.ts';
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

/** The request without its gateway prefix: Prism routes on the spec's bare paths. */
function bare(request: FuzzRequest): string {
  const prefix = prefixes.find((p) => request.url.startsWith(`/${p}/`));
  return prefix ? request.url.slice(prefix.length + 1) : request.url;
}

const mock = await startMockServer({ port: 0, contacts: 300 });
const hop = await prefixHop(mock.url, prefixes);
const prism = await startPrismProxy(hop.url, { errors: true });
console.log(`mock ${mock.url} ← hop ${hop.url} (adds ${prefixes.join(', ')}) ← prism proxy --errors ${prism.url}`);

interface Finding {
  operationId: string;
  status: number;
  violations: PrismViolation[];
  reproduce: string;
}
const findings: Finding[] = [];
const refusedByPrism: Finding[] = [];
const byStatus: Record<string, number> = {};
const byOperation: Record<string, number> = {};
let sent = 0;

try {
  const context = await collectContext(overHttp(mock.url), TOKEN);
  // Valid requests only: Prism refuses an invalid one itself, so it never reaches the mock. Every
  // operation gets its share first, then the rest are drawn across the spec.
  const perOperation = operations.flatMap((op, i) =>
    fc.sample(operationRequest(op, context).filter((r) => r.expect === 'accept'), { seed: seed + i, numRuns: 5 }),
  );
  const rest = fc.sample(fuzzRequest(context).filter((r) => r.expect === 'accept'), { seed, numRuns: Math.max(0, runs - perOperation.length) });
  const send = overHttp(prism.url);
  for (const request of [...perOperation, ...rest]) {
    const response = await send({ method: request.method, url: bare(request), headers: request.headers, body: request.body as BodyInit | undefined });
    const text = await response.text();
    sent++;
    byStatus[response.status] = (byStatus[response.status] ?? 0) + 1;
    byOperation[request.operationId] = (byOperation[request.operationId] ?? 0) + 1;
    const violations = prismViolations(response.headers, text);
    if (violations.length === 0 && response.status < 500) continue;
    const finding = { operationId: request.operationId, status: response.status, violations, reproduce: reproduce(request, prism.url) };
    // A request Prism itself refuses (422, or a violation located in the request) is a disagreement
    // between Prism and the shared validator about the request, not a fault of the mock's answer.
    if (response.status === 422 || violations.every((v) => v.location[0] === 'request')) refusedByPrism.push(finding);
    else findings.push(finding);
  }
} finally {
  await prism.close();
  await hop.close();
  await mock.close();
}

const show = (f: Finding) =>
  `  ${f.operationId} → ${f.status}: ${f.violations.map((v) => `${v.location.join('.')} ${v.code}: ${v.message}`).join('; ') || '(no violation list)'}\n    ${f.reproduce}`;
console.log(`\nprism proxy: ${sent} requests, ${findings.length} answers with violations, ${refusedByPrism.length} requests refused by Prism`);
console.log('statuses:', JSON.stringify(byStatus));
if (findings.length) console.log(`violations in the mock's answers:\n${findings.slice(0, 30).map(show).join('\n')}`);
if (refusedByPrism.length) console.log(`requests Prism refused (its reading of the spec differs from the shared validator):\n${refusedByPrism.slice(0, 30).map(show).join('\n')}`);

if (!values['no-record']) {
  recordResults('prism', {
    requests: sent,
    violations: findings.length,
    refusedByPrism: refusedByPrism.length,
    byStatus,
    byOperation,
    firstViolations: findings.slice(0, 20),
    firstRefusals: refusedByPrism.slice(0, 20),
  });
}
const failed = findings.length + refusedByPrism.length > 0;
console.log(failed ? 'FAILED: Prism reported violations' : 'passed: Prism reported no violations');
process.exit(failed ? 1 : 0);
