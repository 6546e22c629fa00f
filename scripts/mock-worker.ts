/**
 * `npm run mock:worker`: the mock on workerd, Cloudflare's runtime, on this machine. Bundles
 * `mock/worker.ts` with esbuild, starts it in miniflare on 127.0.0.1 and prints the URL.
 *
 *   npm run mock:worker                          # http://127.0.0.1:8787, seed 1, 65,681 contacts
 *   npm run mock:worker -- --port 0 --seed 7 --contacts 300 --token my-token
 *   npm run mock:worker -- --persist .mock-worker # writes kept in that folder across restarts
 *   npm run mock:worker -- --max-workspaces 5    # named workspaces kept (default 100)
 *   npm run mock:worker -- --build               # only the bundle (wrangler.toml's build step)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { Log, LogLevel, Miniflare } from 'miniflare';
import { readScalarBundle } from '../mock/routes/scalar-bundle.ts';
import type { MockWorkerEnv } from '../mock/worker.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
/**
 * Where the bundle goes; wrangler.toml's `main`, in a folder of its own with the docs page's script
 * beside it.
 */
export const WORKER_BUNDLE = join(
  root,
  'node_modules/.cache/imbrace-contacts-mock/worker/worker.mjs',
);
/** The date the Worker is written for; the newest that miniflare's workerd knows (wrangler.toml too). */
export const COMPATIBILITY_DATE = '2025-07-18';

/**
 * The docs page's script beside the bundle, imported by it as a Text module: workerd hands its bytes
 * over as a string, where the same 2.9 MB as a string literal in the bundle is parsed as JavaScript
 * at every start (about 50 ms of CPU; docs/runtimes.md).
 */
const SCALAR_TEXT = 'scalar-script.txt';

/**
 * Bundles `mock/worker.ts` into one minified ES module for workerd at `outfile`, and writes the docs
 * page's script beside it (`scalar-script.txt`). Answers both files with their sizes in bytes.
 */
export async function buildWorker(outfile = WORKER_BUNDLE): Promise<Map<string, number>> {
  await mkdir(dirname(outfile), { recursive: true });
  const script = await readScalarBundle();
  const textPath = join(dirname(outfile), SCALAR_TEXT);
  await writeFile(textPath, script);
  const result = await build({
    entryPoints: [join(root, 'mock/worker.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    absWorkingDir: root,
    plugins: [
      scalarBundleAs(
        `import script from './${SCALAR_TEXT}'; export async function readScalarBundle() { return script; }`,
      ),
      {
        name: 'scalar-text',
        setup(builder) {
          builder.onResolve({ filter: /^\.\/scalar-script\.txt$/ }, (args) => ({
            path: args.path,
            external: true,
          }));
        },
      },
    ],
    minify: true,
    metafile: true,
    logLevel: 'warning',
  });
  const bundleBytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  return new Map([
    [outfile, bundleBytes],
    [textPath, Buffer.byteLength(script)],
  ]);
}

/**
 * Replaces `mock/routes/scalar-bundle.ts`, Node's loader of the docs page's script (it reads
 * `node_modules`), by `moduleSource`, which exports another `readScalarBundle()`: one that answers
 * the script itself for a Worker, which has no file system, or one that throws where the docs page
 * is not served (a browser).
 */
export function scalarBundleAs(moduleSource: string): Plugin {
  return {
    name: 'scalar-bundle',
    setup(builder) {
      builder.onResolve({ filter: /\/scalar-bundle\.ts$/ }, (args) => ({
        path: args.path,
        namespace: 'scalar-bundle',
      }));
      builder.onLoad({ filter: /.*/, namespace: 'scalar-bundle' }, () => ({
        contents: moduleSource,
        loader: 'js',
      }));
    },
  };
}

export interface StartedWorker {
  url: string;
  miniflare: Miniflare;
  close(): Promise<void>;
}

/**
 * Starts the built Worker in miniflare on 127.0.0.1:`port` (0: a free one) and answers its URL.
 * `persist`: a folder where the workspaces' Durable Objects keep their writes across restarts;
 * without it they are kept in memory until `close()`.
 */
export async function startWorker(
  options: { port?: number; env?: MockWorkerEnv; scriptPath?: string; persist?: string } = {},
): Promise<StartedWorker> {
  const scriptPath = options.scriptPath ?? WORKER_BUNDLE;
  const miniflare = new Miniflare({
    modules: true,
    scriptPath,
    // Module names are paths relative to this; the default, the working directory, may not hold it.
    modulesRoot: dirname(scriptPath),
    compatibilityDate: COMPATIBILITY_DATE,
    // The docs page's script (buildWorker), as wrangler's default rules upload it.
    modulesRules: [{ type: 'Text', include: ['**/*.txt'] }],
    bindings: { ...options.env },
    // wrangler.toml's bindings and classes; SQLite-backed, as its migrations make them.
    durableObjects: {
      MOCK_WORKSPACE: { className: 'MockWorkspace', useSQLite: true },
      MOCK_WORKSPACE_REGISTRY: { className: 'WorkspaceRegistry', useSQLite: true },
    },
    durableObjectsPersist: options.persist ?? false,
    host: '127.0.0.1',
    port: options.port ?? 0,
    log: new Log(LogLevel.WARN),
    // Otherwise miniflare fetches `request.cf` from Cloudflare at start: nothing here goes online.
    cf: false,
  });
  const url = (await miniflare.ready).origin;
  return { url, miniflare, close: () => miniflare.dispose() };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      seed: { type: 'string' },
      contacts: { type: 'string' },
      token: { type: 'string', multiple: true },
      build: { type: 'boolean', default: false },
      persist: { type: 'string' },
      'max-workspaces': { type: 'string' },
    },
  });
  const modules = await buildWorker();
  if (values.build) {
    for (const [path, bytes] of modules)
      console.log(`built ${path} (${Math.round(bytes / 1024)} KiB)`);
  } else {
    const worker = await startWorker({
      port: Number(values.port),
      persist: values.persist,
      env: {
        ...(values.seed && { MOCK_SEED: values.seed }),
        ...(values.contacts && { MOCK_CONTACTS: values.contacts }),
        ...(values.token && { MOCK_TOKENS: values.token.join(',') }),
        ...(values['max-workspaces'] && { MAX_WORKSPACES: values['max-workspaces'] }),
      },
    });
    console.log(`mock on workerd at ${worker.url} (Ctrl-C stops it)`);
    const stop = () => void worker.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
}
