/**
 * The bounded fuzz run of `npm test`: a fixed seed, a few thousand requests generated from the spec,
 * sent in-process to a small mock. `npm run fuzz` runs the long version.
 */
import { describe, expect, it } from 'vitest';
import { createMockApp } from '../../mock/app.ts';
import { operations } from '../../openapi/spec.ts';
import {
  collectContext,
  formatStats,
  fuzzOverHttp,
  inProcess,
  runFuzz,
  type FuzzStats,
} from './fuzz-run.ts';

const SEED = 20261125;
const RUNS = 4000;
const HTTP_RUNS = 500;
// Given explicitly: the wrong-token requests need a mock that restricts tokens.
const TOKEN = 'mock-token';

/** One line per kind of failure, with a request that reproduces it. */
function distinctViolations(stats: FuzzStats): string[] {
  const distinct = new Map(
    stats.violations.map((v) => [
      `${v.check} · ${v.detail} → ${v.status}`,
      `${v.message.slice(0, 200)}\n  ${v.reproduce.slice(0, 400)}`,
    ]),
  );
  return [...distinct].map(([key, example]) => `${key}: ${example}`);
}

describe('spec-driven fuzzing of the mock', () => {
  it(`answers ${RUNS} generated requests with documented statuses and spec-valid bodies, and keeps answering`, async () => {
    const { app } = createMockApp({ contacts: 300, tokens: [TOKEN] });
    const send = inProcess(app);
    const context = await collectContext(send, TOKEN);
    expect(
      context.known.contact_id?.length,
      'the mock lists contacts to aim valid requests at',
    ).toBeGreaterThan(0);

    const stats = await runFuzz({ send, context, seed: SEED, runs: RUNS });
    console.log(formatStats(stats));

    expect(stats.requests).toBe(RUNS);
    expect(Object.keys(stats.byOperation).sort()).toEqual(
      operations.map((op) => op.operationId).sort(),
    );
    // Every family of request was sent, valid ones and each kind of broken one.
    for (const kind of [
      'valid',
      'query.constraint',
      'path.constraint',
      'body.constraint',
      'body.broken-json',
      'body.content-type',
      'body.prototype-keys',
      'auth',
      'upload.name',
    ]) {
      expect(stats.byKind[kind] ?? 0, kind).toBeGreaterThan(0);
    }
    expect(distinctViolations(stats)).toEqual([]);
    expect(stats.stillAnswering).toBe(true);
    // Bodies with `__proto__`, `constructor` and `prototype` keys were sent in-process (counted above): nothing leaked.
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.prototype).not.toHaveProperty('isAdmin');
  });

  it(`answers ${HTTP_RUNS} generated requests over a real port, and the process keeps answering`, async () => {
    const { stats } = await fuzzOverHttp(TOKEN, { seed: SEED + 1, runs: HTTP_RUNS });
    console.log(formatStats(stats));
    expect(stats.byStatus['no answer'] ?? 0, 'requests that got no answer').toBe(0);
    expect(distinctViolations(stats)).toEqual([]);
    expect(stats.stillAnswering).toBe(true);
  });
});
