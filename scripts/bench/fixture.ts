/** A complete, plausible run's results for the pure helpers' tests; each test overrides what it needs. */
import { summarizeRounds } from './summarize-rounds.ts';
import type { BenchResult, LoadRound } from './types.ts';

const rounds = (requestsPerSecond: number, p99: number): LoadRound[] =>
  [0.98, 1, 1.02].map((f) => ({
    requestsPerSecond: Math.round(requestsPerSecond * f),
    p50: 1,
    p99,
    errors: 0,
    non2xx: 0,
    cpuUsPerRequest: Math.round(1e6 / requestsPerSecond),
  }));

export function fixtureResult(): BenchResult {
  return {
    machine: {
      cpu: 'Test CPU 3000',
      cores: 2,
      memoryGB: 8,
      node: 'v20.20.2',
      platform: 'linux 6.1',
      date: '2026-01-02T03:04:05.000Z',
      loadAverage: 0.1,
    },
    settings: {
      endpoint: '/contacts?limit=10',
      connections: 50,
      warmupSeconds: 2,
      durationSeconds: 10,
      rounds: 3,
      bodyBytes: 7235,
      sizes: [1000, 65_681, 1_000_000],
      pagingContacts: 1_000_000,
    },
    throughput: [
      summarizeRounds('ceiling', 'bare node:http', rounds(40_000, 3)),
      summarizeRounds('mock', 'the mock', rounds(30_000, 4)),
      summarizeRounds('prism', 'Prism', rounds(1_500, 400)),
    ],
    startup: [
      { contacts: 1000, firstAnswerMs: 300, fullSearchMs: 1, rssAfterSearchMB: 60, peakRssMB: 62 },
      {
        contacts: 65_681,
        firstAnswerMs: 500,
        fullSearchMs: 20,
        rssAfterSearchMB: 100,
        peakRssMB: 110,
      },
      {
        contacts: 1_000_000,
        firstAnswerMs: 1500,
        fullSearchMs: 300,
        rssAfterSearchMB: 700,
        peakRssMB: 720,
      },
    ],
    paging: [
      { sort: '-created_at', skip: 0, firstMs: 2, medianMs: 0.5, maxMs: 1 },
      { sort: '-created_at', skip: 999_990, firstMs: 3, medianMs: 0.6, maxMs: 2 },
    ],
    indexWarmUp: { contacts: 1_000_000, ms: 11_800, fullSearchMs: 190 },
    csvExport: {
      contacts: 1_000_000,
      sort: '-created_at',
      status: 200,
      contentType: 'text/csv; charset=utf-8',
      ms: 20_000,
      firstByteMs: 5,
      bytes: 600_000_000,
      rows: 1_000_000,
      expectedRows: 1_000_000,
      mbPerSecond: 28.61,
      rssBeforeMB: 200,
      peakRssMB: 260,
      hwmBeforeMB: 240,
      hwmAfterMB: 260,
      rssAfterMB: 210,
      samples: 200,
    },
    writes: [{ what: 'update', ok: true, detail: 'seen' }],
    behaviour: [{ what: 'auth', ok: true, detail: '401' }],
    notes: [],
  };
}
