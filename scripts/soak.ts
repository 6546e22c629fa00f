/**
 * `npm run soak`: the mock's CLI in its own process under autocannon for a bounded time (default 60 s,
 * loopback only), with a mix of list, search, one-contact reads, updates and notification reads. Prints
 * the mock's RSS at intervals, the errors and non-2xx answers, and fails when any request failed or
 * memory grew beyond the bound after warm-up. The figures go to `scripts/results/reliability.json`.
 *
 *   npm run soak -- [--seconds 60] [--connections 16] [--contacts 65681] [--max-growth-mib 64]
 *                   [--heap-requests 4000] [--max-heap-bytes 400] [--no-record]
 *
 * Memory growth = the lowest RSS of the last quarter of the run − the lowest RSS of the first quarter
 * after a 10 s warm-up. RSS saws up and down with each garbage collection (tens of MiB at this load);
 * its low points follow the live heap, so a leak of a few hundred bytes per request lifts them by tens
 * of MiB over a minute while a steady heap keeps them level. Bound: 64 MiB (`--max-growth-mib`).
 *
 * RSS cannot see a small leak under that sawtooth, so a second phase measures the heap itself
 * (`reliability/heap-growth.ts`, in a child with `--expose-gc`): heap bytes still live per request
 * after forced collections, by kind of request. Bound: 400 bytes per request (above the ±150 B noise of the
 * measurement over HTTP; 400 B per request is 400 MB per million) (`--max-heap-bytes`);
 * `--heap-requests 0` skips it.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import type { HeapGrowth } from './reliability/heap-growth.ts';
import { residentMemory } from './lib/proc.ts';
import { startMockProcess } from './reliability/mock-process.ts';
import { recordResults } from './reliability/results.ts';
import type { ContactList } from '../openapi/types.ts';

interface AutocannonResult {
  requests: { total: number; average: number };
  latency: { p50: number; p99: number; max: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (
  options: Record<string, unknown>,
) => Promise<AutocannonResult>;

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '16' },
    contacts: { type: 'string', default: '65681' },
    'max-growth-mib': { type: 'string', default: '64' },
    'heap-requests': { type: 'string', default: '4000' },
    'max-heap-bytes': { type: 'string', default: '400' },
    'no-record': { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const maxGrowthMiB = Number(values['max-growth-mib']);
const heapRequests = Number(values['heap-requests']);
const maxHeapBytes = Number(values['max-heap-bytes']);
const WARMUP_S = 10;

/** Runs `reliability/heap-growth.ts` in a child with `--expose-gc` (the soak's own mock is left alone). */
function measureHeap(requests: number): HeapGrowth {
  const script = fileURLToPath(new URL('./reliability/heap-growth.ts', import.meta.url));
  const run = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', script, '--requests', String(requests)],
    { encoding: 'utf8', timeout: 600_000 },
  );
  if (run.status !== 0)
    throw new Error(`heap-growth failed (${run.status}): ${run.stderr.slice(0, 500)}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as HeapGrowth;
}
const TOKEN = 'mock-token';
const headers = { 'x-access-token': TOKEN };

/** Resident memory of a process in MiB, to a tenth. */
async function rssMiB(pid: number): Promise<number> {
  return Math.round((await residentMemory(pid)).rssMB * 10) / 10;
}

const mock = await startMockProcess([
  '--contacts',
  values.contacts!,
  '--quiet',
  '--host',
  '127.0.0.1',
]);
const pid = mock.child.pid!;
try {
  const list = (await (
    await fetch(`${mock.url}/v1/backend/contacts?limit=50`, { headers })
  ).json()) as ContactList;
  const ids = list.data.map((c) => c.id);
  const json = { ...headers, 'content-type': 'application/json' };
  let n = 0;
  const requests = [
    { method: 'GET', path: '/v1/backend/contacts?limit=20&skip=100&sort=-created_at' },
    { method: 'GET', path: '/channel-service/v1/contacts/_search?q=an&type=text&limit=10' },
    { method: 'GET', path: `/backend/v1/contacts/${ids[0]}` },
    { method: 'GET', path: '/v1/backend/notifications?limit=10' },
    {
      method: 'PUT',
      path: `/v1/backend/contacts/${ids[1]}`,
      headers: json,
      // Fresh values each time, on a few contacts: a store that keeps every write would grow.
      setupRequest: (req: Record<string, unknown>) => ({
        ...req,
        path: `/v1/backend/contacts/${ids[n % ids.length]}`,
        body: JSON.stringify({ remark: `soak ${n++}` }),
      }),
    },
    {
      method: 'GET',
      path: `/v1/backend/contacts/${ids[2]}/conversations?channel_types=web&channel_types=whatsapp`,
    },
  ];

  const samples: { t: number; rss: number }[] = [];
  const started = Date.now();
  const baseline = await rssMiB(pid);
  console.log(
    `soak: ${seconds} s, ${connections} connections against ${mock.url} (pid ${pid}), RSS at start ${baseline} MiB`,
  );
  const sampler = setInterval(async () => {
    const t = Math.round((Date.now() - started) / 100) / 10;
    const rss = await rssMiB(pid);
    samples.push({ t, rss });
    if (samples.length % 5 === 0) console.log(`  t=${t.toFixed(0).padStart(3)} s  RSS ${rss} MiB`);
  }, 1000);
  const result = await autocannon({
    url: mock.url,
    headers,
    connections,
    duration: seconds,
    timeout: 10,
    requests,
  });
  clearInterval(sampler);

  const after = samples.filter((s) => s.t >= WARMUP_S);
  const quarter = Math.max(1, Math.floor(after.length / 4));
  const early = Math.min(...after.slice(0, quarter).map((s) => s.rss));
  const late = Math.min(...after.slice(-quarter).map((s) => s.rss));
  const peak = Math.max(...samples.map((s) => s.rss));
  const growth = Math.round((late - early) * 10) / 10;
  const statuses = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]),
  );
  const figures = {
    seconds,
    connections,
    contacts: Number(values.contacts),
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.total / result.duration),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statuses,
    rssMiB: { start: baseline, afterWarmup: early, end: late, peak, growth, bound: maxGrowthMiB },
    samples,
  };
  const heap = heapRequests > 0 ? measureHeap(heapRequests) : undefined;
  const leaking = Object.entries(heap?.bytesPerRequest ?? {}).filter(
    ([, bytes]) => bytes > maxHeapBytes,
  );
  const failures = [
    result.errors + result.timeouts > 0
      ? `${result.errors} errors, ${result.timeouts} timeouts`
      : '',
    result.non2xx > 0 ? `${result.non2xx} non-2xx answers (${JSON.stringify(statuses)})` : '',
    growth > maxGrowthMiB ? `RSS grew ${growth} MiB after warm-up (bound ${maxGrowthMiB} MiB)` : '',
    mock.child.exitCode !== null ? `the mock exited with ${mock.child.exitCode}` : '',
    leaking.length
      ? `heap kept per request beyond ${maxHeapBytes} bytes: ${leaking.map(([k, b]) => `${k} ${b} B`).join(', ')}`
      : '',
  ].filter(Boolean);

  console.log(
    [
      `requests ${result.requests.total} (${figures.requestsPerSecond}/s), p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
      `errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}, statuses ${JSON.stringify(statuses)}`,
      `RSS MiB: start ${baseline}; low point after warm-up ${early}, low point of the last quarter ${late}, peak ${peak}; growth ${growth} (bound ${maxGrowthMiB})`,
      heap
        ? `heap kept per request (bound ${maxHeapBytes} B): ${Object.entries(heap.bytesPerRequest)
            .map(([k, b]) => `${k} ${b} B`)
            .join(', ')}`
        : 'heap phase skipped',
      failures.length ? `FAILED: ${failures.join('; ')}` : 'passed',
    ].join('\n'),
  );
  if (!values['no-record'])
    recordResults('soak', {
      ...figures,
      heap: heap && { ...heap, bound: maxHeapBytes },
      passed: failures.length === 0,
      failures,
    });
  process.exitCode = failures.length ? 1 : 0;
} finally {
  await mock.stop();
}
