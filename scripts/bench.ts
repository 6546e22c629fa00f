/**
 * `npm run bench`: the traffic a UI sends (one repeated URL, different pages and sorts, 1–3 letter
 * searches, pages with 20% writes) on the mock beside a bare node:http ceiling and Prism, alternated,
 * under wrk pinned to its own core; `--state` durable writes; start-up, memory, pages and the CSV
 * export at 1,000 / 65,681 / 1,000,000 contacts; all compared with issue 15's targets. Writes
 * scripts/results/bench.json and bench.md.
 *
 *   npm run bench -- [--quick] [--duration 4] [--warmup 1] [--rounds 5] [--connections 50]
 *                    [--sizes 1000,65681,1000000] [--start-runs 3] [--seed 1] [--out scripts/results]
 *                    [--skip-mock] [--nice=-10]
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { closeConnections } from './bench/http.ts';
import { loadAverage, machine } from './bench/machine.ts';
import { benchMarkdown, targetLines } from './bench/markdown.ts';
import { scalePhase, throughputPhase } from './bench/phases.ts';
import { LIST_PATH, mockAvailable } from './bench/servers.ts';
import { checkTargets, TARGETS } from './bench/targets.ts';
import type { BenchResult } from './bench/types.ts';
import { killChildren, killChildrenNow, prioritize } from './lib/children.ts';

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '5' },
    /** A short run for development: one round, 1,000 and 65,681 contacts, one start per size. */
    quick: { type: 'boolean', default: false },
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
const quick = flags.quick;
const settings = {
  endpoint: LIST_PATH,
  connections: Number(flags.connections),
  warmupSeconds: quick ? 1 : Number(flags.warmup),
  durationSeconds: quick ? 2 : Number(flags.duration),
  rounds: quick ? 1 : Number(flags.rounds),
  bodyBytes: 0,
  sizes: quick ? [1000, TARGETS.realSize] : flags.sizes.split(',').map(Number),
  pagingContacts: 0,
};
const seed = Number(flags.seed);
const startRuns = quick ? 1 : Number(flags['start-runs']);
const log = (line: string) => console.log(line);
const withMock = mockAvailable() && !flags['skip-mock'];

const result: BenchResult = {
  machine: machine(),
  settings,
  throughput: [],
  startup: [],
  paging: [],
  indexWarmUp: null,
  csvExports: [],
  durableWrites: null,
  memoryUnderLoad: null,
  earlyPages: [],
  largeSearch: null,
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
  const run = { result, settings, seed, startRuns, quick, withMock, log };
  await throughputPhase(run);
  await scalePhase(run);
}

async function report(): Promise<void> {
  result.machine.loadAverageAtEnd = loadAverage();
  result.machine.runSeconds = Math.round((Date.now() - started) / 1000);
  const targets = checkTargets(result);
  await mkdir(flags.out, { recursive: true });
  await writeFile(
    join(flags.out, 'bench.json'),
    `${JSON.stringify({ ...result, targets }, null, 2)}\n`,
  );
  const findings = await readFile(new URL('./bench/findings.md', import.meta.url), 'utf8');
  const markdown = benchMarkdown(result, targets, findings);
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
