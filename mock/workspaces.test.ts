/**
 * Isolated workspaces (`x-mock-workspace`): two test runs sharing one mock never see each other's
 * writes, over HTTP through the Node server (its fast path answers repeated reads from kept bytes,
 * which must be the named workspace's own), through MSW handlers, and across a `--state` restart.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, describe, expect, it } from 'vitest';
import { createMockApp } from './app.ts';
import { createMockHandlers } from './msw.ts';
import { type MockServer, startMockServer, workspaceStatePath } from './server.ts';
import type { RequestLogEntry } from './middleware/request-log.ts';
import { AUTH } from './test-client.ts';
import { WORKSPACE_HEADER } from './workspaces.ts';

const dir = mkdtempSync(join(tmpdir(), 'mock-workspaces-'));
const started: MockServer[] = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.close().catch(() => {})));
  rmSync(dir, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startMockServer>[0] = {}) {
  const server = await startMockServer({ port: 0, contacts: 50, seed: 5, ...options });
  started.push(server);
  return server;
}

/** Calls of one origin's API, in one workspace (none: the default one). */
function client(origin: string, workspace?: string) {
  const headers = {
    ...AUTH,
    ...(workspace === undefined ? {} : { [WORKSPACE_HEADER]: workspace }),
  };
  const call = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${origin}${path}`, {
      ...init,
      headers: { ...headers, ...(init.headers as Record<string, string>) },
    });
    return { status: res.status, body: await res.json() };
  };
  return {
    call,
    /** The first page's first names, newest first. */
    firstNames: async () =>
      (await call('/v1/backend/contacts?limit=5&sort=-created_at')).body.data.map(
        (c: { first_name: string }) => c.first_name,
      ),
    contact: async (id: string) => (await call(`/v1/backend/contacts/${id}`)).body,
    rename: (id: string, first_name: string) =>
      call(`/v1/backend/contacts/${id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ first_name }),
      }),
    reset: () => call('/__mock/reset', { method: 'POST' }),
  };
}

/** The id and first name of the newest seeded contact. */
async function newest(api: ReturnType<typeof client>) {
  const { body } = await api.call('/v1/backend/contacts?limit=5&sort=-created_at');
  return body.data[0] as { id: string; first_name: string };
}

describe('workspaces on the Node server', () => {
  it('keeps a write in one workspace out of the others, repeated reads included', async () => {
    const server = await start();
    const plain = client(server.url);
    const a = client(server.url, 'run-a');
    const b = client(server.url, 'run.b_2');
    const { id, first_name: seeded } = await newest(plain);
    // Each read twice: the second is answered from the answers kept for its workspace.
    for (const api of [plain, a, b])
      for (let i = 0; i < 2; i++) {
        expect((await api.firstNames())[0]).toBe(seeded);
        expect((await api.contact(id)).first_name).toBe(seeded);
      }

    expect((await a.rename(id, 'OnlyInA')).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      expect((await a.firstNames())[0]).toBe('OnlyInA');
      expect((await a.contact(id)).first_name).toBe('OnlyInA');
      expect((await b.firstNames())[0]).toBe(seeded);
      expect((await b.contact(id)).first_name).toBe(seeded);
      expect((await plain.firstNames())[0]).toBe(seeded);
      expect((await plain.contact(id)).first_name).toBe(seeded);
    }

    // A write in the default workspace stays there too.
    expect((await plain.rename(id, 'OnlyInDefault')).status).toBe(200);
    expect((await plain.contact(id)).first_name).toBe('OnlyInDefault');
    expect((await a.contact(id)).first_name).toBe('OnlyInA');
    expect((await b.contact(id)).first_name).toBe(seeded);
    expect([...server.workspaces.stores().keys()]).toEqual(['run-a', 'run.b_2']);
  });

  it('resets the named workspace only', async () => {
    const server = await start();
    const plain = client(server.url);
    const a = client(server.url, 'a');
    const b = client(server.url, 'b');
    const { id, first_name: seeded } = await newest(plain);
    for (const [api, name] of [
      [plain, 'D'],
      [a, 'A'],
      [b, 'B'],
    ] as const)
      expect((await api.rename(id, name)).status).toBe(200);

    expect(await a.reset()).toEqual({ status: 200, body: { success: true } });
    expect((await a.contact(id)).first_name).toBe(seeded);
    expect((await b.contact(id)).first_name).toBe('B');
    expect((await plain.contact(id)).first_name).toBe('D');

    expect((await plain.reset()).status).toBe(200);
    expect((await plain.contact(id)).first_name).toBe(seeded);
    expect((await b.contact(id)).first_name).toBe('B');
  });

  it('makes at most maxWorkspaces, then answers 507 naming the bound; the kept ones keep working', async () => {
    const server = await start({ maxWorkspaces: 2 });
    const { id } = await newest(client(server.url));
    expect((await client(server.url, 'one').rename(id, 'One')).status).toBe(200);
    expect((await client(server.url, 'two').contact(id)).id).toBe(id);

    const refused = await client(server.url, 'three').call(`/v1/backend/contacts/${id}`);
    expect(refused.status).toBe(507);
    expect(refused.body.message).toMatch(/x-mock-workspace: .*at most 2 workspaces.*maxWorkspaces/);
    expect((await client(server.url, 'one').contact(id)).first_name).toBe('One');
    expect((await client(server.url).contact(id)).id).toBe(id);
    expect(server.workspaces.stores().size).toBe(2);
  });

  it('refuses a bad name with a 400 naming the header, and makes no workspace for a refused credential', async () => {
    const server = await start({ tokens: ['mock-token'] });
    for (const bad of ['', '..', '.', 'a b', 'ü', 'x'.repeat(65), 'a/b']) {
      const res = await fetch(`${server.url}/v1/backend/contacts`, {
        headers: { ...AUTH, [WORKSPACE_HEADER]: bad },
      });
      expect(res.status, bad).toBe(400);
      expect((await res.json()).message).toMatch(/^x-mock-workspace: must be 1 to 64 of/);
    }
    expect((await client(server.url, 'x'.repeat(64)).call('/v1/backend/contacts')).status).toBe(
      200,
    );

    const stranger = await fetch(`${server.url}/v1/backend/contacts`, {
      headers: { 'x-access-token': 'wrong', [WORKSPACE_HEADER]: 'new-one' },
    });
    expect(stranger.status).toBe(401);
    expect([...server.workspaces.stores().keys()]).toEqual(['x'.repeat(64)]);
  });

  it("logs a workspace's request once, with the reason of a refusal", async () => {
    const log: RequestLogEntry[] = [];
    const server = await start({ tokens: ['mock-token'], log: (entry) => log.push(entry) });
    expect((await client(server.url, 'w').call('/v1/backend/contacts?limit=1')).status).toBe(200);
    const refused = await fetch(`${server.url}/v1/backend/contacts?limit=1`, {
      headers: { 'x-access-token': 'wrong', [WORKSPACE_HEADER]: 'w' },
    });
    expect(refused.status).toBe(401);
    expect(log.map((e) => [e.status, e.reason])).toEqual([
      [200, undefined],
      [401, 'token not accepted'],
    ]);
  });

  it('serves a file uploaded in a workspace at its URL, which carries no header', async () => {
    const server = await start();
    const form = new FormData();
    form.append('file', new File(['hello'], 'note.txt', { type: 'text/plain' }));
    const { status, body } = await client(server.url, 'files').call(
      '/v1/backend/contacts/_fileupload',
      { method: 'POST', body: form },
    );
    expect(status).toBe(200);
    const file = await fetch(body.url);
    expect(file.status).toBe(200);
    expect(await file.text()).toBe('hello');
  });

  it('keeps each workspace in its own --state file, reloaded on restart', async () => {
    const statePath = join(dir, 'state', 'mock.json');
    let server = await start({ statePath });
    const { id, first_name: seeded } = await newest(client(server.url));
    expect((await client(server.url, 'kept').rename(id, 'Kept')).status).toBe(200);
    expect((await client(server.url).rename(id, 'Default')).status).toBe(200);
    await server.close();

    server = await start({ statePath });
    expect((await client(server.url, 'kept').contact(id)).first_name).toBe('Kept');
    expect((await client(server.url).contact(id)).first_name).toBe('Default');
    expect((await client(server.url, 'other').contact(id)).first_name).toBe(seeded);
    expect(workspaceStatePath(statePath, 'kept')).toBe(`${statePath}.workspaces/kept/state`);

    // A reset of the workspace is kept too.
    expect((await client(server.url, 'kept').reset()).status).toBe(200);
    await server.close();
    server = await start({ statePath });
    expect((await client(server.url, 'kept').contact(id)).first_name).toBe(seeded);
    expect((await client(server.url).contact(id)).first_name).toBe('Default');
  });
});

describe('a workspace whose --state file cannot be opened', () => {
  it('answers 503 naming the workspace and why, makes nothing, and leaves the others working', async () => {
    const statePath = join(dir, 'broken', 'mock.json');
    // A folder where the workspace's state file should be.
    mkdirSync(workspaceStatePath(statePath, 'broken'), { recursive: true });
    const server = await start({ statePath });
    const res = await client(server.url, 'broken').call('/v1/backend/contacts?limit=1');
    expect(res.status).toBe(503);
    expect(res.body.message).toMatch(/^x-mock-workspace broken: .*broken\/state/);
    expect(server.workspaces.stores().size).toBe(0);
    expect((await client(server.url, 'fine').call('/v1/backend/contacts?limit=1')).status).toBe(
      200,
    );
  });
});

describe('maxWorkspaces', () => {
  it('is an integer >= 0, checked at start; 0 allows the default workspace only', async () => {
    expect(() => createMockApp({ maxWorkspaces: -1 })).toThrow(
      'maxWorkspaces: must be an integer >= 0 (got -1)',
    );
    const { app } = createMockApp({ contacts: 5, maxWorkspaces: 0 });
    const named = await app.request('/v1/backend/contacts', {
      headers: { ...AUTH, [WORKSPACE_HEADER]: 'a' },
    });
    expect(named.status).toBe(507);
    expect((await app.request('/v1/backend/contacts', { headers: AUTH })).status).toBe(200);
  });
});

describe('workspaces through MSW handlers', () => {
  it('keeps a write in one workspace out of the other and the default', async () => {
    const mock = createMockApp({ seed: 5, contacts: 50 });
    const msw = setupServer(...createMockHandlers({ mock }));
    msw.listen({ onUnhandledRequest: 'error' });
    try {
      const origin = 'https://app-gateway.imbrace.co';
      const plain = client(origin);
      const a = client(origin, 'a');
      const b = client(origin, 'b');
      const { id, first_name: seeded } = await newest(plain);
      expect((await a.rename(id, 'OnlyInA')).status).toBe(200);
      expect((await a.contact(id)).first_name).toBe('OnlyInA');
      expect((await b.contact(id)).first_name).toBe(seeded);
      expect((await plain.contact(id)).first_name).toBe(seeded);
      expect((await a.reset()).status).toBe(200);
      expect((await a.contact(id)).first_name).toBe(seeded);
    } finally {
      msw.close();
    }
  });
});
