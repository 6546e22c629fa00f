import { describe, expect, it } from 'vitest';
import { fixtureResult } from './fixture.ts';
import { summarizeRounds } from './summarize-rounds.ts';
import { checkTargets, TARGETS } from './targets.ts';
import type { BenchResult, LoadRound, TargetName, Verdict } from './types.ts';

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

  const share = "of the bare node:http ceiling's req/s";
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
      change: (r) => withLoad(r, 'mock', [round(39_000, 2, 5)]),
      words: share,
      want: 'MISSED',
    },
    {
      name: 'p99 of 12 ms',
      change: (r) => withLoad(r, 'mock', [round(30_000, 12)]),
      words: 'p99',
      want: 'MISSED',
    },
    {
      name: 'p99 of exactly 10 ms',
      change: (r) => withLoad(r, 'mock', [round(30_000, 10)]),
      words: 'p99',
      want: 'MET',
    },
    {
      name: 'only 10× Prism',
      change: (r) => withLoad(r, 'prism', [round(3_000)]),
      words: 'Prism',
      want: 'MISSED',
    },
    {
      name: 'Prism not measured',
      change: (r) => ({ ...r, throughput: r.throughput.filter((t) => t.target !== 'prism') }),
      words: 'Prism',
      want: 'NOT MEASURED',
    },
    {
      name: 'the mock not measured',
      change: (r) => ({ ...r, throughput: r.throughput.filter((t) => t.target !== 'mock') }),
      words: 'p99',
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
      change: (r) => ({ ...r, csvExport: { ...r.csvExport!, peakRssMB: 512 } }),
      words: 'CSV export',
      want: 'MET',
    },
    {
      name: 'a CSV export that peaked at 900 MB',
      change: (r) => ({ ...r, csvExport: { ...r.csvExport!, peakRssMB: 900 } }),
      words: 'CSV export',
      want: 'MISSED',
    },
    {
      name: 'a CSV export one row short',
      change: (r) => ({
        ...r,
        csvExport: { ...r.csvExport!, rows: r.csvExport!.expectedRows - 1 },
      }),
      words: 'CSV export',
      want: 'MISSED',
    },
    {
      name: 'a CSV export that answered 500',
      change: (r) => ({ ...r, csvExport: { ...r.csvExport!, status: 500 } }),
      words: 'CSV export',
      want: 'MISSED',
    },
    {
      name: 'a CSV export of a smaller dataset',
      change: (r) => ({
        ...r,
        csvExport: { ...r.csvExport!, contacts: 1000, rows: 1000, expectedRows: 1000 },
      }),
      words: 'CSV export',
      want: 'MISSED',
    },
    {
      name: 'CSV export not run',
      change: (r) => ({ ...r, csvExport: null }),
      words: 'CSV export',
      want: 'NOT MEASURED',
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
    const short = { ...result, csvExport: { ...result.csvExport!, rows: 999_999 } };
    const actual = checkTargets(short).find((t) => t.target.includes('CSV export'))!.actual;
    expect(actual).toContain(`peak ${result.csvExport!.peakRssMB.toFixed(0)} MB`);
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
