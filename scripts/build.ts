/**
 * `npm run build`: the package's `dist/`.
 * - `openapi.json` and `openapi.yaml`: the spec as one file with every `$ref` resolved (Redocly's
 *   `bundle --dereferenced`), for tools that read a single self-contained document;
 * - the library compiled by `tsconfig.build.json`: the client and types (`openapi/`), the validator,
 *   `createMockApp` (`mock/app.ts`) and the Node server (`mock/server.ts`), with declarations.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { projectRoot, specPath } from './generate.ts';

const run = promisify(execFile);
export const distDir = join(projectRoot, 'dist');
const bin = (name: string) => join(projectRoot, 'node_modules', '.bin', name);

/** Writes the dereferenced spec as `openapi.json` and `openapi.yaml` in `outDir`. */
export async function buildSpec(outDir: string): Promise<{ json: string; yaml: string }> {
  const json = join(outDir, 'openapi.json');
  const yaml = join(outDir, 'openapi.yaml');
  const env = { ...process.env, REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', REDOCLY_TELEMETRY: 'off' };
  await run(bin('redocly'), ['bundle', specPath, '--dereferenced', '--output', json], {
    cwd: projectRoot,
    env,
  });
  const spec: unknown = JSON.parse(await readFile(json, 'utf8'));
  // The same document in YAML; no anchors, so that every YAML reader sees plain objects.
  await writeFile(yaml, stringify(spec, { aliasDuplicateObjects: false, lineWidth: 0 }));
  return { json, yaml };
}

/** Compiles the library into `dist/` as `tsconfig.build.json` says. */
export async function compileLibrary(): Promise<void> {
  await run(bin('tsc'), ['-p', join(projectRoot, 'tsconfig.build.json')], { cwd: projectRoot });
  await restoreJsonImportAttributes(distDir);
}

/**
 * tsc drops `with { type: 'json' }` from the JSON imports it writes into declarations, and a consumer
 * on `module: NodeNext` without `skipLibCheck` then fails on them (TS1543); put it back.
 */
async function restoreJsonImportAttributes(dir: string): Promise<void> {
  const files = (await readdir(dir, { recursive: true })).filter((name) => name.endsWith('.d.ts'));
  for (const name of files) {
    const path = join(dir, name);
    const text = await readFile(path, 'utf8');
    const fixed = text.replace(
      /^(import [^;]+ from '[^']+\.json');$/gm,
      "$1 with { type: 'json' };",
    );
    if (fixed !== text) await writeFile(path, fixed);
  }
}

export async function build(): Promise<void> {
  await rm(distDir, { recursive: true, force: true });
  await compileLibrary();
  await buildSpec(distDir);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await build();
    console.log(`built ${distDir}`);
  } catch (error) {
    const {
      stdout = '',
      stderr = '',
      message,
    } = error as { stdout?: string; stderr?: string; message: string };
    console.error(`build failed: ${`${stdout}${stderr}`.trim() || message}`);
    process.exitCode = 1;
  }
}
