import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import type { Machine } from './types.ts';

/** What the figures were measured on; they mean little without it. */
export function machine(now = new Date()): Machine {
  const cores = cpus();
  return {
    cpu: cores[0]?.model.trim() ?? 'unknown',
    cores: cores.length,
    memoryGB: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${platform()} ${release()}`,
    date: now.toISOString(),
    loadAverage: loadAverage(),
  };
}

/** The 1-minute load average, to two decimals. */
export function loadAverage(): number {
  return Math.round(loadavg()[0]! * 100) / 100;
}
