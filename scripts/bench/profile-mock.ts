/**
 * Profiles the mock under the benchmark's load and prints its hot spots: the mock runs with
 * `node --cpu-prof`, autocannon loads one endpoint, then the mock is stopped so it writes the profile.
 *
 *   npx tsx scripts/bench/profile-mock.ts [--contacts 65681] [--seconds 8] [--path '/contacts?limit=10']
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { killChildren, stopChild } from './children.ts';
import { hotSpotLines, hotSpots, type CpuProfile } from './hot-spots.ts';
import { loadRound } from './load.ts';
import { AUTH, LIST_PATH, startMock } from './servers.ts';

const { values } = parseArgs({
  options: {
    contacts: { type: 'string', default: '65681' },
    seed: { type: 'string', default: '1' },
    seconds: { type: 'string', default: '8' },
    connections: { type: 'string', default: '50' },
    path: { type: 'string', default: LIST_PATH },
    top: { type: 'string', default: '25' },
  },
});

const dir = await mkdtemp(join(tmpdir(), 'mock-profile-'));
try {
  const spawned = performance.now();
  const mock = await startMock({
    contacts: Number(values.contacts),
    seed: Number(values.seed),
    nodeOptions: ['--cpu-prof', '--cpu-prof-dir', dir],
  });
  const load = {
    url: `${mock.base}${values.path}`,
    headers: AUTH,
    connections: Number(values.connections),
  };
  await loadRound({ ...load, seconds: 2 });
  // Only the measured round counts: start-up and warm-up are another question.
  const skipMs = performance.now() - spawned;
  const round = await loadRound({ ...load, seconds: Number(values.seconds) });
  console.log(
    `${values.path}: ${round.requestsPerSecond} req/s, p50 ${round.p50} ms, p99 ${round.p99} ms (under the profiler)`,
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
