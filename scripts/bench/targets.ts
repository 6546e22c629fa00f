/** Issue 5's targets, and the comparison of one run's figures with them. */
import type {
  BenchResult,
  Check,
  CsvExport,
  LoadSummary,
  PageTiming,
  StartupRun,
  TargetCheck,
  TargetName,
  Verdict,
} from './types.ts';

export const TARGETS = Object.freeze({
  /** The mock's req/s as a share of the bare node:http ceiling's. */
  ceilingShare: 0.6,
  p99Ms: 10,
  /** The mock's req/s as a multiple of Prism's. */
  prismMultiple: 15,
  realSize: 65_681,
  realFirstAnswerMs: 1000,
  realRssMB: 150,
  largeSize: 1_000_000,
  largeFirstAnswerMs: 2000,
  largeRssMB: 1024,
  pageMs: 10,
  /** Issue 9: the streamed CSV export of the largest dataset must not need memory in proportion to it. */
  csvExportRssMB: 512,
});

const NOT_MEASURED = (target: string, why: string): TargetCheck => ({
  target,
  actual: why,
  verdict: 'NOT MEASURED',
});
const verdict = (met: boolean): Verdict => (met ? 'MET' : 'MISSED');
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${n < 10 ? n.toFixed(2) : n.toFixed(0)} ms`;

function load(result: BenchResult, target: TargetName): LoadSummary | undefined {
  return result.throughput.find((t) => t.target === target && t.rounds.length > 0);
}

/** A round with failed answers measured something else than the endpoint: say so next to the figure. */
function failures(summary: LoadSummary): string {
  const { errors, non2xx } = summary.median;
  return errors || non2xx
    ? ` (with ${non2xx} non-2xx and ${errors} errors: not a valid measurement)`
    : '';
}
const clean = (summary: LoadSummary) => summary.median.errors === 0 && summary.median.non2xx === 0;

function throughputChecks(result: BenchResult): TargetCheck[] {
  const mock = load(result, 'mock');
  const ceiling = load(result, 'ceiling');
  const prism = load(result, 'prism');
  const share = `list endpoint ≥ ${TARGETS.ceilingShare * 100}% of the bare node:http ceiling's req/s`;
  const p99 = `list endpoint p99 ≤ ${TARGETS.p99Ms} ms at ${result.settings.connections} connections`;
  const multiple = `≥ ${TARGETS.prismMultiple}× Prism's req/s`;
  if (!mock) return [share, p99, multiple].map((t) => NOT_MEASURED(t, 'the mock was not measured'));

  const rps = mock.median.requestsPerSecond;
  const checks: TargetCheck[] = [];
  if (ceiling) {
    const ratio = rps / ceiling.median.requestsPerSecond;
    checks.push({
      target: share,
      actual: `${int(rps)} / ${int(ceiling.median.requestsPerSecond)} req/s = ${(ratio * 100).toFixed(0)}%${failures(mock)}`,
      verdict: verdict(ratio >= TARGETS.ceilingShare && clean(mock) && clean(ceiling)),
    });
  } else checks.push(NOT_MEASURED(share, 'the ceiling was not measured'));
  checks.push({
    target: p99,
    actual: `p99 ${mock.median.p99} ms (p50 ${mock.median.p50} ms)${failures(mock)}`,
    verdict: verdict(mock.median.p99 <= TARGETS.p99Ms && clean(mock)),
  });
  if (prism) {
    const ratio = rps / prism.median.requestsPerSecond;
    checks.push({
      target: multiple,
      actual: `${int(rps)} / ${int(prism.median.requestsPerSecond)} req/s = ${ratio.toFixed(1)}×${failures(mock)}`,
      verdict: verdict(ratio >= TARGETS.prismMultiple && clean(mock) && clean(prism)),
    });
  } else checks.push(NOT_MEASURED(multiple, 'Prism was not measured'));
  return checks;
}

function startupChecks(
  runs: StartupRun[],
  size: number,
  firstMs: number,
  rssMB: number,
): TargetCheck[] {
  const label = int(size);
  const first = `${label} contacts: first answered request ≤ ${firstMs / 1000} s after process start`;
  const memory = `${label} contacts: resident memory ≤ ${rssMB} MB after a full search (and the background index build)`;
  const run = runs.find((r) => r.contacts === size);
  if (!run) return [NOT_MEASURED(first, 'not measured'), NOT_MEASURED(memory, 'not measured')];
  return [
    {
      target: first,
      actual: ms(run.firstAnswerMs),
      verdict: verdict(run.firstAnswerMs <= firstMs),
    },
    {
      target: memory,
      actual: `${run.rssAfterSearchMB.toFixed(0)} MB`,
      verdict: verdict(run.rssAfterSearchMB <= rssMB),
    },
  ];
}

function worst(timings: PageTiming[], pick: (t: PageTiming) => number): PageTiming {
  return timings.reduce((a, b) => (pick(b) > pick(a) ? b : a));
}

function pagingChecks(result: BenchResult): TargetCheck[] {
  const label = int(result.settings.pagingContacts || TARGETS.largeSize);
  const warm = `${label} contacts: a page at any skip ≤ ${TARGETS.pageMs} ms (median of different pages near each skip, none cached)`;
  const cold = `${label} contacts: a page at any skip ≤ ${TARGETS.pageMs} ms, counting the first request of each sort (once the background index build is done)`;
  if (result.paging.length === 0)
    return [NOT_MEASURED(warm, 'not measured'), NOT_MEASURED(cold, 'not measured')];
  const slow = worst(result.paging, (t) => t.medianMs);
  const first = worst(result.paging, (t) => t.firstMs);
  const where = (t: PageTiming) => `sort=${t.sort}, skip=${int(t.skip)}`;
  return [
    {
      target: warm,
      actual: `worst ${ms(slow.medianMs)} (${where(slow)})`,
      verdict: verdict(slow.medianMs <= TARGETS.pageMs),
    },
    {
      target: cold,
      actual: `worst ${ms(first.firstMs)} (${where(first)})`,
      verdict: verdict(first.firstMs <= TARGETS.pageMs),
    },
  ];
}

/** Complete (every contact, once) and within the memory bound, or MISSED saying which failed. */
function csvExportCheck(result: BenchResult): TargetCheck {
  const target = `${int(TARGETS.largeSize)} contacts: CSV export completes with bounded memory (peak RSS ≤ ${TARGETS.csvExportRssMB} MB)`;
  const run: CsvExport | null = result.csvExport;
  if (!run) return NOT_MEASURED(target, 'not measured');
  if (run.status !== 200) return { target, actual: `status ${run.status}`, verdict: 'MISSED' };
  const complete = run.rows === run.expectedRows;
  const size =
    run.contacts === TARGETS.largeSize
      ? ''
      : ` (at ${int(run.contacts)} contacts, not ${int(TARGETS.largeSize)})`;
  const memory = `peak ${run.peakRssMB.toFixed(0)} MB (before ${run.rssBeforeMB.toFixed(0)}, after ${run.rssAfterMB.toFixed(0)})`;
  const rows = `${int(run.rows)} of ${int(run.expectedRows)} rows${complete ? '' : ' (incomplete)'}`;
  return {
    target,
    actual: `${memory}; ${rows} in ${(run.ms / 1000).toFixed(1)} s${size}`,
    verdict: verdict(
      complete && run.peakRssMB <= TARGETS.csvExportRssMB && run.contacts === TARGETS.largeSize,
    ),
  };
}

function allOk(target: string, checks: Check[]): TargetCheck {
  if (checks.length === 0) return NOT_MEASURED(target, 'not measured');
  const failed = checks.filter((c) => !c.ok);
  return {
    target,
    actual:
      failed.length === 0
        ? `${checks.length} of ${checks.length} checks pass`
        : `failed: ${failed.map((c) => c.what).join('; ')}`,
    verdict: verdict(failed.length === 0),
  };
}

/** Every target of issue 5 (and issue 9's CSV export) with the figure this run measured for it. */
export function checkTargets(result: BenchResult): TargetCheck[] {
  return [
    allOk(
      "the mock's full behaviour is on (auth, validation, CORS, request ids)",
      result.behaviour,
    ),
    ...throughputChecks(result),
    ...startupChecks(
      result.startup,
      TARGETS.realSize,
      TARGETS.realFirstAnswerMs,
      TARGETS.realRssMB,
    ),
    ...startupChecks(
      result.startup,
      TARGETS.largeSize,
      TARGETS.largeFirstAnswerMs,
      TARGETS.largeRssMB,
    ),
    ...pagingChecks(result),
    csvExportCheck(result),
    allOk('a write (update, mark read) stays visible at these rates', result.writes),
  ];
}
