import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { auth, checkCredential, type CredentialRefusal, type CredentialVerdict } from './auth.ts';

const OK: CredentialVerdict = { ok: true };
const refused = (reason: CredentialRefusal): CredentialVerdict => ({ ok: false, reason });
const ORG = { 'x-organization-id': 'org_1' };

describe('checkCredential', () => {
  const check = (headers: Record<string, string>, accepted?: ReadonlySet<string>) =>
    checkCredential((name) => new Headers(headers).get(name), accepted);

  describe('with tokens listed', () => {
    const accepted = new Set(['good']);
    const cases: [string, Record<string, string>, CredentialVerdict][] = [
      ['x-access-token', { 'x-access-token': 'good' }, OK],
      ['x-api-key', { 'x-api-key': 'good' }, OK],
      ['Bearer with an organization', { authorization: 'Bearer good', ...ORG }, OK],
      ['bearer in lower case', { authorization: 'bearer good', ...ORG }, OK],
      [
        'Bearer without an organization',
        { authorization: 'Bearer good' },
        refused('Bearer without x-organization-id'),
      ],
      [
        'Bearer with a blank organization',
        { authorization: 'Bearer good', 'x-organization-id': ' ' },
        refused('Bearer without x-organization-id'),
      ],
      ['a wrong access token', { 'x-access-token': 'bad' }, refused('token not accepted')],
      ['a wrong api key', { 'x-api-key': 'bad' }, refused('token not accepted')],
      [
        'a wrong Bearer token',
        { authorization: 'Bearer bad', ...ORG },
        refused('token not accepted'),
      ],
      ['Basic auth', { authorization: 'Basic Z29vZA==' }, refused('no credential')],
      ['nothing', {}, refused('no credential')],
      ['empty headers', { 'x-access-token': '', 'x-api-key': ' ' }, refused('no credential')],
      ['one wrong, one right scheme', { 'x-access-token': 'bad', 'x-api-key': 'good' }, OK],
    ];
    it.each(cases)('%s', (_name, headers, want) => expect(check(headers, accepted)).toEqual(want));
  });

  describe('by default (any non-empty credential)', () => {
    const cases: [string, Record<string, string>, CredentialVerdict][] = [
      ['any x-access-token', { 'x-access-token': 'whatever-the-app-has' }, OK],
      ['any x-api-key', { 'x-api-key': 'sk_live_123' }, OK],
      ['any Bearer token with an organization', { authorization: 'Bearer eyJ.a.b', ...ORG }, OK],
      [
        'a Bearer token without an organization',
        { authorization: 'Bearer eyJ.a.b' },
        refused('Bearer without x-organization-id'),
      ],
      ['an organization alone', ORG, refused('no credential')],
      ['Basic auth', { authorization: 'Basic Z29vZA==' }, refused('no credential')],
      ['an empty Bearer', { authorization: 'Bearer ', ...ORG }, refused('no credential')],
      ['empty headers', { 'x-access-token': '', 'x-api-key': '' }, refused('no credential')],
      ['nothing', {}, refused('no credential')],
    ];
    it.each(cases)('%s', (_name, headers, want) => expect(check(headers)).toEqual(want));
  });
});

describe('auth middleware', () => {
  const appWith = (tokens?: string[]) => {
    const app = new Hono<{ Variables: { logReason?: string } }>();
    app.use('*', async (c, next) => {
      await next();
      const reason = c.get('logReason');
      if (reason) c.res.headers.set('x-test-reason', reason);
    });
    app.use('*', auth(tokens && { tokens }));
    app.get('/', (c) => c.text('in'));
    return app;
  };

  it('lets any credential through by default, and only the listed ones with tokens', async () => {
    const headers = { 'x-access-token': 'the-apps-own-token' };
    expect((await appWith().request('/', { headers })).status).toBe(200);
    expect((await appWith(['good']).request('/', { headers })).status).toBe(401);
    const listed = await appWith(['good']).request('/', { headers: { 'x-access-token': 'good' } });
    expect(listed.status).toBe(200);
  });

  it.each([
    [undefined, {}, 'no credential'],
    [undefined, { authorization: 'Bearer t' }, 'Bearer without x-organization-id'],
    [['good'], { 'x-api-key': 'bad' }, 'token not accepted'],
  ])(
    'answers the published 401 and gives the reason to the log (tokens %j, headers %j)',
    async (tokens, headers, reason) => {
      const res = await appWith(tokens).request('/', { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ message: 'Unauthorized' });
      expect(res.headers.get('x-test-reason')).toBe(reason);
    },
  );
});
