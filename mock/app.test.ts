import { beforeAll, describe, expect, it } from 'vitest';
import { deref, operations, spec } from '../openapi/spec.ts';
import pkg from '../package.json' with { type: 'json' };
import { PREFIXES } from './app.ts';
import {
  AUTH,
  findSamples,
  testMock,
  type CheckedAnswer,
  type CheckedInit,
  type MockSamples,
} from './test-client.ts';

type Known = MockSamples & { commentId?: string };
type Step = [
  operationId: string,
  path: (s: Known) => string,
  init?: CheckedInit | ((s: Known) => CheckedInit),
];

const body = (method: string, json: unknown): CheckedInit => ({ method, headers: AUTH, json });
const upload = (): CheckedInit => {
  const form = new FormData();
  form.append(
    'file',
    new File([new Uint8Array([137, 80, 78, 71])], 'logo.png', { type: 'image/png' }),
  );
  return { method: 'POST', headers: AUTH, body: form };
};

// One request per spec operation, in an order where each write leaves what the next reads.
const STEPS: Step[] = [
  ['listContacts', () => '/contacts?limit=5&skip=0&sort=-created_at'],
  ['searchContacts', () => '/contacts/_search?q=a&type=text&limit=5'],
  [
    'searchContactsByBody',
    () => '/contacts/_search',
    body('POST', { query: 'a', limit: 5, offset: 0 }),
  ],
  ['exportContactsCsv', () => '/contacts/_export_csv?sort=display_name'],
  ['getContact', (s) => `/contacts/${s.contactId}`],
  ['getContactByBoardItem', (s) => `/contacts/by-board-item/${s.boardItemId}`],
  [
    'createContact',
    () => '/contacts',
    body('POST', {
      first_name: 'Ada',
      last_name: 'Lovelace',
      channel_type: 'email',
      email: 'ada@example.com',
    }),
  ],
  [
    'updateContact',
    (s) => `/contacts/${s.contactId}`,
    body('PUT', { first_name: 'Grace', gender: 'f' }),
  ],
  [
    'listContactConversations',
    (s) => `/contacts/${s.contactId}/conversations?channel_types=web&channel_types=whatsapp`,
  ],
  ['getConversationActivities', (s) => `/conversations_activities/${s.conversationId}`],
  ['listContactComments', (s) => `/contacts/${s.contactId}/comments?limit=5&skip=0`],
  [
    'createContactComment',
    (s) => `/contacts/${s.contactId}/comments`,
    body('POST', { content: 'Called back, all good.' }),
  ],
  ['getContactComment', (s) => `/contacts/${s.contactId}/comment/${s.commentId}`],
  ['listContactMessageComments', (s) => `/contacts/${s.contactId}/message_comments`],
  [
    'deleteContactComment',
    (s) => `/contacts/${s.contactId}/comment/${s.commentId}`,
    { method: 'DELETE', headers: AUTH },
  ],
  ['listContactFiles', (s) => `/contact/${s.contactId}/files`],
  ['listContactFilesPlural', (s) => `/contacts/${s.contactId}/files`],
  ['uploadContactFile', () => '/contacts/_fileupload', upload],
  ['listNotifications', () => '/notifications?limit=5'],
  [
    'markNotificationsRead',
    () => '/notifications/read',
    (s) => body('PUT', s.notificationIds.slice(0, 1)),
  ],
  [
    'dismissNotifications',
    () => '/notifications/dismiss',
    (s) => body('DELETE', s.notificationIds.slice(1, 2)),
  ],
  [
    'dismissNotificationsByPost',
    () => '/notifications/dismiss',
    (s) => body('POST', { ids: s.notificationIds.slice(2, 3) }),
  ],
  [
    'dismissAllNotifications',
    () => '/notifications/dismiss/all?type=conversations',
    { method: 'DELETE', headers: AUTH },
  ],
  [
    'dismissAllNotificationsByPost',
    () => '/notifications/dismiss/all',
    { method: 'POST', headers: AUTH },
  ],
  ['deleteContact', (s) => `/contacts/${s.otherContactId}`, { method: 'DELETE', headers: AUTH }],
];

describe('every operation of the spec', () => {
  it('has a step here', () => {
    expect(STEPS.map(([id]) => id).sort()).toEqual(operations.map((op) => op.operationId).sort());
  });

  describe.each(PREFIXES)('under %s', (prefix) => {
    const { request } = testMock();
    let samples: Known;
    beforeAll(async () => {
      samples = await findSamples(request, prefix);
    });

    it.each(STEPS.map((step) => [step[0], step] as const))(
      '%s answers 200 with a spec-valid body',
      async (operationId, [, path, init]) => {
        const answer = await request(`${prefix}${path(samples)}`, {
          headers: AUTH,
          ...(typeof init === 'function' ? init(samples) : init),
        });
        expect(answer.operationId).toBe(operationId);
        expect(answer.status).toBe(200);
        if (operationId === 'createContactComment') samples.commentId = answer.body._id;
      },
    );
  });
});

describe('every operation of the spec in a named workspace (x-mock-workspace)', () => {
  const mock = testMock();
  const inWorkspace = (init: CheckedInit = {}): CheckedInit => {
    const headers = new Headers(init.headers);
    headers.set('x-mock-workspace', 'every-operation');
    return { ...init, headers };
  };
  const request = (path: string, init?: CheckedInit) => mock.request(path, inWorkspace(init));
  const prefix = PREFIXES[0];
  let samples: Known;
  beforeAll(async () => {
    samples = await findSamples(request, prefix);
  });

  it.each(STEPS.map((step) => [step[0], step] as const))(
    '%s answers 200 with a spec-valid body, and writes nothing outside the workspace',
    async (operationId, [, path, init]) => {
      const before = mock.store.version;
      const answer = await request(`${prefix}${path(samples)}`, {
        headers: AUTH,
        ...(typeof init === 'function' ? init(samples) : init),
      });
      expect(answer.operationId).toBe(operationId);
      expect(answer.status).toBe(200);
      expect(mock.store.version).toBe(before);
      if (operationId === 'createContactComment') samples.commentId = answer.body._id;
    },
  );

  it('wrote in the workspace', () => {
    expect(mock.workspaces.existing('every-operation')!.store.version).toBeGreaterThan(0);
  });
});

describe('authentication', () => {
  const { request } = testMock({
    tokens: ['mock-token', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln'],
  });
  const path = '/channel-service/v1/contacts?limit=1';

  it.each([
    ['x-access-token', { 'x-access-token': 'mock-token' }],
    [
      'Bearer with x-organization-id',
      {
        authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln',
        'x-organization-id': 'org_imbrace',
      },
    ],
    ['x-api-key', { 'x-api-key': 'mock-token' }],
  ])('accepts %s', async (_name, headers) => {
    expect((await request(path, { headers })).status).toBe(200);
  });

  it.each([
    ['no credentials', {}],
    ['a wrong token', { 'x-access-token': 'nope' }],
    ['Bearer without x-organization-id', { authorization: 'Bearer mock-token' }],
    ['an empty api key', { 'x-api-key': '' }],
  ])('answers 401 {"message":"Unauthorized"} for %s', async (_name, headers) => {
    const answer = await request(path, { headers });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ message: 'Unauthorized' });
  });

  it('guards every prefix, unknown paths under them and the reset', async () => {
    for (const prefix of PREFIXES)
      expect((await request(`${prefix}/notifications`)).status).toBe(401);
    expect((await request('/v1/backend/no-such-thing')).status).toBe(401);
    expect((await request('/__mock/reset', { method: 'POST' })).status).toBe(401);
  });
});

describe('bad input answers 400 naming the parameter', () => {
  const { request } = testMock();
  const cases: [string, string, CheckedInit | undefined, RegExp][] = [
    [
      'a limit over the maximum',
      '/contacts?limit=5000',
      undefined,
      /query\.limit: must be <= 1000 \(got 5000\)/,
    ],
    ['a limit that is not a number', '/contacts?limit=ten', undefined, /query\.limit/],
    ['a repeated limit', '/contacts?limit=1&limit=2', undefined, /query\.limit/],
    ['a negative skip', '/notifications?skip=-1', undefined, /query\.skip/],
    ['an unknown sort', '/contacts?sort=shoe_size', undefined, /query\.sort: must be one of/],
    [
      'offset and skip that disagree',
      '/contacts?skip=0&offset=10',
      undefined,
      /query\.offset.*skip/,
    ],
    ['a search type other than text', '/contacts/_search?q=a&type=fuzzy', undefined, /query\.type/],
    [
      'an unknown channel type',
      '/contacts/con_x/conversations?channel_types=fax',
      undefined,
      /query\.channel_types/,
    ],
    ['a contact id without its prefix', '/contacts/12345', undefined, /path\.contact_id/],
    [
      'a comment id without its prefix',
      '/contacts/con_x/comment/12',
      undefined,
      /path\.comment_id/,
    ],
    [
      'an unknown body field',
      '/contacts/con_x',
      body('PUT', { shoe_size: 44 }),
      /body\.shoe_size: is not allowed/,
    ],
    [
      'a gender that is not a code',
      '/contacts/con_x',
      body('PUT', { gender: 'Male' }),
      /body\.gender: must be one of m, f, o/,
    ],
    ['a body that is not an object', '/contacts/con_x', body('PUT', 'Grace'), /body/],
    [
      'a missing body',
      '/notifications/read',
      { method: 'PUT', headers: AUTH },
      /body: is required/,
    ],
    ['an empty id list', '/notifications/read', body('PUT', []), /body/],
    [
      'a search body without query',
      '/contacts/_search',
      body('POST', { limit: 5 }),
      /body\.query: is required/,
    ],
    [
      'malformed JSON',
      '/contacts/con_x',
      {
        method: 'PUT',
        headers: { ...AUTH, 'content-type': 'application/json' },
        body: '{"first_name":',
      },
      /body: is not valid JSON/,
    ],
    [
      'a bad Prefer header',
      '/contacts',
      { headers: { ...AUTH, prefer: 'code=teapot' } },
      /header\.Prefer/,
    ],
  ];
  it.each(cases)('%s', async (_name, path, init, message) => {
    const answer = await request(`/v1/backend${path}`, { headers: AUTH, ...init });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(message);
  });
});

describe('media types and sizes', () => {
  const { request } = testMock({ bodyLimit: 200, uploadLimit: 1000 });

  it('answers 415 for a JSON operation sent as text', async () => {
    const answer = await request('/v1/backend/contacts/con_x', {
      method: 'PUT',
      headers: { ...AUTH, 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(answer.status).toBe(415);
    expect(answer.body.message).toMatch(
      /Content-Type: must be application\/json \(got "text\/plain"\)/,
    );
  });

  it('answers 415 for a body without a content type', async () => {
    const answer = await request('/v1/backend/notifications/read', {
      method: 'PUT',
      headers: AUTH,
      body: new Uint8Array([91, 93]),
    });
    expect(answer.status).toBe(415);
  });

  it('answers 415 for an upload that is not multipart', async () => {
    const answer = await request('/v1/backend/contacts/_fileupload', body('POST', { file: 'x' }));
    expect(answer.status).toBe(415);
  });

  it('answers 413 for a JSON body over the limit', async () => {
    const answer = await request(
      '/v1/backend/contacts/con_x',
      body('PUT', { remark: 'x'.repeat(300) }),
    );
    expect(answer.status).toBe(413);
    expect(answer.body.message).toMatch(/200 bytes/);
  });

  it('answers 413 for a JSON body over the limit whose Content-Length says less (in process)', async () => {
    const sent = body('PUT', { remark: 'x'.repeat(300) });
    const answer = await request('/v1/backend/contacts/con_x', {
      ...sent,
      headers: { ...sent.headers, 'content-length': '20' },
    });
    expect(answer.status).toBe(413);
  });

  it('answers 413 for an upload over the limit', async () => {
    const form = new FormData();
    form.append('file', new File([new Uint8Array(2000)], 'big.bin'));
    const answer = await request('/v1/backend/contacts/_fileupload', {
      method: 'POST',
      headers: AUTH,
      body: form,
    });
    expect(answer.status).toBe(413);
  });

  it('answers 400 for a multipart body without a file', async () => {
    const form = new FormData();
    form.append('file', 'just text');
    const answer = await request('/v1/backend/contacts/_fileupload', {
      method: 'POST',
      headers: AUTH,
      body: form,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/body\.file/);
  });

  it('answers 400 for a broken multipart body', async () => {
    const answer = await request('/v1/backend/contacts/_fileupload', {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'multipart/form-data; boundary=xyz' },
      body: '--xyz\r\nContent-Disposition: form-data; name="file"\r\n\r\nno end',
    });
    expect(answer.status).toBe(400);
  });
});

describe('not found', () => {
  it('answers the published 400 {"message":"Not Found"} for an unknown contact by default', async () => {
    const { request } = testMock();
    const answer = await request('/v1/backend/contacts/con_does-not-exist/conversations', {
      headers: AUTH,
    });
    expect(answer).toMatchObject({ status: 400, body: { message: 'Not Found' } });
  });

  it('answers 404 with notFoundStatus: 404', async () => {
    const { request } = testMock({ notFoundStatus: 404 });
    const answer = await request('/v1/backend/contacts/con_does-not-exist', { headers: AUTH });
    expect(answer).toMatchObject({ status: 404, body: { message: 'Not Found' } });
  });

  it('answers 404 {"message":"Not Found"} for a path no operation serves', async () => {
    const { request } = testMock();
    for (const path of [
      '/v1/backend/contact',
      '/v2/backend/contacts',
      '/index.html',
      '/v1/backend/contacts/con_x/nothing',
    ]) {
      const answer = await request(path, { headers: AUTH });
      expect(answer).toMatchObject({ status: 404, body: { message: 'Not Found' } });
    }
  });
});

describe('CORS like the gateway', () => {
  const { request } = testMock();

  it('reflects any origin, with credentials, and exposes x-request-id', async () => {
    const answer = await request('/v1/backend/contacts?limit=1', {
      headers: { ...AUTH, origin: 'https://dashboard.example' },
    });
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://dashboard.example');
    expect(answer.headers.get('access-control-allow-credentials')).toBe('true');
    expect(answer.headers.get('access-control-expose-headers')).toMatch(/x-request-id/i);
  });

  it('sets CORS on errors too', async () => {
    const answer = await request('/v1/backend/contacts', {
      headers: { origin: 'https://dashboard.example' },
    });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://dashboard.example');
  });

  it('answers a preflight without credentials', async () => {
    const answer = await request('/v1/backend/contacts/con_x', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://dashboard.example',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'x-access-token, content-type',
      },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-methods')).toMatch(/PUT/);
    expect(answer.headers.get('access-control-allow-headers')).toMatch(/x-access-token/);
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://dashboard.example');
  });
});

describe('x-request-id', () => {
  const { request } = testMock();

  it("echoes the caller's id", async () => {
    const answer = await request('/v1/backend/contacts?limit=1', {
      headers: { ...AUTH, 'x-request-id': 'trace-42_a=b' },
    });
    expect(answer.headers.get('x-request-id')).toBe('trace-42_a=b');
  });

  it.each([
    ['too long', 'a'.repeat(256)],
    ['with spaces and quotes', 'a b"c'],
    ['with a tab', 'a\tb'],
  ])('replaces an id that is %s', async (_name, id) => {
    const answer = await request('/v1/backend/contacts?limit=1', {
      headers: { ...AUTH, 'x-request-id': id },
    });
    const echoed = answer.headers.get('x-request-id')!;
    expect(echoed).not.toBe(id);
    expect(echoed).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('is on every answer, errors included', async () => {
    for (const [path, init] of [
      ['/v1/backend/contacts', {}],
      ['/nowhere', {}],
      ['/v1/backend/contacts?limit=0', { headers: AUTH }],
    ] as const) {
      const answer = await request(path, init);
      expect(answer.headers.get('x-request-id')).toBeTruthy();
    }
  });
});

describe('Prefer faults', () => {
  const { request } = testMock();

  it.each([
    ['/contacts/con_whatever', 'code=404', 404, 'Not Found'],
    ['/contacts?limit=1', 'code=401', 401, 'Unauthorized'],
    ['/contacts/con_x', 'code=400', 400, 'Bad Request'],
  ])('%s with Prefer: %s answers that documented status', async (path, prefer, status, message) => {
    const answer = await request(`/v1/backend${path}`, { headers: { ...AUTH, prefer } });
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({ message });
  });

  it('answers 413 and 415 where an operation documents them', async () => {
    const answer = await request('/v1/backend/contacts', {
      ...body('POST', { channel_type: 'web' }),
      headers: { ...AUTH, prefer: 'code=413' },
    });
    expect(answer.status).toBe(413);
  });

  it('answers the normal answer for code=200', async () => {
    const answer = await request('/v1/backend/contacts?limit=2', {
      headers: { ...AUTH, prefer: 'code=200' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toHaveLength(2);
  });

  it.each([429, 500, 502, 503, 504, 418])(
    'answers an undocumented Prefer: code=%i as the gateway would, marked as not documented',
    async (status) => {
      const answer = await request('/v1/backend/contacts?limit=1', {
        headers: { ...AUTH, prefer: `code=${status}` },
      });
      expect(answer.status).toBe(status);
      expect(Object.keys(answer.body)).toEqual(['message']);
      expect(answer.headers.get('x-mock-undocumented-status')).toBe('true');
      expect(answer.headers.get('retry-after')).toBe(status === 429 || status === 503 ? '1' : null);
      expect(answer.headers.get('x-request-id')).toBeTruthy();
    },
  );

  it('marks only undocumented statuses, and names Service Unavailable', async () => {
    const documented = await request('/v1/backend/contacts?limit=1', {
      headers: { ...AUTH, prefer: 'code=401' },
    });
    expect(documented.headers.get('x-mock-undocumented-status')).toBeNull();
    const outage = await request('/v1/backend/contacts?limit=1', {
      headers: { ...AUTH, prefer: 'code=503' },
    });
    expect(outage.body).toEqual({ message: 'Service Unavailable' });
  });

  it('answers 400 naming the header for an undocumented status that is not a fault', async () => {
    const answer = await request('/v1/backend/contacts?limit=1', {
      headers: { ...AUTH, prefer: 'code=302' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(
      /header\.Prefer: code=302 is not a documented status of listContacts \(documented: 200, 400, 401;/,
    );
  });

  // The example as the spec has it, found by its path in the document.
  const exampleOf = (path: string, status: string, mediaType: string, name: string) => {
    type Node = { [key: string]: Node } & { value?: unknown };
    const paths = spec.paths as unknown as Node;
    const response = deref(paths[path]!.get!.responses![status]!);
    return deref(response.content![mediaType]!.examples![name]!).value;
  };

  it.each([
    ['/contacts?limit=1', 'example=published', 200, ['/contacts', '200', 'published']],
    [
      '/contacts/con_x/conversations',
      'example=web',
      200,
      ['/contacts/{contact_id}/conversations', '200', 'web'],
    ],
    ['/contacts?limit=1', 'code=400, example=badLimit', 400, ['/contacts', '400', 'badLimit']],
    ['/contacts?limit=1', 'example=published; code=401', 401, ['/contacts', '401', 'published']],
  ] as const)(
    '%s with Prefer: %s serves that example of the spec',
    async (path, prefer, status, [specPath, key, name]) => {
      const answer = await request(`/v1/backend${path}`, { headers: { ...AUTH, prefer } });
      expect(answer.status).toBe(status);
      expect(answer.body).toEqual(exampleOf(specPath, key, 'application/json', name));
    },
  );

  it('serves a CSV example as CSV', async () => {
    const answer = await request('/v1/backend/contacts/_export_csv', {
      headers: { ...AUTH, prefer: 'example=illustrative' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(answer.body).toBe(exampleOf('/contacts/_export_csv', '200', 'text/csv', 'illustrative'));
  });

  it.each([
    [
      'example=nope',
      /example=nope is not an example of listContacts's 200 answer \(examples: published\)/,
    ],
    [
      'code=404, example=x',
      /example=x is not an example of listContacts's 404 answer \(it has none\)/,
    ],
    ['example=toString', /example=toString is not an example/],
  ])('answers 400 naming the known examples for Prefer: %s', async (prefer, message) => {
    const answer = await request('/v1/backend/contacts?limit=1', {
      headers: { ...AUTH, prefer },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(message);
  });

  it('delays by the preferred latency', async () => {
    const start = performance.now();
    await request('/v1/backend/contacts?limit=1', { headers: { ...AUTH, prefer: 'latency=80' } });
    expect(performance.now() - start).toBeGreaterThanOrEqual(75);
  });

  it('delays every answer by the latency option', async () => {
    const slow = testMock({ latency: 80 });
    const start = performance.now();
    await slow.request('/v1/backend/notifications?limit=1', { headers: AUTH });
    expect(performance.now() - start).toBeGreaterThanOrEqual(75);
  });
});

describe('no input makes the mock fail', () => {
  const { app } = testMock();
  const json = { ...AUTH, 'content-type': 'application/json' };
  const cases: [string, string, RequestInit][] = [
    ['bad percent-encoding in the path', '/v1/backend/contacts/con_%E0%A4%A/conversations', {}],
    ['a lone percent sign in the path', '/v1/backend/contacts/%', {}],
    ['bad percent-encoding in the query', '/v1/backend/contacts?limit=%zz&sort=%', {}],
    ['a NUL in the path', '/v1/backend/contacts/con_a%00b', {}],
    ['a huge number', `/v1/backend/contacts?limit=${'9'.repeat(400)}`, {}],
    ['a huge parameter', `/v1/backend/contacts/_search?q=${'x'.repeat(20000)}`, {}],
    [
      'thousands of parameters',
      `/v1/backend/contacts?${Array.from({ length: 5000 }, (_, i) => `p${i}=${i}`).join('&')}`,
      {},
    ],
    [
      'a repeated array parameter past its maximum',
      `/v1/backend/contacts/con_x/conversations?${'channel_types=web&'.repeat(50)}`,
      {},
    ],
    ['a very long id', `/v1/backend/contacts/con_${'a'.repeat(10000)}`, {}],
    [
      'binary bytes as JSON',
      '/v1/backend/contacts/con_x',
      { method: 'PUT', headers: json, body: new Uint8Array([0xff, 0xfe, 0x00, 0x7b]) },
    ],
    ['JSON null', '/v1/backend/notifications/read', { method: 'PUT', headers: json, body: 'null' }],
    [
      'deeply nested JSON',
      '/v1/backend/contacts/con_x',
      { method: 'PUT', headers: json, body: `${'['.repeat(5000)}${']'.repeat(5000)}` },
    ],
    [
      'a huge number in JSON',
      '/v1/backend/contacts/_search',
      { method: 'POST', headers: json, body: `{"query":"a","limit":1e400}` },
    ],
    [
      'a __proto__ key',
      '/v1/backend/contacts/con_x',
      { method: 'PUT', headers: json, body: '{"__proto__":{"admin":true}}' },
    ],
    [
      'a content type with odd parameters',
      '/v1/backend/notifications/read',
      {
        method: 'PUT',
        headers: { ...AUTH, 'content-type': 'application/json;;;charset=' },
        body: '[]',
      },
    ],
    ['an unknown method', '/v1/backend/contacts', { method: 'PROPFIND', headers: AUTH }],
    ['a HEAD request', '/v1/backend/contacts', { method: 'HEAD', headers: AUTH }],
    ['a body on a GET', '/v1/backend/contacts', { method: 'POST', headers: json, body: '{}' }],
    ['a path of slashes', '//v1//backend///contacts', { headers: AUTH }],
    ['a dot segment path', '/v1/backend/contacts/../../__mock/reset', { headers: AUTH }],
    ['an uploaded file id that does not exist', '/__mock/files/../../etc/passwd', {}],
  ];
  it.each(cases)('%s answers a 4xx or 2xx with x-request-id', async (_name, path, init) => {
    const response = await app.request(path, init);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    await response.arrayBuffer();
  });
});

describe('determinism', () => {
  const paths = [
    '/contacts?limit=20&sort=display_name',
    '/notifications?limit=20',
    '/contacts/_search?q=an&limit=20',
  ];
  const read = async (
    request: ReturnType<typeof testMock>['request'],
    path: string,
  ): Promise<CheckedAnswer['body']> =>
    (await request(`/v1/backend${path}`, { headers: AUTH })).body;

  it('gives identical bodies for the same seed and different ones for another seed', async () => {
    const first = testMock({ seed: 11 });
    const second = testMock({ seed: 11 });
    const other = testMock({ seed: 12 });
    for (const path of paths) {
      const body = await read(first.request, path);
      expect(await read(second.request, path)).toEqual(body);
      expect(await read(first.request, path)).toEqual(body);
      expect(await read(other.request, path)).not.toEqual(body);
    }
  });
});

describe('reset', () => {
  it('restores the seeded state after writes', async () => {
    let writes = 0;
    const { request } = testMock({ onWrite: () => writes++ });
    const before = (await request('/v1/backend/contacts?limit=5', { headers: AUTH })).body;
    const id = before.data[0].id;
    await request(`/v1/backend/contacts/${id}`, body('PUT', { first_name: 'Changed' }));
    await request(`/v1/backend/contacts/${before.data[1].id}`, { method: 'DELETE', headers: AUTH });
    expect((await request('/v1/backend/contacts?limit=5', { headers: AUTH })).body).not.toEqual(
      before,
    );
    expect(writes).toBe(2);

    const reset = await request('/__mock/reset', { method: 'POST', headers: AUTH });
    expect(reset).toMatchObject({ status: 200, body: { success: true } });
    expect(writes).toBe(3);
    expect((await request('/v1/backend/contacts?limit=5', { headers: AUTH })).body).toEqual(before);
  });
});

describe('docs', () => {
  it('serves the spec beside the API, without credentials', async () => {
    const { request } = testMock();
    const answer = await request('/openapi.json');
    expect(answer.status).toBe(200);
    expect(answer.body.paths['/contacts']).toBeDefined();
  });
});

describe('/', () => {
  it('sends a browser to /docs', async () => {
    const { app } = testMock();
    const res = await app.request('/', {
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/docs');
  });

  it.each([undefined, 'application/json', '*/*'])(
    'lists the entry points as JSON, without credentials (Accept: %s)',
    async (accept) => {
      const { request } = testMock();
      const answer = await request('/', { headers: accept ? { accept } : {} });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        name: 'imbrace-contacts-mock',
        version: pkg.version,
        prefixes: [...PREFIXES],
        docs: '/docs',
        spec: { json: '/openapi.json', yaml: '/openapi.yaml' },
        reset: 'POST /__mock/reset',
        uploads: '/__mock/files/{id}/{name}',
      });
      for (const path of [answer.body.docs, answer.body.spec.json, answer.body.spec.yaml])
        expect((await request(path)).status).toBe(200);
    },
  );
});

describe('options', () => {
  it('rejects a bad option at creation, naming it', () => {
    expect(() => testMock({ tokens: [] })).toThrow(/tokens/);
    expect(() => testMock({ notFoundStatus: 418 as 404 })).toThrow(/notFoundStatus/);
    expect(() => testMock({ latency: -1 })).toThrow(/latency/);
    expect(() => testMock({ bodyLimit: 0 })).toThrow(/bodyLimit/);
  });

  it('resolves them once, frozen', () => {
    // The test client lists its token; without `tokens` the mock accepts any credential.
    const { options } = testMock({ tokens: undefined });
    expect(Object.isFrozen(options)).toBe(true);
    expect(options).toMatchObject({
      seed: 1,
      contacts: 300,
      latency: 0,
      notFoundStatus: 400,
    });
    // Any non-empty credential is accepted.
    expect(options.tokens).toBeUndefined();
  });
});
