/**
 * The benchmark's phases (see scripts/bench.ts): the workloads under load, durable writes, and the
 * start-up, pages, searches and CSV export at each size. Each adds its figures to `run.result`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pinToCore, stopChild } from '../lib/children.ts';
import { checkBehaviour } from './behaviour.ts';
import { measureCsvExport } from './csv-export.ts';
import { exchange } from './http.ts';
import { measureEarlyPages, measurePaging, measureSearches } from './paging.ts';
import {
  BENCH_AUTH,
  LIST_PATH,
  MOCK_PREFIX,
  BENCH_TOKEN,
  PRISM_PREFIX,
  startCeiling,
  startMock,
  startBenchPrism,
  type Server,
} from './servers.ts';
import { INDEXES_READY, SECOND_FULL_SEARCH, measureStartup } from './startup.ts';
import { residentMemory } from '../lib/proc.ts';
import { TARGETS } from './targets.ts';
import { measureThroughput, type LoadTarget } from './throughput.ts';
import type { BenchResult, Settings } from './types.ts';
import { WORKLOADS, workloadRequests, writeOnlyRequests } from './workloads.ts';
import { ensureWrk, wrkRound, writeRequests } from './wrk.ts';
import { checkContactWrite, checkMarkRead } from './writes.ts';

/** What every phase reads: the settings, and the result it adds to. */
export interface Run {
  result: BenchResult;
  settings: Settings;
  seed: number;
  startRuns: number;
  quick: boolean;
  withMock: boolean;
  log: (line: string) => void;
}

/** The servers run on one core, wrk on another; on a one-core machine nothing is pinned. */
const PIN = availableParallelism() >= 2;
const SERVER_CORE = 0;
const GENERATOR_CORE = PIN ? 1 : undefined;

/** Each workload on the mock, the ceiling and Prism under the same wrk load; then writes under load. */
export async function throughputPhase(run: Run): Promise<void> {
  const { result, settings, seed, log } = run;
  ensureWrk(log);
  const dir = await mkdtemp(join(tmpdir(), 'bench-'));
  const started: Server[] = [];
  const pinned = async (server: Promise<Server>) => {
    const s = await server;
    started.push(s);
    if (PIN && !pinToCore(s.child.pid, SERVER_CORE))
      result.notes.push('taskset failed: a server was not pinned.');
    return s;
  };
  try {
    const targets: LoadTarget[] = [];
    const file = async (name: string, requests: Parameters<typeof writeRequests>[1]) => {
      const path = join(dir, `${name.replaceAll(/\W+/g, '-')}.tsv`);
      await writeRequests(path, requests);
      return path;
    };
    let body: string | undefined;
    if (run.withMock) {
      const mock = await pinned(startMock({ contacts: TARGETS.realSize, seed }));
      // Writes go to a mock of their own, so the read workloads see the seeded data every round.
      const writer = await pinned(startMock({ contacts: TARGETS.realSize, seed }));
      // Measured once their search index is built: before then a search scans the text instead, and
      // under load the build takes a slice per 10 ms only (start-up is measured on its own below).
      await Promise.all([mock, writer].map((s) => s.child.waitForLine(INDEXES_READY, 180_000)));
      body = (await exchange(`${mock.base}${LIST_PATH}`, { headers: BENCH_AUTH })).body;
      result.behaviour = await checkBehaviour(mock.base);
      const lists = await workloadRequests(mock.base, MOCK_PREFIX, seed);
      for (const name of WORKLOADS)
        targets.push({
          name,
          server: name === 'pages + 20% writes' ? writer : mock,
          requestFile: await file(name, lists[name]),
        });
    } else {
      result.notes.push(
        "The mock was not measured (mock/cli.ts missing or --skip-mock); the ceiling served Prism's body.",
      );
    }
    const prismFile = await file('prism', [{ method: 'GET', path: `${PRISM_PREFIX}${LIST_PATH}` }]);
    const prism = await pinned(startBenchPrism());
    const prismDynamic = await pinned(startBenchPrism(true));
    body ??= (await exchange(`${prism.base}${LIST_PATH}`, { headers: BENCH_AUTH })).body;
    settings.bodyBytes = Buffer.byteLength(body);
    const bodyFile = join(dir, 'body.json');
    await writeFile(bodyFile, body);
    const ceiling = await pinned(startCeiling(bodyFile, settings.bodyBytes));
    // The ceiling answers the repeated URL's list (it ignores the path anyway).
    const ceilingFile = await file('ceiling', [
      { method: 'GET', path: `${MOCK_PREFIX}${LIST_PATH}` },
    ]);
    targets.unshift({ name: 'ceiling', server: ceiling, requestFile: ceilingFile });
    targets.push({ name: 'prism static', server: prism, requestFile: prismFile });
    targets.push({ name: 'prism dynamic', server: prismDynamic, requestFile: prismFile });
    log(
      `throughput: ${settings.rounds} rounds × ${settings.durationSeconds} s (+${settings.warmupSeconds} s warm-up), ${settings.connections} connections, ${PIN ? `wrk on core ${GENERATOR_CORE}, servers on core ${SERVER_CORE}` : 'one core: nothing pinned'}`,
    );
    result.throughput = await measureThroughput(targets, {
      ...settings,
      generatorCore: GENERATOR_CORE,
      header: `x-access-token: ${BENCH_TOKEN}`,
      log,
    });

    const mock = targets.find((t) => t.name === 'pages and sorts');
    if (mock) {
      const memory = await residentMemory(mock.server.child.pid!);
      result.memoryUnderLoad = { contacts: TARGETS.realSize, ...memory };
      log('writes under load');
      const loaded = wrkRound({
        origin: new URL(mock.server.base).origin,
        requestFile: mock.requestFile,
        header: `x-access-token: ${BENCH_TOKEN}`,
        connections: settings.connections,
        seconds: 3,
        core: GENERATOR_CORE,
      });
      await sleep(1000);
      result.writes.push(await checkContactWrite(mock.server.base, 0, 'Loaded'));
      result.writes.push(await checkMarkRead(mock.server.base));
      const during = await loaded;
      if (during.non2xx || during.errors)
        result.notes.push(
          `While writing under load the list answered ${during.non2xx} non-2xx and ${during.errors} errors.`,
        );
      log(`CSV export at ${TARGETS.realSize.toLocaleString('en-US')} contacts`);
      result.csvExports.push(await csvExport(mock.server, log));
    }
  } finally {
    await Promise.all(started.map((s) => stopChild(s.child)));
  }
  if (run.withMock) await durableWritesPhase(run, dir);
  await rm(dir, { recursive: true, force: true });
}

/** `PUT`s from 50 connections to a mock that keeps every write in a `--state` file. */
async function durableWritesPhase(run: Run, dir: string): Promise<void> {
  const { result, settings, seed, log } = run;
  const state = join(dir, 'state.json');
  const mock = await startMock({ contacts: TARGETS.realSize, seed, args: ['--state', state] });
  try {
    if (PIN) pinToCore(mock.child.pid, SERVER_CORE);
    const requestFile = join(dir, 'durable-writes.tsv');
    await writeRequests(requestFile, await writeOnlyRequests(mock.base, MOCK_PREFIX, seed));
    log('durable writes (--state)');
    const [summary] = await measureThroughput(
      [{ name: 'durable writes', server: mock, requestFile }],
      {
        ...settings,
        rounds: 1,
        generatorCore: GENERATOR_CORE,
        header: `x-access-token: ${BENCH_TOKEN}`,
        log,
      },
    );
    result.durableWrites = summary ?? null;
  } finally {
    await stopChild(mock.child);
  }
}

async function csvExport(server: Server, log: (line: string) => void) {
  const csv = await measureCsvExport(server.base, server.child.pid);
  log(
    `  status ${csv.status}, ${(csv.ms / 1000).toFixed(1)} s, ${csv.bytes.toLocaleString('en-US')} bytes, ` +
      `${csv.rows.toLocaleString('en-US')} of ${csv.expectedRows.toLocaleString('en-US')} rows, ${csv.mbPerSecond} MB/s; ` +
      `RSS ${csv.rssBeforeMB.toFixed(0)} → peak ${csv.peakRssMB.toFixed(0)} → ${csv.rssAfterMB.toFixed(0)} MB`,
  );
  return csv;
}

/** Start-up and memory per size; paging, the CSV export and a write at the largest. */
export async function scalePhase(run: Run): Promise<void> {
  const { result, settings, seed, log } = run;
  if (!run.withMock) return;
  const largest = Math.max(...settings.sizes);
  settings.pagingContacts = largest;
  log(
    `pages of every sort from the first second after start, ${largest.toLocaleString('en-US')} contacts`,
  );
  result.earlyPages = await measureEarlyPages(largest, seed);
  log('start-up and memory');
  for (const size of settings.sizes) {
    const measured = await measureStartup(size, {
      seed,
      runs: run.startRuns,
      keepLast: size === largest,
      log,
    });
    result.startup.push(measured.summary);
    if (!measured.server) continue;
    try {
      const ready = await measured.server.child.waitForLine(INDEXES_READY, 180_000);
      log(`pages at ${largest.toLocaleString('en-US')} contacts`);
      result.paging = await measurePaging(measured.server.base, size, {
        sorts: ['-created_at', 'display_name', '-last_seen'],
        samples: 20,
        limit: 10,
      });
      result.largeSearch = await measureSearches(measured.server.base, seed, run.quick ? 20 : 60);
      log(`  searches: p50 ${result.largeSearch.p50} ms, p99 ${result.largeSearch.p99} ms`);
      // After the pages: the garbage of a search over every contact would be collected during them.
      const search = await exchange(`${measured.server.base}${SECOND_FULL_SEARCH}`, {
        headers: BENCH_AUTH,
      });
      if (search.status !== 200)
        throw new Error(`full search after the indexes: status ${search.status}`);
      result.indexWarmUp = {
        contacts: size,
        ms: ready.at - measured.server.startedAt,
        fullSearchMs: search.ms,
      };
      log(
        `  sort and search indexes built in the background ${(result.indexWarmUp.ms / 1000).toFixed(1)} s after spawn; a full search after the pages took ${search.ms.toFixed(0)} ms`,
      );
      log(`CSV export at ${largest.toLocaleString('en-US')} contacts`);
      result.csvExports.push(await csvExport(measured.server, log));
      result.writes.push(await checkContactWrite(measured.server.base, size - 10, 'Large'));
    } finally {
      await stopChild(measured.server.child);
    }
  }
}
