/**
 * `npm run bench:contract`: how long the contract suite takes against a fresh local mock, measured
 * outside vitest from mock start to close: the checks alone (goal: under 15 s) and the checks plus the
 * property-based phase with `fuzz` generated requests (goal: under 30 s for 500). Best and worst of N.
 *
 *   npx tsx scripts/contract-bench.ts [runs=3] [fuzz=500]
 */
import { loadavg } from 'node:os';
import { checks } from '../contract-tests/checks/index.ts';
import { configFromEnv } from '../contract-tests/config.ts';
import { fuzzPhase } from '../contract-tests/generate/phase.ts';
import { openTarget } from '../contract-tests/openTarget.ts';
import { runChecks } from '../contract-tests/run.ts';

const runs = Number(process.argv[2] ?? 3);
const fuzzRuns = Number(process.argv[3] ?? 500);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function once(fuzz: number): Promise<number> {
  const started = performance.now();
  const { target, close } = await openTarget(configFromEnv({ CONTRACT_FUZZ: String(fuzz) }));
  const opened = performance.now();
  const results = await runChecks(target, checks);
  if (fuzz > 0) results.push(await fuzzPhase(target, { runs: fuzz, seed: 1 }));
  await close();
  const total = performance.now() - started;
  const notPassed = results.filter((r) => r.status !== 'pass').map((r) => `${r.name} ${r.status}`);
  const slowest = [...results]
    .sort((a, b) => b.durationMs - a.durationMs)
    .slice(0, 3)
    .map((r) => `${r.name} ${r.durationMs} ms`);
  console.log(
    `  ${Math.round(total)} ms (mock start ${Math.round(opened - started)} ms); slowest: ${slowest.join(', ')}${notPassed.length ? `; not passed: ${notPassed.join(', ')}` : ''}`,
  );
  return total;
}

console.log(`load average at start: ${load()}`);
for (const [fuzz, goal] of [
  [0, 15_000],
  [fuzzRuns, 30_000],
] as const) {
  console.log(fuzz ? `checks and ${fuzz} generated requests:` : 'checks alone:');
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once(fuzz));
  console.log(
    `  best ${Math.round(Math.min(...times))} ms, worst ${Math.round(Math.max(...times))} ms over ${runs} runs (goal: under ${goal} ms)`,
  );
}
console.log(`load average at end: ${load()}`);
