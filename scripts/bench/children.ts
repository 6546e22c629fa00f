/**
 * The benchmark's child processes: every server it starts is spawned here and killed by
 * `killChildren()`, which `bench.ts` runs in a `finally` and on SIGINT/SIGTERM, so no server outlives
 * a run, even a failed one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

const children = new Set<ChildProcess>();

export interface Child {
  process: ChildProcess;
  pid: number;
  /** The child's stderr so far, for an error message when it dies. */
  stderr: () => string;
}

/**
 * Starts `command args` with stdout ignored (a logging server must not block on a full pipe) and
 * stderr kept, bounded, for diagnosis.
 */
export function startChild(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Child {
  const child = spawn(command, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env },
  });
  if (child.pid === undefined) throw new Error(`could not start ${command} ${args.join(' ')}`);
  children.add(child);
  child.once('exit', () => children.delete(child));
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  return { process: child, pid: child.pid, stderr: () => stderr };
}

/** Kills one child and waits for it to be gone (SIGKILL after a grace period). */
export async function stopChild(child: Child, graceMs = 2000): Promise<void> {
  const proc = child.process;
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = once(proc, 'exit');
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Kills every child still running. */
export async function killChildren(): Promise<void> {
  await Promise.all([...children].map((proc) => stopChild({ process: proc, pid: proc.pid ?? -1, stderr: () => '' })));
}

/** Synchronous last resort for `process.on('exit')`: no waiting is possible there. */
export function killChildrenNow(): void {
  for (const proc of children) proc.kill('SIGKILL');
}

/** A port that was free a moment ago on 127.0.0.1 (the CLIs take a port, not a listening socket). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
