/**
 * Each check alone: it passes against the correct mock and fails against a mock broken in the way
 * the check is about. Probes never fail; their findings change instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faults, type FaultName } from '../fixtures/faults.ts';
import { startFixtureMock, type FixtureMock } from '../fixtures/mockTarget.ts';
import { formatResult } from '../report.ts';
import { send } from '../http.ts';
import type { CheckResult } from '../check.ts';
import { runCheck, runChecks } from '../run.ts';
import { checkNamed, checks, probes } from './index.ts';
import type { Target } from '../target.ts';

/**
 * Each broken server and the check that must catch it, with the title its failure carries. A check
 * may have several rows; every check that can fail has at least one.
 */
const fixtures: { check: string; breaks: FaultName; title: RegExp }[] = [
  {
    check: 'statusCodeConformance',
    breaks: 'undocumentedStatus',
    title: /Undocumented status code/,
  },
  {
    check: 'contentTypeConformance',
    breaks: 'wrongContentType',
    title: /Undocumented Content-Type/,
  },
  { check: 'responseSchemaConformance', breaks: 'missingField', title: /Response violates schema/ },
  {
    check: 'responseSchemaConformance',
    breaks: 'mistypedField',
    title: /Response violates schema/,
  },
  {
    check: 'paginationConsistency',
    breaks: 'hasMoreInverted',
    title: /Envelope disagrees with limit\/skip/,
  },
  {
    check: 'paginationConsistency',
    breaks: 'wrongTotal',
    title: /Envelope disagrees with limit\/skip/,
  },
  {
    check: 'paginationConsistency',
    breaks: 'lastPageHasMore',
    title: /Envelope disagrees with limit\/skip/,
  },
  { check: 'sortOrder', breaks: 'sortIgnored', title: /Sort order not kept/ },
  {
    check: 'searchRelevance',
    breaks: 'searchIgnoresQuery',
    title: /Search hit does not match q|Search finds what it should not/,
  },
  { check: 'authRequired', breaks: 'authIgnored', title: /not rejected/ },
  {
    check: 'negativeDataRejection',
    breaks: 'serverErrorOnBadInput',
    title: /Server error on invalid input/,
  },
  { check: 'notFoundConformance', breaks: 'notFoundAs200', title: /not answered as not found/ },
  { check: 'prefixAliases', breaks: 'aliasMissing', title: /Alias prefix answers differently/ },
  {
    check: 'updateReadBack',
    breaks: 'writesDropped',
    title: /not visible|lacks the documented effects/,
  },
  {
    check: 'contactLifecycle',
    breaks: 'deletesIgnored',
    title: /Deleted contact still (readable|listed)/,
  },
  {
    check: 'contactLifecycle',
    breaks: 'writesDropped',
    title: /Created contact not (readable|listed)/,
  },
  { check: 'commentReadBack', breaks: 'deletesIgnored', title: /Deleted comment still shown/ },
  { check: 'commentReadBack', breaks: 'writesDropped', title: /Added comment not shown/ },
  { check: 'markReadEffect', breaks: 'writesDropped', title: /no effect/ },
  { check: 'dismissRemoves', breaks: 'writesDropped', title: /not removed/ },
  {
    check: 'dismissAllEmpties',
    breaks: 'dismissAllIgnored',
    title: /Dismiss-all left notifications/,
  },
  { check: 'uploadAnswersUrl', breaks: 'uploadWithoutUrl', title: /violates schema|not accepted/ },
];

let mock: FixtureMock;
/** Every check run once, in order, against the correct mock: the passing fixtures. */
let correct: Map<string, CheckResult>;
beforeAll(async () => {
  mock = await startFixtureMock();
  correct = new Map((await runChecks(mock.target(), checks)).map((r) => [r.name, r]));
});
afterAll(async () => {
  await mock?.close();
});

describe('every check has a fixture', () => {
  it('lists each check that can fail, and every probe', () => {
    const covered = [...fixtures.map((f) => f.check), ...probes.map((p) => p.name)];
    expect(new Set(covered)).toEqual(new Set(checks.map((c) => c.name)));
  });
});

describe('the correct mock', () => {
  it('passes every check, none skipped', () => {
    const results = checks.map((c) => correct.get(c.name)!);
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
  ])('passes every check with the token sent as %s', async (_name, scheme) => {
    mock.reset();
    const results = await runChecks(mock.target(undefined, scheme), checks);
    expect(results.filter((r) => r.status === 'fail').map(formatResult)).toEqual([]);
  });

  it('fails when the credentials are sent in a form the server refuses (a bearer token without its organization)', async () => {
    mock.reset();
    const results = await runChecks(
      mock.target(undefined, { authScheme: 'bearer' }),
      checks.slice(0, 4),
    );
    expect(results.filter((r) => r.status === 'fail').map((r) => r.name)).toEqual(
      expect.arrayContaining(['responseSchemaConformance', 'paginationConsistency']),
    );
  });
});

describe.each(fixtures)('$check against a mock with $breaks', ({ check, breaks, title }) => {
  it('fails, naming the operation, the request and the difference', async () => {
    mock.reset();
    const result = await runCheck(mock.target(faults[breaks]), checkNamed(check));
    expect(result.status, `${check} passed against ${breaks}`).toBe('fail');
    expect(result.failures.map((f) => f.title).join('\n')).toMatch(title);
    // A check that crashed has not caught anything: its failure names no operation.
    for (const failure of result.failures) {
      expect(failure.operation).toMatch(/^(GET|PUT|POST|DELETE) \//);
      expect(failure.received).not.toBe('');
      expect(failure.documented).not.toBe('');
    }
    expect(formatResult(result)).toContain(`✗ ${check} — `);
  });
});

describe('writes restore what they changed', () => {
  it('updateReadBack puts the contact back as it was, but for updated_at', async () => {
    mock.reset();
    const target = mock.target();
    const first = (await send(target, { operationId: 'listContacts', query: { limit: 20 } }))
      .json as { data: { id: string }[] };
    const get = async () =>
      (await send(target, { operationId: 'getContact', path: { contact_id: first.data[0]!.id } }))
        .json as Record<string, unknown>;
    const before = await get();
    const result = await runCheck(target, checkNamed('updateReadBack'));
    expect(result.status, formatResult(result)).toBe('pass');
    const after = await get();
    expect({ ...after, updated_at: null }).toEqual({ ...before, updated_at: null });
    expect(after.updated_at).not.toBe(before.updated_at);
  });
});

describe('skips', () => {
  it("a check that needs a capability the target lacks is skipped with the target's reason", async () => {
    const result = await runCheck(
      mock.target(undefined, { limits: { writes: 'writes are off for this test' } }),
      checkNamed('updateReadBack'),
    );
    expect(result).toMatchObject({
      status: 'skip',
      reason: 'writes are off for this test',
      failures: [],
    });
  });
});

describe('probes report findings, never failures', () => {
  it('probeNotificationBodyForms: every form accepted by the mock, and one refused by a mock that refuses it', async () => {
    const accepting = correct.get('probeNotificationBodyForms')!;
    expect(accepting.status).toBe('pass');
    expect(accepting.findings.length).toBeGreaterThan(0);
    expect(accepting.findings.filter((f) => f.accepted === false)).toEqual([]);

    mock.reset();
    const refusing = await runCheck(
      mock.target(faults.idsFormRefused),
      checkNamed('probeNotificationBodyForms'),
    );
    expect(refusing.status).toBe('pass');
    const refused = refusing.findings
      .filter((f) => f.accepted === false)
      .map((f) => `${f.operation} ${f.form}`);
    expect(refused).toEqual([
      'PUT /notifications/read {"ids": [...]} (service export)',
      'DELETE /notifications/dismiss {"ids": [...]} (service export)',
      'POST /notifications/dismiss {"ids": [...]} (service export)',
    ]);
  });

  it('probeNotFoundStatus: reports the status the target uses', async () => {
    const result = correct.get('probeNotFoundStatus')!;
    expect(result.status).toBe('pass');
    expect(result.findings.length).toBeGreaterThan(0);
    expect(result.findings.every((f) => f.answer.startsWith('400 {"message":"Not Found"}'))).toBe(
      true,
    );
    const broken = await runCheck(
      mock.target(faults.notFoundAs200),
      checkNamed('probeNotFoundStatus'),
    );
    expect(broken.status).toBe('pass');
    expect(broken.findings.some((f) => f.answer.startsWith('200 '))).toBe(true);
  });

  it('probeExtraOperations and probeAlternativeForms: every extra operation and form accepted by the mock', () => {
    for (const name of ['probeExtraOperations', 'probeAlternativeForms']) {
      const result = correct.get(name)!;
      expect(result.status, formatResult(result)).toBe('pass');
      expect(result.findings.filter((f) => f.accepted !== true)).toEqual([]);
      expect(result.findings.filter((f) => f.answer.includes('off-spec'))).toEqual([]);
    }
  });
});
