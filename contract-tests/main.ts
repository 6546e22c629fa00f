/**
 * `npm run test:contract`: the contract suite as a user and CI run it. Reads the environment
 * (config.ts), removes the reports of any earlier run, checks that the target answers and takes the
 * credentials, runs every check with one progress line each, then the property-based phase, and
 * writes the reports. Exits 0 when nothing failed, 1 when a check failed, 2 when the run could not
 * start, 130/143 when interrupted — and in every case leaves reports that describe this run.
 */
import { checks } from './checks/index.ts';
import type { CheckResult } from './check.ts';
import { configFromEnv, type SuiteConfig } from './config.ts';
import { coverageRecorder } from './coverage.ts';
import { fuzzPhase } from './generate/phase.ts';
import { openTarget, type OpenTarget } from './openTarget.ts';
import { preflight } from './preflight.ts';
import { redact } from './redact.ts';
import { describeTarget, formatCheckLine, formatDetails, formatTotals } from './report.ts';
import { removeStaleReports, writeReports, type RunRecord } from './reportFiles.ts';
import { runCheck } from './run.ts';
import { createSamples } from './samples.ts';
import { send } from './http.ts';
import { WRITE_OPERATIONS } from './writeOperations.ts';

const reportDir = process.env.CONTRACT_REPORT_DIR?.trim() || 'reports';
const startedAt = new Date();
const results: CheckResult[] = [];
const coverage = coverageRecorder();
let secrets: string[] = [process.env.CONTRACT_TOKEN ?? ''].filter(Boolean);
let opened: OpenTarget | undefined;
let config: SuiteConfig | undefined;

const say = (line: string) => console.log(redact(line, secrets));

removeStaleReports(reportDir);
// A closed stdout (`| head`) must not end the run before its reports are written.
process.stdout.on('error', () => {});

/** The reports for where the run is now, and the exit. */
function finish(state: RunRecord['state'], reason: string | undefined, code: number): never {
  const target = opened ? describeTarget(opened.target) : undefined;
  const why = (operationId: string) =>
    state !== 'complete'
      ? `the run ${state === 'interrupted' ? 'was interrupted' : 'did not start'}`
      : opened?.target.limits.writes !== undefined && WRITE_OPERATIONS.has(operationId)
        ? 'writes are off (CONTRACT_WRITES=0)'
        : 'no check sends it to this target (see the skipped checks)';
  writeReports(reportDir, {
    state,
    reason,
    target,
    startedAt,
    results,
    coverage: coverage.report(results, why),
    secrets,
  });
  process.exit(code);
}

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    const reason = `interrupted by ${signal} after ${results.length} of ${checks.length} checks`;
    say(`contract suite ${reason}; reports in ${reportDir}/ cover what ran`);
    finish('interrupted', reason, code);
  });
}

try {
  config = configFromEnv();
} catch (error) {
  const reason = `configuration: ${(error as Error).message}`;
  say(`contract suite did not start: ${reason}`);
  finish('not-started', reason, 2);
}
secrets = [config.token];
for (const note of config.notes) say(`note: ${note}`);
opened = await openTarget(config);
const target = { ...opened.target, record: coverage.record };
const info = describeTarget(target);
say(
  `contract suite: ${info.baseUrl}${info.prefix} (${info.kind}, writes ${info.writes ? 'on' : 'off'}, timeout ${config.timeoutMs} ms per request)`,
);

const ready = await preflight(target);
if (!ready.ok) {
  say(`contract suite did not start: ${ready.reason}`);
  await opened.close();
  finish('not-started', ready.reason, 2);
}
say(ready.line);

const samples = createSamples(target, (options) => send(target, options));
for (const check of checks) {
  const result = await runCheck(target, check, samples);
  results.push(result);
  say(formatCheckLine(result));
}
if (config.fuzzRuns > 0) {
  const result = await fuzzPhase(target, { runs: config.fuzzRuns, seed: config.seed });
  results.push(result);
  say(formatCheckLine(result));
}
for (const line of formatDetails(results)) say(line);
say('');
say(formatTotals(results));
await opened.close();
finish('complete', undefined, results.some((r) => r.status === 'fail') ? 1 : 0);
