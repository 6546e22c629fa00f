/**
 * `--state FILE` under SIGKILL, and bad state files given at start. Spawns the CLI (no in-process
 * shortcut: the kill has to be real).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BAD_STATE_FILES, killRounds, refuseBadStateFile } from './crash-safety.ts';

const dir = mkdtempSync(join(tmpdir(), 'mock-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROUNDS = Number(process.env.RELIABILITY_KILLS ?? 4);

describe('crash safety of --state FILE', () => {
  it(`holds every acknowledged write and no refused one after ${ROUNDS} SIGKILLs at random moments during writes`, async () => {
    const result = await killRounds({
      statePath: join(dir, 'killed.json'),
      rounds: ROUNDS,
      seed: 6,
    });
    expect(result.problems).toEqual([]);
    expect(result.survived).toBe(ROUNDS);
    expect(result.acknowledged).toBeGreaterThan(ROUNDS);
    expect(result.refused).toBeGreaterThan(0);
    // Every kill landed while writes were on the wire.
    expect(result.inFlight).toBeGreaterThanOrEqual(ROUNDS);
  }, 120_000);

  it.concurrent.each(BAD_STATE_FILES)(
    'refuses %s at start with a clear error and leaves it byte-for-byte unchanged',
    async (name, make) => {
      expect(await refuseBadStateFile(dir, name, make)).toEqual([]);
    },
    60_000,
  );
});
