/**
 * The throughput comparison: the same endpoint and load on every target, alternated over rounds (the
 * order rotates each round) so drift on a shared machine hits every target alike; each figure is the
 * median over the rounds.
 */
import { loadRound } from './load.ts';
import { AUTH, LIST_PATH, type Server } from './servers.ts';
import { summarizeRounds } from './summarize-rounds.ts';
import type { LoadRound, LoadSummary, TargetName } from './types.ts';

export interface ThroughputOptions {
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  rounds: number;
  log: (line: string) => void;
}

/** The order of the targets in round `round`: the list rotated by the round number. */
export function rotation<T>(items: readonly T[], round: number): T[] {
  const shift = round % Math.max(items.length, 1);
  return [...items.slice(shift), ...items.slice(0, shift)];
}

export async function measureThroughput(
  servers: ReadonlyMap<TargetName, Server>,
  options: ThroughputOptions,
): Promise<LoadSummary[]> {
  const names = [...servers.keys()];
  const rounds = new Map<TargetName, LoadRound[]>(names.map((name) => [name, []]));
  for (let round = 0; round < options.rounds; round += 1) {
    for (const name of rotation(names, round)) {
      const server = servers.get(name)!;
      const load = {
        url: `${server.base}${LIST_PATH}`,
        headers: AUTH,
        connections: options.connections,
      };
      if (options.warmupSeconds > 0) await loadRound({ ...load, seconds: options.warmupSeconds });
      const result = await loadRound(
        { ...load, seconds: options.durationSeconds },
        server.child.pid,
      );
      rounds.get(name)!.push(result);
      options.log(
        `  round ${round + 1} ${name.padEnd(7)} ${String(result.requestsPerSecond).padStart(6)} req/s  ` +
          `p50 ${result.p50} ms  p99 ${result.p99} ms  ${result.cpuUsPerRequest ?? '?'} µs CPU/req${result.non2xx || result.errors ? `  (${result.non2xx} non-2xx, ${result.errors} errors)` : ''}`,
      );
    }
  }
  return names.map((name) =>
    summarizeRounds(name, servers.get(name)!.description, rounds.get(name)!),
  );
}
