/**
 * The soak behind `npm run soak`: autocannon against the mock's CLI in its own process, with the
 * mock's resident memory sampled each second, and the growth and failures judged afterwards.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { MOCK_TOKEN } from '../../contract-tests/config.ts';
import { ACCESS_TOKEN_HEADER } from '../../openapi/spec.ts';
import type { ContactList } from '../../openapi/types.ts';
import { residentMemory } from '../lib/proc.ts';
import { round } from '../lib/stats.ts';
import type { HeapGrowth } from './heap-growth.ts';

export interface AutocannonResult {
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

const headers = { [ACCESS_TOKEN_HEADER]: MOCK_TOKEN };

/** Seconds at the start of the soak whose RSS samples are left out of the growth. */
export const WARMUP_S = 10;

export interface RssSample {
  /** Seconds since the load started, to a tenth. */
  t: number;
  rss: number;
}

/** Resident memory of a process in MiB, to a tenth. */
async function rssMiB(pid: number): Promise<number> {
  return round((await residentMemory(pid)).rssMB, 1);
}

/**
 * The soak's mix on 50 contacts of the mock at `url`: list, search, one-contact reads, notification
 * reads, conversations, and updates with fresh values each time.
 */
export async function soakRequests(url: string): Promise<Record<string, unknown>[]> {
  const list = (await (
    await fetch(`${url}/v1/backend/contacts?limit=50`, { headers })
  ).json()) as ContactList;
  const ids = list.data.map((c) => c.id);
  const json = { ...headers, 'content-type': 'application/json' };
  let n = 0;
  return [
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
}

export interface Soak {
  result: AutocannonResult;
  /** RSS in MiB before the load. */
  baseline: number;
  samples: RssSample[];
}

/**
 * Runs the mix against `url` for `seconds` with `connections`, sampling the RSS of `pid` each second
 * (printing every fifth sample).
 */
export async function soak({
  url,
  pid,
  seconds,
  connections,
}: {
  url: string;
  pid: number;
  seconds: number;
  connections: number;
}): Promise<Soak> {
  const requests = await soakRequests(url);
  const samples: RssSample[] = [];
  const started = Date.now();
  const baseline = await rssMiB(pid);
  console.log(
    `soak: ${seconds} s, ${connections} connections against ${url} (pid ${pid}), RSS at start ${baseline} MiB`,
  );
  const sampler = setInterval(async () => {
    const t = round((Date.now() - started) / 1000, 1);
    const rss = await rssMiB(pid);
    samples.push({ t, rss });
    if (samples.length % 5 === 0) console.log(`  t=${t.toFixed(0).padStart(3)} s  RSS ${rss} MiB`);
  }, 1000);
  const result = await autocannon({
    url,
    headers,
    connections,
    duration: seconds,
    timeout: 10,
    requests,
  });
  clearInterval(sampler);
  return { result, baseline, samples };
}

export interface RssGrowth {
  /** The lowest RSS of the first quarter after the warm-up. */
  early: number;
  /** The lowest RSS of the last quarter. */
  late: number;
  peak: number;
  growth: number;
}

/**
 * Memory growth = the lowest RSS of the last quarter − the lowest of the first quarter after the
 * warm-up: RSS saws with each collection, its low points follow the live heap.
 */
export function rssGrowth(samples: readonly RssSample[], warmupS = WARMUP_S): RssGrowth {
  const after = samples.filter((s) => s.t >= warmupS);
  const quarter = Math.max(1, Math.floor(after.length / 4));
  const early = Math.min(...after.slice(0, quarter).map((s) => s.rss));
  const late = Math.min(...after.slice(-quarter).map((s) => s.rss));
  const peak = Math.max(...samples.map((s) => s.rss));
  return { early, late, peak, growth: round(late - early, 1) };
}

/** Runs `reliability/heap-growth.ts` in a child with `--expose-gc` (the soak's own mock is left alone). */
export function measureHeap(requests: number): HeapGrowth {
  const script = fileURLToPath(new URL('./heap-growth.ts', import.meta.url));
  const run = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', script, '--requests', String(requests)],
    { encoding: 'utf8', timeout: 600_000 },
  );
  if (run.status !== 0)
    throw new Error(`heap-growth failed (${run.status}): ${run.stderr.slice(0, 500)}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as HeapGrowth;
}

/** The autocannon status counts as `{ status: count }`. */
export function statusCounts(result: AutocannonResult): Record<string, number> {
  return Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]),
  );
}

/** Why the soak failed, one sentence per reason; empty when it passed. */
export function soakFailures({
  result,
  growth,
  maxGrowthMiB,
  mockExitCode,
  heap,
  maxHeapBytes,
}: {
  result: AutocannonResult;
  growth: number;
  maxGrowthMiB: number;
  mockExitCode: number | null;
  heap: HeapGrowth | undefined;
  maxHeapBytes: number;
}): string[] {
  const leaking = Object.entries(heap?.bytesPerRequest ?? {}).filter(
    ([, bytes]) => bytes > maxHeapBytes,
  );
  return [
    result.errors + result.timeouts > 0
      ? `${result.errors} errors, ${result.timeouts} timeouts`
      : '',
    result.non2xx > 0
      ? `${result.non2xx} non-2xx answers (${JSON.stringify(statusCounts(result))})`
      : '',
    growth > maxGrowthMiB ? `RSS grew ${growth} MiB after warm-up (bound ${maxGrowthMiB} MiB)` : '',
    mockExitCode !== null ? `the mock exited with ${mockExitCode}` : '',
    leaking.length
      ? `heap kept per request beyond ${maxHeapBytes} bytes: ${leaking.map(([k, b]) => `${k} ${b} B`).join(', ')}`
      : '',
  ].filter(Boolean);
}

/** The `soak` section's figures: the load, the answers and the RSS. */
export function soakFigures(
  { result, baseline, samples }: Soak,
  {
    seconds,
    connections,
    contacts,
    maxGrowthMiB,
  }: {
    seconds: number;
    connections: number;
    contacts: number;
    maxGrowthMiB: number;
  },
) {
  const { early, late, peak, growth } = rssGrowth(samples);
  return {
    seconds,
    connections,
    contacts,
    requests: result.requests.total,
    requestsPerSecond: round(result.requests.total / result.duration, 0),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statuses: statusCounts(result),
    rssMiB: { start: baseline, afterWarmup: early, end: late, peak, growth, bound: maxGrowthMiB },
    samples,
  };
}

/** The soak's console summary, ending with its verdict. */
export function describeSoak(
  figures: ReturnType<typeof soakFigures>,
  heap: HeapGrowth | undefined,
  maxHeapBytes: number,
  failures: readonly string[],
): string {
  const { rssMiB: rss, latencyMs } = figures;
  return [
    `requests ${figures.requests} (${figures.requestsPerSecond}/s), p50 ${latencyMs.p50} ms, p99 ${latencyMs.p99} ms`,
    `errors ${figures.errors}, timeouts ${figures.timeouts}, non-2xx ${figures.non2xx}, statuses ${JSON.stringify(figures.statuses)}`,
    `RSS MiB: start ${rss.start}; low point after warm-up ${rss.afterWarmup}, low point of the last quarter ${rss.end}, peak ${rss.peak}; growth ${rss.growth} (bound ${rss.bound})`,
    heap
      ? `heap kept per request (bound ${maxHeapBytes} B): ${Object.entries(heap.bytesPerRequest)
          .map(([k, b]) => `${k} ${b} B`)
          .join(', ')}`
      : 'heap phase skipped',
    failures.length ? `FAILED: ${failures.join('; ')}` : 'passed',
  ].join('\n');
}
