/**
 * The benchmark's child processes: every server it starts is spawned here and killed by
 * `killChildren()`, which `bench.ts` runs in a `finally` and on SIGINT/SIGTERM, so no server outlives
 * a run, even a failed one.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setPriority } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

const children = new Set<ChildProcess>();
let childPriority: number | undefined;

/**
 * Runs this process and every child started from now on at `niceness` (-20 highest … 19 lowest), so
 * on a machine other work shares the measured processes get the cores first. Throws when not allowed.
 */
export function prioritize(niceness: number): void {
  setPriority(0, niceness);
  childPriority = niceness;
}

export interface Child {
  process: ChildProcess;
  pid: number;
  /** The child's stderr so far, for an error message when it dies. */
  stderr: () => string;
  /**
   * Resolves with `performance.now()` when a line of the child's stdout matches, and the line; rejects
   * when the child exits first or `timeoutMs` passes.
   */
  waitForLine: (pattern: RegExp, timeoutMs: number) => Promise<{ at: number; line: string }>;
}

/**
 * Starts `command args` with stderr kept, bounded, for diagnosis. Stdout is ignored (a logging server
 * must not block on a full pipe, nor cost the benchmark's process reading it) unless `watchStdout`,
 * for a quiet server whose few lines `waitForLine` waits for.
 */
export function startChild(
  command: string,
  args: string[],
  { env = {}, watchStdout = false }: { env?: NodeJS.ProcessEnv; watchStdout?: boolean } = {},
): Child {
  const child = spawn(command, args, {
    stdio: ['ignore', watchStdout ? 'pipe' : 'ignore', 'pipe'],
    env: { ...process.env, ...env },
  });
  if (child.pid === undefined) throw new Error(`could not start ${command} ${args.join(' ')}`);
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (childPriority !== undefined) setPriority(child.pid, childPriority);
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const seen: { at: number; line: string }[] = [];
  const lines = child.stdout && createInterface({ input: child.stdout });
  lines?.on('line', (line) => {
    // The last few lines, for a waiter that comes after they were printed.
    seen.push({ at: performance.now(), line });
    if (seen.length > 50) seen.shift();
  });
  const waitForLine = (pattern: RegExp, timeoutMs: number) =>
    new Promise<{ at: number; line: string }>((resolve, reject) => {
      if (!lines)
        return reject(new Error('stdout is not watched: start the child with watchStdout'));
      const already = seen.find((s) => pattern.test(s.line));
      if (already) return resolve(already);
      const onLine = (line: string) => {
        if (!pattern.test(line)) return;
        done();
        resolve({ at: performance.now(), line });
      };
      const onExit = () => {
        done();
        reject(new Error(`exited before printing ${pattern}: ${stderr.slice(-500)}`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no line ${pattern} within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        lines.off('line', onLine);
        child.off('exit', onExit);
      };
      lines.on('line', onLine);
      child.once('exit', onExit);
    });
  return { process: child, pid: child.pid, stderr: () => stderr, waitForLine };
}

/** Kills one child and waits for it to be gone (SIGKILL after a grace period). */
export async function stopChild(child: Pick<Child, 'process'>, graceMs = 2000): Promise<void> {
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
  await Promise.all([...children].map((proc) => stopChild({ process: proc })));
}

/** Synchronous last resort for `process.on('exit')`: no waiting is possible there. */
export function killChildrenNow(): void {
  for (const proc of children) proc.kill('SIGKILL');
}

/**
 * Pins a process and all its threads to one core (`taskset`), so a server and its load generator
 * do not take turns on the same core. False where taskset is missing or refuses.
 */
export function pinToCore(pid: number, core: number): boolean {
  try {
    execFileSync('taskset', ['-a', '-pc', String(core), String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
