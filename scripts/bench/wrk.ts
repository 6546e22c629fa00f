/**
 * One load round with `wrk`, pinned to its own core, sending a pre-generated list of requests (see
 * requests.lua), with the server's CPU time per request and the generator's CPU use measured: a
 * generator below 100% of its core was not what limited the server.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { cpuSeconds } from '../lib/proc.ts';
import type { LoadRound } from './types.ts';

const LUA = fileURLToPath(new URL('./requests.lua', import.meta.url));

/** One request of a list: `path` includes the API prefix and the query. */
export interface Request {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  path: string;
  body?: string;
}

/** The request file requests.lua reads: one `METHOD<TAB>PATH[<TAB>BODY]` per line. */
export function requestLines(requests: readonly Request[]): string {
  return requests
    .map((r) => [r.method, r.path, ...(r.body === undefined ? [] : [r.body])].join('\t'))
    .join('\n')
    .concat('\n');
}

export async function writeRequests(file: string, requests: readonly Request[]): Promise<void> {
  await writeFile(file, requestLines(requests));
}

/** Whether wrk is on the PATH; when not, installs Debian's package (saying so), or throws. */
export function ensureWrk(log: (line: string) => void): void {
  const has = () => {
    try {
      execFileSync('wrk', ['--version'], { stdio: 'ignore' });
      return true;
    } catch (error) {
      // wrk --version exits 1 after printing its version: only a missing binary is ENOENT.
      return (error as NodeJS.ErrnoException).code !== 'ENOENT';
    }
  };
  if (has()) return;
  log('wrk is missing: installing Debian’s package (apt-get install -y wrk)');
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'wrk'], {
    stdio: 'inherit',
  });
  if (!has()) throw new Error('wrk is still missing after apt-get install');
}

/** What requests.lua prints at the end. */
interface WrkSummary {
  requests: number;
  durationUs: number;
  bytes: number;
  p50Us: number;
  p99Us: number;
  connectErrors: number;
  readErrors: number;
  writeErrors: number;
  timeouts: number;
  non2xx: number;
}

export function parseWrkSummary(stdout: string): WrkSummary {
  const line = stdout.split('\n').find((l) => l.startsWith('{"requests"'));
  if (!line) throw new Error(`wrk printed no summary:\n${stdout.slice(-1000)}`);
  return JSON.parse(line) as WrkSummary;
}

export interface WrkLoad {
  /** `http://127.0.0.1:PORT`: the request paths are absolute. */
  origin: string;
  requestFile: string;
  header: string;
  connections: number;
  seconds: number;
  /** The core wrk runs on (taskset), or undefined to let the kernel place it. */
  core?: number;
}

/** One round; with `serverPid`, the server's CPU time is read before and after it. */
export async function wrkRound(load: WrkLoad, serverPid?: number): Promise<LoadRound> {
  const args = [
    '-t1',
    `-c${load.connections}`,
    // wrk takes whole seconds.
    `-d${Math.max(1, Math.round(load.seconds))}s`,
    '--timeout',
    '10s',
    '-s',
    LUA,
    load.origin,
  ];
  const [command, argv] =
    load.core === undefined
      ? ['wrk', args]
      : ['taskset', ['-c', String(load.core), 'wrk', ...args]];
  const serverBefore = serverPid === undefined ? undefined : await cpuSeconds(serverPid);
  const child = spawn(command, argv, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WRK_REQUESTS: load.requestFile, WRK_HEADER: load.header },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit');
  // The generator's CPU over the middle of the round (taskset execs wrk, so the pid is wrk's).
  const window = Math.max(0.5, load.seconds - 1);
  await sleep(500);
  const generatorBefore = await cpuSeconds(child.pid!);
  await sleep(window * 1000);
  const generatorAfter = await cpuSeconds(child.pid!);
  const [code] = await exited;
  const serverAfter = serverBefore === undefined ? undefined : await cpuSeconds(serverPid!);
  if (code !== 0)
    throw new Error(`wrk exited with ${code}: ${stderr.slice(-500)}${stdout.slice(-500)}`);
  const summary = parseWrkSummary(stdout);
  const seconds = summary.durationUs / 1e6;
  const serverCpu =
    serverBefore === undefined || serverAfter === undefined
      ? undefined
      : serverAfter - serverBefore;
  return {
    requestsPerSecond: Math.round(summary.requests / seconds),
    p50: Math.round(summary.p50Us / 10) / 100,
    p99: Math.round(summary.p99Us / 10) / 100,
    errors: summary.connectErrors + summary.readErrors + summary.writeErrors + summary.timeouts,
    non2xx: summary.non2xx,
    cpuUsPerRequest:
      serverCpu === undefined || summary.requests === 0
        ? null
        : Math.round((serverCpu * 1e6) / summary.requests),
    generatorCpu:
      generatorBefore === undefined || generatorAfter === undefined
        ? null
        : Math.round(((generatorAfter - generatorBefore) / window) * 100) / 100,
    megabytesPerSecond: Math.round((summary.bytes / seconds / 1024 / 1024) * 10) / 10,
  };
}
