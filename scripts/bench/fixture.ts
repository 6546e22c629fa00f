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
    generatorCpu: 0.5,
  }));

const csv = (contacts: number) => ({
  contacts,
  sort: '-created_at',
  status: 200,
  contentType: 'text/csv; charset=utf-8',
  ms: contacts / 50,
  firstByteMs: 5,
  bytes: contacts * 270,
  rows: contacts,
  expectedRows: contacts,
  mbPerSecond: 60.5,
  rssBeforeMB: 200,
  peakRssMB: 260,
  hwmBeforeMB: 240,
  hwmAfterMB: 260,
  rssAfterMB: 210,
  samples: 200,
});

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
      summarizeRounds('repeated URL', 'the mock', rounds(30_000, 4)),
      summarizeRounds('pages and sorts', 'the mock', rounds(15_000, 6)),
      summarizeRounds('search', 'the mock', rounds(5_000, 15)),
      summarizeRounds('pages + 20% writes', 'the mock', rounds(10_000, 8)),
      summarizeRounds('prism static', 'Prism', rounds(1_500, 400)),
      summarizeRounds('prism dynamic', 'Prism', rounds(1_000, 500)),
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
    csvExports: [csv(65_681), csv(1_000_000)],
    durableWrites: summarizeRounds('durable writes', 'the mock, --state', rounds(2_000, 9)),
    memoryUnderLoad: { contacts: 65_681, rssMB: 180.4, peakMB: 190.2 },
    earlyPages: [
      { sort: '-created_at', skip: 5, sentAtMs: 1000, ms: 2 },
      { sort: 'email', skip: 500_000, sentAtMs: 1010, ms: 6 },
    ],
    largeSearch: { contacts: 1_000_000, samples: 60, p50: 8, p99: 18 },
    writes: [{ what: 'update', ok: true, detail: 'seen' }],
    behaviour: [{ what: 'auth', ok: true, detail: '401' }],
    notes: [],
  };
}
