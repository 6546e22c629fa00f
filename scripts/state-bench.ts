/**
 * The cost of a durable write with `--state FILE`, over HTTP against the CLI in its own process, with
 * the state on the real disk (under tmpdir): one writer's write latency on an empty state and again
 * with 10,000 writes kept, and the durable writes per second of 50 concurrent writers (group
 * commit). Writes `scripts/results/state-writes.json` and `.md`.
 *
 * Usage: npx tsx scripts/state-bench.ts [--writes 400] [--kept 10000] [--writers 50] [--seconds 5]
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureStateWrites, stateWritesMarkdown } from './bench/state-writes.ts';

const { values } = parseArgs({
  options: {
    writes: { type: 'string', default: '400' },
    kept: { type: 'string', default: '10000' },
    writers: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '5' },
  },
});
const RESULTS = fileURLToPath(new URL('results/state-writes', import.meta.url));

const results = await measureStateWrites({
  writes: Number(values.writes),
  kept: Number(values.kept),
  writers: Number(values.writers),
  seconds: Number(values.seconds),
});
const md = stateWritesMarkdown(results);
writeFileSync(`${RESULTS}.json`, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(`${RESULTS}.md`, md);
process.stdout.write(md);
