/**
 * Against a remote target with writes off (the default), the suite changes nothing: the mock standing
 * in for the gateway records no write, and every mutating check is skipped with the reason.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checks } from './checks/index.ts';
import { startFixtureMock, type FixtureMock } from './fixtures/mockTarget.ts';
import { formatResult } from './report.ts';
import { runChecks } from './run.ts';
import { KIND_LIMITS, WRITES_OFF } from './target.ts';

let mock: FixtureMock;
beforeAll(async () => {
  mock = await startFixtureMock();
});
afterAll(async () => {
  await mock?.close();
});

it('a read-only run against a remote target writes nothing and passes', async () => {
  mock.reset();
  const before = JSON.stringify(mock.writes());
  const results = await runChecks(
    mock.target(undefined, {
      kind: 'remote',
      limits: { ...KIND_LIMITS.remote, writes: WRITES_OFF },
    }),
    checks,
  );
  expect(JSON.stringify(mock.writes())).toBe(before);
  expect(results.filter((r) => r.status === 'fail').map(formatResult)).toEqual([]);
  expect(results.filter((r) => r.status === 'skip').map((r) => [r.name, r.reason])).toEqual(
    [
      'updateReadBack',
      'contactLifecycle',
      'commentReadBack',
      'markReadEffect',
      'dismissRemoves',
      'uploadAnswersUrl',
      'probeNotificationBodyForms',
      'dismissAllEmpties',
    ].map((name) => [name, WRITES_OFF]),
  );
});
