/**
 * How the mock's store scales: for each dataset size, in a fresh process, the time to create the
 * store, the first page, a page at a large skip, the first sort on another field (which builds its
 * index), a full search, a write, and the resident memory after the search.
 *
 * Usage: npx tsx scripts/store-bench.ts [size ...]   (default: 65681 1000000)
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { median } from './lib/stats.ts';

interface Figures {
  contacts: number;
  importMs: number;
  createStoreMs: number;
  firstPageMs: number;
  largeSkipPageMs: number;
  firstOtherSortMs: number;
  otherSortLargeSkipPageMs: number;
  firstSearchMs: number;
  searchMatches: number;
  nextSearchMs: number;
  updateMs: number;
  rssMb: number;
  heapMb: number;
  /** CPU time (ms) of the operations timed once, by figure name. */
  cpu: Record<string, number>;
  /** The machine's one-minute load average when the figures were taken. */
  load: number;
}

/** Wall time of `run` (ms); its CPU time goes to `cpu` under `label` (on a busy machine, the steadier figure). */
const cpu: Record<string, number> = {};
function time<T>(run: () => T, label?: string): [number, T] {
  const startCpu = process.cpuUsage();
  const start = performance.now();
  const result = run();
  const wall = performance.now() - start;
  const used = process.cpuUsage(startCpu);
  if (label) cpu[label] = (used.user + used.system) / 1000;
  return [wall, result];
}

/** The median time of `runs` calls. */
function medianTime(runs: number, run: (k: number) => unknown): number {
  return median(Array.from({ length: runs }, (_, k) => time(() => run(k))[0]));
}

async function measure(contacts: number): Promise<Figures> {
  const [importMs, { createStore }] = await (async () => {
    const start = performance.now();
    const module = await import('../mock/store/create-store.ts');
    return [performance.now() - start, module] as const;
  })();
  const [createStoreMs, store] = time(() => createStore({ seed: 1, contacts }), 'createStoreMs');
  const [firstPageMs] = time(
    () => store.listContacts({ sort: '-created_at', skip: 0, limit: 10 }),
    'firstPageMs',
  );
  const skips = [
    contacts - 10,
    Math.floor(contacts / 2),
    Math.floor(contacts * 0.9),
    12_345 % contacts,
  ];
  const largeSkipPageMs = medianTime(9, (k) =>
    store.listContacts({ sort: '-created_at', skip: skips[k % skips.length]!, limit: 10 }),
  );
  const [firstOtherSortMs] = time(
    () => store.listContacts({ sort: 'display_name', skip: 0, limit: 10 }),
    'firstOtherSortMs',
  );
  const otherSortLargeSkipPageMs = medianTime(9, (k) =>
    store.listContacts({ sort: '-display_name', skip: skips[k % skips.length]!, limit: 10 }),
  );
  const [firstSearchMs, found] = time(
    () => store.searchContacts({ q: 'an', sort: '-created_at', skip: 0, limit: 10 }),
    'firstSearchMs',
  );
  const [nextSearchMs] = time(
    () => store.searchContacts({ q: 'smith', sort: '-created_at', skip: 0, limit: 10 }),
    'nextSearchMs',
  );
  const target = store.listContacts({
    sort: '-created_at',
    skip: Math.floor(contacts / 3),
    limit: 1,
  }).data[0]!;
  const updateMs = medianTime(5, (k) =>
    store.updateContact(target.id, { first_name: `Bench${k}` }),
  );
  const memory = process.memoryUsage();
  return {
    contacts,
    importMs,
    createStoreMs,
    firstPageMs,
    largeSkipPageMs,
    firstOtherSortMs,
    otherSortLargeSkipPageMs,
    firstSearchMs,
    searchMatches: found.count,
    nextSearchMs,
    updateMs,
    rssMb: memory.rss / 2 ** 20,
    heapMb: memory.heapUsed / 2 ** 20,
    cpu,
    load: loadavg()[0]!,
  };
}

const ROWS: [keyof Figures, string][] = [
  ['importMs', 'import the store module (ms)'],
  ['createStoreMs', 'createStore (ms)'],
  ['firstPageMs', 'first page, -created_at, limit 10 (ms)'],
  ['largeSkipPageMs', 'page at a large skip, limit 10, median (ms)'],
  ['firstOtherSortMs', 'first page sorted by display_name, builds its index (ms)'],
  ['otherSortLargeSkipPageMs', 'then a page at a large skip, -display_name, median (ms)'],
  ['firstSearchMs', 'first full search q=an, builds the search text (ms)'],
  ['searchMatches', '  its matches'],
  ['nextSearchMs', 'next full search q=smith (ms)'],
  ['updateMs', 'an update with two sort indexes built, median (ms)'],
  ['rssMb', 'resident memory after all that (MB)'],
  ['heapMb', 'JS heap used (MB)'],
];

if (process.argv[2] === '--one') {
  process.stdout.write(JSON.stringify(await measure(Number(process.argv[3]))));
} else {
  const sizes = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [65_681, 1_000_000];
  const results: Figures[] = sizes.map((size) => {
    // A fresh process per size, so that memory and first-use costs are not shared.
    const run = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), '--one', String(size)],
      { encoding: 'utf8' },
    );
    if (run.status !== 0) throw new Error(`store bench for ${size} contacts failed: ${run.stderr}`);
    return JSON.parse(run.stdout) as Figures;
  });
  const format = (value: number) =>
    Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 0);
  console.log(
    `| measure | ${results.map((r) => `${r.contacts.toLocaleString('en')} contacts`).join(' | ')} |`,
  );
  console.log(`| --- | ${results.map(() => '---:').join(' | ')} |`);
  for (const [key, label] of ROWS) {
    const cell = (r: Figures) =>
      format(r[key] as number) + (r.cpu[key] === undefined ? '' : ` (CPU ${format(r.cpu[key])})`);
    console.log(`| ${label} | ${results.map(cell).join(' | ')} |`);
  }
  console.log(
    `| load average (1 min) when measured | ${results.map((r) => r.load.toFixed(1)).join(' | ')} |`,
  );
}
