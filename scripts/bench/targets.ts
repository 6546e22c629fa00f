/** Issue 5's and issue 15's targets, and the comparison of one run's figures with them. */
import type {
  BenchResult,
  BehaviourCheck,
  CsvExport,
  LoadSummary,
  PageTiming,
  StartupRun,
  TargetCheck,
  TargetName,
  Verdict,
} from './types.ts';

export const TARGETS = Object.freeze({
  /** Each workload's req/s as a share of the bare node:http ceiling's, and its p99 (issue 15). */
  workloads: {
    'repeated URL': { share: 0.6, p99Ms: 10 },
    'pages and sorts': { share: 0.25, p99Ms: 10 },
    search: { share: 0.05, p99Ms: 20 },
    'pages + 20% writes': { share: 0.2, p99Ms: 10 },
  } as Partial<Record<TargetName, { share: number; p99Ms: number }>>,
  /** The repeated URL's req/s as a multiple of Prism's (static examples). */
  prismMultiple: 15,
  /** wrk's CPU as a share of its core: above this it may have limited the server. */
  generatorCpu: 0.9,
  realSize: 65_681,
  realFirstAnswerMs: 1000,
  realRssMB: 150,
  largeSize: 1_000_000,
  largeFirstAnswerMs: 2000,
  largeRssMB: 1024,
  pageMs: 10,
  largeSearchP50Ms: 20,
  csvMBps: 50,
  /** The streamed CSV export must not need memory in proportion to the dataset. */
  csvExportRssMB: 512,
  durableWritesPerSecond: 1000,
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
  const ceiling = load(result, 'ceiling');
  const checks: TargetCheck[] = [];
  for (const [name, target] of Object.entries(TARGETS.workloads) as [
    TargetName,
    { share: number; p99Ms: number },
  ][]) {
    const label = `${name}: ≥ ${target.share}× the ceiling's req/s, p99 ≤ ${target.p99Ms} ms`;
    const mock = load(result, name);
    if (!mock) {
      checks.push(NOT_MEASURED(label, 'not measured'));
      continue;
    }
    if (!ceiling) {
      checks.push(NOT_MEASURED(label, 'the ceiling was not measured'));
      continue;
    }
    const ratio = mock.median.requestsPerSecond / ceiling.median.requestsPerSecond;
    checks.push({
      target: label,
      actual: `${int(mock.median.requestsPerSecond)} / ${int(ceiling.median.requestsPerSecond)} req/s = ${ratio.toFixed(2)}×, p99 ${mock.median.p99} ms${failures(mock)}`,
      verdict: verdict(
        ratio >= target.share && mock.median.p99 <= target.p99Ms && clean(mock) && clean(ceiling),
      ),
    });
  }
  const repeated = load(result, 'repeated URL');
  const prism = load(result, 'prism static');
  const multiple = `repeated URL ≥ ${TARGETS.prismMultiple}× Prism's req/s (static examples)`;
  if (repeated && prism) {
    const ratio = repeated.median.requestsPerSecond / prism.median.requestsPerSecond;
    checks.push({
      target: multiple,
      actual: `${int(repeated.median.requestsPerSecond)} / ${int(prism.median.requestsPerSecond)} req/s = ${ratio.toFixed(1)}×`,
      verdict: verdict(ratio >= TARGETS.prismMultiple && clean(repeated) && clean(prism)),
    });
  } else checks.push(NOT_MEASURED(multiple, 'not measured'));
  const generator = `the load generator was not the bottleneck (wrk below ${TARGETS.generatorCpu * 100}% of its core, median of each target)`;
  const measured = result.throughput.filter((t) => t.median.generatorCpu != null);
  if (measured.length === 0) checks.push(NOT_MEASURED(generator, 'not measured'));
  else {
    const busiest = measured.reduce((a, b) =>
      b.median.generatorCpu! > a.median.generatorCpu! ? b : a,
    );
    checks.push({
      target: generator,
      actual: `busiest: ${Math.round(busiest.median.generatorCpu! * 100)}% (${busiest.target})`,
      verdict: verdict(busiest.median.generatorCpu! < TARGETS.generatorCpu),
    });
  }
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

/** Complete (every contact, once), fast enough and within the memory bound, or MISSED saying which failed. */
function csvExportCheck(run: CsvExport | undefined, size: number): TargetCheck {
  const target = `${int(size)} contacts: CSV export ≥ ${TARGETS.csvMBps} MB/s, streamed with bounded memory (peak RSS ≤ ${TARGETS.csvExportRssMB} MB)`;
  if (!run) return NOT_MEASURED(target, 'not measured');
  if (run.status !== 200) return { target, actual: `status ${run.status}`, verdict: 'MISSED' };
  const complete = run.rows === run.expectedRows;
  const memory = `peak ${run.peakRssMB.toFixed(0)} MB (before ${run.rssBeforeMB.toFixed(0)}, after ${run.rssAfterMB.toFixed(0)})`;
  const rows = `${int(run.rows)} of ${int(run.expectedRows)} rows${complete ? '' : ' (incomplete)'}`;
  return {
    target,
    actual: `${run.mbPerSecond} MB/s; ${memory}; ${rows} in ${(run.ms / 1000).toFixed(1)} s`,
    verdict: verdict(
      complete && run.peakRssMB <= TARGETS.csvExportRssMB && run.mbPerSecond >= TARGETS.csvMBps,
    ),
  };
}

function largeChecks(result: BenchResult): TargetCheck[] {
  const label = int(TARGETS.largeSize);
  const early = `${label} contacts: a page of every sort ≤ ${TARGETS.pageMs} ms from the first second after start`;
  const search = `${label} contacts: a search (random 1–3 letters) p50 ≤ ${TARGETS.largeSearchP50Ms} ms`;
  const checks: TargetCheck[] = [];
  const pages = result.earlyPages;
  if (pages.length === 0) checks.push(NOT_MEASURED(early, 'not measured'));
  else {
    const slow = pages.reduce((a, b) => (b.ms > a.ms ? b : a));
    checks.push({
      target: early,
      actual: `worst ${ms(slow.ms)} (sort=${slow.sort}, sent ${int(slow.sentAtMs)} ms after spawn)`,
      verdict: verdict(
        slow.ms <= TARGETS.pageMs && result.settings.pagingContacts >= TARGETS.largeSize,
      ),
    });
  }
  const s = result.largeSearch;
  checks.push(
    s
      ? {
          target: search,
          actual: `p50 ${ms(s.p50)}, p99 ${ms(s.p99)} over ${s.samples} queries at ${int(s.contacts)} contacts`,
          verdict: verdict(s.p50 <= TARGETS.largeSearchP50Ms && s.contacts >= TARGETS.largeSize),
        }
      : NOT_MEASURED(search, 'not measured'),
  );
  return checks;
}

function durableWritesCheck(result: BenchResult): TargetCheck {
  const target = `with --state: ≥ ${int(TARGETS.durableWritesPerSecond)} durable writes/s from ${result.settings.connections} concurrent writers`;
  const d = result.durableWrites;
  if (!d) return NOT_MEASURED(target, 'not measured');
  return {
    target,
    actual: `${int(d.median.requestsPerSecond)} writes/s, p99 ${d.median.p99} ms${failures(d)}`,
    verdict: verdict(d.median.requestsPerSecond >= TARGETS.durableWritesPerSecond && clean(d)),
  };
}

function allOk(target: string, checks: BehaviourCheck[]): TargetCheck {
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

/** Every target of issues 5, 9 and 15 with the figure this run measured for it. */
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
    ...largeChecks(result),
    csvExportCheck(
      result.csvExports.find((e) => e.contacts === TARGETS.realSize),
      TARGETS.realSize,
    ),
    csvExportCheck(
      result.csvExports.find((e) => e.contacts === TARGETS.largeSize),
      TARGETS.largeSize,
    ),
    durableWritesCheck(result),
    allOk('a write (update, mark read) stays visible at these rates', result.writes),
  ];
}
