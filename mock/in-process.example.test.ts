/**
 * How a consumer's own vitest suite uses the mock: copy this file and change the imports to the
 * package's (`imbrace-contacts-toolkit`, `…/mock`, `…/mock/server`).
 *
 * - No port: `createMockApp` gives a Hono app; pass `app.fetch` as the client's `fetch` (or call
 *   `app.request(path, init)`). Nothing listens, so suites run in parallel freely.
 * - A free port: `startMockServer({ port: 0 })`, for code under test that takes a URL.
 * - Reset between tests: `store.reset()` in process, `POST /__mock/reset` over HTTP. Both go back to
 *   the seeded data, which the same seed and size make identical on every run.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createContactsClient } from '../openapi/client.ts'; // 'imbrace-contacts-toolkit'
import { createMockApp } from './app.ts'; // 'imbrace-contacts-toolkit/mock'
import { startMockServer, type MockServer } from './server.ts'; // 'imbrace-contacts-toolkit/mock/server'

const TOKEN = 'mock-token'; // the mock's default credential
const SEED = { seed: 42, contacts: 25 };

describe('in process, without a port', () => {
  const { app, store } = createMockApp(SEED);
  const api = createContactsClient({ baseUrl: 'http://mock.test', token: TOKEN, fetch: app.fetch });

  beforeEach(() => store.reset());

  it('renames a contact, and reads the new name back', async () => {
    const first = (await api.GET('/contacts', { params: { query: { limit: 1 } } })).data!.data[0]!;
    const { response } = await api.PUT('/contacts/{contact_id}', {
      params: { path: { contact_id: first.id } },
      body: { first_name: 'Renamed' },
    });
    expect(response.status).toBe(200);
    const read = await api.GET('/contacts/{contact_id}', {
      params: { path: { contact_id: first.id } },
    });
    expect(read.data?.first_name).toBe('Renamed');
  });

  it('starts from the seeded data again after the reset', async () => {
    const page = (await api.GET('/contacts', { params: { query: { limit: 1 } } })).data!;
    expect(page.count).toBe(SEED.contacts);
    expect(page.data[0]!.first_name).not.toBe('Renamed');
  });

  it('answers app.request too, with no client at all', async () => {
    const res = await app.request('/v1/backend/contacts?limit=2', {
      headers: { 'x-access-token': TOKEN },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).data).toHaveLength(2);
  });
});

describe('on a free port, for code that takes a URL', () => {
  let mock: MockServer;

  beforeAll(async () => {
    mock = await startMockServer({ port: 0, ...SEED });
  });
  afterAll(() => mock.close());

  beforeEach(async () => {
    const res = await fetch(`${mock.url}/__mock/reset`, {
      method: 'POST',
      headers: { 'x-access-token': TOKEN },
    });
    expect(res.status).toBe(200);
  });

  it('deletes a contact', async () => {
    const api = createContactsClient({ baseUrl: mock.url, token: TOKEN });
    const first = (await api.GET('/contacts', { params: { query: { limit: 1 } } })).data!.data[0]!;
    expect(
      (await api.DELETE('/contacts/{contact_id}', { params: { path: { contact_id: first.id } } }))
        .response.status,
    ).toBe(200);
    expect((await api.GET('/contacts', {})).data!.count).toBe(SEED.contacts - 1);
  });

  it('has every contact back after POST /__mock/reset', async () => {
    const api = createContactsClient({ baseUrl: mock.url, token: TOKEN });
    expect((await api.GET('/contacts', {})).data!.count).toBe(SEED.contacts);
  });

  it('serves the same seeded data as the app in process', async () => {
    const inProcess = createMockApp(SEED).app;
    const overHttp = await (
      await fetch(`${mock.url}/v1/backend/contacts?limit=5`, {
        headers: { 'x-access-token': TOKEN },
      })
    ).json();
    const direct = await (
      await inProcess.request('/v1/backend/contacts?limit=5', {
        headers: { 'x-access-token': TOKEN },
      })
    ).json();
    expect(overHttp).toEqual(direct);
  });
});
