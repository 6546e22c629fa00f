/**
 * `npm run reliability:report`: turns `scripts/results/reliability.json` (written by `npm run fuzz`,
 * `npm run test:prism-proxy`, `npm run soak` and `scripts/reliability/record.ts`) into
 * `scripts/results/reliability.md` (which `npm run readme` copies into docs/reliability.md). Nothing in it is
 * typed by hand.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { readResults, RESULTS_MD, type Results } from './results.ts';

type Section = Results[string];

const n = (x: unknown) => (typeof x === 'number' ? x.toLocaleString('en-US') : '—');
const day = (s: Section | undefined) =>
  s ? `${s.at.slice(0, 16).replace('T', ' ')} UTC` : 'not run';

function fuzzRows(s: Section | undefined): string[] {
  if (!s) return ['| spec-driven fuzzing (`npm run fuzz`) | not run | | |'];
  type Run = {
    requests: number;
    violations: number;
    violatingRequests?: number;
    seed: number;
    stillAnswering: boolean;
  };
  const found = (r: Run) =>
    r.violatingRequests === undefined
      ? `${n(r.violations)} violations`
      : `${n(r.violatingRequests)} answers off the spec (${n(r.violations)} failed checks)`;
  const a = s.inProcess as Run;
  const b = s.overHttp as Run;
  return [
    `| spec-driven fuzzing, in process (\`npm run fuzz\`) | ${n(a.requests)} requests (seed ${a.seed}) | ${found(a)} | ${a.stillAnswering ? 'still answering' : '**stopped answering**'} · ${day(s)} |`,
    `| spec-driven fuzzing, over HTTP | ${n(b.requests)} requests (seed ${b.seed}) | ${found(b)} | ${b.stillAnswering ? 'still answering' : '**stopped answering**'} · ${day(s)} |`,
  ];
}

function prismRow(s: Section | undefined): string {
  if (!s) return '| Prism validating proxy (`npm run test:prism-proxy`) | not run | | |';
  return `| Prism validating proxy (\`npm run test:prism-proxy\`) | ${n(s.requests)} requests | ${n(s.violations)} violations in answers, ${n(s.refusedByPrism)} requests refused | ${day(s)} |`;
}

function concurrencyRow(s: Section | undefined): string {
  if (!s) return '| concurrent writes | not run | | |';
  return `| concurrent writes (updates of one and of many contacts, creates, mark-read/dismiss) | ${n(s.writes)} writes, ${n(s.reads)} reads during the storms | ${n(s.problems)} problems | ${day(s)} |`;
}

function crashRow(s: Section | undefined): string {
  if (!s) return '| SIGKILL during writes (`--state FILE`) | not run | | |';
  return `| SIGKILL during writes (\`--state FILE\`) | ${n(s.survived)} of ${n(s.rounds)} kills survived | ${n(s.acknowledged)} acknowledged writes checked${s.refused === undefined ? '' : `, ${n(s.refused)} refused (507) writes checked absent`}, ${n(s.problemCount)} lost or torn | ${n(s.badFilesRefused)} of ${n(s.badFiles)} bad state files refused and left unchanged · ${day(s)} |`;
}

function soakRow(s: Section | undefined): string {
  if (!s) return '| soak (`npm run soak`) | not run | | |';
  const rss = s.rssMiB as {
    start: number;
    afterWarmup: number;
    end: number;
    peak: number;
    growth: number;
    bound: number;
  };
  const latency = s.latencyMs as { p50: number; p99: number };
  const heap = s.heap as
    | { requests: number; bound: number; bytesPerRequest: Record<string, number> }
    | undefined;
  const worst = (suffix: string) =>
    Math.max(
      ...Object.entries(heap?.bytesPerRequest ?? {})
        .filter(([k]) => k.endsWith(suffix))
        .map(([, b]) => b),
    );
  const heapNote = heap
    ? `; heap kept per request at most ${worst('over HTTP')} B over HTTP, ${worst('in process')} B in process (bound ${heap.bound} B)`
    : '';
  return `| soak (\`npm run soak\`), ${n(s.seconds)} s × ${n(s.connections)} connections | ${n(s.requests)} requests (${n(s.requestsPerSecond)}/s, p99 ${latency.p99} ms) | ${n(s.errors)} errors, ${n(s.timeouts)} timeouts, ${n(s.non2xx)} non-2xx | RSS low points ${rss.afterWarmup} → ${rss.end} MiB (growth ${rss.growth}, bound ${rss.bound}; peak ${rss.peak})${heapNote} · ${day(s)} |`;
}

function securityRow(s: Section | undefined): string {
  if (!s) return '| security probes | not run | | |';
  return `| security probes (bind address, /__mock auth, uploads, traversal, prototype keys, header injection, size limits, slow clients) | ${n(s.probes)} probes | ${n(s.failed)} failed | ${day(s)} |`;
}

/** The Markdown of the reliability table and the findings listed in the results. */
export function reliabilityMarkdown(results: Results): string {
  const lines = [
    '# Reliability of the mock',
    '',
    'Produced by `npm run reliability:report` from `scripts/results/reliability.json`; each row is written by the script named in it.',
    '',
    '| check | sent | found | notes |',
    '| --- | --- | --- | --- |',
    ...fuzzRows(results.fuzz),
    prismRow(results.prism),
    concurrencyRow(results.concurrency),
    crashRow(results.crash),
    soakRow(results.soak),
    securityRow(results.security),
  ];
  const fuzz = results.fuzz?.inProcess as
    | {
        byKind?: Record<string, number>;
        byStatus?: Record<string, number>;
        firstViolations?: {
          check: string;
          detail: string;
          status: number;
          message: string;
          reproduce: string;
        }[];
      }
    | undefined;
  if (fuzz?.byKind) {
    lines.push(
      '',
      '## Fuzzed requests by kind and by answer',
      '',
      '| kind | requests |',
      '| --- | --- |',
    );
    for (const [kind, count] of Object.entries(fuzz.byKind).sort((a, b) => b[1] - a[1]))
      lines.push(`| ${kind} | ${n(count)} |`);
    lines.push('', '| status | answers |', '| --- | --- |');
    for (const [status, count] of Object.entries(fuzz.byStatus ?? {}).sort())
      lines.push(`| ${status} | ${n(count)} |`);
  }
  const heap = results.soak?.heap as
    | { requests: number; bytesPerRequest: Record<string, number> }
    | undefined;
  if (heap) {
    lines.push(
      '',
      `## Heap kept per request (\`npm run soak\`, ${n(heap.requests)} requests of each kind, after forced collections)`,
      '',
      '| request | bytes per request |',
      '| --- | --- |',
    );
    for (const [kind, bytes] of Object.entries(heap.bytesPerRequest))
      lines.push(`| ${kind} | ${bytes} |`);
  }
  const findings: string[] = [];
  for (const run of ['inProcess', 'overHttp']) {
    const violations = (results.fuzz?.[run] as typeof fuzz)?.firstViolations ?? [];
    for (const v of violations)
      findings.push(
        `- fuzz (${run === 'inProcess' ? 'in process' : 'over HTTP'}) · ${v.check} · ${v.detail} → ${v.status}: ${v.message.slice(0, 160)}`,
      );
  }
  for (const p of (results.crash?.problems as string[] | undefined) ?? [])
    findings.push(`- crash safety: ${p}`);
  for (const p of (results.concurrency?.problemList as string[] | undefined) ?? [])
    findings.push(`- concurrency: ${p}`);
  for (const p of (results.soak?.failures as string[] | undefined) ?? [])
    findings.push(`- soak: ${p}`);
  for (const p of (results.security?.failures as string[] | undefined) ?? [])
    findings.push(`- security: ${p}`);
  if (findings.length)
    lines.push('', '## Findings of the last runs', '', ...[...new Set(findings)].slice(0, 40));
  return `${lines.join('\n')}\n`;
}

/** Writes reliability.md. */
export function writeReport(results: Results = readResults()): string {
  const markdown = reliabilityMarkdown(results);
  writeFileSync(RESULTS_MD, markdown);
  return markdown;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(writeReport());
