/**
 * The contract suite as vitest runs it: one test per check, named like the check, against the target
 * the environment names (see config.ts). A failing check's error lists its failures; a skipped one
 * carries its reason. After the run, the console summary is printed and, with CONTRACT_REPORT_DIR,
 * `contract-summary.json` (every check: pass, fail or skip and why) and `contract-findings.md` (the
 * probes' findings as a table) are written.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, it } from 'vitest';
import type { CheckResult } from './check.ts';
import { checks } from './checks/index.ts';
import { configFromEnv } from './config.ts';
import { send } from './http.ts';
import { openTarget, type OpenTarget } from './openTarget.ts';
import { findingsTable, formatResult, formatSummary, summaryOf } from './report.ts';
import { runCheck } from './run.ts';
import { createSamples, type Samples } from './samples.ts';

const config = configFromEnv();
let opened: OpenTarget | undefined;
let samples: Samples;
const results: CheckResult[] = [];

beforeAll(async () => {
  opened = await openTarget(config);
  const target = opened.target;
  samples = createSamples(target, (options) => send(target, options));
});

afterAll(async () => {
  if (!opened) return;
  console.log(formatSummary(results, opened.target));
  if (config.reportDir) {
    await mkdir(config.reportDir, { recursive: true });
    await writeFile(
      join(config.reportDir, 'contract-summary.json'),
      `${JSON.stringify(summaryOf(results, opened.target), null, 2)}\n`,
    );
    await writeFile(
      join(config.reportDir, 'contract-findings.md'),
      findingsTable(results, opened.target),
    );
  }
  await opened.close();
});

// Test names are the check names alone, so that CI can follow a check across runs and targets.
for (const check of checks) {
  it(check.name, async (test) => {
    const result = await runCheck(opened!.target, check, samples);
    results.push(result);
    if (result.status === 'skip') {
      // Printed inside the test, so that the JUnit report carries the reason beside the skip.
      console.log(`skipped: ${result.reason}`);
      test.skip(result.reason);
    }
    if (result.status === 'fail') throw new Error(formatResult(result));
  });
}
