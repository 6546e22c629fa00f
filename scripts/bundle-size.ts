/**
 * `npx tsx scripts/bundle-size.ts`: what the mock costs where it is not Node, as docs/runtimes.md
 * reports it.
 * - the browser build (`browser-bundle.ts`): the script a page loads at once, minified and gzipped,
 *   and its chunks loaded on first use;
 * - the Worker's bundle (`mock-worker.ts`), minified and gzipped (Cloudflare's size limits are on the
 *   gzipped size);
 * - the Worker's cold start: from `new Miniflare()` (workerd starts, the module is evaluated, the
 *   validators compiled) to the first answered `GET /v1/backend/contacts?limit=20`, with the default
 *   65,681 contacts; the median of `--runs` starts (default 5), beside the same for a Worker that
 *   answers an empty response (workerd's own start, the floor).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { buildBrowserBundle } from './browser-bundle.ts';
import { buildWorker, startWorker } from './mock-worker.ts';

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const gzipped = async (path: string) => gzipSync(await readFile(path)).length;

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const dir = await mkdtemp(join(tmpdir(), 'mock-bundles-'));
try {
  const browser = await buildBrowserBundle(join(dir, 'browser'));
  const entry = browser.files.get(browser.entry)!;
  const entryGz = await gzipped(join(dir, 'browser', browser.entry));
  let lazy = 0;
  let lazyGz = 0;
  for (const [name, bytes] of browser.files) {
    if (name === browser.entry) continue;
    lazy += bytes;
    lazyGz += await gzipped(join(dir, 'browser', name));
  }

  const workerPath = join(dir, 'worker.mjs');
  const worker = await buildWorker(workerPath);
  const workerGz = await gzipped(workerPath);

  const emptyPath = join(dir, 'empty.mjs');
  await writeFile(emptyPath, 'export default { fetch: () => new Response("") };\n');
  const mock = await coldStarts(workerPath, runs);
  const floor = await coldStarts(emptyPath, runs);

  console.log('| what | minified | gzipped |');
  console.log('| --- | --- | --- |');
  console.log(`| browser: \`page.js\`, loaded at once | ${kib(entry)} | ${kib(entryGz)} |`);
  console.log(`| browser: chunks loaded on first use | ${kib(lazy)} | ${kib(lazyGz)} |`);
  console.log(
    `| Worker bundle (with the docs page's script) | ${kib(worker)} | ${kib(workerGz)} |`,
  );
  console.log('');
  console.log(`Worker cold start (miniflare start to first answer), median of ${runs}: ${mock}`);
  console.log(`An empty Worker's, the same way: ${floor}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}

/** Starts the Worker at `scriptPath` `runs` times, timing each to its first answer. */
async function coldStarts(scriptPath: string, runs: number): Promise<string> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const running = await startWorker({ scriptPath });
    try {
      const res = await fetch(`${running.url}/v1/backend/contacts?limit=20`, {
        headers: { 'x-access-token': 'mock-token' },
      });
      if (res.status !== 200) throw new Error(`the Worker answered ${res.status}`);
      await res.arrayBuffer();
      times.push(performance.now() - started);
    } finally {
      await running.close();
    }
  }
  times.sort((a, b) => a - b);
  const ms = (t: number) => `${Math.round(t)} ms`;
  return `${ms(times[Math.floor(times.length / 2)]!)} (fastest ${ms(times[0]!)}, slowest ${ms(times.at(-1)!)})`;
}
