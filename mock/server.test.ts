import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createStore } from './store/create-store.ts';
import type { Store } from './store/types.ts';
import { startMockServer, type MockServer } from './server.ts';
import { AUTH } from './test-client.ts';

const dir = mkdtempSync(join(tmpdir(), 'mock-server-'));
const started: MockServer[] = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.close().catch(() => {})));
  rmSync(dir, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startMockServer>[0]) {
  const server = await startMockServer({ port: 0, contacts: 300, ...options });
  started.push(server);
  return server;
}

const get = async (url: string) => (await fetch(url, { headers: AUTH })).json();

describe('startMockServer', () => {
  it('listens on a free port on 127.0.0.1 and answers the documented call', async () => {
    const server = await start({});
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${server.url}/v1/backend/contacts?limit=10&skip=0&sort=-created_at`, {
      headers: AUTH,
    });
    expect(res.status).toBe(200);
    expect((await res.json()).data).toHaveLength(10);
    await server.close();
    await expect(fetch(`${server.url}/v1/backend/contacts`)).rejects.toThrow();
  });

  it('builds the sort indexes between requests after it starts and after a reset, and stops when closed', async () => {
    const watch = (store: Store) => {
      const results: boolean[] = [];
      const watched: Store = Object.create(store, {
        warmUp: {
          value: (budgetMs: number) => {
            const more = store.warmUp(budgetMs);
            results.push(more);
            return more;
          },
        },
      });
      return { watched, results };
    };
    const { watched, results } = watch(createStore({ seed: 1, contacts: 3000 }));
    const warmedUp: number[] = [];
    const server = await start({ store: watched, onWarmedUp: (ms) => warmedUp.push(ms) });
    // Generous: on a busy machine the slices come slowly.
    await vi.waitFor(() => expect(results.at(-1)).toBe(false), { timeout: 15_000 });
    expect(warmedUp).toHaveLength(1);
    expect(results.filter((more) => more).length).toBeGreaterThan(0);
    expect(watched.warmUp(0)).toBe(false);

    const before = results.length;
    await fetch(`${server.url}/__mock/reset`, { method: 'POST', headers: AUTH });
    await vi.waitFor(() => expect(results.slice(before)).toContain(false), { timeout: 15_000 });
    // The reset dropped the indexes: there was work again.
    expect(results[before]).toBe(true);
    await vi.waitFor(() => expect(warmedUp).toHaveLength(2), { timeout: 15_000 });
    // An ordinary write leaves the indexes built (patched): nothing to announce.
    const id = (await get(`${server.url}/v1/backend/contacts?limit=1`)).data[0].id;
    const put = await fetch(`${server.url}/v1/backend/contacts/${id}`, {
      method: 'PUT',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ remark: 'x' }),
    });
    expect(put.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(warmedUp).toHaveLength(2);

    // A store so small that the first slice builds everything is announced too.
    const tiny: number[] = [];
    await start({ contacts: 5, onWarmedUp: (ms) => tiny.push(ms) });
    await vi.waitFor(() => expect(tiny).toHaveLength(1));

    const large = watch(createStore({ seed: 1, contacts: 1_000_000 }));
    const closing = await start({ store: large.watched });
    await vi.waitFor(() => expect(large.results.length).toBeGreaterThan(2));
    await closing.close();
    const calls = large.results.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(large.results.length).toBe(calls);
    expect(large.results.at(-1)).toBe(true);
  });

  /**
   * Sends `path(k)` from four clients back to back until the background build is done; returns
   * how many slices it took per ms of that load.
   */
  async function slicesUnderLoad(path: (k: number) => string): Promise<number> {
    const store = createStore({ seed: 1, contacts: 20_000 });
    const slices: number[] = [];
    const watched: Store = Object.create(store, {
      warmUp: {
        value: (budgetMs: number) => {
          slices.push(performance.now());
          return store.warmUp(budgetMs);
        },
      },
    });
    let done = false;
    const server = await start({ store: watched, onWarmedUp: () => (done = true) });
    const busyFrom = performance.now();
    const client = async (first: number) => {
      // A generous bound for a busy machine.
      for (let k = first; !done && performance.now() - busyFrom < 60_000; k += 4) {
        const res = await fetch(`${server.url}${path(k)}`, { headers: AUTH });
        expect(res.status).toBe(200);
        await res.arrayBuffer();
      }
    };
    await Promise.all([0, 1, 2, 3].map(client));
    expect(done).toBe(true);
    const busy = slices.filter((at) => at > busyFrom).length;
    expect(busy).toBeGreaterThan(2);
    return busy / (performance.now() - busyFrom);
  }

  // Flat out, the build takes a 1 ms slice per turn of the event loop (about one per 5 ms beside
  // these clients, one per ~3 ms beside searches); yielding, one per 10 ms (more when a request is
  // slow to come).
  it('while pages keep coming, builds a slice at most every 10 ms, and still finishes', async () => {
    const perMs = await slicesUnderLoad((k) => `/v1/backend/contacts?limit=5&skip=${k % 1000}`);
    expect(perMs).toBeLessThan(1 / 7);
  });

  it('while searches that need the index keep coming, builds flat out', async () => {
    // A different two-letter query each time: none is answered from kept results.
    const letter = (n: number) => String.fromCharCode(97 + (n % 26));
    const perMs = await slicesUnderLoad(
      (k) => `/v1/backend/contacts/_search?q=${letter(k)}${letter(Math.floor(k / 26))}&type=text`,
    );
    expect(perMs).toBeGreaterThan(1 / 7);
  });

  it('refuses a port that is taken', async () => {
    const first = await start({});
    const port = Number(new URL(first.url).port);
    await expect(startMockServer({ port, contacts: 10 })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
  });

  it('keeps acknowledged writes in the state file across a restart', async () => {
    const statePath = join(dir, 'state.json');
    const first = await start({ statePath, seed: 5 });
    const contact = (await get(`${first.url}/v1/backend/contacts?limit=1`)).data[0];
    const res = await fetch(`${first.url}/v1/backend/contacts/${contact.id}`, {
      method: 'PUT',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ remark: 'kept across restarts' }),
    });
    expect(res.status).toBe(200);
    // Journalled before the answer was sent: the journal beside the file already holds the write.
    expect(readFileSync(`${statePath}.journal`, 'utf8')).toContain('kept across restarts');
    await first.close();

    const second = await start({ statePath, seed: 5 });
    expect((await get(`${second.url}/v1/backend/contacts/${contact.id}`)).remark).toBe(
      'kept across restarts',
    );

    await fetch(`${second.url}/__mock/reset`, { method: 'POST', headers: AUTH });
    await second.close();
    const third = await start({ statePath, seed: 5 });
    expect((await get(`${third.url}/v1/backend/contacts/${contact.id}`)).remark).toBe(
      contact.remark,
    );
  });

  it('refuses a corrupt state file and leaves it untouched', async () => {
    const statePath = join(dir, 'corrupt.json');
    writeFileSync(statePath, '{"format": "imbrace-contacts-mock/writes@1", "seed": 1, "cont');
    await expect(startMockServer({ port: 0, contacts: 300, statePath })).rejects.toThrow(
      /corrupt\.json/,
    );
    expect(readFileSync(statePath, 'utf8')).toBe(
      '{"format": "imbrace-contacts-mock/writes@1", "seed": 1, "cont',
    );
  });

  it('refuses the state file of another dataset and leaves it untouched', async () => {
    const statePath = join(dir, 'other.json');
    const first = await start({ statePath, seed: 8 });
    await fetch(`${first.url}/v1/backend/notifications/dismiss/all`, {
      method: 'DELETE',
      headers: AUTH,
    });
    await first.close();
    const saved = readFileSync(statePath, 'utf8');
    await expect(startMockServer({ port: 0, contacts: 300, seed: 9, statePath })).rejects.toThrow(
      /seed/,
    );
    expect(readFileSync(statePath, 'utf8')).toBe(saved);
  });
});
