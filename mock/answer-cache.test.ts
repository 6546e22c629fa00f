import { describe, expect, it } from 'vitest';
import { createMockApp } from './app.ts';
import { AUTH } from './test-client.ts';
import { AnswerCache } from './answer-cache.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (answer: Uint8Array | undefined) => answer && new TextDecoder().decode(answer);

describe('AnswerCache', () => {
  it('gives back an answer only under the version it was kept under, and forgets it after', () => {
    let version = 1;
    const cache = new AnswerCache(() => version);
    cache.set('/a', 1, bytes('one'));
    expect(text(cache.get('/a'))).toBe('one');
    version = 2;
    expect(text(cache.get('/a'))).toBeUndefined();
    version = 1;
    expect(text(cache.get('/a'))).toBeUndefined();
    // An answer built before a write is not kept after it.
    cache.set('/b', 0, bytes('stale'));
    expect(text(cache.get('/b'))).toBeUndefined();
  });

  it('drops the least recently used answer beyond its entry limit', () => {
    const cache = new AnswerCache(() => 0, {
      limits: { entries: 2, bytes: 1000, perAnswer: 1000 },
    });
    cache.set('/a', 0, bytes('a'));
    cache.set('/b', 0, bytes('b'));
    text(cache.get('/a'));
    cache.set('/c', 0, bytes('c'));
    expect([text(cache.get('/a')), text(cache.get('/b')), text(cache.get('/c'))]).toEqual([
      'a',
      undefined,
      'c',
    ]);
  });

  it('keeps at most its bytes in all, and no answer longer than its per-answer limit', () => {
    const cache = new AnswerCache(() => 0, { limits: { entries: 100, bytes: 10, perAnswer: 6 } });
    cache.set('/long', 0, bytes('x'.repeat(7)));
    expect(text(cache.get('/long'))).toBeUndefined();
    cache.set('/a', 0, bytes('aaaaaa'));
    cache.set('/b', 0, bytes('bbbbbb'));
    expect(cache.size).toBe(1);
    expect(text(cache.get('/b'))).toBe('bbbbbb');
    cache.set('/b', 0, bytes('bb'));
    cache.set('/c', 0, bytes('cccccc'));
    expect([text(cache.get('/b')), text(cache.get('/c'))]).toEqual(['bb', 'cccccc']);
  });
});

describe('AnswerCache.worthKeeping', () => {
  it('says yes the second time a key is asked for under one version, and forgets after a write', () => {
    let version = 1;
    const cache = new AnswerCache(() => version);
    expect([cache.worthKeeping('/a'), cache.worthKeeping('/b')]).toEqual([false, false]);
    expect([cache.worthKeeping('/a'), cache.worthKeeping('/b')]).toEqual([true, true]);
    cache.worthKeeping('/c');
    version = 2;
    expect(cache.worthKeeping('/c')).toBe(false);
    expect(cache.worthKeeping('/c')).toBe(true);
  });
});

describe('AnswerCache.worthKeeping, at its bound', () => {
  it('remembers 4,096 keys asked for once, then forgets them for the next', () => {
    const cache = new AnswerCache(() => 1);
    const keys = Array.from({ length: 4096 }, (_, k) => `/v1/backend/contacts?skip=${k}`);
    expect(keys.filter((key) => cache.worthKeeping(key))).toEqual([]);
    expect(keys.filter((key) => cache.worthKeeping(key))).toEqual(keys);
    expect(cache.worthKeeping('/one more')).toBe(false);
    expect(cache.worthKeeping(keys[0]!)).toBe(false);
    expect(cache.worthKeeping('/one more')).toBe(true);
  });
});

describe('AnswerCache.keyOf', () => {
  const cache = new AnswerCache(() => 0);
  const plain = { method: 'GET', target: '/v1/backend/contacts?limit=3', prefer: undefined };
  const cases: [string, Parameters<AnswerCache['keyOf']>[0], string | undefined][] = [
    ['a plain GET', plain, '/v1/backend/contacts?limit=3'],
    ['a HEAD', { ...plain, method: 'HEAD' }, undefined],
    ['a POST', { ...plain, method: 'POST' }, undefined],
    ['a Prefer header (a fault or a delay)', { ...plain, prefer: 'latency=0' }, undefined],
    // As sent: the route's URL keeps the same text (its path is decoded for routing only).
    [
      'a percent-encoded path',
      { ...plain, target: '/v1/backend/%63ontacts' },
      '/v1/backend/%63ontacts',
    ],
    [
      'a percent-encoded query',
      { ...plain, target: '/v1/backend/contacts?q=J%C3%b6' },
      '/v1/backend/contacts?q=J%C3%b6',
    ],
    ['a bare percent sign', { ...plain, target: '/v1/backend/contacts?q=100%' }, undefined],
    [
      'a percent sign and no hex digits',
      { ...plain, target: '/v1/backend/contacts?q=%zz' },
      undefined,
    ],
    ['a dot segment', { ...plain, target: '/v1/backend/x/../contacts' }, undefined],
    ['an absolute URL', { ...plain, target: 'http://a/v1/backend/contacts' }, undefined],
    ['a control character', { ...plain, target: '/v1/backend/contacts\n' }, undefined],
  ];
  it.each(cases)('%s', (_name, request, want) => expect(cache.keyOf(request)).toBe(want));

  it('answers nothing from the cache when every answer is delayed', () => {
    expect(new AnswerCache(() => 0, { latency: 5 }).keyOf(plain)).toBeUndefined();
  });
});

describe('cached list answers', () => {
  const json = { ...AUTH, 'content-type': 'application/json' };

  it('are byte for byte what an uncached mock answers', async () => {
    const warm = createMockApp({ seed: 3, contacts: 500 });
    for (const path of [
      '/v1/backend/contacts?limit=7&skip=3&sort=display_name',
      '/v1/backend/contacts/_search?q=an&type=text&limit=4',
    ]) {
      // Kept the second time it is asked for.
      await warm.app.request(path, { headers: AUTH });
      expect(warm.answers.get(path)).toBeUndefined();
      await warm.app.request(path, { headers: AUTH });
      expect(warm.answers.get(path)).toBeDefined();
      const cached = await warm.app.request(path, { headers: AUTH });
      const fresh = await createMockApp({ seed: 3, contacts: 500 }).app.request(path, {
        headers: AUTH,
      });
      expect(cached.headers.get('content-type')).toBe(fresh.headers.get('content-type'));
      expect(await cached.text()).toBe(await fresh.text());
    }
  });

  it('show every write at once', async () => {
    const { app, store } = createMockApp({ seed: 3, contacts: 500 });
    const page = async () =>
      (await (await app.request('/v1/backend/contacts?limit=3', { headers: AUTH })).json())
        .data as { id: string; display_name: string }[];
    const before = await page();
    await page();
    const version = store.version;
    const updated = await app.request(`/v1/backend/contacts/${before[0]!.id}`, {
      method: 'PUT',
      headers: json,
      body: JSON.stringify({ display_name: 'Cache Buster' }),
    });
    expect(updated.status).toBe(200);
    expect(store.version).not.toBe(version);
    expect((await page())[0]!.display_name).toBe('Cache Buster');

    await app.request(`/v1/backend/contacts/${before[0]!.id}`, { method: 'DELETE', headers: AUTH });
    expect((await page())[0]!.id).toBe(before[1]!.id);

    await app.request('/__mock/reset', { method: 'POST', headers: AUTH });
    expect(await page()).toEqual(before);
  });

  it('do not hide a refused request', async () => {
    const { app } = createMockApp({ seed: 3, contacts: 50 });
    await app.request('/v1/backend/contacts?limit=3', { headers: AUTH });
    expect((await app.request('/v1/backend/contacts?limit=3')).status).toBe(401);
    expect(
      (
        await app.request('/v1/backend/contacts?limit=3', {
          headers: { ...AUTH, prefer: 'code=400' },
        })
      ).status,
    ).toBe(400);
  });
});

describe('store.version', () => {
  it('moves with every write and never with a read', () => {
    const { store } = createMockApp({ seed: 1, contacts: 20 });
    const seen = [store.version];
    const moved = (what: string) => {
      const now = store.version;
      expect(now, what).not.toBe(seen.at(-1));
      seen.push(now);
    };
    const [first] = store.listContacts({ sort: '-created_at', skip: 0, limit: 1 }).data;
    store.getContact(first!.id);
    store.searchContacts({ sort: '-created_at', skip: 0, limit: 1, q: 'a' });
    store.listNotifications({ skip: 0, limit: 5 });
    expect(store.version).toBe(seen[0]);
    store.updateContact(first!.id, { remark: 'x' });
    moved('update');
    const created = store.createContact({ channel_type: 'email', first_name: 'A' });
    moved('create');
    const comment = store.addComment(first!.id, 'hello')!;
    moved('add comment');
    expect(store.deleteComment(first!.id, comment._id)).toBe(true);
    moved('delete comment');
    const [notification] = store.listNotifications({ skip: 0, limit: 1 }).data;
    store.markRead([notification!.id]);
    moved('mark read');
    store.dismiss([notification!.id]);
    moved('dismiss');
    store.dismissAll();
    moved('dismiss all');
    store.addUpload({ name: 'a.txt', type: 'text/plain', bytes: new Uint8Array([1]) });
    moved('upload');
    store.deleteContact(created.id);
    moved('delete');
    const writes = store.writes();
    store.reset();
    moved('reset');
    store.applyWrites(writes);
    moved('apply writes');
  });
});
