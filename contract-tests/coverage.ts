/**
 * What a run exercised, per operation of the spec: requests sent, documented statuses seen and not
 * seen, parameters sent and not sent, the request forms used; and what was skipped and why. Built
 * from every exchange the run sends (checks, samples and generated requests alike).
 */
import {
  documentedResponses,
  documentedStatusKey,
  operations,
  parameters,
} from '../openapi/validator.ts';
import type { CheckResult } from './check.ts';

/** One request as coverage counts it. */
export interface Exercised {
  operationId: string;
  /** 0: no answer. */
  status: number;
  /** Names of the query and path parameters sent. */
  parameters: readonly string[];
  /** `json body`, `multipart`, `no credentials`, `POST instead of GET`, `prefix /backend/v1`, … */
  forms: readonly string[];
}

export interface OperationCoverage {
  operationId: string;
  operation: string;
  requests: number;
  statuses: { documented: string[]; seen: string[]; notSeen: string[]; undocumented: number[] };
  parameters: { documented: string[]; sent: string[]; notSent: string[] };
  forms: string[];
  /** Why nothing was sent, when nothing was. */
  why?: string;
}

export interface Coverage {
  operations: OperationCoverage[];
  totals: {
    operations: string;
    statuses: string;
    parameters: string;
  };
  skipped: { check: string; reason: string }[];
  notes: string[];
}

export interface CoverageRecorder {
  record(exercised: Exercised): void;
  report(results: readonly CheckResult[], why: (operationId: string) => string): Coverage;
}

export function coverageRecorder(): CoverageRecorder {
  const seen = new Map<string, Exercised[]>();
  return {
    record(exercised) {
      const list = seen.get(exercised.operationId) ?? [];
      list.push(exercised);
      seen.set(exercised.operationId, list);
    },
    report(results, why) {
      const ops = operations.map((op): OperationCoverage => {
        const sent = seen.get(op.operationId) ?? [];
        const documented = [...documentedResponses(op.operationId).keys()];
        const seenKeys = new Set<string>();
        const undocumented = new Set<number>();
        for (const e of sent) {
          if (e.status === 0) continue;
          const key = documentedStatusKey(op.operationId, e.status);
          if (key) seenKeys.add(key);
          else undocumented.add(e.status);
        }
        const params = parameters(op)
          .filter((p) => p.in === 'query' || p.in === 'path')
          .map((p) => p.name);
        const sentParams = new Set(sent.flatMap((e) => e.parameters));
        return {
          operationId: op.operationId,
          operation: `${op.method.toUpperCase()} ${op.path}`,
          requests: sent.length,
          statuses: {
            documented,
            seen: documented.filter((s) => seenKeys.has(s)),
            notSeen: documented.filter((s) => !seenKeys.has(s)),
            undocumented: [...undocumented].sort(),
          },
          parameters: {
            documented: params,
            sent: params.filter((p) => sentParams.has(p)),
            notSent: params.filter((p) => !sentParams.has(p)),
          },
          forms: [...new Set(sent.flatMap((e) => e.forms))].sort(),
          ...(sent.length === 0 ? { why: why(op.operationId) } : {}),
        };
      });
      const sum = (f: (o: OperationCoverage) => [number, number]) => {
        const [a, b] = ops.map(f).reduce(([x, y], [p, q]) => [x + p, y + q], [0, 0]);
        return `${a}/${b}`;
      };
      return {
        operations: ops,
        totals: {
          operations: sum((o) => [o.requests > 0 ? 1 : 0, 1]),
          statuses: sum((o) => [o.statuses.seen.length, o.statuses.documented.length]),
          parameters: sum((o) => [o.parameters.sent.length, o.parameters.documented.length]),
        },
        skipped: results
          .filter((r) => r.status === 'skip')
          .map((r) => ({ check: r.name, reason: r.reason ?? '' })),
        notes: results.flatMap((r) => r.notes.map((n) => `${r.name}: ${n}`)),
      };
    },
  };
}

/** The coverage as the Markdown page a CI reviewer reads first. */
export function coverageMarkdown(coverage: Coverage): string {
  const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const list = (items: readonly (string | number)[]) => (items.length ? items.join(', ') : '–');
  const lines = [
    '# Contract suite coverage',
    '',
    `Operations exercised: ${coverage.totals.operations}; documented statuses seen: ${coverage.totals.statuses}; parameters sent: ${coverage.totals.parameters}.`,
    '',
    '| operation | requests | statuses seen | statuses not seen | undocumented | parameters not sent | forms |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...coverage.operations.map(
      (o) =>
        `| ${cell(o.operation)} (${o.operationId}) | ${o.requests || `0: ${cell(o.why ?? '')}`} | ${list(o.statuses.seen)} | ${list(o.statuses.notSeen)} | ${list(o.statuses.undocumented)} | ${list(o.parameters.notSent)} | ${cell(list(o.forms))} |`,
    ),
    '',
    '## Skipped',
    '',
    ...(coverage.skipped.length
      ? coverage.skipped.map((s) => `- \`${s.check}\`: ${s.reason}`)
      : ['Nothing was skipped.']),
    '',
  ];
  if (coverage.notes.length) lines.push('## Notes', '', ...coverage.notes.map((n) => `- ${n}`), '');
  return lines.join('\n');
}
