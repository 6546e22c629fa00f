/**
 * Failures as data, and their messages. A failure names the place (`query.limit`, `body.email`,
 * `/data/0/id`), the rule that broke and the value that broke it; `formatFailures` writes them as
 * `query.limit: must be <= 1000 (got 5000)`.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';
import { escapePointer, unescapePointer } from './spec.ts';

type Json = Record<string, unknown>;

export interface Failure {
  /** Where the value is: `query.limit`, `path.contact_id`, `body.email`, or a response's JSON pointer. */
  at: string;
  /** The JSON-schema keyword that failed (`maximum`, `required`, `enum`, …). */
  rule: string;
  /** What the rule expects, in words. */
  expected: string;
  /** The value found (absent for a missing field). */
  actual?: unknown;
}

export type Result<T = undefined> = { ok: true; value: T } | { ok: false; failures: Failure[] };

/** ajv's errors of one validation as failures, under `root` (`query`, `body`; `''` for a JSON pointer). */
export function toFailures(
  errors: ErrorObject[] | null | undefined,
  root: string,
  data: unknown,
): Failure[] {
  // allOf/anyOf branches repeat one cause several times; keep the most specific of each place.
  const seen = new Set<string>();
  const failures: Failure[] = [];
  const all = errors ?? [];
  // A value that fits none of anyOf's forms is one failure: "must be … or …", not one per branch.
  const anyOfs = all.filter((e) => e.keyword === 'anyOf');
  const branchOf = (e: ErrorObject) =>
    anyOfs.find(
      (a) =>
        a !== e && a.instancePath === e.instancePath && e.schemaPath.startsWith(`${a.schemaPath}/`),
    );
  for (const a of anyOfs) {
    const branches = all.filter((e) => branchOf(e) === a);
    const expected = [...new Set(branches.map((e) => e.message))].join(' or ');
    const failure = { ...toFailure(a, root, data), expected };
    failures.push(failure);
    seen.add(`${failure.at} ${failure.rule}`);
  }
  for (const error of all) {
    if (
      error.keyword === 'anyOf' ||
      error.keyword === 'oneOf' ||
      error.keyword === 'if' ||
      branchOf(error)
    )
      continue;
    const failure = toFailure(error, root, data);
    const key = `${failure.at} ${failure.rule}`;
    if (seen.has(key)) continue;
    seen.add(key);
    failures.push(failure);
  }
  if (failures.length === 0 && errors?.length) failures.push(toFailure(errors[0]!, root, data));
  return failures;
}

function toFailure(error: ErrorObject, root: string, data: unknown): Failure {
  const segments = error.instancePath.split('/').slice(1).map(unescapePointer);
  const params = error.params as Record<string, unknown>;
  const child = (params.missingProperty ??
    params.additionalProperty ??
    params.unevaluatedProperty) as string | undefined;
  if (child !== undefined) segments.push(child);
  const at = root ? [root, ...segments].join('.') : `/${segments.map(escapePointer).join('/')}`;
  const actual = valueAt(data, error.instancePath.split('/').slice(1).map(unescapePointer));
  switch (error.keyword) {
    case 'required':
      return { at, rule: 'required', expected: 'present' };
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return {
        at,
        rule: error.keyword,
        expected: 'no such field',
        actual: (actual as Json)?.[child!],
      };
    case 'enum':
      return {
        at,
        rule: 'enum',
        expected: `one of ${(params.allowedValues as unknown[]).map((v) => (typeof v === 'string' && v !== '' ? v : JSON.stringify(v))).join(', ')}`,
        actual,
      };
    default:
      return { at, rule: error.keyword, expected: error.message ?? error.keyword, actual };
  }
}

function valueAt(data: unknown, segments: string[]): unknown {
  return segments.reduce<unknown>(
    (at, key) => (at === null || typeof at !== 'object' ? undefined : (at as Json)[key]),
    data,
  );
}

/** One line per failure: `query.limit: must be <= 1000 (got 5000)`. */
export function formatFailures(failures: Failure[]): string {
  return failures.map(formatFailure).join('; ');
}

export function formatFailure(failure: Failure): string {
  const got =
    'actual' in failure && failure.actual !== undefined ? ` (got ${preview(failure.actual)})` : '';
  if (failure.rule === 'required') return `${failure.at}: is required`;
  if (failure.rule === 'additionalProperties' || failure.rule === 'unevaluatedProperties')
    return `${failure.at}: is not allowed`;
  if (failure.rule === 'enum') return `${failure.at}: must be ${failure.expected}${got}`;
  return `${failure.at}: ${failure.expected}${got}`;
}

/** A value shown in a message, cut short so that a huge input never floods a log. */
export function preview(value: unknown, max = 80): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // Too deeply nested (or cyclic) to print: say what it is rather than fail.
    text = Array.isArray(value)
      ? '[…]'
      : typeof value === 'object' && value
        ? '{…}'
        : String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
