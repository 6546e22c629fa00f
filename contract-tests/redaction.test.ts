/**
 * The token never leaves a run: not in results, the console summary, the JSON summary or a failing
 * test's error, even when the target echoes it back in every error body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checks } from './checks/index.ts';
import { faults } from './fixtures/faults.ts';
import { startFixtureMock, type FixtureMock } from './fixtures/mockTarget.ts';
import { redact, REDACTED } from './redact.ts';
import { findingsTable, formatResult, formatSummary, summaryOf } from './report.ts';
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
    const outputs = [
      JSON.stringify(results),
      formatSummary(results, target),
      JSON.stringify(summaryOf(results, target)),
      findingsTable(results, target),
      ...results.map(formatResult),
    ];
    // The echo reached the reports (so the test can fail) and was redacted there.
    expect(results.some((r) => r.status === 'fail')).toBe(true);
    expect(outputs.join('\n')).toContain(REDACTED);
    for (const output of outputs) {
      expect(output).not.toContain(SECRET);
      expect(output).not.toContain(encodeURIComponent(SECRET));
    }
  });
});
