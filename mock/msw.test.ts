/**
 * The mock behind MSW in Node (`msw/node`), as a frontend team's vitest suite uses it: requests to
 * the real gateway's URLs, sent by the typed client and by plain `fetch`, never leave the process.
 * `onUnhandledRequest: 'error'` makes any request the handlers miss fail the test that sent it.
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createContactsClient } from '../openapi/client.ts';
import { createMockApp } from './app.ts';
import { createMockHandlers, GATEWAY_ORIGINS } from './msw.ts';

const TOKEN = 'msw-token';
const AUTH = { 'x-access-token': TOKEN };
const SEED = { seed: 11, contacts: 40, tokens: [TOKEN] };
const PROD = 'https://app-gateway.imbrace.co';

const server = setupServer(
  ...createMockHandlers({
    ...SEED,
    baseUrls: ['http://localhost:5173/api', 'https://contacts.test'],
  }),
);
// The same seed and size, called directly: what the handlers answer must be exactly this.
const { app: reference } = createMockApp(SEED);

// openapi-fetch keeps the `fetch` it finds when the client is made: make it after `listen()`, which
// is when MSW wraps the global `fetch`.
let api: ReturnType<typeof createContactsClient>;
beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  api = createContactsClient({ baseUrl: PROD, token: TOKEN });
});
beforeEach(async () => {
  const reset = await fetch(`${PROD}/__mock/reset`, { method: 'POST', headers: AUTH });
  expect(reset.status).toBe(200);
});
afterAll(() => server.close());

describe('createMockHandlers under msw/node', () => {
  it("takes the gateway's production, demo and dev origins from the spec", () => {
    expect(GATEWAY_ORIGINS).toEqual([
      'https://app-gateway.imbrace.co',
      'https://app-gateway.demo.imbrace.co',
      'https://app-gateway.dev.imbrace.co',
    ]);
  });

  it('answers the typed client with the seeded data, as the app itself does', async () => {
    const { data, response } = await api.GET('/contacts', { params: { query: { limit: 5 } } });
    expect(response.status).toBe(200);
    const direct = await reference.request('/v1/backend/contacts?limit=5', { headers: AUTH });
    expect(data).toEqual(await direct.json());
    expect(data?.count).toBe(SEED.contacts);
  });

  it('answers plain fetch at every origin, every prefix and every base URL given', async () => {
    const direct = await (
      await reference.request('/v1/backend/contacts?limit=3&sort=first_name', { headers: AUTH })
    ).json();
    const urls = [
      ...GATEWAY_ORIGINS.map((origin) => `${origin}/v1/backend`),
      `${PROD}/backend/v1`,
      `${PROD}/channel-service/v1`,
      'http://localhost:5173/api/v1/backend',
      'https://contacts.test/channel-service/v1',
    ];
    for (const url of urls) {
      const res = await fetch(`${url}/contacts?limit=3&sort=first_name`, { headers: AUTH });
      expect(res.status, url).toBe(200);
      expect(await res.json(), url).toEqual(direct);
    }
  });

  it('keeps the API behaviour: a wrong token is 401, a bad parameter is a 400 naming it', async () => {
    const anonymous = await fetch(`${PROD}/v1/backend/contacts`, {
      headers: { 'x-access-token': 'wrong' },
    });
    expect(anonymous.status).toBe(401);
    const bad = await fetch(`${PROD}/v1/backend/contacts?limit=5000`, { headers: AUTH });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toContain('query.limit');
  });

  it('shows a write to the next read, at any origin, until the reset', async () => {
    const first = (await api.GET('/contacts', { params: { query: { limit: 1 } } })).data!.data[0]!;
    const put = await api.PUT('/contacts/{contact_id}', {
      params: { path: { contact_id: first.id } },
      body: { first_name: 'Written', last_name: 'ThroughMsw' },
    });
    expect(put.response.status).toBe(200);

    const dev = await fetch(`https://app-gateway.dev.imbrace.co/v1/backend/contacts/${first.id}`, {
      headers: AUTH,
    });
    expect(await dev.json()).toMatchObject({ first_name: 'Written', last_name: 'ThroughMsw' });

    const created = await fetch('http://localhost:5173/api/v1/backend/contacts', {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({
        channel_type: 'email',
        first_name: 'Created',
        last_name: 'ViaBaseUrl',
      }),
    });
    expect(created.status).toBe(200);
    const list = await api.GET('/contacts', { params: { query: { limit: 1 } } });
    expect(list.data?.count).toBe(SEED.contacts + 1);

    await fetch('http://localhost:5173/__mock/reset', { method: 'POST', headers: AUTH });
    const after = await api.GET('/contacts/{contact_id}', {
      params: { path: { contact_id: first.id } },
    });
    expect(after.data?.first_name).not.toBe('Written');
    expect((await api.GET('/contacts', {})).data?.count).toBe(SEED.contacts);
  });

  it('takes a multipart upload and serves the same bytes back from the URL it answers', async () => {
    const bytes = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 255, 7]);
    for (const base of [`${PROD}/v1/backend`, 'http://localhost:5173/api/v1/backend']) {
      const form = new FormData();
      form.append('file', new File([bytes], 'logo.png', { type: 'image/png' }));
      const res = await fetch(`${base}/contacts/_fileupload`, {
        method: 'POST',
        headers: AUTH,
        body: form,
      });
      expect(res.status, base).toBe(200);
      const { url } = (await res.json()) as { url: string };
      const served = await fetch(url, { headers: AUTH });
      expect(served.status, url).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/png');
      expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes);
    }
  });

  it('leaves every other URL alone (here: unhandled, so fetch fails)', async () => {
    await expect(fetch('https://example.com/v1/backend/contacts')).rejects.toThrow();
    await expect(fetch('http://localhost:5173/v1/backend/contacts')).rejects.toThrow();
  });
});

describe('createMockHandlers options', () => {
  it('refuses a base URL that is relative, not http, or has a query', () => {
    expect(() => createMockHandlers({ baseUrls: ['/api'] })).toThrow(/not an absolute URL/);
    expect(() => createMockHandlers({ baseUrls: ['ftp://x.test'] })).toThrow(/not an http/);
    expect(() => createMockHandlers({ baseUrls: ['https://x.test/?a=1'] })).toThrow(/no query/);
  });

  it('answers from the mock it is given, so a test can read and reset its store', async () => {
    const mock = createMockApp({ seed: 2, contacts: 5, tokens: [TOKEN] });
    const own = setupServer(...createMockHandlers({ mock, baseUrls: ['https://own.test'] }));
    server.close();
    own.listen({ onUnhandledRequest: 'error' });
    try {
      const res = await fetch('https://own.test/v1/backend/contacts', { headers: AUTH });
      expect((await res.json()).count).toBe(5);
      expect(mock.store.size).toBe(5);
    } finally {
      own.close();
      server.listen({ onUnhandledRequest: 'error' });
    }
  });
});
