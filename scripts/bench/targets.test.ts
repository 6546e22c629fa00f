import { describe, expect, it } from 'vitest';
import { fixtureResult } from './fixture.ts';
import { summarizeRounds } from './summarize-rounds.ts';
import { checkTargets, TARGETS } from './targets.ts';
import type { BenchResult, CsvExport, LoadRound, TargetName, Verdict } from './types.ts';

const round = (requestsPerSecond: number, p99 = 4, non2xx = 0): LoadRound => ({
  requestsPerSecond,
  p50: 1,
  p99,
  errors: 0,
  non2xx,
  cpuUsPerRequest: null,
});

function withLoad(result: BenchResult, target: TargetName, rounds: LoadRound[]): BenchResult {
  const others = result.throughput.filter((t) => t.target !== target);
  return { ...result, throughput: [...others, summarizeRounds(target, target, rounds)] };
}

const LARGE_CSV = '1,000,000 contacts: CSV export';

/** The run with its 1,000,000-contact CSV export changed. */
function withCsv(result: BenchResult, change: Partial<CsvExport>): BenchResult {
  return {
    ...result,
    csvExports: result.csvExports.map((e) => (e.contacts === 1_000_000 ? { ...e, ...change } : e)),
  };
}

/** The verdict of the one target whose wording contains `words`. */
function verdictOf(result: BenchResult, words: string): Verdict {
  const matching = checkTargets(result).filter((t) => t.target.includes(words));
  expect(matching, words).toHaveLength(1);
  return matching[0]!.verdict;
}

describe('checkTargets', () => {
  it('meets every target on a run that is inside all of them', () => {
    const checks = checkTargets(fixtureResult());
    expect(checks.length).toBeGreaterThanOrEqual(11);
    expect(checks.filter((c) => c.verdict !== 'MET')).toEqual([]);
  });

  const share = 'repeated URL: ≥';
  const cases: {
    name: string;
    change: (r: BenchResult) => BenchResult;
    words: string;
    want: Verdict;
  }[] = [
    {
      name: 'mock at exactly 60% of the ceiling',
      change: (r) => withLoad(r, 'ceiling', [round(50_000)]),
      words: share,
      want: 'MET',
    },
    {
      name: 'mock at 50% of the ceiling',
      change: (r) => withLoad(r, 'ceiling', [round(60_000)]),
      words: share,
      want: 'MISSED',
    },
    {
      name: 'a fast mock that answered non-2xx',
      change: (r) => withLoad(r, 'repeated URL', [round(39_000, 2, 5)]),
      words: share,
      want: 'MISSED',
    },
    {
      name: 'p99 of 12 ms',
      change: (r) => withLoad(r, 'repeated URL', [round(30_000, 12)]),
      words: share,
      want: 'MISSED',
    },
    {
      name: 'p99 of exactly 10 ms',
      change: (r) => withLoad(r, 'repeated URL', [round(30_000, 10)]),
      words: share,
      want: 'MET',
    },
    {
      name: 'only 10× Prism',
      change: (r) => withLoad(r, 'prism static', [round(3_000)]),
      words: 'Prism',
      want: 'MISSED',
    },
    {
      name: 'Prism not measured',
      change: (r) => ({
        ...r,
        throughput: r.throughput.filter((t) => t.target !== 'prism static'),
      }),
      words: 'Prism',
      want: 'NOT MEASURED',
    },
    {
      name: 'the mock not measured',
      change: (r) => ({
        ...r,
        throughput: r.throughput.filter((t) => t.target !== 'repeated URL'),
      }),
      words: share,
      want: 'NOT MEASURED',
    },
    {
      name: '65,681 contacts answering after 1.1 s',
      change: (r) => ({
        ...r,
        startup: r.startup.map((s) =>
          s.contacts === TARGETS.realSize ? { ...s, firstAnswerMs: 1100 } : s,
        ),
      }),
      words: '65,681 contacts: first answered',
      want: 'MISSED',
    },
    {
      name: '65,681 contacts in 168 MB',
      change: (r) => ({
        ...r,
        startup: r.startup.map((s) =>
          s.contacts === TARGETS.realSize ? { ...s, rssAfterSearchMB: 168 } : s,
        ),
      }),
      words: '65,681 contacts: resident memory',
      want: 'MISSED',
    },
    {
      name: '1,000,000 contacts not started',
      change: (r) => ({ ...r, startup: r.startup.filter((s) => s.contacts !== TARGETS.largeSize) }),
      words: '1,000,000 contacts: first answered',
      want: 'NOT MEASURED',
    },
    {
      name: 'a slow page near the end',
      change: (r) => ({
        ...r,
        paging: [
          ...r.paging,
          { sort: 'display_name', skip: 999_990, firstMs: 900, medianMs: 25, maxMs: 40 },
        ],
      }),
      words: '(median of different pages near each skip',
      want: 'MISSED',
    },
    {
      name: 'a slow first request of a sort, fast afterwards',
      change: (r) => ({
        ...r,
        paging: [
          ...r.paging,
          { sort: 'display_name', skip: 0, firstMs: 900, medianMs: 1, maxMs: 2 },
        ],
      }),
      words: 'counting the first request',
      want: 'MISSED',
    },
    {
      name: 'a write that is not read back',
      change: (r) => ({
        ...r,
        writes: [...r.writes, { what: 'mark read', ok: false, detail: 'stale' }],
      }),
      words: 'stays visible',
      want: 'MISSED',
    },
    {
      name: 'a CSV export at exactly 512 MB',
      change: (r) => withCsv(r, { peakRssMB: 512 }),
      words: LARGE_CSV,
      want: 'MET',
    },
    {
      name: 'a CSV export that peaked at 900 MB',
      change: (r) => withCsv(r, { peakRssMB: 900 }),
      words: LARGE_CSV,
      want: 'MISSED',
    },
    {
      name: 'a CSV export at 40 MB/s',
      change: (r) => withCsv(r, { mbPerSecond: 40 }),
      words: LARGE_CSV,
      want: 'MISSED',
    },
    {
      name: 'a CSV export one row short',
      change: (r) => withCsv(r, { rows: 999_999 }),
      words: LARGE_CSV,
      want: 'MISSED',
    },
    {
      name: 'a CSV export that answered 500',
      change: (r) => withCsv(r, { status: 500 }),
      words: LARGE_CSV,
      want: 'MISSED',
    },
    {
      name: 'no CSV export at 1,000,000 contacts',
      change: (r) => ({ ...r, csvExports: r.csvExports.filter((e) => e.contacts !== 1_000_000) }),
      words: LARGE_CSV,
      want: 'NOT MEASURED',
    },
    {
      name: 'search at 0.04× the ceiling',
      change: (r) => withLoad(r, 'search', [round(1_600, 10)]),
      words: 'search: ≥',
      want: 'MISSED',
    },
    {
      name: 'search with p99 25 ms',
      change: (r) => withLoad(r, 'search', [round(5_000, 25)]),
      words: 'search: ≥',
      want: 'MISSED',
    },
    {
      name: 'writes at exactly 0.2× the ceiling',
      change: (r) => withLoad(r, 'pages + 20% writes', [round(8_000, 10)]),
      words: '20% writes: ≥',
      want: 'MET',
    },
    {
      name: 'a generator at 95% of its core',
      change: (r) => withLoad(r, 'ceiling', [{ ...round(40_000), generatorCpu: 0.95 }]),
      words: 'not the bottleneck',
      want: 'MISSED',
    },
    {
      name: 'a page of a sort 300 ms in the first seconds',
      change: (r) => ({
        ...r,
        earlyPages: [...r.earlyPages, { sort: 'last_seen', skip: 1, sentAtMs: 1100, ms: 300 }],
      }),
      words: 'from the first second',
      want: 'MISSED',
    },
    {
      name: 'searches at 1,000,000 with p50 25 ms',
      change: (r) => ({ ...r, largeSearch: { ...r.largeSearch!, p50: 25 } }),
      words: 'a search (random',
      want: 'MISSED',
    },
    {
      name: '900 durable writes/s',
      change: (r) => ({
        ...r,
        durableWrites: summarizeRounds('durable writes', 'd', [round(900)]),
      }),
      words: 'durable writes/s',
      want: 'MISSED',
    },
    {
      name: 'behaviour not checked',
      change: (r) => ({ ...r, behaviour: [] }),
      words: 'full behaviour',
      want: 'NOT MEASURED',
    },
  ];
  it.each(cases)('$name: $want', ({ change, words, want }) => {
    expect(verdictOf(change(fixtureResult()), words)).toBe(want);
  });

  it("states the CSV export's peak memory and rows in its figure", () => {
    const result = fixtureResult();
    const short = withCsv(result, { rows: 999_999 });
    const actual = checkTargets(short).find((t) => t.target.includes(LARGE_CSV))!.actual;
    expect(actual).toContain(`peak ${result.csvExports[1]!.peakRssMB.toFixed(0)} MB`);
    expect(actual).toContain('999,999 of 1,000,000 rows');
    expect(actual).toContain('incomplete');
  });

  it('names the failed checks in the measured figure', () => {
    const result = {
      ...fixtureResult(),
      writes: [{ what: 'mark read', ok: false, detail: 'stale' }],
    };
    expect(checkTargets(result).find((t) => t.target.includes('stays visible'))?.actual).toContain(
      'mark read',
    );
  });
});
