import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { banner } from './banner.ts';
import { FLAGS, helpText, parseFlags } from './cli-flags.ts';
import { isLoopbackUrl } from './server.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const children: ChildProcess[] = [];
const folders: string[] = [];
afterAll(() => {
  // Each child leads its own process group: what it started (npm's shell, node) goes with it.
  for (const child of children) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {}
  }
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** Spawns `command` and collects its output; `waitFor` resolves once stdout matches. */
function start(command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
    stdout,
    stderr,
  }));
  const waitFor = async (pattern: RegExp) => {
    while (!pattern.test(stdout)) {
      if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${stdout}${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return pattern.exec(stdout)!;
  };
  return { child, exited, waitFor, output: () => stdout };
}

const run = (args: string[], env?: NodeJS.ProcessEnv) =>
  start(process.execPath, ['--import', 'tsx', CLI, ...args], env);

/** Whether something accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('parseFlags', () => {
  const good: [string, string[], Record<string, string>, object][] = [
    ['defaults', [], {}, { port: 4010, host: '127.0.0.1', tokens: undefined, quiet: false }],
    ['-p', ['-p', '0'], {}, { port: 0 }],
    ['--port=N', ['--port=5000'], {}, { port: 5000 }],
    ['PORT', [], { PORT: '8080' }, { port: 8080 }],
    ['a flag wins over PORT', ['--port', '9000'], { PORT: '8080' }, { port: 9000 }],
    ['every --token', ['--token', 'a', '--token=b'], {}, { tokens: ['a', 'b'] }],
    ['-h', ['-h'], {}, { help: true }],
    ['--version', ['--version'], {}, { version: true }],
    ['--max-workspaces', ['--max-workspaces', '3'], {}, { maxWorkspaces: 3 }],
    [
      'the rest',
      [
        '--contacts',
        '5',
        '--latency',
        '0',
        '--state',
        'f.json',
        '--public-url',
        'https://m.example/x',
        '--not-found-status',
        '404',
        '--quiet',
      ],
      {},
      {
        contacts: 5,
        latency: 0,
        statePath: 'f.json',
        publicUrl: 'https://m.example/x',
        notFoundStatus: 404,
        quiet: true,
      },
    ],
  ];
  it.each(good)('%s', (_name, argv, env, want) =>
    expect(parseFlags(argv, env)).toMatchObject(want),
  );

  const bad: [string[], Record<string, string>, string][] = [
    [['--contacts', '-5'], {}, '--contacts must be an integer from 0 to 10000000 (got "-5")'],
    [['--latency', '-1'], {}, '--latency must be an integer from 0 to 600000 (got "-1")'],
    [['--port', '70000'], {}, '--port must be an integer from 0 to 65535 (got "70000")'],
    [['-p', 'abc'], {}, '--port must be an integer from 0 to 65535 (got "abc")'],
    [['--seed', '1.5'], {}, '--seed must be an integer from 0 to 9007199254740991 (got "1.5")'],
    [['--token'], {}, '--token needs a value: printable characters without spaces'],
    [['--token', '--quiet'], {}, '--token needs a value: printable characters without spaces'],
    [['--token', 'a b'], {}, '--token must be printable characters without spaces (got "a b")'],
    [['--host', ''], {}, '--host must be a local address or name (got "")'],
    [['--state='], {}, '--state must be a file name (got "")'],
    [['--not-found-status', '500'], {}, '--not-found-status must be 400 or 404 (got "500")'],
    [
      ['--max-workspaces', 'many'],
      {},
      '--max-workspaces must be an integer from 0 to 100000 (got "many")',
    ],
    [
      ['--public-url', 'localhost:4010'],
      {},
      '--public-url must be an http or https URL such as http://localhost:4010 (got "localhost:4010")',
    ],
    [['--bogus'], {}, 'unknown option --bogus'],
    [['--bogus=1'], {}, 'unknown option --bogus'],
    [['-x'], {}, 'unknown option -x'],
    [['serve'], {}, 'unexpected argument "serve" (options start with --)'],
    [['--quiet=yes'], {}, '--quiet takes no value'],
    [[], { PORT: 'http' }, 'PORT must be an integer from 0 to 65535 (got "http")'],
  ];
  it.each(bad)('%j (env %j): %s', (argv, env, message) =>
    expect(() => parseFlags(argv, env)).toThrow(message),
  );

  it('--help lists every flag with its default', () => {
    const help = helpText();
    for (const flag of FLAGS) {
      const line = help.split('\n').find((l) => l.includes(`--${flag.name}`));
      expect(line, flag.name).toBeDefined();
      if (flag.short) expect(line).toContain(`-${flag.short}, `);
      if (flag.default) expect(line).toContain(`default ${flag.default}`);
    }
    expect(help).toMatch(/--port N .*default 4010/);
    expect(help).toMatch(/--contacts N .*default 65681/);
    expect(help).toMatch(/--max-uploads BYTES .*default 268435456/);
    expect(help).toMatch(/--max-records N .*default 100000/);
  });

  it("docs/mock.md's flags table lists the flags of --help, and only those", () => {
    const docs = readFileSync(join(ROOT, 'docs/mock.md'), 'utf8');
    const documented = [...docs.matchAll(/^\| `(?:-\w, )?--([\w-]+)/gm)].map((m) => m[1]);
    expect(documented).toEqual(FLAGS.map((f) => f.name));
  });
});

describe('the banner', () => {
  const data = { seed: 1, size: 10, loopback: true };
  const flags = parseFlags([]);

  it('says any credential is accepted by default, in the three schemes', () => {
    const text = banner('http://127.0.0.1:4010', flags, data);
    expect(text).toContain('accepts any non-empty credential');
    expect(text).toContain('x-access-token: <token>');
    expect(text).toContain('Authorization: Bearer <token> + x-organization-id: <org>');
    expect(text).toContain('x-api-key: <token>');
    expect(text).not.toContain('WARNING');
  });

  it('lists every --token', () => {
    const text = banner(
      'http://127.0.0.1:4010',
      parseFlags(['--token', 'a', '--token', 'b']),
      data,
    );
    expect(text).toContain('accepts the tokens a, b');
    expect(text).toContain("curl -H 'x-access-token: a'");
  });

  it.each([
    ['0.0.0.0', 'http://127.0.0.1:4010'],
    ['::', 'http://[::1]:4010'],
    ['192.168.1.20', 'http://192.168.1.20:4010'],
  ])('warns that --host %s is reachable from the network', (host, url) => {
    const text = banner(url, parseFlags(['--host', host]), { ...data, loopback: false });
    expect(text).toContain(
      `WARNING   --host ${host} listens beyond this machine: the mock's data and credentials are reachable from the network`,
    );
    expect(text).toContain('any credential is accepted: restrict with --token');
    expect(text).toContain('give --public-url');
  });
});

describe('isLoopbackUrl', () => {
  it.each([
    ['http://127.0.0.1:4010', true],
    ['http://127.1.2.3:4010', true],
    ['http://[::1]:4010', true],
    ['http://[::ffff:127.0.0.1]:4010', true],
    ['http://0.0.0.0:4010', false],
    ['http://[::]:4010', false],
    ['http://192.168.1.20:4010', false],
    ['http://[fe80::1]:4010', false],
  ])('%s: %s', (url, want) => expect(isLoopbackUrl(url)).toBe(want));
});

describe.concurrent('the CLI', () => {
  it.each([
    [
      ['--contacts', '-5'],
      {},
      /^imbrace-contacts-mock: --contacts must be an integer from 0 to 10000000 \(got "-5"\) \(see --help\)$/,
    ],
    [['--bogus'], {}, /^imbrace-contacts-mock: unknown option --bogus \(see --help\)$/],
    [['--token'], {}, /--token needs a value/],
    [[], { PORT: '70000' }, /PORT must be an integer from 0 to 65535/],
  ])('%j (env %j) is a one-line error and exit code 2', async (args, env, message) => {
    const { code, stderr } = await run(args, env).exited;
    expect(code).toBe(2);
    expect(stderr.trim()).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--version prints the version of package.json', async () => {
    const { code, stdout } = await run(['--version']).exited;
    expect(code).toBe(0);
    expect(stdout).toBe(`${pkg.version}\n`);
  });

  it('-h prints the help', async () => {
    const { code, stdout } = await run(['-h']).exited;
    expect(code).toBe(0);
    expect(stdout).toBe(helpText());
  });

  it('starts, prints how to use it, answers, and refuses a taken port', async () => {
    const { child, output, waitFor } = run(['-p', '0', '--contacts', '50', '--seed', '3']);
    await waitFor(/curl/);
    const url = /listening on (http:\/\/\S+)/.exec(output())![1]!;
    expect(output()).toMatch(/seed 3, 50 contacts/);
    expect(output()).toContain('accepts any non-empty credential');
    expect(output()).toContain(
      `curl -H 'x-access-token: mock-token' '${url}/v1/backend/contacts?limit=10&skip=0&sort=-created_at'`,
    );
    expect(output()).toContain(`${url}/docs`);
    expect((await fetch(`${url}/docs`)).status).toBe(200);
    const res = await fetch(`${url}/v1/backend/contacts?limit=1`, {
      headers: { 'x-access-token': 'whatever-the-app-has' },
    });
    expect(res.status).toBe(200);
    await waitFor(/GET \/v1\/backend\/contacts\?limit=1 200/);
    // The line the benchmark waits for, printed once the background build is done, and only once:
    // not again after a reset, which builds the indexes again.
    await waitFor(/indexes ready/);
    const reset = await fetch(`${url}/__mock/reset`, {
      method: 'POST',
      headers: { 'x-access-token': 'mock-token' },
    });
    expect(reset.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(
      output().match(
        /^indexes ready: every sort built before listening, the search in the background in \d+\.\d s$/gm,
      ),
    ).toHaveLength(1);

    const taken = await run(['--port', new URL(url).port]).exited;
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/port \d+ on 127\.0\.0\.1 is already in use/);
    child.kill('SIGTERM');
    expect((await once(child, 'exit'))[0]).toBe(0);
  });

  it('with --token accepts only those', async () => {
    const { child, waitFor } = run([
      '--port',
      '0',
      '--contacts',
      '5',
      '--token',
      'a',
      '--token',
      'b',
    ]);
    const url = (await waitFor(/listening on (http:\/\/\S+)/))[1]!;
    const send = (token: string) =>
      fetch(`${url}/v1/backend/contacts?limit=1`, { headers: { 'x-access-token': token } });
    expect((await send('b')).status).toBe(200);
    expect((await send('c')).status).toBe(401);
    child.kill('SIGTERM');
    await once(child, 'exit');
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

describe('npm run mock, stopped by its pid', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s closes it cleanly: writes kept, port free within a second, exit code 0',
    async (signal) => {
      const folder = mkdtempSync(join(tmpdir(), 'mock-signal-'));
      folders.push(folder);
      const state = join(folder, 'state.json');
      const args = ['run', 'mock', '--', '--port', '0', '--contacts', '20', '--quiet'];
      const npm = start('npm', [...args, '--state', state]);
      const url = (await npm.waitFor(/listening on (http:\/\/\S+)/))[1]!;
      const port = Number(new URL(url).port);
      const headers = { 'x-access-token': 'mock-token', 'content-type': 'application/json' };
      const list = await (await fetch(`${url}/v1/backend/contacts?limit=1`, { headers })).json();
      const id = list.data[0].id as string;
      const update = await fetch(`${url}/v1/backend/contacts/${id}`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ first_name: 'Signalled' }),
      });
      expect(update.status).toBe(200);

      const killedAt = performance.now();
      npm.child.kill(signal);
      while ((await listening(port)) && performance.now() - killedAt < 5000)
        await new Promise((r) => setTimeout(r, 10));
      expect(performance.now() - killedAt).toBeLessThan(1000);
      expect(await listening(port)).toBe(false);
      expect((await npm.exited).code).toBe(0);

      // Started again on its state, the write is there.
      const again = run(['--port', '0', '--contacts', '20', '--quiet', '--state', state]);
      const url2 = (await again.waitFor(/listening on (http:\/\/\S+)/))[1]!;
      const contact = await (await fetch(`${url2}/v1/backend/contacts/${id}`, { headers })).json();
      expect(contact.first_name).toBe('Signalled');
      again.child.kill('SIGTERM');
      expect((await again.exited).code).toBe(0);
    },
  );
});
