/**
 * `npm run test:contract:prism`: starts Prism's mock on the bundled spec on a free port, runs the
 * contract suite against it, stops Prism and exits with the suite's status. Extra arguments go to vitest.
 *
 * Prism serves the spec's paths without the servers' `{prefix}` variable (`/contacts`, not
 * `/v1/backend/contacts`), so the suite runs with an empty prefix. Reports go to `reports/prism/`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from './lib/free-port.ts';
import { BUNDLED_SPEC, startPrism as startPrismOn } from './lib/prism.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Starts `prism mock` on `port` and resolves once it listens; rejects with its output if it does not. */
export async function startSuitePrism(port: number, timeoutMs = 60_000): Promise<ChildProcess> {
  const prism = await startPrismOn(['mock', BUNDLED_SPEC, '-v', 'warn'], { port, timeoutMs });
  return prism.child;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = await freePort();
  const prism = await startSuitePrism(port);
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
