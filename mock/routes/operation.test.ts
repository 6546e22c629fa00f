import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { onError } from '../middleware/errors.ts';
import { prefer } from '../middleware/prefer.ts';
import { WriteRefused } from '../store/types.ts';
import { NOT_FOUND, operationHandlers, type MockEnv } from './operation.ts';

/** A store stand-in: `write()` moves the version; `saved()` records the wait and answers `saving`. */
function fakeStore(writes: string[], saving: () => Promise<void> = async () => {}) {
  let version = 0;
  return {
    get version() {
      return version;
    },
    write: () => version++,
    saved: () => {
      writes.push('saved');
      return saving();
    },
  };
}

function tinyApp(writes: string[] = [], store = fakeStore(writes)) {
  const { operation } = operationHandlers({
    bodyLimit: 64,
    uploadLimit: 64,
    notFoundStatus: 404,
    store,
  });
  const app = new Hono<MockEnv>();
  app.onError(onError());
  app.use('*', prefer());
  app.get(
    '/contacts/:contact_id',
    operation('getContact', () => NOT_FOUND),
  );
  app.put(
    '/notifications/read',
    operation('markNotificationsRead', () => {
      store.write();
      return { success: true };
    }),
  );
  app.get(
    '/contacts',
    operation('listContacts', ({ query }) => ({
      object_name: 'list' as const,
      data: [],
      nested: {},
      has_more: false,
      count: query.limit!,
      total: query.skip!,
    })),
  );
  return app;
}

describe('operation', () => {
  it("hands the handler the spec's defaults", async () => {
    const res = await tinyApp().request('/contacts');
    expect(await res.json()).toMatchObject({ count: 10, total: 0 });
  });

  it('answers NOT_FOUND with the configured status', async () => {
    const res = await tinyApp().request('/contacts/con_known');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: 'Not Found' });
  });

  it('waits for durability after an accepted write, and only then', async () => {
    const writes: string[] = [];
    const app = tinyApp(writes);
    const json = { 'content-type': 'application/json' };
    await app.request('/notifications/read', { method: 'PUT', headers: json, body: '["not_a"]' });
    await app.request('/notifications/read', { method: 'PUT', headers: json, body: '["bad"]' });
    await app.request('/notifications/read', {
      method: 'PUT',
      headers: { ...json, prefer: 'code=401' },
      body: '["not_a"]',
    });
    await app.request('/notifications/read', {
      method: 'PUT',
      headers: json,
      body: JSON.stringify(Array(20).fill('not_aaaa')),
    });
    expect(writes).toEqual(['saved']);
  });

  it.each([
    [507, 'state: no space left on the disk (ENOSPC)'],
    [503, 'state: the disk refused the write (EIO)'],
  ] as const)(
    'answers %i with the cause when the write cannot be saved',
    async (status, message) => {
      const writes: string[] = [];
      const store = fakeStore(writes, () => Promise.reject(new WriteRefused(status, message)));
      const res = await tinyApp(writes, store).request('/notifications/read', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: '["not_a"]',
      });
      expect(res.status).toBe(status);
      expect(await res.json()).toEqual({ message });
      // Not a status of the spec: marked, as a fault asked for by Prefer is.
      expect(res.headers.get('x-mock-undocumented-status')).toBe('true');
    },
  );

  it('refuses a JSON body nested deeper than 64 levels with a 400, and takes 64', async () => {
    const nested = (depth: number) => `${'{"a":'.repeat(depth - 1)}[]${'}'.repeat(depth - 1)}`;
    const app = new Hono<MockEnv>();
    app.onError(onError());
    const { operation } = operationHandlers({
      bodyLimit: 1_000_000,
      uploadLimit: 1,
      notFoundStatus: 404,
    });
    app.put(
      '/contacts/:contact_id',
      operation('updateContact', ({ body }) => ({ ...(body as object) }) as never),
    );
    const put = (depth: number) =>
      app.request('/contacts/con_x', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: `{"additional_params":${nested(depth - 1)}}`,
      });
    const deep = await put(10_000);
    expect(deep.status).toBe(400);
    expect(await deep.json()).toEqual({ message: 'body: must be nested at most 64 levels deep' });
    expect((await put(64)).status).toBe(200);
    expect((await put(65)).status).toBe(400);
  });

  it('answers a preferred documented status before reading the request', async () => {
    const res = await tinyApp().request('/contacts?limit=oops', {
      headers: { prefer: 'code=400' },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: 'Bad Request' });
  });
});

// Handlers are typed by the spec: these must not compile (checked by `tsc --noEmit`).
const { operation } = operationHandlers({ bodyLimit: 1, uploadLimit: 1, notFoundStatus: 400 });
// @ts-expect-error a notification list without `unread_count`
operation('listNotifications', () => ({ data: [], count: 0, total: 0, has_more: false }));
// @ts-expect-error `{success}` is not what getContact answers
operation('getContact', () => ({ success: true }));
// @ts-expect-error searchContactsByBody's body has no `q`
operation('searchContactsByBody', ({ body }) => body.q);
// @ts-expect-error getContact has no `board_item_id` path parameter
operation('getContact', ({ path }) => path.board_item_id);
