/**
 * `--state FILE` under SIGKILL, and bad state files given at start. Spawns the CLI (no in-process
 * shortcut: the kill has to be real).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killRounds } from './crash-safety.ts';
import { runMockProcess, startMockProcess } from './mock-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'mock-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROUNDS = Number(process.env.RELIABILITY_KILLS ?? 4);

describe('crash safety of --state FILE', () => {
  it(`holds every acknowledged write after ${ROUNDS} SIGKILLs at random moments during writes`, async () => {
    const result = await killRounds({ statePath: join(dir, 'killed.json'), rounds: ROUNDS, seed: 6 });
    expect(result.problems).toEqual([]);
    expect(result.survived).toBe(ROUNDS);
    expect(result.acknowledged).toBeGreaterThan(ROUNDS);
  }, 120_000);

  // A state file written by another seed: valid JSON of the right format, but not this store's.
  const otherSeed = async () => {
    const path = join(dir, 'seed-2.json');
    const mock = await startMockProcess(['--state', path, '--seed', '2', '--contacts', '50', '--quiet']);
    const list = await fetch(`${mock.url}/v1/backend/contacts?limit=1`, { headers: { 'x-access-token': 'mock-token' } });
    const id = ((await list.json()) as { data: { id: string }[] }).data[0]!.id;
    await fetch(`${mock.url}/v1/backend/contacts/${id}`, {
      method: 'PUT',
      headers: { 'x-access-token': 'mock-token', 'content-type': 'application/json' },
      body: JSON.stringify({ first_name: 'seed two' }),
    });
    await mock.stop();
    return readFileSync(path);
  };

  const badFiles: [string, () => Buffer | Promise<Buffer>][] = [
    ['a truncated file', () => Buffer.from('{"format":"imbrace-contacts-mock/writes@1","seed":1,"contacts":50,"upd')],
    ['binary garbage', () => Buffer.from([0x00, 0xff, 0xfe, 0x7b, 0x0a, 0x80])],
    ['a foreign JSON file', () => Buffer.from(JSON.stringify({ name: 'some-other-app', version: '1.0.0', dependencies: {} }, null, 2))],
    ['a JSON array', () => Buffer.from('[1,2,3]')],
    ['the writes of another seed', otherSeed],
  ];

  it.each(badFiles)('refuses %s at start with a clear error and leaves it byte-for-byte unchanged', async (name, content) => {
    const path = join(dir, `${name.replaceAll(' ', '-')}.json`);
    const bytes = await content();
    writeFileSync(path, bytes);
    const exit = await runMockProcess(['--state', path, '--seed', '1', '--contacts', '50', '--quiet']);
    expect(exit.code, `exit code; stdout: ${exit.stdout}`).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(exit.stdout).not.toMatch(/listening on/);
    // The message names the file, so that the user knows which one to fix.
    expect(exit.stderr).toContain(path);
    expect(exit.stderr.trim().split('\n').length, exit.stderr).toBeLessThanOrEqual(3);
    expect(exit.stderr).not.toMatch(/^\s+at /m);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  }, 60_000);
});
