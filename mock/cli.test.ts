import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
});

function run(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = once(child, 'exit').then(([code]) => ({ code: code as number, stdout, stderr }));
  return { child, exited, output: () => stdout };
}

describe('the CLI', () => {
  it('--help lists every flag with its default', async () => {
    const { code, stdout } = await run(['--help']).exited;
    expect(code).toBe(0);
    for (const flag of [
      '--port',
      '--host',
      '--seed',
      '--contacts',
      '--token',
      '--latency',
      '--state',
      '--max-uploads',
      '--max-records',
      '--not-found-status',
      '--quiet',
      '--help',
    ]) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toMatch(/--port.*4010/);
    expect(stdout).toMatch(/--contacts.*65681/);
    expect(stdout).toMatch(/--max-uploads.*268435456/);
    expect(stdout).toMatch(/--max-records.*100000/);
  });

  it.each([
    [['--port', 'abc'], /--port must be an integer from 0 to 65535 \(got "abc"\)/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['--not-found-status', '500'], /--not-found-status must be 400 or 404/],
  ])('%j is a one-line error and exit code 2', async (args, message) => {
    const { code, stderr } = await run(args).exited;
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('starts, prints how to use it, answers, and refuses a taken port', async () => {
    const { child, output } = run([
      '--port',
      '0',
      '--contacts',
      '50',
      '--seed',
      '3',
      '--token',
      'tok-1',
      '--token',
      'tok-2',
    ]);
    while (!output().includes('curl')) await new Promise((r) => setTimeout(r, 50));
    const url = /listening on (http:\/\/\S+)/.exec(output())![1]!;
    expect(output()).toMatch(/seed 3, 50 contacts/);
    expect(output()).toContain(
      `curl -H 'x-access-token: tok-1' '${url}/v1/backend/contacts?limit=10&skip=0&sort=-created_at'`,
    );
    expect(output()).toContain(`${url}/docs`);
    expect((await fetch(`${url}/docs`)).status).toBe(200);
    const res = await fetch(`${url}/v1/backend/contacts?limit=1`, {
      headers: { 'x-access-token': 'tok-2' },
    });
    expect(res.status).toBe(200);
    while (!output().includes('GET /v1/backend/contacts 200'))
      await new Promise((r) => setTimeout(r, 20));
    // The line the benchmark waits for, printed once the background build is done, and only once:
    // not again after a reset, which builds the indexes again.
    while (!output().includes('indexes ready')) await new Promise((r) => setTimeout(r, 20));
    expect(
      (
        await fetch(`${url}/__mock/reset`, {
          method: 'POST',
          headers: { 'x-access-token': 'tok-1' },
        })
      ).status,
    ).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(
      output().match(
        /^indexes ready: every sort and the search built in the background in \d+\.\d s$/gm,
      ),
    ).toHaveLength(1);

    const taken = await run(['--port', new URL(url).port]).exited;
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/port \d+ on 127\.0\.0\.1 is already in use/);
    child.kill('SIGTERM');
    expect((await once(child, 'exit'))[0]).toBe(0);
  });

  it('reports a bad state file in one line', async () => {
    const { code, stderr } = await run([
      '--port',
      '0',
      '--contacts',
      '10',
      '--state',
      '/proc/version',
    ]).exited;
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
