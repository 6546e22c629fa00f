/**
 * `npm run bench`: the mock against a bare node:http ceiling and Prism under the same load, then the
 * mock's start-up time, memory and page latency at 1,000 / 65,681 / 1,000,000 contacts, and the streamed
 * CSV export of every contact at the largest size with the mock's memory meanwhile, compared with
 * issue 5's and issue 9's targets. Writes scripts/results/bench.json and bench.md.
 *
 *   npm run bench -- [--duration 4] [--warmup 1] [--rounds 10] [--connections 50]
 *                    [--sizes 1000,65681,1000000] [--start-runs 3] [--seed 1] [--out scripts/results] [--skip-mock]
 *                    [--nice=-10]
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { checkBehaviour } from './bench/behaviour.ts';
import { killChildren, killChildrenNow, prioritize, stopChild } from './bench/children.ts';
import { closeConnections, exchange } from './bench/http.ts';
import { measureCsvExport } from './bench/csv-export.ts';
import { loadRound } from './bench/load.ts';
import { loadAverage, machine } from './bench/machine.ts';
import { benchMarkdown, targetLines } from './bench/markdown.ts';
import { measurePaging } from './bench/paging.ts';
import {
  AUTH,
  LIST_PATH,
  mockAvailable,
  startCeiling,
  startMock,
  startPrism,
  type Server,
} from './bench/servers.ts';
import { INDEXES_READY, SECOND_FULL_SEARCH, measureStartup } from './bench/startup.ts';
import { checkTargets, TARGETS } from './bench/targets.ts';
import { measureThroughput } from './bench/throughput.ts';
import type { BenchResult, TargetName } from './bench/types.ts';
import { checkContactWrite, checkMarkRead } from './bench/writes.ts';

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    sizes: { type: 'string', default: `1000,${TARGETS.realSize},${TARGETS.largeSize}` },
    'start-runs': { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: 'scripts/results' },
    /** Measure only the ceiling and Prism (to try the harness while the mock cannot start). */
    'skip-mock': { type: 'boolean', default: false },
    /** Niceness of the servers and the load generator (negative: ahead of other work; needs the right). */
    nice: { type: 'string' },
  },
});
const settings = {
  endpoint: LIST_PATH,
  connections: Number(flags.connections),
  warmupSeconds: Number(flags.warmup),
  durationSeconds: Number(flags.duration),
  rounds: Number(flags.rounds),
  bodyBytes: 0,
  sizes: flags.sizes.split(',').map(Number),
  pagingContacts: 0,
};
const seed = Number(flags.seed);
const startRuns = Number(flags['start-runs']);
const log = (line: string) => console.log(line);
const withMock = mockAvailable() && !flags['skip-mock'];

const result: BenchResult = {
  machine: machine(),
  settings,
  throughput: [],
  startup: [],
  paging: [],
  indexWarmUp: null,
  csvExport: null,
  writes: [],
  behaviour: [],
  notes: [],
};

async function main(): Promise<void> {
  log(`bench: ${result.machine.cpu}, ${result.machine.cores} cores, Node ${result.machine.node}`);
  if (flags.nice !== undefined) {
    prioritize(Number(flags.nice));
    result.notes.push(
      `The servers and the load generator ran at niceness ${flags.nice}, ahead of other work on the machine.`,
    );
  }
  await throughputPhase();
  await scalePhase();
}

/** The ceiling, the mock and Prism under the same load, then a write under load. */
async function throughputPhase(): Promise<void> {
  const servers = new Map<TargetName, Server>();
  const bodyFile = join(tmpdir(), `bench-body-${process.pid}.json`);
  try {
    let body: string;
    if (withMock) {
      const mock = await startMock({ contacts: TARGETS.realSize, seed });
      servers.set('mock', mock);
      body = (await exchange(`${mock.base}${LIST_PATH}`, { headers: AUTH })).body;
      result.behaviour = await checkBehaviour(mock.base);
    } else {
      result.notes.push(
        "The mock was not measured (mock/cli.ts missing or --skip-mock); the ceiling served Prism's body.",
      );
    }
    const prism = await startPrism();
    body ??= (await exchange(`${prism.base}${LIST_PATH}`, { headers: AUTH })).body;
    settings.bodyBytes = Buffer.byteLength(body);
    await writeFile(bodyFile, body);
    // The ceiling first in the map: the rotation starts each round from a different target.
    const ordered = new Map<TargetName, Server>([
      ['ceiling', await startCeiling(bodyFile, settings.bodyBytes)],
      ...servers,
      ['prism', prism],
    ]);
    for (const [name, server] of ordered) servers.set(name, server);
    log(
      `throughput: ${settings.rounds} rounds × ${settings.durationSeconds} s (+${settings.warmupSeconds} s warm-up), ${settings.connections} connections, ${settings.bodyBytes}-byte answer`,
    );
    result.throughput = await measureThroughput(ordered, { ...settings, log });

    const mock = servers.get('mock');
    if (mock) {
      log('writes under load');
      const loaded = loadRound({
        url: `${mock.base}${LIST_PATH}`,
        headers: AUTH,
        connections: settings.connections,
        seconds: 3,
      });
      await sleep(1000);
      result.writes.push(await checkContactWrite(mock.base, 0, 'Loaded'));
      result.writes.push(await checkMarkRead(mock.base));
      const during = await loaded;
      if (during.non2xx || during.errors)
        result.notes.push(
          `While writing under load the list answered ${during.non2xx} non-2xx and ${during.errors} errors.`,
        );
    }
  } finally {
    await Promise.all([...servers.values()].map((s) => stopChild(s.child)));
    await rm(bodyFile, { force: true });
  }
}

/** Start-up and memory per size; paging, the CSV export and a write at the largest. */
async function scalePhase(): Promise<void> {
  if (!withMock) return;
  const largest = Math.max(...settings.sizes);
  settings.pagingContacts = largest;
  log('start-up and memory');
  for (const size of settings.sizes) {
    const measured = await measureStartup(size, {
      seed,
      runs: startRuns,
      keepLast: size === largest,
      log,
    });
    result.startup.push(measured.summary);
    if (!measured.server) continue;
    try {
      const ready = await measured.server.child.waitForLine(INDEXES_READY, 180_000);
      log(`pages at ${largest.toLocaleString('en-US')} contacts`);
      result.paging = await measurePaging(measured.server.base, size, {
        sorts: ['-created_at', 'display_name'],
        samples: 20,
        limit: 10,
      });
      // After the pages: the garbage of a search over every contact would be collected during them.
      const search = await exchange(`${measured.server.base}${SECOND_FULL_SEARCH}`, {
        headers: AUTH,
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
      const csv = await measureCsvExport(measured.server.base, measured.server.child.pid);
      result.csvExport = csv;
      log(
        `  status ${csv.status}, ${(csv.ms / 1000).toFixed(1)} s, ${csv.bytes.toLocaleString('en-US')} bytes, ` +
          `${csv.rows.toLocaleString('en-US')} of ${csv.expectedRows.toLocaleString('en-US')} rows, ${csv.mbPerSecond} MB/s; ` +
          `RSS ${csv.rssBeforeMB.toFixed(0)} → peak ${csv.peakRssMB.toFixed(0)} → ${csv.rssAfterMB.toFixed(0)} MB ` +
          `(VmHWM ${csv.hwmBeforeMB.toFixed(0)} → ${csv.hwmAfterMB.toFixed(0)} MB, ${csv.samples} samples)`,
      );
      result.writes.push(await checkContactWrite(measured.server.base, size - 10, 'Large'));
    } finally {
      await stopChild(measured.server.child);
    }
  }
}

async function report(): Promise<void> {
  result.machine.loadAverageAtEnd = loadAverage();
  const targets = checkTargets(result);
  await mkdir(flags.out, { recursive: true });
  await writeFile(
    join(flags.out, 'bench.json'),
    `${JSON.stringify({ ...result, targets }, null, 2)}\n`,
  );
  const markdown = benchMarkdown(result, targets);
  await writeFile(join(flags.out, 'bench.md'), markdown);
  log('');
  log(markdown);
  log(targetLines(targets).join('\n'));
  log(`\nwritten: ${join(flags.out, 'bench.json')}, ${join(flags.out, 'bench.md')}`);
}

const stop = (signal: NodeJS.Signals) => {
  void killChildren().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
process.once('exit', killChildrenNow);

const started = Date.now();
try {
  await main();
  await report();
} catch (error) {
  process.exitCode = 1;
  console.error(error);
  // A failed run does not overwrite the committed results; it shows what it had measured.
  log(
    `\nthe run failed; nothing written. Measured so far:\n${targetLines(checkTargets(result)).join('\n')}`,
  );
} finally {
  await killChildren();
  closeConnections();
  log(`bench took ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
