import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createMockApp } from './app.ts';
import { logLine, logOutput } from './log-output.ts';
import type { RequestLogEntry } from './middleware/request-log.ts';
import { AUTH } from './test-client.ts';

const TIME = new Date('2026-11-29T12:00:00.000Z');
const REFUSED: RequestLogEntry = {
  method: 'GET',
  path: '/v1/backend/contacts?limit=5000',
  status: 400,
  ms: 1,
  reason: 'query.limit: must be <= 1000 (got 5000)',
  requestId: 'trace-1',
};

describe('logLine', () => {
  const cases: [string, { entry: RequestLogEntry; format: 'text' | 'json'; want: string }][] = [
    [
      'text, with the reason of a refusal',
      {
        entry: REFUSED,
        format: 'text',
        want: 'GET /v1/backend/contacts?limit=5000 400 1ms query.limit: must be <= 1000 (got 5000)\n',
      },
    ],
    [
      'text, an answer with no reason',
      {
        entry: { method: 'GET', path: '/docs', status: 200, ms: 3 },
        format: 'text',
        want: 'GET /docs 200 3ms\n',
      },
    ],
    [
      'json, every field',
      {
        entry: REFUSED,
        format: 'json',
        want: `${JSON.stringify({ time: '2026-11-29T12:00:00.000Z', ...REFUSED })}\n`,
      },
    ],
  ];
  it.each(cases)('%s', (_name, { entry, format, want }) =>
    expect(logLine(entry, format, TIME)).toBe(want),
  );
});

/** A stream that takes nothing until told: what a pipe nobody reads looks like to the writer. */
class StuckStream extends Writable {
  /** Everything handed to write(), taken or not. */
  written = '';
  #pending: (() => void)[] = [];
  constructor() {
    super({ decodeStrings: false, highWaterMark: 64 });
  }
  override write(chunk: any, ...rest: any[]): boolean {
    this.written += chunk;
    return super.write(chunk, ...rest);
  }
  override _write(_chunk: string, _encoding: string, done: () => void) {
    this.#pending.push(done);
  }
  /** The other end reads what is waiting. */
  release() {
    for (const done of this.#pending.splice(0)) done();
  }
}

describe('logOutput on a stream that does not keep up', () => {
  const entry = (i: number): RequestLogEntry => ({
    method: 'GET',
    path: `/v1/backend/contacts?skip=${i}`,
    status: 200,
    ms: 0,
  });

  it('keeps at most its backlog, drops and counts the rest, and says so once', async () => {
    const stream = new StuckStream();
    const log = logOutput({ stream, maxBacklog: 1000, now: () => TIME });
    let largest = 0;
    for (let i = 0; i < 500; i++) {
      log(entry(i));
      largest = Math.max(largest, stream.writableLength);
    }
    // The backlog, plus the one notice that it is falling behind.
    expect(largest).toBeLessThanOrEqual(1000 + 70);
    const notices = () => stream.written.split('\n').filter((line) => line.startsWith('log: '));
    expect(notices()).toEqual(['log: stdout is not keeping up; dropping lines until it does']);
    const drained = stream.written.split('\n').filter((line) => line.startsWith('GET ')).length;
    for (;;) {
      stream.release();
      await new Promise((resolve) => setImmediate(resolve));
      if (stream.writableLength === 0) break;
    }
    const dropped = 500 - drained;
    expect(dropped).toBeGreaterThan(400);
    expect(notices()).toEqual([
      'log: stdout is not keeping up; dropping lines until it does',
      `log: stdout caught up; ${dropped} lines dropped`,
    ]);
    log(entry(500));
    expect(stream.written.endsWith('GET /v1/backend/contacts?skip=500 200 0ms\n')).toBe(true);
  });
});

describe('the log on a real pipe read slowly', () => {
  const LOG_OUTPUT = fileURLToPath(new URL('./log-output.ts', import.meta.url));

  /** A child that logs `lines` requests as fast as it can to its stdout, which is read slowly. */
  async function logThroughSlowPipe(maxBacklog: number, lines: number) {
    const script = `
      import { logOutput } from ${JSON.stringify(LOG_OUTPUT)};
      const log = logOutput({ maxBacklog: ${maxBacklog} });
      let largest = 0;
      let i = 0;
      const burst = () => {
        for (const end = i + 5000; i < end && i < ${lines}; i++) {
          log({ method: 'GET', path: '/v1/backend/contacts?skip=' + i + '&pad=' + 'x'.repeat(100), status: 200, ms: 0 });
          largest = Math.max(largest, process.stdout.writableLength);
        }
        if (i < ${lines}) return setImmediate(burst);
        process.stderr.write(JSON.stringify({ largest }));
      };
      burst();
    `;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let report = '';
    child.stderr.on('data', (chunk) => (report += chunk));
    // Read slowly: a 64 KiB chunk every 5 ms until the child has finished logging.
    const chunks: Buffer[] = [];
    child.stdout.pause();
    const reader = setInterval(() => {
      const chunk = child.stdout.read(64 * 1024);
      if (chunk) chunks.push(chunk);
    }, 5);
    await new Promise<void>((resolve) => child.stderr.on('end', resolve));
    clearInterval(reader);
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stdout.resume();
    await new Promise((resolve) => child.on('close', resolve));
    const out = Buffer.concat(chunks).toString();
    // largest: the most bytes the child's stdout held waiting for the reader.
    return { out, largest: (JSON.parse(report) as { largest: number }).largest };
  }

  it('stays within its backlog, and accounts for every line', async () => {
    const lines = 100_000;
    const { out, largest } = await logThroughSlowPipe(256 * 1024, lines);
    expect(largest).toBeLessThanOrEqual(256 * 1024 + 200);
    const logged = out.split('\n').filter((line) => line.startsWith('GET ')).length;
    const notices = out.split('\n').filter((line) => line.startsWith('log: '));
    expect(notices[0]).toBe('log: stdout is not keeping up; dropping lines until it does');
    const dropped = notices
      .map((line) => /caught up; (\d+) lines dropped/.exec(line)?.[1])
      .filter(Boolean)
      .reduce((sum, n) => sum + Number(n), 0);
    expect(dropped).toBeGreaterThan(0);
    expect(logged + dropped).toBe(lines);
  }, 60_000);

  it('would hold megabytes with no bound (what the bound prevents)', async () => {
    const { largest } = await logThroughSlowPipe(Number.POSITIVE_INFINITY, 100_000);
    expect(largest).toBeGreaterThan(4 * 1024 * 1024);
  }, 60_000);
});

describe('the CLI with --log json', () => {
  const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

  it('prints one JSON object per request, with the reason of a refusal', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CLI, '--port', '0', '--contacts', '10', '--log', 'json'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    try {
      while (!out.includes('curl')) await new Promise((resolve) => setTimeout(resolve, 50));
      const url = /listening on (http:\/\/\S+)/.exec(out)![1]!;
      await fetch(`${url}/v1/backend/contacts?limit=5000&token=s3cret`, {
        headers: { 'x-access-token': 'mock-token', 'x-request-id': 'trace-5' },
      });
      while (!out.includes('"status":400')) await new Promise((resolve) => setTimeout(resolve, 20));
      const line = out.split('\n').find((l) => l.includes('"status":400'))!;
      expect(JSON.parse(line)).toEqual({
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        method: 'GET',
        path: '/v1/backend/contacts?limit=5000&token=***',
        status: 400,
        ms: expect.any(Number),
        reason: 'query.limit: must be <= 1000 (got 5000)',
        requestId: 'trace-5',
      });
    } finally {
      child.kill('SIGTERM');
    }
  }, 30_000);

  it('refuses another format in one line naming the flag', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--log', 'xml'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (chunk) => (err += chunk));
    const [code] = await new Promise<[number]>((resolve) => child.on('exit', (c) => resolve([c!])));
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toEqual([
      'imbrace-contacts-mock: --log must be text or json (got "xml") (see --help)',
    ]);
  }, 30_000);
});

describe("docs/mock.md's request log sample", () => {
  it('is what the mock logs for those requests', async () => {
    const page = await readFile(new URL('../docs/mock.md', import.meta.url), 'utf8');
    const sample = /## Request log[\s\S]*?```\n([\s\S]*?)```/.exec(page)![1]!.trim().split('\n');
    expect(sample.length).toBeGreaterThanOrEqual(3);
    const entries: RequestLogEntry[] = [];
    const { app } = createMockApp({ contacts: 20, log: (e) => entries.push(e) });
    for (const line of sample) {
      const [method, path] = line.split(' ') as [string, string];
      // A credential in the query is not one the mock reads: those requests carry none.
      const headers = path.includes('***') ? {} : AUTH;
      await app.request(path.replace('***', 'secret'), { method, headers });
    }
    const logged = entries.map((e) => logLine({ ...e, ms: 0 }, 'text', TIME).trimEnd());
    expect(logged).toEqual(sample.map((line) => line.replace(/ \d+ms/, ' 0ms')));
  });
});
