/**
 * `npm run bench:contract`: how long the whole contract suite takes against the local mock (the goal
 * is under 15 s), measured outside vitest: mock start, then every check, best and worst of N runs.
 *
 *   npx tsx scripts/contract-bench.ts [runs=3]
 */
import { loadavg } from 'node:os';
import { checks } from '../contract-tests/checks/index.ts';
import { configFromEnv } from '../contract-tests/config.ts';
import { openTarget } from '../contract-tests/openTarget.ts';
import { runChecks } from '../contract-tests/run.ts';

const runs = Number(process.argv[2] ?? 3);
const times: number[] = [];
console.log(
  `load average at start: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  // A fresh mock each run: the suite's own path, from start to close.
  const { target, close } = await openTarget(configFromEnv({}));
  const opened = performance.now();
  const results = await runChecks(target, checks);
  await close();
  const total = performance.now() - started;
  times.push(total);
  const failed = results.filter((r) => r.status !== 'pass').map((r) => `${r.name} ${r.status}`);
  const slowest = [...results]
    .sort((a, b) => b.durationMs - a.durationMs)
    .slice(0, 3)
    .map((r) => `${r.name} ${r.durationMs} ms`);
  console.log(
    `run ${i + 1}: ${Math.round(total)} ms (mock start ${Math.round(opened - started)} ms); slowest: ${slowest.join(', ')}${failed.length ? `; not passed: ${failed.join(', ')}` : ''}`,
  );
}
console.log(
  `best ${Math.round(Math.min(...times))} ms, worst ${Math.round(Math.max(...times))} ms over ${runs} runs (goal: under 15000 ms)`,
);
console.log(
  `load average at end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
