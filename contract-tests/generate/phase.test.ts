/**
 * The property-based phase: it passes against the correct mock, finds a planted 5xx that only a rare
 * parameter value triggers and prints the minimal request as a curl with the token redacted, replays
 * the same run from the same seed, and sends nothing that writes while writes are off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faults } from '../fixtures/faults.ts';
import { startFixtureMock, type FixtureMock } from '../fixtures/mockTarget.ts';
import { formatResult } from '../report.ts';
import { WRITES_OFF } from '../target.ts';
import { WRITE_OPERATIONS } from '../writeOperations.ts';
import { fuzzPhase } from './phase.ts';
import { PROTOTYPE_KEYS } from './schema-values.ts';

const TOKEN = 'acc_phase-test-secret-token';
let mock: FixtureMock;
beforeAll(async () => {
  mock = await startFixtureMock(TOKEN);
});
afterAll(async () => {
  await mock?.close();
});

describe('fuzzPhase', () => {
  it('passes against the correct mock', async () => {
    mock.reset();
    const result = await fuzzPhase(mock.target(), { runs: 300, seed: 11 });
    expect(result.status, formatResult(result)).toBe('pass');
    expect(result.notes[0]).toBe(
      '300 requests, seed 11 (CONTRACT_SEED=11 CONTRACT_FUZZ=300 replays them)',
    );
  });

  it('finds a planted 5xx on a rare parameter value and prints the minimal request as curl, token redacted', async () => {
    mock.reset();
    const result = await fuzzPhase(mock.target(faults.prototypeLookup500), { runs: 300, seed: 11 });
    expect(result.status).toBe('fail');
    const [failure] = result.failures;
    expect(failure!.title).toBe('Server error (generated request)');
    expect(failure!.received).toMatch(/^500 /);
    const curl = failure!.request;
    expect(curl).toMatch(
      /^curl -X GET 'http:\/\/127\.0\.0\.1:\d+\/v1\/backend\/[^']+' -H 'x-access-token: \[REDACTED\]'$/,
    );
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    // Shrunk: one query parameter, and its value is the one that breaks the server.
    const query = new URL(curl.split("'")[1]!).searchParams;
    expect([...query.keys()]).toHaveLength(1);
    expect(PROTOTYPE_KEYS).toContain([...query.values()][0]);
    expect(failure!.details).toContain('replay: CONTRACT_SEED=11 CONTRACT_FUZZ=300');

    mock.reset();
    const replay = await fuzzPhase(mock.target(faults.prototypeLookup500), { runs: 300, seed: 11 });
    expect(replay.failures[0]!.request).toBe(curl);
  });

  it('with writes off, sends only operations that change nothing', async () => {
    mock.reset();
    const before = JSON.stringify(mock.writes());
    const sent = new Set<string>();
    const target = {
      ...mock.target(undefined, { limits: { writes: WRITES_OFF } }),
      record: (e: { operationId: string }) => void sent.add(e.operationId),
    };
    const result = await fuzzPhase(target, { runs: 200, seed: 3 });
    expect(result.status, formatResult(result)).toBe('pass');
    expect(sent.size).toBeGreaterThan(5);
    expect([...sent].filter((op) => WRITE_OPERATIONS.has(op))).toEqual([]);
    expect(JSON.stringify(mock.writes())).toBe(before);
  });
});
