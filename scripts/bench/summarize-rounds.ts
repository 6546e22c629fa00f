import { median } from '../lib/stats.ts';
import type { LoadRound, LoadSummary, TargetName } from './types.ts';

/** Each figure's median over the rounds (taken separately), so one disturbed round does not decide. */
export function summarizeRounds(
  target: TargetName,
  description: string,
  rounds: LoadRound[],
): LoadSummary {
  const of = (pick: (r: LoadRound) => number) => median(rounds.map(pick));
  return {
    target,
    description,
    rounds,
    median: {
      requestsPerSecond: of((r) => r.requestsPerSecond),
      p50: of((r) => r.p50),
      p99: of((r) => r.p99),
      errors: rounds.reduce((sum, r) => sum + r.errors, 0),
      non2xx: rounds.reduce((sum, r) => sum + r.non2xx, 0),
      cpuUsPerRequest: rounds.some((r) => r.cpuUsPerRequest === null)
        ? null
        : of((r) => r.cpuUsPerRequest!),
      generatorCpu: rounds.some((r) => r.generatorCpu == null) ? null : of((r) => r.generatorCpu!),
      megabytesPerSecond: of((r) => r.megabytesPerSecond ?? 0),
    },
  };
}
