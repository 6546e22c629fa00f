/**
 * Start-up time and memory at a dataset size: spawn the mock, poll the list endpoint until it first
 * answers, run one full search (every contact scanned), wait until its background index build is done
 * (its "indexes ready" line), then read the process's resident memory: the memory it keeps running.
 */
import { stopChild } from '../lib/children.ts';
import { exchange } from './http.ts';
import { residentMemory } from '../lib/proc.ts';
import { BENCH_AUTH, startMock, type Server } from './servers.ts';
import { median } from '../lib/stats.ts';
import type { StartupRun } from './types.ts';

/** Matches most contacts, so the search scans the whole dataset and materializes what it touches. */
export const FULL_SEARCH = '/contacts/_search?q=a&type=text&limit=10';
/** The mock CLI's line once its background index build is done. */
export const INDEXES_READY = /^indexes ready/;

/** Another full search, for after the mock's indexes are built (the first one's answer is cached). */
export const SECOND_FULL_SEARCH = '/contacts/_search?q=e&type=text&limit=10';

export async function startupRun(
  contacts: number,
  seed: number,
): Promise<{ run: StartupRun; server: Server }> {
  const server = await startMock({ contacts, seed });
  const search = await exchange(`${server.base}${FULL_SEARCH}`, { headers: BENCH_AUTH });
  if (search.status !== 200)
    throw new Error(`full search: status ${search.status} ${search.body.slice(0, 200)}`);
  await server.child.waitForLine(INDEXES_READY, 180_000);
  const memory = await residentMemory(server.child.pid);
  return {
    server,
    run: {
      contacts,
      firstAnswerMs: server.firstAnswerMs,
      fullSearchMs: search.ms,
      rssAfterSearchMB: memory.rssMB,
      peakRssMB: memory.peakMB,
    },
  };
}

/**
 * `runs` fresh processes at one size; each figure is the median. The last process is left running
 * when `keepLast` (the paging and write checks use it) and returned.
 */
export async function measureStartup(
  contacts: number,
  options: { seed: number; runs: number; keepLast: boolean; log: (line: string) => void },
): Promise<{ summary: StartupRun; runs: StartupRun[]; server?: Server }> {
  const runs: StartupRun[] = [];
  let kept: Server | undefined;
  for (let i = 0; i < options.runs; i += 1) {
    const { run, server } = await startupRun(contacts, options.seed);
    runs.push(run);
    options.log(
      `  ${contacts.toLocaleString('en-US').padStart(9)} contacts, run ${i + 1}: first answer ${run.firstAnswerMs.toFixed(0)} ms, ` +
        `full search ${run.fullSearchMs.toFixed(0)} ms, RSS ${run.rssAfterSearchMB.toFixed(0)} MB (peak ${run.peakRssMB.toFixed(0)} MB)`,
    );
    if (options.keepLast && i === options.runs - 1) kept = server;
    else await stopChild(server.child);
  }
  const of = (pick: (r: StartupRun) => number) => median(runs.map(pick));
  const summary: StartupRun = {
    contacts,
    firstAnswerMs: of((r) => r.firstAnswerMs),
    fullSearchMs: of((r) => r.fullSearchMs),
    rssAfterSearchMB: of((r) => r.rssAfterSearchMB),
    peakRssMB: of((r) => r.peakRssMB),
  };
  return kept ? { summary, runs, server: kept } : { summary, runs };
}
