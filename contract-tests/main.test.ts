/**
 * The suite run as a user runs it (`npm run test:contract` with environment variables, in a child
 * process) against what CI really meets: a port that never answers, a wrong token, an interrupted run,
 * and the local mock with the property-based phase on. Each leaves reports that describe this run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer } from '../mock/server.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const TOKEN = 'acc_contract-main-test-secret';

interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  ms: number;
}

/** Runs the suite; `onOutput` may signal the child once the output shows something. */
function run(
  env: Record<string, string>,
  {
    direct = false,
    onOutput,
  }: {
    direct?: boolean;
    onOutput?: (text: string, kill: (s: NodeJS.Signals) => void) => void;
  } = {},
): Promise<Ran> {
  const started = performance.now();
  const [command, args] = direct
    ? [process.execPath, ['--import', 'tsx', 'contract-tests/main.ts']]
    : ['npm', ['run', 'test:contract']];
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, CONTRACT_TOKEN: TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const take = (chunk: Buffer) => {
    output += chunk.toString();
    onOutput?.(output, (s) => child.kill(s));
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  return new Promise((resolve) =>
    child.once('close', (code, signal) =>
      resolve({ code, signal, output, ms: performance.now() - started }),
    ),
  );
}

const reportsIn = (dir: string) => ({
  junit: readFileSync(join(dir, 'contract-junit.xml'), 'utf8'),
  summary: JSON.parse(readFileSync(join(dir, 'contract-summary.json'), 'utf8')),
});

/** A JUnit file CI can read: the XML declaration, one suite, test cases that are closed. */
function expectValidJunit(junit: string): void {
  expect(junit.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
  expect(junit.trimEnd().endsWith('</testsuites>')).toBe(true);
  expect(junit.match(/<testcase /g)?.length).toBe(
    (junit.match(/<\/testcase>/g)?.length ?? 0) + (junit.match(/<testcase [^>]*\/>/g)?.length ?? 0),
  );
  expect(junit).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);
}

/** A report dir holding the files a previous run against another target left, one of them empty. */
function staleReports(): string {
  const dir = mkdtempSync(join(tmpdir(), 'contract-main-'));
  writeFileSync(join(dir, 'contract-junit.xml'), '');
  writeFileSync(
    join(dir, 'contract-summary.json'),
    JSON.stringify({ target: { baseUrl: 'https://previous.example' } }),
  );
  return dir;
}

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const undo of cleanup) await undo();
  cleanup = [];
});

/** A TCP port that accepts connections and never answers. */
async function silentPort(): Promise<number> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  return (server.address() as { port: number }).port;
}

describe('npm run test:contract', () => {
  it('against a port that never answers: exits non-zero within seconds, one clear line, valid JUnit', async () => {
    const port = await silentPort();
    const dir = staleReports();
    const ran = await run({
      CONTRACT_BASE_URL: `http://127.0.0.1:${port}`,
      CONTRACT_TIMEOUT_MS: '1500',
      CONTRACT_REPORT_DIR: dir,
    });
    expect(ran.code, ran.output).toBe(2);
    expect(ran.ms).toBeLessThan(60_000);
    const reason = ran.output.split('\n').filter((l) => l.includes('did not start'));
    expect(reason).toEqual([
      `contract suite did not start: Cannot reach http://127.0.0.1:${port}/v1/backend: timeout: no answer within 1500 ms (CONTRACT_TIMEOUT_MS)`,
    ]);
    const { junit, summary } = reportsIn(dir);
    expectValidJunit(junit);
    expect(junit).toContain('name="preflight"');
    expect(junit).toContain('timeout: no answer within 1500 ms');
    expect(summary).toMatchObject({
      state: 'not-started',
      target: { baseUrl: `http://127.0.0.1:${port}` },
    });
    expect(ran.output + junit).not.toContain(TOKEN);
  }, 60_000);

  it('with a wrong token: exits non-zero with one message naming CONTRACT_TOKEN, in under 80 lines', async () => {
    const mock = await startMockServer({
      port: 0,
      host: '127.0.0.1',
      contacts: 5,
      tokens: ['mock-token'],
    });
    cleanup.push(() => mock.close());
    const dir = staleReports();
    const ran = await run({ CONTRACT_BASE_URL: mock.url, CONTRACT_REPORT_DIR: dir });
    expect(ran.code, ran.output).toBe(2);
    expect(ran.output.split('\n').length).toBeLessThan(80);
    const message = ran.output.split('\n').filter((l) => l.includes('CONTRACT_TOKEN'));
    expect(message).toHaveLength(1);
    expect(message[0]).toMatch(/refused the credentials: GET .*answered 401/);
    expect(message[0]).toContain('CONTRACT_AUTH');
    expect(message[0]).toContain('CONTRACT_ORGANIZATION_ID');
    const { junit, summary } = reportsIn(dir);
    expectValidJunit(junit);
    expect(summary.state).toBe('not-started');
    expect(summary.reason).toContain('CONTRACT_TOKEN');
    expect(ran.output + junit + JSON.stringify(summary)).not.toContain(TOKEN);
  }, 60_000);

  it('with a refused connection or a malformed URL: says so in one line', async () => {
    const port = await silentPort();
    cleanup.pop()!(); // closed again: nothing listens there now
    await new Promise((r) => setTimeout(r, 50));
    const refused = await run(
      { CONTRACT_BASE_URL: `http://127.0.0.1:${port}`, CONTRACT_REPORT_DIR: staleReports() },
      { direct: true },
    );
    expect(refused.code).toBe(2);
    expect(refused.output).toMatch(/did not start: Cannot reach .*: connection refused/);
    const noScheme = await run(
      { CONTRACT_BASE_URL: 'app-gateway.dev.imbrace.co', CONTRACT_REPORT_DIR: staleReports() },
      { direct: true },
    );
    expect(noScheme.code).toBe(2);
    expect(noScheme.output).toMatch(
      /did not start: configuration: CONTRACT_BASE_URL must start with http:\/\/ or https:\/\//,
    );
  }, 60_000);

  it('interrupted by SIGTERM: reports what ran so far, marked interrupted', async () => {
    // The correct mock for the first requests, then a target that stops answering.
    const mock = await startMockServer({
      port: 0,
      host: '127.0.0.1',
      contacts: 30,
      tokens: [TOKEN],
    });
    let answered = 0;
    const hanging = createHttpServer(async (req, res) => {
      if (++answered > 25) return;
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const upstream = await fetch(mock.url + req.url, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      });
      res.writeHead(upstream.status, Object.fromEntries(upstream.headers));
      res.end(Buffer.from(await upstream.arrayBuffer()));
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => {
      hanging.closeAllConnections();
      hanging.close();
      return mock.close();
    });
    const dir = staleReports();
    let sent = false;
    const ran = await run(
      {
        CONTRACT_BASE_URL: `http://127.0.0.1:${(hanging.address() as { port: number }).port}`,
        CONTRACT_TIMEOUT_MS: '30000',
        CONTRACT_REPORT_DIR: dir,
      },
      {
        direct: true,
        onOutput: (text, kill) => {
          if (!sent && text.includes('✓ statusCodeConformance')) {
            sent = true;
            setTimeout(() => kill('SIGTERM'), 300);
          }
        },
      },
    );
    expect(ran.code, ran.output).toBe(143);
    const { junit, summary } = reportsIn(dir);
    expectValidJunit(junit);
    expect(junit).toContain('name="interrupted"');
    expect(summary.state).toBe('interrupted');
    expect(summary.reason).toMatch(/^interrupted by SIGTERM after \d+ of \d+ checks$/);
    expect(summary.checks.map((c: { name: string }) => c.name)).toContain('statusCodeConformance');
  }, 60_000);

  it('against the local mock: every check and the property-based phase pass, every report written', async () => {
    const dir = staleReports();
    const ran = await run({
      CONTRACT_TOKEN: '',
      CONTRACT_FUZZ: '300',
      CONTRACT_SEED: '17',
      CONTRACT_REPORT_DIR: dir,
    });
    expect(ran.code, ran.output).toBe(0);
    expect(ran.output).toMatch(/✓ propertyBasedRequests \(\d+ ms\)/);
    expect(ran.output).toContain('300 requests, seed 17');
    const { junit, summary } = reportsIn(dir);
    expectValidJunit(junit);
    expect(summary.state).toBe('complete');
    expect(summary.totals.fail).toBe(0);
    const coverage = JSON.parse(readFileSync(join(dir, 'contract-coverage.json'), 'utf8'));
    expect(coverage.totals.operations).toMatch(/^2[45]\/25$/);
    expect(readFileSync(join(dir, 'contract-coverage.md'), 'utf8')).toContain(
      '# Contract suite coverage',
    );
  }, 90_000);
});
