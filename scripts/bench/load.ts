/**
 * One load round with autocannon. The load generator runs in the benchmark's own process and each
 * server in its own, so on a two-core machine each gets a core.
 */
import { createRequire } from 'node:module';
import { cpuSeconds } from '../lib/proc.ts';
import type { LoadRound } from './types.ts';

/** The part of autocannon's result this harness reads (autocannon ships no types). */
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface Load {
  url: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
}

/** One round; with `pid`, the server's CPU time is read before and after it. */
export async function loadRound(load: Load, pid?: number): Promise<LoadRound> {
  const cpuBefore = pid === undefined ? undefined : await cpuSeconds(pid);
  const result = await autocannon({
    url: load.url,
    headers: load.headers,
    connections: load.connections,
    duration: load.seconds,
    timeout: 10,
  });
  const cpuAfter = cpuBefore === undefined ? undefined : await cpuSeconds(pid!);
  const cpuUsed =
    cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
  return {
    // Completed requests over the measured time: autocannon's `average` is the mean of per-second
    // samples, which a partial last second pulls down.
    requestsPerSecond: Math.round(result.requests.total / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    cpuUsPerRequest:
      cpuUsed === undefined || result.requests.total === 0
        ? null
        : Math.round((cpuUsed * 1e6) / result.requests.total),
  };
}
