/**
 * `npx tsx scripts/bundle-size.ts`: what the mock costs where it is not Node, as docs/runtimes.md
 * reports it.
 * - the browser build (`browser-bundle.ts`): the script a page loads at once, minified and gzipped,
 *   and its chunks loaded on first use;
 * - the Worker's modules (`mock-worker.ts`: the bundle, and the docs page's script it imports on first
 *   use), minified and gzipped (Cloudflare's size limits are on the gzipped total);
 * - the Worker's cold start: from `new Miniflare()` (workerd starts, the module is evaluated, the
 *   validators compiled) to the first answered `GET /v1/backend/contacts?limit=20`, with the default
 *   65,681 contacts; the median of `--runs` starts (default 5), beside the same for a Worker that
 *   answers an empty response (workerd's own start, the floor). Each also as the CPU time workerd
 *   used until that answer, which other work on a shared machine moves less than the clock.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { buildBrowserBundle } from './browser-bundle.ts';
import { buildWorker, startWorker } from './mock-worker.ts';

/** Linux's USER_HZ, the unit of /proc/<pid>/stat's CPU times. */
const CLOCK_TICKS = 100;
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

  const workerPath = join(dir, 'worker', 'worker.mjs');
  const workerModules: { name: string; bytes: number; gzipped: number }[] = [];
  for (const [path, bytes] of await buildWorker(workerPath))
    workerModules.push({ name: basename(path), bytes, gzipped: await gzipped(path) });

  const emptyPath = join(dir, 'empty.mjs');
  // The classes startWorker binds, empty: workerd warns when a bound class is missing.
  await writeFile(
    emptyPath,
    'export class MockWorkspace {}\nexport class WorkspaceRegistry {}\nexport default { fetch: () => new Response("") };\n',
  );
  const mock = await coldStarts(workerPath, runs);
  const floor = await coldStarts(emptyPath, runs);

  console.log('| what | minified | gzipped |');
  console.log('| --- | --- | --- |');
  console.log(`| browser: \`page.js\`, loaded at once | ${kib(entry)} | ${kib(entryGz)} |`);
  console.log(`| browser: chunks loaded on first use | ${kib(lazy)} | ${kib(lazyGz)} |`);
  for (const { name, bytes, gzipped } of workerModules)
    console.log(`| Worker: \`${name}\` | ${kib(bytes)} | ${kib(gzipped)} |`);
  const total = (key: 'bytes' | 'gzipped') => workerModules.reduce((sum, m) => sum + m[key], 0);
  console.log(`| Worker: all its modules | ${kib(total('bytes'))} | ${kib(total('gzipped'))} |`);
  console.log('');
  console.log(`Worker cold start (miniflare start to first answer), median of ${runs}: ${mock}`);
  console.log(`An empty Worker's, the same way: ${floor}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}

/**
 * Starts the Worker at `scriptPath` `runs` times, timing each to its first answer: wall-clock, and
 * the CPU time workerd spent until then (less moved by other work on the machine than the clock).
 */
async function coldStarts(scriptPath: string, runs: number): Promise<string> {
  const times: number[] = [];
  const cpu: number[] = [];
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
      cpu.push(await workerdCpuMs());
    } finally {
      await running.close();
    }
  }
  const ms = (list: number[]) => {
    const sorted = list.toSorted((a, b) => a - b);
    return `${Math.round(sorted[Math.floor(sorted.length / 2)]!)} ms (fastest ${Math.round(sorted[0]!)})`;
  };
  return `${ms(times)}; workerd's CPU ${ms(cpu)}`;
}

/** The CPU time (user and system) of the workerd processes this process started, in ms (Linux). */
async function workerdCpuMs(): Promise<number> {
  const tasks = await readdir(`/proc/${process.pid}/task`);
  const children = await Promise.all(
    tasks.map((task) => readFile(`/proc/${process.pid}/task/${task}/children`, 'utf8')),
  );
  let ticks = 0;
  for (const pid of children.join(' ').split(/\s+/).filter(Boolean)) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    // Fields after the command's closing parenthesis: state is the 3rd field, utime the 14th.
    const [name, rest = ''] = [
      stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
      stat.slice(stat.lastIndexOf(')') + 2),
    ];
    if (name !== 'workerd') continue;
    const fields = rest.split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  if (ticks === 0) throw new Error('no workerd process found under this one');
  return (ticks * 1000) / CLOCK_TICKS;
}
