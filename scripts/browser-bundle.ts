/**
 * The browser build of the mock: `mock/browser/page.ts` (MSW's `setupWorker` over
 * `createMockHandlers`) bundled by esbuild for the browser, minified, with what only some requests
 * need (the docs page's helper, the YAML writer, the CSV writer) split into chunks loaded on first
 * use. `msw.browser.test.ts` serves it; `bundle-size.ts` measures it.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { scalarBundleAs } from './mock-worker.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface BrowserBundle {
  /** The files written, by name relative to `outdir`, with their minified sizes in bytes. */
  files: Map<string, number>;
  /** The page's script, loaded at once: `page.js`. */
  entry: string;
}

/**
 * Writes `index.html`, `page.js` with its lazy chunks, and MSW's `mockServiceWorker.js` (copied from
 * the installed msw, so that the worker always matches the library) into `outdir`.
 */
export async function buildBrowserBundle(outdir: string): Promise<BrowserBundle> {
  await mkdir(outdir, { recursive: true });
  const result = await build({
    entryPoints: { page: join(root, 'mock/browser/page.ts') },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    metafile: true,
    absWorkingDir: root,
    plugins: [
      scalarBundleAs(
        "export async function readScalarBundle() { throw new Error('not in the browser build of the mock'); }",
      ),
    ],
    logLevel: 'warning',
  });
  await copyFile(join(root, 'mock/browser/index.html'), join(outdir, 'index.html'));
  await copyFile(
    join(root, 'node_modules/msw/lib/mockServiceWorker.js'),
    join(outdir, 'mockServiceWorker.js'),
  );
  const files = new Map(
    Object.entries(result.metafile.outputs).map(([path, output]) => [
      path.slice(path.lastIndexOf('/') + 1),
      output.bytes,
    ]),
  );
  return { files, entry: 'page.js' };
}
