/**
 * The mock on workerd, Cloudflare's runtime, as `npm run mock:worker` runs it: `mock/worker.ts`
 * bundled by esbuild and started in miniflare on a free port. The whole contract suite runs against
 * it as against the Node server (writes, credentials and the three prefixes included), and `/docs`
 * serves its page and its script from the Worker's bundle. Each workspace is a Durable Object: its
 * writes survive a restart of miniflare when the objects' storage is kept in a folder, and a
 * registry object bounds how many names are in use (`MAX_WORKSPACES`), as on the Node server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checks } from '../contract-tests/checks/index.ts';
import { configFromEnv } from '../contract-tests/config.ts';
import { LOCAL_MOCK, openTarget, type OpenTarget } from '../contract-tests/openTarget.ts';
import { formatResult } from '../contract-tests/report.ts';
import { runChecks } from '../contract-tests/run.ts';
import { createMockApp } from './app.ts';
import { CSV_COLUMNS } from './routes/contacts-csv.ts';
import { readScalarBundle } from './routes/scalar-bundle.ts';
import { MockWorkspace, WorkspaceRegistry } from './worker.ts';
import { buildWorker, type StartedWorker, startWorker } from '../scripts/mock-worker.ts';

const TOKEN = 'workerd-token';
let scratch: string;
let running: StartedWorker;
let opened: OpenTarget;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'mock-worker-'));
  const scriptPath = join(scratch, 'worker.mjs');
  await buildWorker(scriptPath);
  running = await startWorker({
    scriptPath,
    env: {
      MOCK_SEED: String(LOCAL_MOCK.seed),
      MOCK_CONTACTS: String(LOCAL_MOCK.contacts),
      MOCK_TOKENS: TOKEN,
    },
  });
  opened = await openTarget(
    configFromEnv({
      CONTRACT_BASE_URL: running.url,
      CONTRACT_TARGET: 'mock',
      CONTRACT_TOKEN: TOKEN,
      CONTRACT_WRITES: '1',
    }),
  );
}, 120_000);

afterAll(async () => {
  await opened?.close();
  await running?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('the mock on workerd (miniflare)', () => {
  it('passes every check of the contract suite, skipping none', async () => {
    const results = await runChecks(opened.target, checks);
    expect(results.filter((r) => r.status !== 'pass').map(formatResult)).toEqual([]);
    expect(results.map((r) => r.name)).toEqual(checks.map((c) => c.name));
  }, 120_000);

  it('serves the API reference page, its script and the spec', async () => {
    const page = await fetch(`${running.url}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('/docs/scalar.js');

    const script = await fetch(`${running.url}/docs/scalar.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    // The same 2.9 MB the Node server serves, from the Text module beside the bundle.
    expect(await script.text()).toBe(await readScalarBundle());

    const spec = await fetch(`${running.url}/openapi.json`);
    expect(spec.status).toBe(200);
    expect(((await spec.json()) as { servers: { url: string }[] }).servers[0]!.url).toBe(
      `${running.url}/{prefix}`,
    );
  });

  it('exports every contact as CSV (its writer must not need Node globals such as Buffer)', async () => {
    const res = await fetch(`${running.url}/v1/backend/contacts/_export_csv`, {
      headers: { 'x-access-token': TOKEN },
    });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trimEnd().split('\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(LOCAL_MOCK.contacts + 1);
  });

  it('keeps a write for the next request', async () => {
    const headers = { 'x-access-token': TOKEN, 'content-type': 'application/json' };
    const list = await fetch(`${running.url}/v1/backend/contacts?limit=1`, { headers });
    const { data } = (await list.json()) as { data: { id: string }[] };
    const url = `${running.url}/backend/v1/contacts/${data[0]!.id}`;
    const put = await fetch(url, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ first_name: 'OnWorkerd' }),
    });
    expect(put.status).toBe(200);
    const read = await fetch(url, { headers });
    expect(((await read.json()) as { first_name: string }).first_name).toBe('OnWorkerd');
  });

  it('keeps workspaces apart (x-mock-workspace): a write in one is not seen in another', async () => {
    const headers = { 'x-access-token': TOKEN, 'content-type': 'application/json' };
    const list = await fetch(`${running.url}/v1/backend/contacts?limit=1`, { headers });
    const { data } = (await list.json()) as { data: { id: string }[] };
    const url = `${running.url}/v1/backend/contacts/${data[0]!.id}`;
    const firstName = async (workspace?: string) => {
      const read = await fetch(url, {
        headers: workspace ? { ...headers, 'x-mock-workspace': workspace } : headers,
      });
      return ((await read.json()) as { first_name: string }).first_name;
    };
    const seeded = await firstName('w2');
    const put = await fetch(url, {
      method: 'PUT',
      headers: { ...headers, 'x-mock-workspace': 'w1' },
      body: JSON.stringify({ first_name: 'OnlyInW1' }),
    });
    expect(put.status).toBe(200);
    expect(await firstName('w1')).toBe('OnlyInW1');
    expect(await firstName('w2')).toBe(seeded);
    expect(await firstName()).not.toBe('OnlyInW1');
  });

  it("serves a workspace's upload at its URL with no header, as an <img src> asks for it", async () => {
    const form = new FormData();
    form.append('file', new File(['only in w3'], 'note.txt', { type: 'text/plain' }));
    const upload = await fetch(`${running.url}/v1/backend/contacts/_fileupload`, {
      method: 'POST',
      headers: { 'x-access-token': TOKEN, 'x-mock-workspace': 'w3' },
      body: form,
    });
    expect(upload.status).toBe(200);
    const { url } = (await upload.json()) as { url: string };
    expect(new URL(url).searchParams.get('workspace')).toBe('w3');
    const served = await fetch(url);
    expect(served.status).toBe(200);
    expect(await served.text()).toBe('only in w3');
  });
});

/**
 * A Worker built once into a temporary folder whose Durable Objects are kept there: `restart()`
 * starts a fresh miniflare on the folder (nothing left in any isolate's memory) and answers its URL;
 * `scriptPath()` is the built Worker, for a miniflare of a test's own.
 */
function persistedWorker(label: string, env: Record<string, string>) {
  let folder: string | undefined;
  let current: StartedWorker | undefined;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), `mock-worker-${label}-`));
    await buildWorker(join(folder, 'worker.mjs'));
  }, 120_000);
  afterAll(async () => {
    await current?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });
  const scriptPath = () => join(folder!, 'worker.mjs');
  const restart = async (): Promise<string> => {
    await current?.close();
    current = await startWorker({
      scriptPath: scriptPath(),
      persist: join(folder!, 'objects'),
      env,
    });
    return current.url;
  };
  return { restart, scriptPath };
}

describe('the mock on workerd with its Durable Objects kept in a folder', () => {
  const headers = { 'x-access-token': TOKEN, 'content-type': 'application/json' };
  const { restart } = persistedWorker('persist', {
    MOCK_SEED: '3',
    MOCK_CONTACTS: '40',
    MOCK_TOKENS: TOKEN,
  });
  const send = (url: string, method: string, workspace?: string, body?: unknown) =>
    fetch(url, {
      method,
      headers: workspace ? { ...headers, 'x-mock-workspace': workspace } : headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it("keeps each workspace's writes, in order and apart, across restarts; a reset too", async () => {
    let base = await restart();
    const list = await send(`${base}/v1/backend/contacts?limit=1`, 'GET');
    const id = ((await list.json()) as { data: { id: string }[] }).data[0]!.id;
    const firstName = async (workspace?: string) => {
      const read = await send(`${base}/v1/backend/contacts/${id}`, 'GET', workspace);
      expect(read.status).toBe(200);
      return ((await read.json()) as { first_name: string }).first_name;
    };
    const seeded = await firstName();
    const put = (workspace: string | undefined, first_name: string) =>
      send(`${base}/v1/backend/contacts/${id}`, 'PUT', workspace, { first_name });

    // Two writes in the default workspace (the later one must win on replay), one in w1.
    expect((await put(undefined, 'First')).status).toBe(200);
    expect((await put(undefined, 'Kept')).status).toBe(200);
    expect((await put('w1', 'KeptInW1')).status).toBe(200);
    // An upload larger than one stored value may be (2 MB), its bytes all different.
    const bytes = Uint8Array.from(
      { length: 3 * 1024 * 1024 + 5 },
      (_, i) => (i * 7 + (i >> 12)) % 251,
    );
    const form = new FormData();
    form.append('file', new File([bytes], 'big.bin', { type: 'application/octet-stream' }));
    const upload = await fetch(`${base}/v1/backend/contacts/_fileupload`, {
      method: 'POST',
      headers: { 'x-access-token': TOKEN },
      body: form,
    });
    expect(upload.status).toBe(200);
    const uploadPath = new URL(((await upload.json()) as { url: string }).url).pathname;

    base = await restart();
    const served = await fetch(`${base}${uploadPath}`, { headers });
    expect(served.status).toBe(200);
    // Compared as Buffers: vitest's toEqual walks 3 MB element by element for seconds.
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    expect(await firstName()).toBe('Kept');
    expect(await firstName('w1')).toBe('KeptInW1');
    expect(await firstName('w2')).toBe(seeded);

    // A reset of w1 is kept as well, and leaves the default workspace alone.
    expect((await send(`${base}/__mock/reset`, 'POST', 'w1')).status).toBe(200);
    expect((await put('w1', 'AfterReset')).status).toBe(200);
    base = await restart();
    expect(await firstName('w1')).toBe('AfterReset');
    expect((await send(`${base}/__mock/reset`, 'POST', 'w1')).status).toBe(200);
    base = await restart();
    expect(await firstName('w1')).toBe(seeded);
    expect(await firstName()).toBe('Kept');
  }, 120_000);
});

describe('the workspace bound on workerd (MAX_WORKSPACES), kept in a folder', () => {
  const env = { MOCK_SEED: '3', MOCK_CONTACTS: '40', MOCK_TOKENS: TOKEN, MAX_WORKSPACES: '2' };
  const { restart, scriptPath } = persistedWorker('bound', env);
  /** A read of the contacts in `workspace`, from a page on another origin. */
  const listRequest = (base: string, workspace: string, token = TOKEN) =>
    new Request(`${base}/v1/backend/contacts?limit=1`, {
      headers: {
        'x-access-token': token,
        'x-mock-workspace': workspace,
        origin: 'http://app.test',
        'x-request-id': 'bound-1',
      },
    });
  const list = (base: string, workspace: string, token?: string) =>
    fetch(listRequest(base, workspace, token));
  /** Status, the headers a caller reads, and body: what must equal the Node server's answer. */
  const seen = async (res: Response) => ({
    status: res.status,
    headers: Object.fromEntries(
      [
        'content-type',
        'access-control-allow-origin',
        'access-control-allow-credentials',
        'x-request-id',
        'x-mock-undocumented-status',
      ].map((name) => [name, res.headers.get(name)]),
    ),
    body: await res.text(),
  });

  it("admits two names, answers the third the Node server's 507, and keeps that across restarts", async () => {
    // The Node mock with the same bound, past it the same way.
    const node = createMockApp({ seed: 3, contacts: 40, tokens: [TOKEN], maxWorkspaces: 2 });
    for (const name of ['a', 'b'])
      expect((await node.app.fetch(listRequest('http://mock.test', name))).status).toBe(200);
    const nodeRefused = await seen(await node.app.fetch(listRequest('http://mock.test', 'c')));
    expect(nodeRefused.status).toBe(507);

    let base = await restart();
    // A refused credential takes no place (the default workspace answers its 401).
    expect((await list(base, 'intruder', 'wrong-token')).status).toBe(401);
    expect((await list(base, 'a')).status).toBe(200);
    expect((await list(base, 'b')).status).toBe(200);
    const refused = await seen(await list(base, 'c'));
    expect(refused.status).toBe(507);
    expect(JSON.parse(refused.body).message).toMatch(/at most 2 workspaces .*MAX_WORKSPACES/);
    expect(refused).toEqual(nodeRefused);

    // An admitted name keeps working, and keeps its place through a write and a reset.
    expect((await list(base, 'a')).status).toBe(200);
    const reset = await fetch(`${base}/__mock/reset`, {
      method: 'POST',
      headers: { 'x-access-token': TOKEN, 'x-mock-workspace': 'a' },
    });
    expect(reset.status).toBe(200);
    expect((await list(base, 'c')).status).toBe(507);

    // A fresh miniflare on the same folder (no isolate remembers a name): the same places.
    base = await restart();
    expect((await list(base, 'c')).status).toBe(507);
    expect((await list(base, 'intruder')).status).toBe(507);
    expect((await list(base, 'b')).status).toBe(200);
    expect((await list(base, 'a')).status).toBe(200);
  }, 120_000);
  it('answers a 500 naming MAX_WORKSPACES when it is not a count, for a named workspace only', async () => {
    const wrong = await startWorker({
      scriptPath: scriptPath(),
      env: { ...env, MAX_WORKSPACES: 'lots' },
    });
    try {
      const named = await list(wrong.url, 'a');
      expect(named.status).toBe(500);
      expect(await named.text()).toContain('MAX_WORKSPACES: must be an integer >= 0 (got "lots")');
      const plain = await fetch(`${wrong.url}/v1/backend/contacts?limit=1`, {
        headers: { 'x-access-token': TOKEN },
      });
      expect(plain.status).toBe(200);
    } finally {
      await wrong.close();
    }
  }, 60_000);
});

describe('the Durable Object of a workspace', () => {
  /** Storage in a Map, as workerd's keeps it: what the object needs of `state.storage`. */
  const memoryState = () => {
    const kept = new Map<string, unknown>();
    return {
      kept,
      storage: {
        list: async () => new Map([...kept].sort(([a], [b]) => (a < b ? -1 : 1))),
        put: async (entries: Record<string, unknown>) => {
          for (const [key, value] of Object.entries(entries)) kept.set(key, value);
        },
        deleteAll: async () => kept.clear(),
      },
    };
  };

  it('answers a 500 naming the wrong variable instead of starting a mock with it', async () => {
    const object = new MockWorkspace(memoryState(), { MOCK_CONTACTS: 'many' });
    const res = await object.fetch(new Request('http://worker.test/v1/backend/contacts'));
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('contacts: must be an integer >= 0 (got NaN)');
  });
});

describe('the registry of workspace names', () => {
  const registry = (MAX_WORKSPACES?: string) => {
    const kept = new Map<string, unknown>();
    const state = {
      storage: {
        list: async () => new Map(kept),
        put: async (entries: Record<string, unknown>) => {
          for (const [key, value] of Object.entries(entries)) kept.set(key, value);
        },
        deleteAll: async () => kept.clear(),
      },
    };
    const object = new WorkspaceRegistry(state, { MAX_WORKSPACES });
    const ask = async (method: 'GET' | 'POST', name: string) => {
      const res = await object.fetch(
        new Request(`https://registry.mock/${method === 'POST' ? 'admit' : 'kept'}?name=${name}`, {
          method,
        }),
      );
      return res.ok ? ((await res.json()) as { admitted: boolean; max: number }) : res.text();
    };
    return { kept, ask };
  };

  it('admits names while fewer than MAX_WORKSPACES are kept; a question admits none', async () => {
    const { kept, ask } = registry('2');
    expect(await ask('GET', 'a')).toEqual({ admitted: false, max: 2 });
    expect(await ask('POST', 'a')).toEqual({ admitted: true, max: 2 });
    expect(await ask('POST', 'a')).toEqual({ admitted: true, max: 2 });
    expect(await ask('GET', 'b')).toEqual({ admitted: false, max: 2 });
    expect(await ask('POST', 'b')).toEqual({ admitted: true, max: 2 });
    expect(await ask('POST', 'c')).toEqual({ admitted: false, max: 2 });
    expect(await ask('GET', 'a')).toEqual({ admitted: true, max: 2 });
    expect([...kept.keys()]).toEqual(['a', 'b']);
  });

  it("defaults to the Node server's bound, and names a wrong variable", async () => {
    expect(await registry().ask('POST', 'a')).toEqual({ admitted: true, max: 100 });
    expect(await registry('lots').ask('POST', 'a')).toContain(
      'MAX_WORKSPACES: must be an integer >= 0 (got "lots")',
    );
  });
});
