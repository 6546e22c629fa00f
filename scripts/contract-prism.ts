/**
 * `npm run test:contract:prism`: starts Prism's mock on the bundled spec on a free port, runs the
 * contract suite against it, stops Prism and exits with the suite's status. Extra arguments go to vitest.
 *
 * Prism serves the spec's paths without the servers' `{prefix}` variable (`/contacts`, not
 * `/v1/backend/contacts`), so the suite runs with an empty prefix. Reports go to `reports/prism/`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts `prism mock` and resolves once it answers HTTP; rejects with its output if it does not. */
export async function startPrism(port: number, timeoutMs = 60_000): Promise<ChildProcess> {
  const prism = spawn(
    bin('prism'),
    [
      'mock',
      'openapi/generated/contacts.json',
      '-p',
      String(port),
      '-h',
      '127.0.0.1',
      '-v',
      'warn',
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  let exited: number | null | undefined;
  prism.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  prism.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  prism.once('exit', (code) => void (exited = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && exited === undefined) {
    try {
      await fetch(`http://127.0.0.1:${port}/contacts`);
      return prism;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  prism.kill();
  throw new Error(
    exited === undefined
      ? `prism did not start within ${timeoutMs} ms:\n${output}`
      : `prism exited (${exited}):\n${output}`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = await freePort();
  const prism = await startPrism(port);
  const suite = spawn(process.execPath, ['--import', 'tsx', 'contract-tests/main.ts'], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      CONTRACT_BASE_URL: `http://127.0.0.1:${port}`,
      CONTRACT_PREFIX: '',
      CONTRACT_TARGET: 'prism',
      // Prism keeps nothing, so writes harm nothing; the stateful write checks skip for Prism's own reason.
      CONTRACT_WRITES: process.env.CONTRACT_WRITES ?? '1',
      CONTRACT_REPORT_DIR: 'reports/prism',
    },
  });
  const code = await new Promise<number>((resolve) => suite.once('exit', (c) => resolve(c ?? 1)));
  prism.kill();
  process.exit(code);
}
