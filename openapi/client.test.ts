import { describe, expect, it } from 'vitest';
import { createMockApp } from '../mock/app.ts';
import { createContactsClient, DEFAULT_PREFIX } from './client.ts';
import { spec } from './spec.ts';

const TOKEN = 'client-test-token';
const { app, store } = createMockApp({ seed: 11, contacts: 30, tokens: [TOKEN] });

/** The mock app as the client's fetch, recording what was sent. */
function recordingFetch() {
  const sent: Request[] = [];
  const fetch = async (request: Request) => {
    sent.push(request.clone());
    return app.fetch(request);
  };
  return { sent, fetch };
}

describe('createContactsClient', () => {
  it('sends the token as x-access-token under the documented prefix', async () => {
    const { sent, fetch } = recordingFetch();
    const api = createContactsClient({ baseUrl: 'http://mock.test', token: TOKEN, fetch });
    const { data, error, response } = await api.GET('/contacts', {
      params: { query: { limit: 5, skip: 2 } },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(sent).toHaveLength(1);
    const url = new URL(sent[0]!.url);
    expect(url.origin + url.pathname).toBe('http://mock.test/v1/backend/contacts');
    expect(Object.fromEntries(url.searchParams)).toEqual({ limit: '5', skip: '2' });
    expect(sent[0]!.headers.get('x-access-token')).toBe(TOKEN);
    // The answer is the mock's page, typed as the spec's ContactList.
    expect(data?.count).toBe(store.size);
    expect(data?.data.map((c) => c.id)).toEqual(
      store.listContacts({ limit: 5, skip: 2, sort: '-created_at' }).data.map((c) => c.id),
    );
  });

  it("uses the spec's default prefix", () => {
    const prefix = (spec.servers[0] as { variables: { prefix: { default: string } } }).variables
      .prefix.default;
    expect(DEFAULT_PREFIX).toBe(`/${prefix}`);
  });

  it.each([
    {
      name: 'an alias prefix',
      baseUrl: 'http://mock.test/',
      prefix: '/channel-service/v1',
      path: '/channel-service/v1/contacts/',
    },
    {
      name: 'a prefix without slashes',
      baseUrl: 'http://mock.test',
      prefix: 'backend/v1/',
      path: '/backend/v1/contacts/',
    },
    {
      name: "'' when baseUrl holds the prefix",
      baseUrl: 'http://mock.test/v1/backend/',
      prefix: '',
      path: '/v1/backend/contacts/',
    },
  ])('takes $name', async ({ baseUrl, prefix, path }) => {
    const { sent, fetch } = recordingFetch();
    const api = createContactsClient({ baseUrl, prefix, token: TOKEN, fetch });
    const id = store.listContacts({ limit: 1, skip: 0, sort: '-created_at' }).data[0]!.id;
    const { data, response } = await api.GET('/contacts/{contact_id}', {
      params: { path: { contact_id: id } },
    });
    expect(new URL(sent[0]!.url).pathname).toBe(`${path}${id}`);
    expect(response.status).toBe(200);
    expect(data?.id).toBe(id);
  });

  it('sends bodies and extra headers, and the write is seen by the next read', async () => {
    const { sent, fetch } = recordingFetch();
    const api = createContactsClient({
      baseUrl: 'http://mock.test',
      token: TOKEN,
      fetch,
      headers: { 'x-organization-id': 'org_1' },
    });
    const id = store.listContacts({ limit: 1, skip: 3, sort: '-created_at' }).data[0]!.id;
    const updated = await api.PUT('/contacts/{contact_id}', {
      params: { path: { contact_id: id } },
      body: { first_name: 'Client' },
    });
    expect(updated.response.status).toBe(200);
    expect(sent[0]!.headers.get('x-organization-id')).toBe('org_1');
    expect(sent[0]!.headers.get('content-type')).toMatch(/^application\/json/);
    const read = await api.GET('/contacts/{contact_id}', { params: { path: { contact_id: id } } });
    expect(read.data?.first_name).toBe('Client');
    store.reset();
  });

  it('repeats an array query parameter, as the spec documents (form, explode)', async () => {
    const { sent, fetch } = recordingFetch();
    const api = createContactsClient({ baseUrl: 'http://mock.test', token: TOKEN, fetch });
    const id = store.listContacts({ limit: 1, skip: 0, sort: '-created_at' }).data[0]!.id;
    const { response } = await api.GET('/contacts/{contact_id}/conversations', {
      params: { path: { contact_id: id }, query: { channel_types: ['web', 'whatsapp'] } },
    });
    expect(new URL(sent[0]!.url).searchParams.getAll('channel_types')).toEqual(['web', 'whatsapp']);
    expect(response.status).toBe(200);
  });

  it("returns the spec's error body when the token is not accepted", async () => {
    const api = createContactsClient({
      baseUrl: 'http://mock.test',
      token: 'wrong',
      fetch: app.fetch,
    });
    const { data, error, response } = await api.GET('/contacts', {});
    expect(response.status).toBe(401);
    expect(data).toBeUndefined();
    expect(error).toEqual({ message: 'Unauthorized' });
  });
});
