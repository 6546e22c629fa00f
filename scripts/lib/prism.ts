/**
 * Starting Prism 5.14 (`prism mock` or `prism proxy`) on the bundled spec, in its own process on a
 * free port of 127.0.0.1, and waiting until it answers: the one way the scripts start it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.ts';

export const PRISM_BIN = fileURLToPath(
  new URL('../../node_modules/@stoplight/prism-cli/dist/index.js', import.meta.url),
);
export const BUNDLED_SPEC = fileURLToPath(
  new URL('../../openapi/generated/contacts.json', import.meta.url),
);

export interface Prism {
  /** `http://127.0.0.1:PORT`: Prism serves the spec's paths without the `{prefix}` server variable. */
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything Prism printed so far. */
  log(): string;
  close(): Promise<void>;
}

/**
 * Runs `prism <command> <args…> -p PORT -h 127.0.0.1` (e.g. `['mock', BUNDLED_SPEC]` or
 * `['proxy', BUNDLED_SPEC, upstream, '--errors', 'true']`) and resolves once it answers.
 */
export async function startPrism(
  args: readonly string[],
  { port, timeoutMs = 90_000 }: { port?: number; timeoutMs?: number } = {},
): Promise<Prism> {
  const listenOn = port ?? (await freePort());
  const child = spawn(
    process.execPath,
    [PRISM_BIN, ...args, '-p', String(listenOn), '-h', '127.0.0.1'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const close = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  const url = `http://127.0.0.1:${listenOn}`;
  const deadline = Date.now() + timeoutMs;
  // Any answer will do (whatever the log level, which may hide "Prism is listening").
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prism exited with ${child.exitCode}:\n${output}`);
    try {
      await fetch(`${url}/`, { signal: AbortSignal.timeout(5_000) });
      break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`prism did not start within ${timeoutMs} ms:\n${output}`);
    }
    await sleep(100);
  }
  return { url, port: listenOn, child, log: () => output, close };
}
