/**
 * Proof that the suite catches breakage: every check against the correct mock passes, and each
 * deliberately broken server makes the named check fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from './check.ts';
import { checks, probes } from './checks/index.ts';
import { faults, type FaultName } from './fixtures/faults.ts';
import { startFixtureMock, type FixtureMock } from './fixtures/mockTarget.ts';
import { formatResult } from './report.ts';
import { runChecks } from './run.ts';
import type { Target } from './target.ts';

/** Each broken server and the check that must catch it. */
const broken: { name: string; fault: FaultName; caughtBy: string }[] = [
  { name: 'wrong total', fault: 'wrongTotal', caughtBy: 'paginationConsistency' },
  { name: 'a missing field', fault: 'missingField', caughtBy: 'responseSchemaConformance' },
  { name: 'a mistyped field', fault: 'mistypedField', caughtBy: 'responseSchemaConformance' },
  { name: 'has_more inverted', fault: 'hasMoreInverted', caughtBy: 'paginationConsistency' },
  { name: 'sort ignored', fault: 'sortIgnored', caughtBy: 'sortOrder' },
  { name: 'search ignores q', fault: 'searchIgnoresQuery', caughtBy: 'searchRelevance' },
  { name: 'auth ignored', fault: 'authIgnored', caughtBy: 'authRequired' },
  { name: 'a 500 on bad input', fault: 'serverErrorOnBadInput', caughtBy: 'negativeDataRejection' },
  { name: 'writes silently dropped', fault: 'writesDropped', caughtBy: 'updateReadBack' },
  { name: 'an alias prefix missing', fault: 'aliasMissing', caughtBy: 'prefixAliases' },
  { name: 'wrong content type', fault: 'wrongContentType', caughtBy: 'contentTypeConformance' },
  { name: 'not found answered 200', fault: 'notFoundAs200', caughtBy: 'notFoundConformance' },
  {
    name: 'an undocumented status',
    fault: 'undocumentedStatus',
    caughtBy: 'statusCodeConformance',
  },
  { name: 'an upload without its URL', fault: 'uploadWithoutUrl', caughtBy: 'uploadAnswersUrl' },
];

let mock: FixtureMock;
beforeAll(async () => {
  mock = await startFixtureMock();
});
afterAll(async () => {
  await mock?.close();
});

const failing = (results: CheckResult[]) =>
  results.filter((r) => r.status === 'fail').map((r) => r.name);

describe('the contract suite against the correct mock', () => {
  it('runs every check and none fails', async () => {
    mock.reset();
    const results = await runChecks(mock.target(), checks);
    expect(results.map((r) => r.name)).toEqual(checks.map((c) => c.name));
    expect(results.filter((r) => r.status === 'fail').map(formatResult)).toEqual([]);
    expect(results.filter((r) => r.status === 'skip').map((r) => `${r.name}: ${r.reason}`)).toEqual(
      [],
    );
  });

  it.each<[string, Partial<Target>]>([
    [
      'Authorization: Bearer with x-organization-id',
      { authScheme: 'bearer', organizationId: 'org_imbrace' },
    ],
    ['x-api-key', { authScheme: 'api-key' }],
  ])('runs every check with the token sent as %s, and none fails', async (_name, scheme) => {
    mock.reset();
    const results = await runChecks(mock.target(undefined, scheme), checks);
    expect(results.filter((r) => r.status === 'fail').map(formatResult)).toEqual([]);
  });

  it('fails when the credentials are sent in a form the server refuses (a bearer token without its organization)', async () => {
    mock.reset();
    const results = await runChecks(mock.target(undefined, { authScheme: 'bearer' }), checks);
    expect(failing(results)).toEqual(
      expect.arrayContaining(['responseSchemaConformance', 'paginationConsistency']),
    );
  });
});

// Probes report findings and never fail, so they cannot catch anything: left out to save time.
const judging = checks.filter((check) => !probes.includes(check));

describe('the contract suite against broken servers', () => {
  it.each(broken)('$name is caught by $caughtBy', async ({ fault, caughtBy }) => {
    mock.reset();
    const results = await runChecks(mock.target(faults[fault]), judging);
    expect(failing(results)).toContain(caughtBy);
    const caught = results.find((r) => r.name === caughtBy)!;
    // The failure is data that names the operation, the request and the difference.
    // A check that crashed has not caught anything: its failure names no operation.
    for (const failure of caught.failures) {
      expect(failure.title).not.toBe('');
      expect(failure.operation).toMatch(/^(GET|PUT|POST|DELETE) \//);
      expect(failure.received).not.toBe('');
      expect(failure.documented).not.toBe('');
    }
    expect(formatResult(caught)).toContain(`✗ ${caughtBy} — `);
  });
});
