import { describe, expect, it } from 'vitest';
import type { CheckResult } from './check.ts';
import { describeTarget, findingsTable, formatCheckFailure, formatSummary } from './report.ts';
import { SKIPPED_CHECK } from './fixtures/results.ts';
import { summaryJson } from './reportFiles.ts';
import type { Target } from './target.ts';

const target: Target = {
  kind: 'remote',
  baseUrl: 'https://gw.example',
  prefix: '/v1/backend',
  token: 'tok_secret_1',
  ids: {},
  limits: { writes: 'writes are off' },
  fetch: globalThis.fetch,
};
const failure = {
  title: 'Response violates schema',
  operation: 'GET /contacts',
  request: 'GET https://gw.example/v1/backend/contacts?limit=5',
  received: '/data/0/email: "x"',
  documented: 'format: must match format "email"',
  details: ['/data/0/email: must match format "email" (got "x")'],
};
const results: CheckResult[] = [
  {
    name: 'responseSchemaConformance',
    status: 'fail',
    failures: [failure],
    findings: [],
    notes: [],
    durationMs: 3,
  },
  SKIPPED_CHECK,
  {
    name: 'probeNotFoundStatus',
    status: 'pass',
    failures: [],
    findings: [
      {
        operation: 'GET /contacts/{contact_id}',
        form: 'unknown contact',
        request: 'GET …',
        answer: '404 {"message":"Not Found"} | (fits the spec)',
      },
    ],
    notes: [],
    durationMs: 1,
  },
];

describe('formatCheckFailure', () => {
  it('gives the check, the fixed title, the operation, the request and Received / Documented', () => {
    expect(formatCheckFailure('responseSchemaConformance', failure).split('\n')).toEqual([
      '✗ responseSchemaConformance — Response violates schema',
      '    GET /contacts',
      '    Request: GET https://gw.example/v1/backend/contacts?limit=5',
      '    Received: /data/0/email: "x"',
      '    Documented: format: must match format "email"',
      '      /data/0/email: must match format "email" (got "x")',
    ]);
  });
});

describe('formatSummary and summaryJson', () => {
  it('count each status and give the skip reason', () => {
    const text = formatSummary(results, target);
    expect(text).toContain('- updateReadBack skipped: writes are off');
    expect(text).toContain('1 passed, 1 failed, 1 skipped of 3 checks');
    const summary = summaryJson({
      state: 'complete',
      target: describeTarget(target),
      startedAt: new Date(),
      results,
      secrets: [target.token],
    });
    expect(summary).toMatchObject({
      state: 'complete',
      totals: { pass: 1, fail: 1, skip: 1 },
      target: { kind: 'remote', writes: false },
    });
    expect(JSON.stringify(summary)).not.toContain(target.token);
  });
});

describe('findingsTable', () => {
  it('has one row per finding, with table characters escaped', () => {
    const rows = findingsTable(results, target)
      .split('\n')
      .filter((line) => line.startsWith('| GET'));
    expect(rows).toEqual([
      '| GET /contacts/{contact_id} | unknown contact | – | 404 {"message":"Not Found"} \\| (fits the spec) | probeNotFoundStatus |',
    ]);
  });
});
