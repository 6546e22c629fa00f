import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { projectRoot } from './generate.ts';

const run = promisify(execFile);

// Type tests (`// @ts-expect-error` lines) bite only when tsc runs over them: it runs here, in npm test.
it('the whole project type-checks (tsc --noEmit)', async () => {
  const result = await run('npx', ['tsc', '--noEmit', '-p', projectRoot], {
    cwd: projectRoot,
  }).catch((error: { stdout: string; code: number }) => error);
  expect(result.stdout).toBe('');
}, 120_000);
