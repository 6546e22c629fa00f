/**
 * The files a run leaves for CI: JUnit, the JSON summary, the findings table and the coverage report.
 * Each is written whole to a temporary file and renamed over the old one, so a reader never sees a
 * half-written or 0-byte file; the files of an earlier run are removed when a run starts, so none can
 * be taken for this run's.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult } from './check.ts';
import type { Coverage } from './coverage.ts';
import { coverageMarkdown } from './coverage.ts';
import { redact, redactDeep } from './redact.ts';
import { countsOf, findingsTable, formatResult, type TargetInfo } from './report.ts';

export const REPORT_FILES = Object.freeze({
  junit: 'contract-junit.xml',
  summary: 'contract-summary.json',
  findings: 'contract-findings.md',
  coverageJson: 'contract-coverage.json',
  coverageMarkdown: 'contract-coverage.md',
});

/** How far a run got: all its checks, stopped by a signal, or not started (configuration, preflight). */
export type RunState = 'complete' | 'interrupted' | 'not-started';

export interface RunRecord {
  state: RunState;
  /** Why the run is interrupted or did not start. */
  reason?: string;
  target?: TargetInfo;
  startedAt: Date;
  results: readonly CheckResult[];
  coverage?: Coverage;
  /** The secrets no file may carry. */
  secrets: readonly string[];
}

/** Removes every report file a previous run may have left. */
export function removeStaleReports(dir: string): void {
  for (const name of Object.values(REPORT_FILES)) rmSync(join(dir, name), { force: true });
}

/** Writes `text` to `path` through a temporary file in the same folder and one rename. */
function writeReportAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** Every report of the run; synchronous, so a signal handler can call it before exiting. */
export function writeReports(dir: string, run: RunRecord): void {
  mkdirSync(dir, { recursive: true });
  const clean = (text: string) => redact(text, run.secrets);
  writeReportAtomically(join(dir, REPORT_FILES.junit), clean(junitOf(run)));
  writeReportAtomically(
    join(dir, REPORT_FILES.summary),
    `${JSON.stringify(redactDeep(summaryJson(run), run.secrets), null, 2)}\n`,
  );
  writeReportAtomically(
    join(dir, REPORT_FILES.findings),
    clean(run.target ? findingsTable(run.results, run.target) : `No findings: ${run.reason}\n`),
  );
  if (run.coverage) {
    writeReportAtomically(
      join(dir, REPORT_FILES.coverageJson),
      `${JSON.stringify(redactDeep(run.coverage, run.secrets), null, 2)}\n`,
    );
    writeReportAtomically(
      join(dir, REPORT_FILES.coverageMarkdown),
      clean(coverageMarkdown(run.coverage)),
    );
  }
}

export function summaryJson(run: RunRecord) {
  return {
    state: run.state,
    ...(run.reason ? { reason: run.reason } : {}),
    target: run.target ?? null,
    startedAt: run.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    totals: countsOf(run.results),
    checks: run.results,
  };
}

/** JUnit XML: one test case per check; a run that did not start or was interrupted adds one failing case saying so. */
export function junitOf(run: RunRecord): string {
  const cases = run.results.map((r) => {
    const open = `    <testcase classname="contract" name="${xml(r.name)}" time="${seconds(r.durationMs)}">`;
    if (r.status === 'pass') return `${open}</testcase>`;
    if (r.status === 'skip') return `${open}<skipped message="${xml(r.reason ?? '')}"/></testcase>`;
    const message = `${r.failures.length} failure${r.failures.length === 1 ? '' : 's'}`;
    return `${open}\n      <failure message="${xml(message)}" type="contract">${xml(formatResult(r))}</failure>\n    </testcase>`;
  });
  if (run.state !== 'complete') {
    const name = run.state === 'interrupted' ? 'interrupted' : 'preflight';
    cases.push(
      `    <testcase classname="contract" name="${name}" time="0">\n      <failure message="${xml(run.reason ?? name)}" type="${name}">${xml(run.reason ?? name)}</failure>\n    </testcase>`,
    );
  }
  const failures =
    run.results.filter((r) => r.status === 'fail').length + (run.state === 'complete' ? 0 : 1);
  const skipped = run.results.filter((r) => r.status === 'skip').length;
  const time = seconds(Date.now() - run.startedAt.getTime());
  const attributes = `tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="contract" ${attributes}>`,
    `  <testsuite name="contract" timestamp="${run.startedAt.toISOString()}" ${attributes}>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** Text as XML content or attribute: the five entities escaped, characters XML cannot hold dropped. */
export function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
