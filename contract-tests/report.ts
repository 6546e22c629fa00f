/**
 * Turns results into what people and CI read: a console summary and the JSON summary. Both are built
 * from results that the runner has already redacted; the target's token is redacted once more here,
 * so that nothing printed or written can carry it.
 */
import type { CheckResult, CheckFailure, Finding } from './check.ts';
import { redact } from './redact.ts';
import type { Target } from './target.ts';

/** The parts of a target a report may show (never the token). */
export interface TargetInfo {
  baseUrl: string;
  prefix: string;
  kind: string;
  writes: boolean;
  limits: Target['limits'];
}

export function describeTarget(target: Target): TargetInfo {
  return {
    baseUrl: target.baseUrl,
    prefix: target.prefix,
    kind: target.kind,
    writes: target.limits.writes === undefined,
    limits: target.limits,
  };
}

export function formatCheckFailure(check: string, failure: CheckFailure): string {
  const lines = [
    `✗ ${check} — ${failure.title}`,
    `    ${failure.operation}`,
    `    Request: ${failure.request}`,
    `    Received: ${failure.received}`,
    `    Documented: ${failure.documented}`,
    ...(failure.details ?? []).map((d) => `      ${d}`),
  ];
  return lines.join('\n');
}

export function formatFinding(finding: Finding): string {
  const mark = finding.accepted === undefined ? '•' : finding.accepted ? '✓ accepted' : '✗ refused';
  return `  ${mark}  ${finding.operation} ${finding.form ? `[${finding.form}] ` : ''}→ ${finding.answer}`;
}

/** The failures of one result, as the error a vitest test throws. */
export function formatResult(result: CheckResult): string {
  return result.failures.map((f) => formatCheckFailure(result.name, f)).join('\n\n');
}

export function formatSummary(results: readonly CheckResult[], target: Target): string {
  const t = describeTarget(target);
  const out: string[] = [
    `Contract suite: ${t.baseUrl}${t.prefix} (${t.kind}, writes ${t.writes ? 'on' : 'off'})`,
    '',
  ];
  for (const r of results) out.push(formatCheckLine(r));
  out.push(...formatDetails(results), '', formatTotals(results));
  return redact(out.join('\n'), [target.token]);
}

/** One check's progress line: mark, name, time, and its notes on the lines below. */
export function formatCheckLine(r: CheckResult): string {
  const time = `${r.durationMs} ms`;
  const lines = [
    r.status === 'pass'
      ? `  ✓ ${r.name} (${time})${r.findings.length ? `, ${r.findings.length} findings` : ''}`
      : r.status === 'fail'
        ? `  ✗ ${r.name} (${time}): ${r.failures.length} failure${r.failures.length === 1 ? '' : 's'}`
        : `  - ${r.name} skipped: ${r.reason}`,
    ...r.notes.map((note) => `      note: ${note}`),
  ];
  return lines.join('\n');
}

export function formatTotals(results: readonly CheckResult[]): string {
  const count = countsOf(results);
  return `${count.pass} passed, ${count.fail} failed, ${count.skip} skipped of ${results.length} checks`;
}

/** The failures in full, then the findings. */
export function formatDetails(results: readonly CheckResult[]): string[] {
  const out: string[] = [];
  const failed = results.filter((r) => r.failures.length);
  if (failed.length) {
    out.push('', 'Failures', '');
    for (const r of failed) for (const f of r.failures) out.push(formatCheckFailure(r.name, f), '');
  }
  const withFindings = results.filter((r) => r.findings.length);
  if (withFindings.length) {
    out.push(
      '',
      'Findings (where the sources disagree: what this target does; never failures)',
      '',
    );
    for (const r of withFindings) {
      out.push(`${r.name}:`);
      for (const f of r.findings) out.push(formatFinding(f));
    }
  }
  return out;
}

/** How many checks passed, failed and were skipped. */
export function countsOf(results: readonly CheckResult[]): {
  pass: number;
  fail: number;
  skip: number;
} {
  const count = (s: CheckResult['status']) => results.filter((r) => r.status === s).length;
  return { pass: count('pass'), fail: count('fail'), skip: count('skip') };
}

/**
 * Every finding as a Markdown table, one row per operation and form: run against the real gateway,
 * it is what fills in the "what real clients call" table of contacts-api.md.
 */
export function findingsTable(
  results: readonly CheckResult[],
  target: Target | TargetInfo,
): string {
  const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const rows = results.flatMap((r) =>
    r.findings.map(
      (f) =>
        `| ${cell(f.operation)} | ${cell(f.form || '–')} | ${f.accepted === undefined ? '–' : f.accepted ? 'yes' : 'no'} | ${cell(f.answer)} | ${r.name} |`,
    ),
  );
  const t = 'token' in target ? describeTarget(target) : target;
  const table = [
    `Findings against ${t.baseUrl}${t.prefix} (${t.kind}, writes ${t.writes ? 'on' : 'off'}), ${new Date().toISOString()}`,
    '',
    '| operation | form | accepted | answer | probe |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
  return 'token' in target ? redact(table, [target.token]) : table;
}
