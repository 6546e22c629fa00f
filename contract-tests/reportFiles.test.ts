import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from './check.ts';
import {
  junitOf,
  removeStaleReports,
  REPORT_FILES,
  writeReports,
  xml,
  type RunRecord,
} from './reportFiles.ts';

const pass: CheckResult = {
  name: 'a',
  status: 'pass',
  failures: [],
  findings: [],
  notes: [],
  durationMs: 5,
};
const fail: CheckResult = {
  ...pass,
  name: 'b',
  status: 'fail',
  failures: [
    {
      title: 'T <&>',
      operation: 'GET /x',
      request: 'GET http://h/x',
      received: '"r"',
      documented: "'d'",
    },
  ],
};
const run = (over: Partial<RunRecord> = {}): RunRecord => ({
  state: 'complete',
  startedAt: new Date(),
  results: [pass, fail],
  secrets: ['s3cret-token'],
  ...over,
});

describe('xml', () => {
  it('escapes the five entities and drops characters XML cannot hold', () => {
    expect(xml(`<a b="c" d='e'>&\u0000\u001b[31m`)).toBe(
      '&lt;a b=&quot;c&quot; d=&apos;e&apos;&gt;&amp;[31m',
    );
  });
});

describe('junitOf', () => {
  it('one test case per check, failures with their text', () => {
    const junit = junitOf(run());
    expect(junit).toContain(
      '<testsuites name="contract" tests="2" failures="1" errors="0" skipped="0"',
    );
    expect(junit).toContain('<testcase classname="contract" name="a" time="0.005"></testcase>');
    expect(junit).toContain('<failure message="1 failure" type="contract">✗ b — T &lt;&amp;&gt;');
  });

  it.each([
    ['not-started', 'preflight'],
    ['interrupted', 'interrupted'],
  ] as const)('a run %s adds one failing case named %s, saying why', (state, name) => {
    const junit = junitOf(run({ state, reason: 'why it stopped', results: [] }));
    expect(junit).toContain(`tests="1" failures="1"`);
    expect(junit).toContain(`<testcase classname="contract" name="${name}" time="0">`);
    expect(junit).toContain(
      `<failure message="why it stopped" type="${name}">why it stopped</failure>`,
    );
  });
});

describe('writeReports', () => {
  it('writes every report whole, leaves no temporary file, and redacts the secrets', () => {
    const dir = mkdtempSync(join(tmpdir(), 'contract-reports-'));
    writeReports(dir, run({ reason: 'token s3cret-token refused', state: 'not-started' }));
    expect(readdirSync(dir).sort()).toEqual(
      [REPORT_FILES.junit, REPORT_FILES.findings, REPORT_FILES.summary].sort(),
    );
    const summary = readFileSync(join(dir, REPORT_FILES.summary), 'utf8');
    expect(JSON.parse(summary)).toMatchObject({
      state: 'not-started',
      reason: 'token [REDACTED] refused',
    });
    for (const name of readdirSync(dir))
      expect(readFileSync(join(dir, name), 'utf8')).not.toContain('s3cret-token');
  });

  it('removeStaleReports removes what an earlier run left', () => {
    const dir = mkdtempSync(join(tmpdir(), 'contract-reports-'));
    for (const name of Object.values(REPORT_FILES)) writeFileSync(join(dir, name), 'old');
    writeFileSync(join(dir, 'other.txt'), 'kept');
    removeStaleReports(dir);
    expect(readdirSync(dir)).toEqual(['other.txt']);
    expect(existsSync(join(dir, REPORT_FILES.junit))).toBe(false);
  });
});
