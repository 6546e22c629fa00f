import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createMockApp } from '../app.ts';
import { AUTH } from '../test-client.ts';
import {
  escapeControls,
  redactedTarget,
  requestLog,
  type RequestLogEntry,
  type RequestLogVariables,
} from './request-log.ts';

describe('redactedTarget', () => {
  const cases: [string, string, string][] = [
    ['no query', '/v1/backend/contacts', '/v1/backend/contacts'],
    ['a plain query', '/c?limit=10&sort=-created_at', '/c?limit=10&sort=-created_at'],
    ['a token', '/c?token=abc&limit=1', '/c?token=***&limit=1'],
    [
      'names like credentials',
      '/c?api_key=1&X-Access-Token=2&password=3',
      '/c?api_key=***&X-Access-Token=***&password=***',
    ],
    [
      'secret, auth, session, signature',
      '/c?client_secret=1&auth=2&session=3&sig=4',
      '/c?client_secret=***&auth=***&session=***&sig=***',
    ],
    ['an encoded name', '/c?acc%65ss_token=abc', '/c?acc%65ss_token=***'],
    ['a name with no value', '/c?token&q=a', '/c?token&q=a'],
    ['a repeated name', '/c?key=1&key=2', '/c?key=***&key=***'],
  ];
  it.each(cases)('%s', (_name, target, want) => expect(redactedTarget(target)).toBe(want));
});

describe('escapeControls', () => {
  const cases: [string, string, string][] = [
    ['plain text', 'GET /v1/backend/contacts', 'GET /v1/backend/contacts'],
    ['a line feed and a carriage return', 'a\nb\rc', 'a\\x0ab\\x0dc'],
    ['an escape sequence', '\u001b[31mred', '\\x1b[31mred'],
    ['DEL and a C1 control', 'a\u007fb\u009bc', 'a\\x7fb\\x9bc'],
    ['NUL and tab', '\u0000\t', '\\x00\\x09'],
    ['Unicode line breaks', 'a\u2028b\u2029', 'a\\u2028b\\u2029'],
    ['other Unicode', 'Zoë 日本', 'Zoë 日本'],
  ];
  it.each(cases)('%s', (_name, text, want) => expect(escapeControls(text)).toBe(want));
});

const isControl = (ch: string) => {
  const code = ch.charCodeAt(0);
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
};

describe('requestLog', () => {
  function logged(options: Parameters<typeof createMockApp>[0] = {}) {
    const entries: RequestLogEntry[] = [];
    const mock = createMockApp({ contacts: 20, ...options, log: (e) => entries.push(e) });
    return { ...mock, entries };
  }

  it('logs the path with its query, the status, and the request id', async () => {
    const { app, entries } = logged();
    await app.request('/v1/backend/contacts?limit=2&sort=display_name', {
      headers: { ...AUTH, 'x-request-id': 'trace-9' },
    });
    expect(entries).toEqual([
      {
        method: 'GET',
        path: '/v1/backend/contacts?limit=2&sort=display_name',
        status: 200,
        ms: expect.any(Number),
        requestId: 'trace-9',
      },
    ]);
  });

  it.each([
    [
      'a parameter out of range',
      '/v1/backend/contacts?limit=5000',
      AUTH,
      'query.limit: must be <= 1000 (got 5000)',
    ],
    ['no credential', '/v1/backend/contacts', {}, expect.any(String)],
    ['a path nothing serves', '/v1/backend/nowhere', AUTH, 'Not Found'],
  ])('gives a 4xx for %s its reason', async (_name, path, headers, reason) => {
    const { app, entries } = logged();
    const res = await app.request(path, { headers });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(entries[0]).toMatchObject({ status: res.status, reason });
    expect(entries[0]!.reason).not.toBe('');
  });

  it("logs the reason a refusing middleware sets in 'logReason', in place of the body's", async () => {
    const entries: RequestLogEntry[] = [];
    const app = new Hono<{ Variables: RequestLogVariables }>();
    app.use(
      '*',
      requestLog((e) => entries.push(e)),
    );
    app.get('/refused', (c) => {
      c.set('logReason', 'Bearer without x-organization-id');
      return c.json({ message: 'Unauthorized' }, 401);
    });
    app.get('/noted', (c) => {
      c.set('logReason', 'Prefer: unknown token foo');
      return c.json({ ok: true });
    });
    await app.request('/refused');
    await app.request('/noted');
    expect(entries.map((e) => `${e.status} ${e.reason}`)).toEqual([
      '401 Bearer without x-organization-id',
      '200 Prefer: unknown token foo',
    ]);
  });

  it('never writes the value of a credential in the query', async () => {
    const { app, entries } = logged();
    await app.request('/v1/backend/contacts?limit=1&access_token=s3cret', { headers: AUTH });
    expect(entries[0]!.path).toBe('/v1/backend/contacts?limit=1&access_token=***');
  });

  it('cannot be made to write a second line or an escape sequence', async () => {
    const { app, entries } = logged();
    // Issue 13: a path that decoded would read as a second, forged log line.
    await app.request('/x%0aGET%20/v1/backend/contacts/forged%20200%200ms', { headers: AUTH });
    // A header value echoed in a reason: ESC, DEL and a C1 control (CSI) pass HTTP parsers.
    await app.request('/v1/backend/contacts', {
      headers: { ...AUTH, prefer: 'code=\u001b[2J\u007f\u009b31m' },
    });
    expect(entries).toHaveLength(2);
    for (const entry of entries) {
      for (const value of Object.values(entry))
        expect([...String(value)].filter(isControl)).toEqual([]);
    }
    expect(entries[0]!.path).toBe('/x%0aGET%20/v1/backend/contacts/forged%20200%200ms');
    expect(entries[1]!.reason).toContain('[2J\\x7f\\x9b31m');
  });
});
