import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { auth, isAuthorized } from './auth.ts';

describe('isAuthorized', () => {
  const accepted = new Set(['good']);
  const cases: [string, Record<string, string>, boolean][] = [
    ['x-access-token', { 'x-access-token': 'good' }, true],
    ['x-api-key', { 'x-api-key': 'good' }, true],
    [
      'Bearer with an organization',
      { authorization: 'Bearer good', 'x-organization-id': 'org_1' },
      true,
    ],
    ['bearer in lower case', { authorization: 'bearer good', 'x-organization-id': 'org_1' }, true],
    ['Bearer without an organization', { authorization: 'Bearer good' }, false],
    [
      'Bearer with a blank organization',
      { authorization: 'Bearer good', 'x-organization-id': ' ' },
      false,
    ],
    ['a wrong access token', { 'x-access-token': 'bad' }, false],
    ['a wrong api key', { 'x-api-key': 'bad' }, false],
    ['a wrong Bearer token', { authorization: 'Bearer bad', 'x-organization-id': 'org_1' }, false],
    ['Basic auth', { authorization: 'Basic Z29vZA==' }, false],
    ['nothing', {}, false],
    ['one wrong, one right scheme', { 'x-access-token': 'bad', 'x-api-key': 'good' }, true],
  ];
  it.each(cases)('%s', (_name, headers, want) =>
    expect(isAuthorized((name) => new Headers(headers).get(name), accepted)).toBe(want),
  );
});

describe('auth middleware', () => {
  const app = new Hono();
  app.use('*', auth({ tokens: ['good'] }));
  app.get('/', (c) => c.text('in'));

  it('lets an accepted credential through', async () => {
    const res = await app.request('/', { headers: { 'x-access-token': 'good' } });
    expect(res.status).toBe(200);
  });

  it('answers the published 401', async () => {
    const res = await app.request('/');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: 'Unauthorized' });
  });
});
