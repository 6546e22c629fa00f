/**
 * The throughput comparison: each target (a server and the request list it is loaded with) under the
 * same wrk load, alternated over rounds (the order rotates each round) so drift on a shared machine
 * hits every target alike; each figure is the median over the rounds.
 */
import type { Server } from './servers.ts';
import { summarizeRounds } from './summarize-rounds.ts';
import type { LoadRound, LoadSummary, TargetName } from './types.ts';
import { wrkRound } from './wrk.ts';

export interface LoadTarget {
  name: TargetName;
  server: Server;
  /** The request list (see wrk.ts); its paths are absolute, so wrk is pointed at the origin. */
  requestFile: string;
}

export interface ThroughputOptions {
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  rounds: number;
  /** The core wrk is pinned to (the servers are pinned to another). */
  generatorCore?: number;
  header: string;
  log: (line: string) => void;
}

/** The order of the targets in round `round`: the list rotated by the round number. */
export function rotation<T>(items: readonly T[], round: number): T[] {
  const shift = round % Math.max(items.length, 1);
  return [...items.slice(shift), ...items.slice(0, shift)];
}

export async function measureThroughput(
  targets: readonly LoadTarget[],
  options: ThroughputOptions,
): Promise<LoadSummary[]> {
  const rounds = new Map<TargetName, LoadRound[]>(targets.map((t) => [t.name, []]));
  for (let round = 0; round < options.rounds; round += 1) {
    for (const target of rotation(targets, round)) {
      const load = {
        origin: new URL(target.server.base).origin,
        requestFile: target.requestFile,
        header: options.header,
        connections: options.connections,
        core: options.generatorCore,
      };
      if (options.warmupSeconds > 0) await wrkRound({ ...load, seconds: options.warmupSeconds });
      const result = await wrkRound(
        { ...load, seconds: options.durationSeconds },
        target.server.child.pid,
      );
      rounds.get(target.name)!.push(result);
      options.log(
        `  round ${round + 1} ${target.name.padEnd(18)} ${String(result.requestsPerSecond).padStart(6)} req/s  ` +
          `p50 ${result.p50} ms  p99 ${result.p99} ms  ${result.cpuUsPerRequest ?? '?'} µs CPU/req  ` +
          `generator ${result.generatorCpu === null ? '?' : `${Math.round((result.generatorCpu ?? 0) * 100)}%`} of its core` +
          `${result.non2xx || result.errors ? `  (${result.non2xx} non-2xx, ${result.errors} errors)` : ''}`,
      );
    }
  }
  return targets.map((t) => summarizeRounds(t.name, t.server.description, rounds.get(t.name)!));
}
