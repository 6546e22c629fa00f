import { describe, expect, it } from 'vitest';
import { reliabilityMarkdown } from './report.ts';
import type { Results } from './results.ts';

const results: Results = {
  crash: {
    at: '2026-11-25T18:00:00.000Z',
    rounds: 12,
    survived: 11,
    acknowledged: 240,
    problemCount: 1,
    problems: ['round 3: con_1 lost'],
    badFiles: 5,
    badFilesRefused: 5,
  },
  soak: {
    at: '2026-11-25T18:10:00.000Z',
    seconds: 60,
    connections: 16,
    requests: 30000,
    requestsPerSecond: 500,
    latencyMs: { p50: 20, p99: 120 },
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    rssMiB: { start: 110, afterWarmup: 170, end: 190, peak: 205, growth: 20, bound: 64 },
  },
};

describe('reliability report', () => {
  it('shows each recorded figure, marks what was not run, and lists findings', () => {
    const md = reliabilityMarkdown(results);
    expect(md).toContain(
      '| 11 of 12 kills survived | 240 acknowledged writes checked, 1 lost or torn |',
    );
    expect(md).toContain('RSS low points 170 → 190 MiB (growth 20, bound 64; peak 205)');
    expect(md).toMatch(/spec-driven fuzzing \(`npm run fuzz`\) \| not run/);
    expect(md).toContain('- crash safety: round 3: con_1 lost');
  });
});
