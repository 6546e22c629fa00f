import { describe, expect, it } from 'vitest';
import { buildUrl, describeNetworkError, NoAnswer, send } from './http.ts';
import type { Target } from './target.ts';

describe('buildUrl', () => {
  it.each([
    {
      name: 'a plain path',
      args: ['http://h', '/v1/backend', '/contacts', {}, {}] as const,
      want: 'http://h/v1/backend/contacts',
    },
    {
      name: 'path ids filled and encoded',
      args: [
        'http://h',
        '',
        '/contacts/{contact_id}/comment/{comment_id}',
        { contact_id: 'con_1', comment_id: 'cmc_a/b' },
        {},
      ] as const,
      want: 'http://h/contacts/con_1/comment/cmc_a%2Fb',
    },
    {
      name: 'a repeated query parameter',
      args: [
        'http://h',
        '',
        '/x',
        {},
        { channel_types: ['web', 'email'], limit: 5, skip: undefined },
      ] as const,
      want: 'http://h/x?channel_types=web&channel_types=email&limit=5',
    },
  ])('$name', ({ args, want }) => {
    expect(buildUrl(...(args as unknown as Parameters<typeof buildUrl>))).toBe(want);
  });

  it('refuses a template whose id is missing', () => {
    expect(() => buildUrl('http://h', '', '/contacts/{contact_id}', {}, {})).toThrow(/contact_id/);
  });
});

describe('send', () => {
  const target = (fetch: typeof globalThis.fetch): Target => ({
    kind: 'remote',
    baseUrl: 'http://h',
    prefix: '/v1/backend',
    token: 's3cret',
    ids: {},
    limits: {},
    fetch,
  });

  it('puts the token in the header only, and keeps the answer as data', async () => {
    let seen: Request | undefined;
    const exchange = await send(
      target(async (input, init) => {
        seen = new Request(input, init);
        return Response.json(
          { data: [] },
          { headers: { 'content-type': 'application/json; charset=utf-8' } },
        );
      }),
      {
        operationId: 'listContactConversations',
        path: { contact_id: 'con_1' },
        query: { channel_types: ['web'] },
      },
    );
    expect(seen!.headers.get('x-access-token')).toBe('s3cret');
    expect(exchange).toMatchObject({
      operation: 'GET /contacts/{contact_id}/conversations',
      request: 'GET http://h/v1/backend/contacts/con_1/conversations?channel_types=web',
      status: 200,
      mediaType: 'application/json',
      json: { data: [] },
    });
    expect(JSON.stringify({ ...exchange, headers: undefined })).not.toContain('s3cret');
  });

  it.each([
    { scheme: 'access-token' as const, want: { 'x-access-token': 's3cret' } },
    { scheme: 'api-key' as const, want: { 'x-api-key': 's3cret' } },
    {
      scheme: 'bearer' as const,
      organizationId: 'org_1',
      want: { authorization: 'Bearer s3cret', 'x-organization-id': 'org_1' },
    },
  ])(
    'sends the token as the $scheme scheme says, and a replacement token the same way',
    async ({ scheme, organizationId, want }) => {
      const seen: Record<string, string>[] = [];
      const to = {
        ...target(async (input, init) => {
          seen.push(Object.fromEntries(new Request(input, init).headers));
          return Response.json({});
        }),
        authScheme: scheme,
        organizationId,
      };
      await send(to, { operationId: 'listContacts' });
      await send(to, { operationId: 'listContacts', auth: { token: 'other' } });
      expect(seen[0]).toEqual(want);
      expect(Object.values(seen[1]!).join(' ')).toContain('other');
      expect(Object.keys(seen[1]!)).toEqual(Object.keys(want));
    },
  );

  it('sends no credentials when asked, and keeps a body that is not JSON as text', async () => {
    let seen: Request | undefined;
    const exchange = await send(
      target(async (input, init) => {
        seen = new Request(input, init);
        return new Response('oops', { status: 502 });
      }),
      { operationId: 'listContacts', auth: 'none' },
    );
    expect(seen!.headers.has('x-access-token')).toBe(false);
    expect(exchange).toMatchObject({ status: 502, text: 'oops', json: undefined });
    expect(exchange.jsonError).toBeTruthy();
  });
});

describe('describeNetworkError', () => {
  const failed = (code: string, message = 'x') =>
    Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error(message), { code }),
    });
  it.each([
    ['a timeout', new DOMException('t', 'TimeoutError'), /^timeout: no answer within 1500 ms/],
    [
      'connection refused',
      failed('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'),
      /^connection refused \(connect ECONNREFUSED/,
    ],
    [
      'a name that does not resolve',
      failed('ENOTFOUND', 'getaddrinfo ENOTFOUND nx.example'),
      /^DNS: host not found/,
    ],
    [
      'a certificate',
      failed('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'),
      /^TLS: DEPTH_ZERO_SELF_SIGNED_CERT/,
    ],
    [
      'a connect timeout',
      failed('UND_ERR_CONNECT_TIMEOUT', 'Connect Timeout Error'),
      /^timeout: Connect Timeout Error/,
    ],
    ['anything else', new Error('boom'), /^boom$/],
  ])('%s', (_, error, want) => {
    expect(describeNetworkError(error, 1500)).toMatch(want);
  });
});

describe('send with a timeout', () => {
  it('gives up after timeoutMs on a target that never answers, and says so', async () => {
    const never: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)),
      );
    const target: Target = {
      kind: 'remote',
      baseUrl: 'http://h',
      prefix: '',
      token: 't0ken',
      ids: {},
      limits: {},
      fetch: never,
      timeoutMs: 50,
    };
    const started = performance.now();
    const error = await send(target, { operationId: 'listContacts' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoAnswer);
    expect((error as NoAnswer).why).toBe('timeout: no answer within 50 ms (CONTRACT_TIMEOUT_MS)');
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
