/** One run's results as the Markdown that docs/performance.md shows. */
import type { BenchResult, BehaviourCheck, TargetCheck } from './types.ts';

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(0));
/** A table cell: pipes and newlines would break the row. */
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** A bar of up to 20 blocks for a share 0..1, so the table reads as a chart. */
export function bar(share: number): string {
  const blocks = Math.round(Math.min(Math.max(share, 0), 1) * 20);
  return blocks === 0 && share > 0 ? '▏' : '█'.repeat(blocks);
}

export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) =>
    `| ${cells.map((c) => cell(String(c))).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function throughput(result: BenchResult): string {
  if (result.throughput.length === 0) return '_Not measured._';
  const most = Math.max(...result.throughput.map((t) => t.median.requestsPerSecond));
  const ceiling = result.throughput.find((t) => t.target === 'ceiling')?.median;
  const rows = result.throughput.map((t) => [
    t.target,
    t.description,
    int(t.median.requestsPerSecond),
    ceiling ? `${(t.median.requestsPerSecond / ceiling.requestsPerSecond).toFixed(2)}×` : '–',
    bar(t.median.requestsPerSecond / most),
    t.median.p50,
    t.median.p99,
    t.median.cpuUsPerRequest ?? '–',
    ceiling?.cpuUsPerRequest && t.median.cpuUsPerRequest
      ? `${(ceiling.cpuUsPerRequest / t.median.cpuUsPerRequest).toFixed(2)}×`
      : '–',
    t.median.generatorCpu == null ? '–' : `${Math.round(t.median.generatorCpu * 100)}%`,
    t.rounds.map((r) => int(r.requestsPerSecond)).join(', '),
    t.median.non2xx + t.median.errors,
  ]);
  return table(
    [
      'target',
      'server',
      'req/s (median)',
      '× ceiling',
      '',
      'p50 ms',
      'p99 ms',
      'server CPU µs/req',
      '× ceiling by CPU',
      'wrk CPU (of its core)',
      'req/s per round',
      'failed answers',
    ],
    rows,
  );
}

function startup(result: BenchResult): string {
  if (result.startup.length === 0) return '_Not measured._';
  return table(
    [
      'contacts',
      'spawn → first answer (ms)',
      'full search (ms)',
      'RSS after search and index build (MB)',
      'peak RSS (MB)',
    ],
    result.startup.map((s) => [
      int(s.contacts),
      ms(s.firstAnswerMs),
      ms(s.fullSearchMs),
      s.rssAfterSearchMB.toFixed(0),
      s.peakRssMB.toFixed(0),
    ]),
  );
}

function paging(result: BenchResult): string {
  if (result.paging.length === 0) return '_Not measured._';
  const warmUp = result.indexWarmUp;
  const when = warmUp
    ? `The mock built every sort index before it listened and the search text in the background; its "indexes ready" line came ${(warmUp.ms / 1000).toFixed(1)} s after spawn, and the pages were measured after it. A full search after the pages took ${ms(warmUp.fullSearchMs)} ms (the start-up table's full search came while the build was still going, so it built the search text itself). `
    : '';
  return [
    `${when}After one unmeasured request (\`/notifications?limit=1\`, no contact read), per sort and skip: the first request, then different pages near the skip (none answered from the answer cache).`,
    '',
    table(
      ['sort', 'skip', 'first request (ms)', 'median (ms)', 'max (ms)'],
      result.paging.map((p) => [p.sort, int(p.skip), ms(p.firstMs), ms(p.medianMs), ms(p.maxMs)]),
    ),
    ...(result.largeSearch
      ? [
          '',
          `Searches of random 1–3 letter queries (a prefix of a name or part of an email, six sorts), one at a time: p50 ${ms(result.largeSearch.p50)} ms, p99 ${ms(result.largeSearch.p99)} ms over ${result.largeSearch.samples} queries.`,
        ]
      : []),
  ].join('\n');
}

function csvExport(result: BenchResult): string {
  if (result.csvExports.length === 0) return '_Not measured._';
  const sort = result.csvExports[0]!.sort;
  return [
    `\`GET <prefix>/contacts/_export_csv?sort=${sort}\`, read as a stream; ` +
      "the mock's VmRSS sampled every ~100 ms while it streamed.",
    '',
    table(
      [
        'contacts',
        'status',
        'time (s)',
        'first byte (ms)',
        'bytes',
        'rows',
        'expected rows',
        'MB/s',
        'RSS before (MB)',
        'peak RSS during (MB)',
        'RSS after (MB)',
        'VmHWM before → after (MB)',
      ],
      result.csvExports.map((e) => [
        int(e.contacts),
        e.status,
        (e.ms / 1000).toFixed(1),
        ms(e.firstByteMs),
        int(e.bytes),
        int(e.rows),
        int(e.expectedRows),
        e.mbPerSecond.toFixed(1),
        e.rssBeforeMB.toFixed(0),
        e.peakRssMB.toFixed(0),
        e.rssAfterMB.toFixed(0),
        `${e.hwmBeforeMB.toFixed(0)} → ${e.hwmAfterMB.toFixed(0)}`,
      ]),
    ),
  ].join('\n');
}

function memoryUnderLoad(m: NonNullable<BenchResult['memoryUnderLoad']>): string {
  return `Memory of the mock that served the read workloads (${int(m.contacts)} contacts), after its rounds: RSS ${Math.round(m.rssMB)} MB, peak ${Math.round(m.peakMB)} MB. The start-up table below is measured before any load; under load the JavaScript heap grows, and each contact's page JSON is kept once a page has held it (mock/data/contact-json-bytes.ts: ~50 MB at the default size).`;
}

function durable(result: BenchResult): string {
  const d = result.durableWrites;
  if (!d) return '';
  return `Durable writes (\`--state\`, ${result.settings.connections} writers): ${int(d.median.requestsPerSecond)} writes/s, p50 ${d.median.p50} ms, p99 ${d.median.p99} ms, ${d.median.cpuUsPerRequest ?? '–'} µs server CPU per write${d.median.non2xx + d.median.errors ? `, ${d.median.non2xx + d.median.errors} failed` : ''}.`;
}

function earlyPages(result: BenchResult): string {
  if (result.earlyPages.length === 0) return '_Not measured._';
  return [
    'A fresh mock; from one second after spawn (or from its first answer, if later), one page of each sort at a random skip, one request at a time, while the search text is still built in the background. The mock builds every sort index before it listens.',
    '',
    table(
      ['sort', 'skip', 'sent (ms after spawn)', 'answer (ms)'],
      result.earlyPages.map((p) => [p.sort, int(p.skip), int(p.sentAtMs), ms(p.ms)]),
    ),
  ].join('\n');
}

function checks(list: BehaviourCheck[]): string {
  if (list.length === 0) return '_Not measured._';
  return table(
    ['check', 'result', 'detail'],
    list.map((c) => [c.what, c.ok ? 'ok' : 'FAILED', c.detail]),
  );
}

/** A run on a machine that other work kept busy says so: its req/s and latencies are pessimistic. */
export function busyWarning(m: BenchResult['machine']): string[] {
  const load = Math.max(m.loadAverage, m.loadAverageAtEnd ?? 0);
  if (load <= m.cores / 2) return [];
  return [
    '',
    `> **Other work shared this machine** (load average up to ${load} on ${m.cores} cores): req/s, latencies and ` +
      'start-up times are lower than an idle machine gives, the more so for the servers that need more CPU per request. ' +
      'Server CPU per request is the steadier comparison.',
  ];
}

/**
 * One run's results as Markdown; `findings` (what the profiles show where a target is missed, and
 * what was tried: scripts/bench/findings.md) goes after the targets.
 */
export function benchMarkdown(result: BenchResult, targets: TargetCheck[], findings = ''): string {
  const { machine: m, settings: s } = result;
  return [
    '# Benchmark results',
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB RAM, Node ${m.node} on ${m.platform}; run ${m.date} (load average ${m.loadAverage} at the start${m.loadAverageAtEnd === undefined ? '' : `, ${m.loadAverageAtEnd} at the end`})${m.runSeconds === undefined ? '' : `; the whole run took ${Math.round(m.runSeconds / 60)} min`}.`,
    '',
    `Load: \`wrk\` (one thread, ${s.connections} connections) pinned to one core and every server pinned to the other, ` +
      `${s.rounds} rounds of ${s.durationSeconds} s after a ${s.warmupSeconds} s warm-up, targets alternated; each figure is the median over the rounds. ` +
      `Each workload sends a seeded list of different requests (see scripts/bench/workloads.ts): **repeated URL** \`GET <prefix>${s.endpoint}\` (the answer cache); ` +
      '**pages and sorts** `limit=10` at a random skip in one of six sorts; **search** `_search` of a random 1–3 letter query (a prefix of a name or part of an email) in one of six sorts; ' +
      '**pages + 20% writes** those pages with every fifth request a `PUT` of a random contact (on a mock of its own); **durable writes** only `PUT`s, to a mock started with `--state`. ' +
      `The ceiling is a bare node:http server answering every request with the repeated URL's ${int(s.bodyBytes)}-byte body; Prism serves its static example or, dynamic, data generated from the schemas.`,
    ...busyWarning(m),
    '',
    '## Targets (issues 5, 9 and 15)',
    '',
    table(
      ['target', 'measured', 'verdict'],
      targets.map((t) => [t.target, t.actual, t.verdict === 'MET' ? 'MET' : `**${t.verdict}**`]),
    ),
    '',
    ...(findings.trim() ? [findings.trim(), ''] : []),
    '## Throughput',
    '',
    throughput(result),
    '',
    durable(result),
    '',
    ...(result.memoryUnderLoad ? [memoryUnderLoad(result.memoryUnderLoad), ''] : []),
    '## Start-up and memory',
    '',
    startup(result),
    '',
    `## Pages at ${s.pagingContacts ? int(s.pagingContacts) : 'the largest size'} contacts`,
    '',
    paging(result),
    '',
    `## Pages from the first second after start, ${s.pagingContacts ? int(s.pagingContacts) : 'the largest size'} contacts`,
    '',
    earlyPages(result),
    '',
    '## CSV export of every contact',
    '',
    csvExport(result),
    '',
    '## The mock under load had its full behaviour on',
    '',
    checks(result.behaviour),
    '',
    '## Writes stay visible',
    '',
    checks(result.writes),
    ...(result.notes.length ? ['', '## Notes', '', ...result.notes.map((n) => `- ${n}`)] : []),
    '',
  ].join('\n');
}

/** The targets as terminal lines: one per target, verdict first. */
export function targetLines(targets: TargetCheck[]): string[] {
  const width = Math.max(...targets.map((t) => t.verdict.length));
  return targets.map((t) => `${t.verdict.padEnd(width)}  ${t.target}: ${t.actual}`);
}
