/**
 * What a durable write costs with `--state FILE`: one writer's latency on an empty and on a full
 * state, the durable writes per second of concurrent writers (group commit), the same writers
 * against a mock without `--state`, and the journal alone in process. `scripts/state-bench.ts`
 * runs it and writes `scripts/results/state-writes.json` and `.md`.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MOCK_TOKEN } from '../../contract-tests/config.ts';
import { createStore } from '../../mock/store/create-store.ts';
import { nodeFiles } from '../../mock/store/file-layer.ts';
import { openStateFiles } from '../../mock/store/state-files.ts';
import { ACCESS_TOKEN_HEADER } from '../../openapi/spec.ts';
import { median } from '../lib/stats.ts';
import { startMockProcess } from '../reliability/mock-process.ts';
import { machine } from './machine.ts';

const HEADERS = { [ACCESS_TOKEN_HEADER]: MOCK_TOKEN, 'content-type': 'application/json' };
/** Seeded contacts of every mock the bench starts. */
const CONTACTS = 65681;

export interface StateBenchOptions {
  /** Writes per latency measurement. */
  writes: number;
  /** Writes kept in the state before the second latency measurement. */
  kept: number;
  /** Concurrent writers. */
  writers: number;
  /** How long each throughput measurement runs. */
  seconds: number;
}

export interface Latency {
  writes: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
}

export interface Throughput {
  writes: number;
  seconds: number;
  perSecond: number;
}

async function send(url: string, method: string, path: string, body: unknown): Promise<number> {
  const res = await fetch(`${url}/v1/backend${path}`, {
    method,
    headers: HEADERS,
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

/** One writer, one write at a time: what a single durable write costs (its answer waits for the fsync). */
export async function writeLatency(
  url: string,
  ids: string[],
  tag: string,
  writes: number,
): Promise<Latency> {
  const times: number[] = [];
  for (let k = 0; k < writes; k++) {
    const start = performance.now();
    const status = await send(url, 'PUT', `/contacts/${ids[k % ids.length]}`, {
      remark: `${tag} ${k}`,
    });
    times.push(performance.now() - start);
    if (status !== 200) throw new Error(`PUT answered ${status}`);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return {
    writes,
    meanMs: times.reduce((sum, t) => sum + t, 0) / times.length,
    p50Ms: median(sorted),
    p99Ms: sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))]!,
  };
}

/** `writers` concurrent writers creating contacts, until `total` writes or `seconds` pass. */
export async function concurrentWrites(
  url: string,
  writers: number,
  total: number,
  seconds: number,
): Promise<Throughput> {
  let done = 0;
  let started = 0;
  const until = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (started < total && performance.now() < until) {
        started++;
        const status = await send(url, 'POST', '/contacts', {
          channel_type: 'web',
          first_name: `bench${started}`,
        });
        if (status !== 200) throw new Error(`POST /contacts answered ${status}`);
        done++;
      }
    }),
  );
  const ms = performance.now() - start;
  return { writes: done, seconds: ms / 1000, perSecond: done / (ms / 1000) };
}

/** The same concurrent writes against a mock without `--state`: what this machine allows at all. */
export async function writesWithoutState({
  writers,
  writes,
  seconds,
}: StateBenchOptions): Promise<Throughput> {
  const mock = await startMockProcess(['--contacts', String(CONTACTS), '--quiet']);
  try {
    await concurrentWrites(mock.url, writers, 2 * writes, 600);
    return await concurrentWrites(mock.url, writers, Number.MAX_SAFE_INTEGER, seconds);
  } finally {
    await mock.stop();
  }
}

/**
 * The journal alone, in this process (no HTTP): `writers` writers each making a write and awaiting
 * its durability, for `seconds`; shows what group commit gives when the server's CPU is not the limit.
 */
export async function journalInProcess({
  writers,
  seconds,
}: StateBenchOptions): Promise<Throughput & { writesPerFlush: number }> {
  const folder = mkdtempSync(join(tmpdir(), 'state-bench-journal-'));
  const store = createStore({ seed: 1, contacts: CONTACTS });
  let flushes = 0;
  // node:fs, counting the journal's flushes.
  const files = {
    ...nodeFiles,
    fdatasyncSync: (fd: number) => {
      flushes++;
      nodeFiles.fdatasyncSync(fd);
    },
    fdatasync: (fd: number, done: (error: Error | null) => void) => {
      flushes++;
      nodeFiles.fdatasync(fd, done);
    },
  };
  const state = openStateFiles(join(folder, 'state.json'), store, { files });
  try {
    const ids = store.listContacts({ sort: 'id', skip: 0, limit: writers }).data.map((c) => c.id);
    let done = 0;
    flushes = 0;
    const start = performance.now();
    const until = start + seconds * 1000;
    await Promise.all(
      ids.map(async (id) => {
        while (performance.now() < until) {
          store.updateContact(id, { remark: `in process ${done}` });
          await store.saved();
          done++;
        }
      }),
    );
    const elapsed = (performance.now() - start) / 1000;
    return {
      writes: done,
      seconds: elapsed,
      perSecond: done / elapsed,
      writesPerFlush: done / flushes,
    };
  } finally {
    state.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Runs every measurement, the journal and the stateless mock first, and returns the figures. */
export async function measureStateWrites(options: StateBenchOptions) {
  const { writes, kept: keptTarget, writers, seconds } = options;
  const journalOnly = await journalInProcess(options);
  const inMemory = await writesWithoutState(options);
  const dir = mkdtempSync(join(tmpdir(), 'state-bench-'));
  const statePath = join(dir, 'state.json');
  const mock = await startMockProcess([
    '--state',
    statePath,
    '--contacts',
    String(CONTACTS),
    '--quiet',
  ]);
  try {
    const ids = (
      (await (
        await fetch(`${mock.url}/v1/backend/contacts?limit=100`, { headers: HEADERS })
      ).json()) as { data: { id: string }[] }
    ).data.map((c) => c.id);
    // Warm the server (JIT, connections) before anything is timed.
    await writeLatency(mock.url, ids, 'warm', writes);
    const empty = await writeLatency(mock.url, ids, 'empty', writes);
    const throughput = await concurrentWrites(mock.url, writers, Number.MAX_SAFE_INTEGER, seconds);
    const fill = await concurrentWrites(
      mock.url,
      writers,
      Math.max(0, keptTarget - throughput.writes),
      600,
    );
    const kept = throughput.writes + fill.writes + 2 * writes;
    const full = await writeLatency(mock.url, ids, 'full', writes);
    return {
      machine: machine(),
      disk: dir,
      emptyState: empty,
      keptState: { writesKept: kept, ...full },
      ratio: full.meanMs / empty.meanMs,
      concurrent: { writers, ...throughput },
      concurrentWithoutState: { writers, ...inMemory },
      journalInProcess: { writers, ...journalOnly },
      files: {
        snapshotBytes: statSync(statePath).size,
        journalBytes: statSync(`${statePath}.journal`).size,
      },
    };
  } finally {
    await mock.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export type StateWrites = Awaited<ReturnType<typeof measureStateWrites>>;

/** `scripts/results/state-writes.md`: the figures as a table and what they mean. */
export function stateWritesMarkdown(results: StateWrites): string {
  const { machine: m, emptyState: empty, keptState: full, files } = results;
  const { writers } = results.concurrent;
  const throughput = results.concurrent;
  const inMemory = results.concurrentWithoutState;
  const journalOnly = results.journalInProcess;
  const kept = full.writesKept;
  const ms = (x: number) => x.toFixed(2);
  const count = (x: number) => x.toLocaleString('en-US');
  return [
    '# Durable writes with `--state` (`npx tsx scripts/state-bench.ts`)',
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, Node ${m.node}, load ${m.loadAverage} · ${m.date}`,
    `State on the real disk (${results.disk}), 65,681 seeded contacts, the CLI in its own process, over HTTP.`,
    '',
    '| measure | writes | mean | p50 | p99 |',
    '|---|---|---|---|---|',
    `| one writer, empty state | ${empty.writes} | ${ms(empty.meanMs)} ms | ${ms(empty.p50Ms)} ms | ${ms(empty.p99Ms)} ms |`,
    `| one writer, ${count(kept)} writes kept | ${full.writes} | ${ms(full.meanMs)} ms | ${ms(full.p50Ms)} ms | ${ms(full.p99Ms)} ms |`,
    '',
    `- A write with ${count(kept)} writes kept costs **${results.ratio.toFixed(2)}×** one on the empty state (target ≤ 1.5×): each write appends one record to the journal; the whole state is written only when the journal outgrows the snapshot.`,
    `- ${writers} concurrent writers: **${count(Math.round(throughput.perSecond))} durable writes/s** (${count(throughput.writes)} in ${throughput.seconds.toFixed(1)} s; target ≥ 1,000): the records gathered while a flush is on the disk share the next fdatasync (group commit). The same writers against a mock without \`--state\`: ${count(Math.round(inMemory.perSecond))} writes/s on this machine at this load.`,
    `- The journal alone, in process (no HTTP; ${writers} writers each awaiting its write's durability): **${count(Math.round(journalOnly.perSecond))} durable writes/s**, ${journalOnly.writesPerFlush.toFixed(1)} writes per fdatasync on average.`,
    `- Files at the end: snapshot ${count(files.snapshotBytes)} bytes, journal ${count(files.journalBytes)} bytes.`,
    '',
    `Over HTTP the figures are bound by this machine (2 cores shared with other work, load ${m.loadAverage}): the same writers reach the same rate without \`--state\`, so the journal is not what limits them; in process, where HTTP is out of the way, group commit gives the rate above.`,
    '',
  ].join('\n');
}
