/**
 * Starting the three servers the benchmark compares, each as its own process on 127.0.0.1, and
 * timing each from spawn to its first answered request.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startChild, type Child } from '../lib/children.ts';
import { freePort } from '../lib/free-port.ts';
import { BUNDLED_SPEC, PRISM_BIN } from '../lib/prism.ts';
import { exchange } from './http.ts';
import { ACCESS_TOKEN_HEADER, DEFAULT_PREFIX } from '../../openapi/spec.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const MOCK_CLI = `${root}mock/cli.ts`;
/** What `npm run mock` runs: the CLI bundled into one file by `npm run mock:build`. */
const MOCK_BUNDLE = `${root}node_modules/.cache/imbrace-contacts-mock/cli.mjs`;
let bundled = false;
const CEILING_SERVER = `${root}scripts/bench/ceiling-server.ts`;

export const BENCH_TOKEN = 'mock-token';
export const MOCK_PREFIX = DEFAULT_PREFIX;
/** Prism serves the spec's paths at the root: it does not apply the `{prefix}` server variable. */
export const PRISM_PREFIX = '';
/** The endpoint every target is loaded on, relative to its prefix. */
export const LIST_PATH = '/contacts?limit=10';
export const BENCH_AUTH = { [ACCESS_TOKEN_HEADER]: BENCH_TOKEN };

export interface Server {
  child: Child;
  /** `http://127.0.0.1:PORT` plus the API prefix. */
  base: string;
  /** Spawn to the first 200 of the list endpoint. */
  firstAnswerMs: number;
  /** `performance.now()` at spawn. */
  startedAt: number;
  description: string;
}

/** Runs a TypeScript file with this Node and the tsx loader in one process, so the pid is the server's. */
function nodeWithTsx(file: string, args: string[]): [string, string[]] {
  return [process.execPath, ['--import', 'tsx', file, ...args]];
}

export function mockAvailable(): boolean {
  return existsSync(MOCK_CLI);
}

export async function startMock(options: {
  contacts: number;
  seed: number;
  nodeOptions?: string[];
  /** More CLI flags (`--state FILE`). */
  args?: string[];
}): Promise<Server> {
  if (!bundled) {
    execFileSync('npm', ['run', '--silent', 'mock:build'], { cwd: root, stdio: 'inherit' });
    bundled = true;
  }
  const port = await freePort();
  const args = [
    MOCK_BUNDLE,
    '--port',
    String(port),
    '--host',
    '127.0.0.1',
    '--seed',
    String(options.seed),
    '--contacts',
    String(options.contacts),
    '--quiet',
    ...(options.args ?? []),
  ];
  return start(
    process.execPath,
    [...(options.nodeOptions ?? []), ...args],
    `http://127.0.0.1:${port}${MOCK_PREFIX}`,
    `npm run mock -- --contacts ${options.contacts} --seed ${options.seed} --quiet${options.args ? ` ${options.args.join(' ')}` : ''}`,
    true,
  );
}

export async function startCeiling(bodyFile: string, bodyBytes: number): Promise<Server> {
  const port = await freePort();
  const [command, args] = nodeWithTsx(CEILING_SERVER, [
    '--port',
    String(port),
    '--body-file',
    bodyFile,
  ]);
  return start(
    command,
    args,
    `http://127.0.0.1:${port}${MOCK_PREFIX}`,
    `bare node:http, a fixed ${bodyBytes}-byte body`,
  );
}

/** Prism's mock of the spec: its examples, or with `dynamic` data generated from the schemas. */
export async function startBenchPrism(dynamic = false): Promise<Server> {
  const port = await freePort();
  return start(
    process.execPath,
    [
      PRISM_BIN,
      'mock',
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      ...(dynamic ? ['-d'] : []),
      BUNDLED_SPEC,
    ],
    `http://127.0.0.1:${port}${PRISM_PREFIX}`,
    `Prism 5.14 mock, ${dynamic ? 'dynamic (generated from the schemas)' : 'static examples'}`,
  );
}

async function start(
  command: string,
  args: string[],
  base: string,
  description: string,
  watchStdout = false,
): Promise<Server> {
  const startedAt = performance.now();
  const child = startChild(command, args, { watchStdout });
  const firstAnswerMs = (await firstAnswer(`${base}${LIST_PATH}`, child)) - startedAt;
  return { child, base, firstAnswerMs, startedAt, description };
}

/**
 * Polls `url` with fresh connections until it answers 200 and returns when it did
 * (`performance.now()`). A refused connection is retried at once: the gap between polls bounds the
 * error of the start-up time.
 */
export async function firstAnswer(url: string, child: Child, timeoutMs = 60_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let last = 'no answer';
  while (performance.now() < deadline) {
    if (child.process.exitCode !== null || child.process.signalCode !== null) {
      throw new Error(
        `the server exited (${child.process.exitCode ?? child.process.signalCode}) before answering ${url}:\n${child.stderr()}`,
      );
    }
    try {
      const answer = await exchange(url, {
        headers: BENCH_AUTH,
        keepAlive: false,
        timeoutMs: 10_000,
      });
      if (answer.status === 200) return performance.now();
      last = `status ${answer.status}: ${answer.body.slice(0, 200)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(1);
  }
  throw new Error(`no 200 from ${url} within ${timeoutMs} ms (last: ${last})\n${child.stderr()}`);
}
