/**
 * `npm run fuzz`: the long spec-driven fuzz run. Sends `--runs` generated requests in-process to a mock
 * with 300 contacts, then a tenth as many over a real port (through `@hono/node-server`), prints the
 * counts and the violations, records them in `scripts/results/reliability.json`, and exits 1 on any
 * violation.
 *
 *   npm run fuzz -- [--runs 50000] [--seed 20261125] [--http-runs N] [--no-record]
 */
import { parseArgs } from 'node:util';
import { createMockApp } from '../mock/app.ts';
import {
  collectContext,
  formatStats,
  fuzzOverHttp,
  inProcess,
  runFuzz,
  type FuzzStats,
} from './reliability/fuzz-run.ts';
import { recordResults } from './reliability/results.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '50000' },
    seed: { type: 'string', default: '20261125' },
    'http-runs': { type: 'string' },
    'no-record': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const seed = Number(values.seed);
const httpRuns = Number(values['http-runs'] ?? Math.ceil(runs / 10));
const TOKEN = 'mock-token';

const progress = (label: string, total: number) => (done: number) => {
  if (done % 5000 === 0 || done === total) process.stderr.write(`${label}: ${done}/${total}\n`);
};

const { app } = createMockApp({ contacts: 300, tokens: [TOKEN] });
const send = inProcess(app);
const inProcessStats = await runFuzz({
  send,
  context: await collectContext(send, TOKEN),
  seed,
  runs,
  progress: progress('in-process', runs),
});
console.log(formatStats(inProcessStats));

const { url, stats: httpStats } = await fuzzOverHttp(TOKEN, {
  seed: seed + 1,
  runs: httpRuns,
  progress: progress('over HTTP', httpRuns),
});
console.log(`\nover HTTP (${url}):\n${formatStats(httpStats)}`);

const summary = (s: FuzzStats) => ({
  seed: s.seed,
  requests: s.requests,
  violations: s.violationCount,
  violatingRequests: s.violatingRequests,
  stillAnswering: s.stillAnswering,
  ms: s.ms,
  byKind: s.byKind,
  byStatus: s.byStatus,
  byExpectation: s.byExpectation,
  firstViolations: s.violations.slice(0, 20),
});
if (!values['no-record'])
  recordResults('fuzz', { inProcess: summary(inProcessStats), overHttp: summary(httpStats) });

const failed =
  inProcessStats.violationCount + httpStats.violationCount > 0 ||
  !inProcessStats.stillAnswering ||
  !httpStats.stillAnswering;
console.log(
  `\nfuzz: ${inProcessStats.requests + httpStats.requests} requests, ${inProcessStats.violationCount + httpStats.violationCount} violations — ${failed ? 'FAILED' : 'passed'}`,
);
process.exit(failed ? 1 : 0);
