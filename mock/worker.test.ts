/**
 * The mock on workerd, Cloudflare's runtime, as `npm run mock:worker` runs it: `mock/worker.ts`
 * bundled by esbuild and started in miniflare on a free port. The whole contract suite runs against
 * it as against the Node server (writes, credentials and the three prefixes included), and `/docs`
 * serves its page and its script from the Worker's bundle. Each workspace is a Durable Object: its
 * writes survive a restart of miniflare when the objects' storage is kept in a folder.
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
import { CSV_COLUMNS } from './routes/contacts-csv.ts';
import { MockWorkspace } from './worker.ts';
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
    expect((await script.text()).length).toBeGreaterThan(1_000_000);

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

describe('the mock on workerd with its Durable Objects kept in a folder', () => {
  const headers = { 'x-access-token': TOKEN, 'content-type': 'application/json' };
  let folder: string;
  let scriptPath: string;
  let current: StartedWorker | undefined;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'mock-worker-persist-'));
    scriptPath = join(folder, 'worker.mjs');
    await buildWorker(scriptPath);
  }, 120_000);

  afterAll(async () => {
    await current?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  /** A fresh miniflare on the same folder: nothing is left in any isolate's memory. */
  const restart = async () => {
    await current?.close();
    current = await startWorker({
      scriptPath,
      persist: join(folder, 'objects'),
      env: { MOCK_SEED: '3', MOCK_CONTACTS: '40', MOCK_TOKENS: TOKEN },
    });
    return current.url;
  };
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
