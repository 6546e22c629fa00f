/** One run's results as the Markdown that docs/performance.md shows. */
import type { BenchResult, Check, TargetCheck } from './types.ts';

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
  const rows = result.throughput.map((t) => [
    t.target,
    t.description,
    int(t.median.requestsPerSecond),
    bar(t.median.requestsPerSecond / most),
    t.median.p50,
    t.median.p99,
    t.median.cpuUsPerRequest ?? '–',
    t.rounds.map((r) => int(r.requestsPerSecond)).join(', '),
    t.median.non2xx + t.median.errors,
  ]);
  const rps = (name: string) =>
    result.throughput.find((t) => t.target === name)?.median.requestsPerSecond;
  const mock = rps('mock');
  const ratios = [
    mock && rps('ceiling')
      ? `the mock reaches **${((mock / rps('ceiling')!) * 100).toFixed(0)}%** of the ceiling`
      : '',
    mock && rps('prism') ? `**${(mock / rps('prism')!).toFixed(1)}×** Prism` : '',
  ].filter(Boolean);
  return [
    table(
      [
        'target',
        'server',
        'req/s (median)',
        '',
        'p50 ms',
        'p99 ms',
        'server CPU µs/req',
        'req/s per round',
        'failed answers',
      ],
      rows,
    ),
    ratios.length ? `\nRatios: ${ratios.join(', ')}.` : '',
    cpuRatios(result),
  ].join('\n');
}

/**
 * What the ratios would be if each server had a core to itself: req/s is inverse to CPU per request
 * for a CPU-bound server, and CPU per request barely moves when other work shares the machine.
 */
function cpuRatios(result: BenchResult): string {
  const cpu = (name: string) =>
    result.throughput.find((t) => t.target === name)?.median.cpuUsPerRequest ?? undefined;
  const mock = cpu('mock');
  if (!mock) return '';
  const parts = [
    cpu('ceiling') ? `${((cpu('ceiling')! / mock) * 100).toFixed(0)}% of the ceiling` : '',
    cpu('prism') ? `${(cpu('prism')! / mock).toFixed(1)}× Prism` : '',
  ].filter(Boolean);
  return parts.length
    ? `By server CPU per request (less sensitive to other load on the machine): ${parts.join(', ')}.`
    : '';
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
    ? `The mock built every sort index and the search text in the background; its "indexes ready" line came ${(warmUp.ms / 1000).toFixed(1)} s after spawn, and the pages were measured after it (a request for a sort whose index is still being built waits for it). A full search after the pages took ${ms(warmUp.fullSearchMs)} ms (the start-up table's full search came while the build was still going, so it built the search text itself). `
    : '';
  return [
    `${when}After one unmeasured request (\`/notifications?limit=1\`, no contact read), per sort and skip: the first request, then different pages near the skip (none answered from the answer cache).`,
    '',
    table(
      ['sort', 'skip', 'first request (ms)', 'median (ms)', 'max (ms)'],
      result.paging.map((p) => [p.sort, int(p.skip), ms(p.firstMs), ms(p.medianMs), ms(p.maxMs)]),
    ),
  ].join('\n');
}

function csvExport(result: BenchResult): string {
  const e = result.csvExport;
  if (!e) return '_Not measured._';
  return [
    `\`GET <prefix>/contacts/_export_csv?sort=${e.sort}\` at ${int(e.contacts)} contacts, read as a stream; ` +
      `the mock's VmRSS sampled every ~100 ms while it streamed (${e.samples} samples).`,
    '',
    table(
      [
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
      [
        [
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
        ],
      ],
    ),
  ].join('\n');
}

function checks(list: Check[]): string {
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

export function benchMarkdown(result: BenchResult, targets: TargetCheck[]): string {
  const { machine: m, settings: s } = result;
  return [
    '# Benchmark results',
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB RAM, Node ${m.node} on ${m.platform}; run ${m.date} (load average ${m.loadAverage} at the start${m.loadAverageAtEnd === undefined ? '' : `, ${m.loadAverageAtEnd} at the end`}).`,
    '',
    `Load: \`GET <prefix>${s.endpoint}\` with the token, autocannon in its own process, ${s.connections} connections, ` +
      `${s.rounds} rounds of ${s.durationSeconds} s after a ${s.warmupSeconds} s warm-up, targets alternated; ` +
      `each figure is the median over the rounds. Every server ran as its own process; the answer is ${int(s.bodyBytes)} bytes.`,
    ...busyWarning(m),
    '',
    '## Targets (issues 5 and 9)',
    '',
    table(
      ['target', 'measured', 'verdict'],
      targets.map((t) => [t.target, t.actual, t.verdict === 'MET' ? 'MET' : `**${t.verdict}**`]),
    ),
    '',
    '## Throughput',
    '',
    throughput(result),
    '',
    '## Start-up and memory',
    '',
    startup(result),
    '',
    `## Pages at ${s.pagingContacts ? int(s.pagingContacts) : 'the largest size'} contacts`,
    '',
    paging(result),
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
