/**
 * `npm run build`: the package's `dist/`.
 * - `openapi.json` and `openapi.yaml`: the spec as one file with every `$ref` resolved (Redocly's
 *   `bundle --dereferenced`), for tools that read a single self-contained document;
 * - the library compiled by `tsconfig.build.json`: the client and types (`openapi/`), the validator,
 *   `createMockApp` (`mock/app.ts`) and the Node server (`mock/server.ts`), with declarations.
 *
 * `npm pack`, `npm publish` and `npm install <git url>` run it through the `prepare` script with
 * `--if-stale`: a git install runs `prepare` twice (once in its `npm install`, once when it packs),
 * and the second finds `dist/` already built from the same sources.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { bin, projectRoot, specPath } from './generate.ts';

const run = promisify(execFile);
export const distDir = join(projectRoot, 'dist');

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

// What dist/ is built from; their hash, written after a build, tells whether dist/ is up to date.
const SOURCES = ['openapi', 'mock', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];
const stampPath = join(projectRoot, 'node_modules', '.cache', 'imbrace-contacts-toolkit', 'build');
/** The package's command: `package.json`'s `bin`, compiled from `mock/cli.ts`. */
export const binPath = join(distDir, 'mock', 'cli.js');

async function sourcesHash(): Promise<string> {
  const digest = createHash('sha256');
  for (const source of SOURCES) {
    const root = join(projectRoot, source);
    const names = source.includes('.')
      ? ['']
      : (await readdir(root, { recursive: true, withFileTypes: true }))
          .filter((entry) => entry.isFile())
          .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
          .sort();
    for (const name of names) {
      digest.update(`${source}/${name}\0`).update(await readFile(join(root, name)));
    }
  }
  return digest.digest('hex');
}

export async function build(): Promise<void> {
  const hash = await sourcesHash();
  await rm(stampPath, { force: true });
  await rm(distDir, { recursive: true, force: true });
  await compileLibrary();
  await buildSpec(distDir);
  // npm makes a bin executable when it installs it, but `npm link` and a plain checkout do not.
  await chmod(binPath, 0o755);
  await mkdir(dirname(stampPath), { recursive: true });
  await writeFile(stampPath, hash);
}

/** Builds unless `dist/` was built from the sources as they are now. Returns whether it built. */
export async function buildIfStale(): Promise<boolean> {
  const stamp = await readFile(stampPath, 'utf8').catch(() => '');
  const built = await access(binPath).then(
    () => true,
    () => false,
  );
  if (built && stamp === (await sourcesHash())) return false;
  await build();
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    if (process.argv.includes('--if-stale')) {
      console.log((await buildIfStale()) ? `built ${distDir}` : `${distDir} is up to date`);
    } else {
      await build();
      console.log(`built ${distDir}`);
    }
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
