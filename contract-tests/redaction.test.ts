/**
 * The token never leaves a run: not in results, the console summary, the JSON summary or a failing
 * test's error, even when the target echoes it back in every error body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checks } from './checks/index.ts';
import { faults } from './fixtures/faults.ts';
import { startFixtureMock, type FixtureMock } from './fixtures/mockTarget.ts';
import { redact, REDACTED } from './redact.ts';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coverageRecorder } from './coverage.ts';
import { describeTarget, findingsTable, formatResult, formatSummary } from './report.ts';
import { writeReports } from './reportFiles.ts';
import { runChecks } from './run.ts';

const SECRET = 'acc_5ecret-token-that/must+never=leak';

describe('redact', () => {
  it.each([
    { name: 'plain', input: `token ${SECRET} here`, expected: `token ${REDACTED} here` },
    { name: 'URL-encoded', input: `?t=${encodeURIComponent(SECRET)}`, expected: `?t=${REDACTED}` },
    { name: 'JSON-escaped', input: JSON.stringify({ t: SECRET }), expected: `{"t":"${REDACTED}"}` },
    { name: 'absent', input: 'nothing secret', expected: 'nothing secret' },
  ])('$name', ({ input, expected }) => {
    expect(redact(input, [SECRET])).toBe(expected);
  });
});

describe('a target that echoes the token', () => {
  let mock: FixtureMock;
  beforeAll(async () => {
    mock = await startFixtureMock(SECRET);
  });
  afterAll(async () => {
    await mock?.close();
  });

  it('never gets it into a report', async () => {
    const target = mock.target(faults.tokenEcho);
    const results = await runChecks(target, checks);
    // Every report file as the run writes it (the runner's own results carry a coverage report too).
    const dir = mkdtempSync(join(tmpdir(), 'contract-redaction-'));
    const coverage = coverageRecorder();
    coverage.record({ operationId: 'listContacts', status: 200, parameters: [], forms: [SECRET] });
    writeReports(dir, {
      state: 'complete',
      target: describeTarget(target),
      startedAt: new Date(),
      results,
      coverage: coverage.report(results, () => SECRET),
      secrets: [SECRET],
    });
    const outputs = [
      JSON.stringify(results),
      formatSummary(results, target),
      findingsTable(results, target),
      ...results.map(formatResult),
      ...readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8')),
    ];
    expect(readdirSync(dir)).toHaveLength(5);
    // The echo reached the reports (so the test can fail) and was redacted there.
    expect(results.some((r) => r.status === 'fail')).toBe(true);
    expect(outputs.join('\n')).toContain(REDACTED);
    for (const output of outputs) {
      expect(output).not.toContain(SECRET);
      expect(output).not.toContain(encodeURIComponent(SECRET));
    }
  });
});
