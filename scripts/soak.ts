/**
 * `npm run soak`: the mock's CLI in its own process under autocannon for a bounded time (default 60 s,
 * loopback only), with a mix of list, search, one-contact reads, updates and notification reads. Prints
 * the mock's RSS at intervals, the errors and non-2xx answers, and fails when any request failed or
 * memory grew beyond the bound after warm-up. The figures go to `scripts/results/reliability.json`.
 *
 *   npm run soak -- [--seconds 60] [--connections 16] [--contacts 65681] [--max-growth-mib 64]
 *                   [--heap-requests 4000] [--max-heap-bytes 400] [--no-record]
 *
 * Memory growth = the lowest RSS of the last quarter of the run − the lowest RSS of the first quarter
 * after a 10 s warm-up. RSS saws up and down with each garbage collection (tens of MiB at this load);
 * its low points follow the live heap, so a leak of a few hundred bytes per request lifts them by tens
 * of MiB over a minute while a steady heap keeps them level. Bound: 64 MiB (`--max-growth-mib`).
 *
 * RSS cannot see a small leak under that sawtooth, so a second phase measures the heap itself
 * (`reliability/heap-growth.ts`, in a child with `--expose-gc`): heap bytes still live per request
 * after forced collections, by kind of request. Bound: 400 bytes per request (above the ±150 B noise of the
 * measurement over HTTP; 400 B per request is 400 MB per million) (`--max-heap-bytes`);
 * `--heap-requests 0` skips it.
 */
import { parseArgs } from 'node:util';
import { startMockProcess } from './reliability/mock-process.ts';
import { recordResults } from './reliability/results.ts';
import {
  describeSoak,
  measureHeap,
  soak,
  soakFailures,
  soakFigures,
} from './reliability/soak-run.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '16' },
    contacts: { type: 'string', default: '65681' },
    'max-growth-mib': { type: 'string', default: '64' },
    'heap-requests': { type: 'string', default: '4000' },
    'max-heap-bytes': { type: 'string', default: '400' },
    'no-record': { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const maxGrowthMiB = Number(values['max-growth-mib']);
const heapRequests = Number(values['heap-requests']);
const maxHeapBytes = Number(values['max-heap-bytes']);

const mock = await startMockProcess([
  '--contacts',
  values.contacts!,
  '--quiet',
  '--host',
  '127.0.0.1',
]);
try {
  const run = await soak({ url: mock.url, pid: mock.child.pid!, seconds, connections });
  const figures = soakFigures(run, {
    seconds,
    connections,
    contacts: Number(values.contacts),
    maxGrowthMiB,
  });
  const heap = heapRequests > 0 ? measureHeap(heapRequests) : undefined;
  const failures = soakFailures({
    result: run.result,
    growth: figures.rssMiB.growth,
    maxGrowthMiB,
    mockExitCode: mock.child.exitCode,
    heap,
    maxHeapBytes,
  });
  console.log(describeSoak(figures, heap, maxHeapBytes, failures));
  if (!values['no-record'])
    recordResults('soak', {
      ...figures,
      heap: heap && { ...heap, bound: maxHeapBytes },
      passed: failures.length === 0,
      failures,
    });
  process.exitCode = failures.length ? 1 : 0;
} finally {
  await mock.stop();
}
