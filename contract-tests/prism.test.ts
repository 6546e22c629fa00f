/**
 * The suite against a server that is not ours: Prism's mock of the same spec, as `npm run
 * test:contract:prism` runs it. Every check that Prism can be held to passes; the ones needing what
 * Prism lacks (state, real credentials, the prefixes, strict request checks) skip with that reason,
 * and the SDK-only operations are probed and answer values that fit the spec.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSuitePrism } from '../scripts/contract-prism.ts';
import { freePort } from '../scripts/lib/free-port.ts';
import { checks } from './checks/index.ts';
import { configFromEnv } from './config.ts';
import { formatResult } from './report.ts';
import { openTarget, type OpenTarget } from './openTarget.ts';
import { runChecks } from './run.ts';
import { KIND_LIMITS } from './target.ts';

let prism: ChildProcess | undefined;
let opened: OpenTarget;
beforeAll(async () => {
  const port = await freePort();
  prism = await startSuitePrism(port);
  const config = configFromEnv({
    CONTRACT_BASE_URL: `http://127.0.0.1:${port}`,
    CONTRACT_TARGET: 'prism',
    CONTRACT_PREFIX: '',
    CONTRACT_WRITES: '1',
  });
  opened = await openTarget(config);
}, 90_000);
afterAll(async () => {
  await opened?.close();
  prism?.kill();
});

describe('the contract suite against Prism', () => {
  it("passes every check Prism can be held to and skips the others for Prism's own reasons", async () => {
    const results = await runChecks(opened.target, checks);
    expect(results.filter((r) => r.status === 'fail').map(formatResult)).toEqual([]);
    const reasons = Object.values(KIND_LIMITS.prism);
    const skipped = results.filter((r) => r.status === 'skip');
    expect(skipped.length).toBeGreaterThan(0);
    for (const result of skipped)
      expect(
        reasons.some((reason) => result.reason?.includes(reason)),
        `${result.name}: ${result.reason}`,
      ).toBe(true);
    expect(results.filter((r) => r.status === 'pass').map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'statusCodeConformance',
        'responseSchemaConformance',
        'negativeDataRejection',
        'probeExtraOperations',
      ]),
    );
  }, 90_000);

  it('gets answers that fit the spec from every SDK-only operation (the illustrative examples)', async () => {
    const [extra] = await runChecks(
      opened.target,
      checks.filter((c) => c.name === 'probeExtraOperations'),
    );
    const findings = extra!.findings;
    expect(findings.length).toBeGreaterThan(10);
    expect(
      findings
        .filter((f) => !f.answer.includes('(fits the spec)'))
        .map((f) => `${f.operation} [${f.form}]: ${f.answer}`),
    ).toEqual([]);
  }, 90_000);
});
