/**
 * Profiles the mock under one of the benchmark's workloads and prints its hot spots: the mock runs
 * with `node --cpu-prof`, wrk sends the workload's requests, then the mock is stopped so it writes
 * the profile.
 *
 *   npx tsx scripts/bench/profile-mock.ts [--workload 'pages and sorts'] [--contacts 65681] [--seconds 8] [--warm-up 2]
 *
 * A longer warm-up profiles the steady state: the first pass over the contacts writes each record's
 * JSON once (data/contact-json-bytes.ts), which later pages copy.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { killChildren, stopChild } from '../lib/children.ts';
import { hotSpotLines, hotSpots, type CpuProfile } from './hot-spots.ts';
import { MOCK_PREFIX, BENCH_TOKEN, startMock } from './servers.ts';
import { INDEXES_READY } from './startup.ts';
import { WORKLOADS, workloadRequests, type Workload } from './workloads.ts';
import { ensureWrk, wrkRound, writeRequests } from './wrk.ts';

const { values } = parseArgs({
  options: {
    workload: { type: 'string', default: 'pages and sorts' },
    contacts: { type: 'string', default: '65681' },
    seed: { type: 'string', default: '1' },
    seconds: { type: 'string', default: '8' },
    'warm-up': { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    top: { type: 'string', default: '25' },
  },
});
const workload = values.workload as Workload;
if (!WORKLOADS.includes(workload))
  throw new Error(`--workload must be one of ${WORKLOADS.map((w) => `'${w}'`).join(', ')}`);
ensureWrk(console.log);

const dir = await mkdtemp(join(tmpdir(), 'mock-profile-'));
try {
  const spawned = performance.now();
  const mock = await startMock({
    contacts: Number(values.contacts),
    seed: Number(values.seed),
    nodeOptions: ['--cpu-prof', '--cpu-prof-dir', dir],
  });
  // As the bench does: the load starts once the search index is built.
  await mock.child.waitForLine(INDEXES_READY, 180_000);
  const requestFile = join(dir, 'requests.tsv');
  const lists = await workloadRequests(mock.base, MOCK_PREFIX, Number(values.seed));
  await writeRequests(requestFile, lists[workload]);
  const load = {
    origin: new URL(mock.base).origin,
    requestFile,
    header: `x-access-token: ${BENCH_TOKEN}`,
    connections: Number(values.connections),
  };
  await wrkRound({ ...load, seconds: Number(values['warm-up']) });
  // Only the measured round counts: start-up and warm-up are another question.
  const skipMs = performance.now() - spawned;
  const round = await wrkRound({ ...load, seconds: Number(values.seconds) });
  console.log(
    `${workload}: ${round.requestsPerSecond} req/s, p50 ${round.p50} ms, p99 ${round.p99} ms (under the profiler)`,
  );
  await stopChild(mock.child, 15_000);
  const file = (await readdir(dir)).find((name) => name.endsWith('.cpuprofile'));
  if (!file)
    throw new Error(`the mock wrote no profile into ${dir} (it must exit normally on SIGTERM)`);
  const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as CpuProfile;
  for (const key of ['function', 'file'] as const) {
    console.log(
      `\nself time by ${key}\n${hotSpotLines(hotSpots(profile, key, Number(values.top), skipMs)).join('\n')}`,
    );
  }
  console.log(`\nprofile: ${join(dir, file)} (open in Chrome DevTools › Performance)`);
} finally {
  await killChildren();
}
