/**
 * Regenerates the artifacts derived from `openapi/contacts.yaml`:
 * - `contacts.json`: the spec bundled into one document (external example files inlined), which the
 *   validator and the mock import without touching the file system;
 * - `types.ts`: the `openapi-typescript` output (`paths`, `components`, `operations`).
 *
 * `npm run generate` writes them to `openapi/generated/`; the drift test writes them to a scratch
 * folder and compares.
 */
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const projectRoot = fileURLToPath(new URL('..', import.meta.url));
export const specPath = join(projectRoot, 'openapi', 'contacts.yaml');
export const generatedDir = join(projectRoot, 'openapi', 'generated');
/** The path of an installed package's command, as npm scripts find it. */
export const bin = (name: string) => join(projectRoot, 'node_modules', '.bin', name);

export async function generate(outDir: string): Promise<{ bundle: string; types: string }> {
  await mkdir(outDir, { recursive: true });
  const bundle = join(outDir, 'contacts.json');
  const types = join(outDir, 'types.ts');
  const env = { ...process.env, REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', REDOCLY_TELEMETRY: 'off' };
  await run(bin('redocly'), ['bundle', specPath, '--output', bundle], { cwd: projectRoot, env });
  await run(
    bin('openapi-typescript'),
    [bundle, '--output', types, '--redocly', join(projectRoot, 'redocly.yaml')],
    {
      cwd: projectRoot,
      env,
    },
  );
  return { bundle, types };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { bundle, types } = await generate(generatedDir);
  console.log(`wrote ${bundle}\nwrote ${types}`);
}
