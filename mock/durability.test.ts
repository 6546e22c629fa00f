/**
 * `--state` under the faults a laptop or a CI box really has, through the real file system and HTTP:
 * a full disk (a 1 MiB tmpfs, when the tests run as root as in CI), a missing folder, two processes
 * on one file, and the memory bounds.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  runMockProcess,
  startMockProcess,
  type MockProcess,
} from '../scripts/reliability/mock-process.ts';
import { createMockApp } from './app.ts';
import { startMockServer, type MockServer } from './server.ts';
import { AUTH } from './test-client.ts';

const dir = mkdtempSync(join(tmpdir(), 'mock-durability-'));
const servers: MockServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close().catch(() => {})));
  rmSync(dir, { recursive: true, force: true });
});

async function start(statePath: string): Promise<MockServer> {
  const server = await startMockServer({ port: 0, contacts: 200, seed: 3, statePath });
  servers.push(server);
  return server;
}

function upload(url: string, bytes: Uint8Array, name = 'part.bin'): Promise<Response> {
  const form = new FormData();
  form.append(
    'file',
    new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }),
    name,
  );
  return fetch(`${url}/v1/backend/contacts/_fileupload`, {
    method: 'POST',
    headers: AUTH,
    body: form,
  });
}

/** Bytes that say which upload they are. */
const bytesOf = (k: number, size: number) => {
  const bytes = Buffer.alloc(size);
  for (let j = 0; j < size; j++) bytes[j] = (k * 31 + j) % 251;
  return bytes;
};

const asRoot = process.getuid?.() === 0;

describe.runIf(asRoot)('a full disk (a 1 MiB tmpfs)', () => {
  const mountPoint = join(dir, 'small-disk');
  beforeAll(() => {
    mkdirSync(mountPoint);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,mode=0700', 'tmpfs', mountPoint]);
  });
  afterAll(() => {
    for (const server of servers.splice(0)) void server.close().catch(() => {});
    execFileSync('umount', ['-l', mountPoint]);
  });

  it('answers every upload 2xx (kept across a restart) or a clear 507 (and keeps nothing), and restarts on what is left', async () => {
    const statePath = join(mountPoint, 'state.json');
    const first = await start(statePath);
    const kept: { url: string; k: number; size: number }[] = [];
    let refused = 0;
    for (let k = 0; k < 40 && refused < 4; k++) {
      const size = 60_000 + k * 1_000;
      const answer = await upload(first.url, bytesOf(k, size));
      const body = await answer.json();
      if (answer.status === 200) {
        kept.push({ url: body.url, k, size });
        continue;
      }
      expect([answer.status, body.message]).toEqual([507, expect.stringMatching(/no space left/)]);
      refused++;
      // Nothing of a refused upload is kept.
      expect(first.store.usage().uploadBytes).toBe(kept.reduce((sum, f) => sum + f.size, 0));
    }
    expect(refused).toBeGreaterThan(0);
    expect(kept.length).toBeGreaterThan(5);
    // A small write when the disk is full: saved, or refused and not visible.
    const contact = first.store.listContacts({ sort: 'id', skip: 0, limit: 1 }).data[0]!;
    const put = await fetch(`${first.url}/v1/backend/contacts/${contact.id}`, {
      method: 'PUT',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ remark: 'on a full disk' }),
    });
    expect([200, 503, 507]).toContain(put.status);
    await first.close();

    const second = await start(statePath);
    expect(second.store.usage().uploadBytes).toBe(kept.reduce((sum, f) => sum + f.size, 0));
    expect(second.store.getContact(contact.id)!.remark === 'on a full disk').toBe(
      put.status === 200,
    );
    for (const { url, k, size } of kept) {
      const served = await fetch(url.replace(/^http:\/\/[^/]+/, second.url), { headers: AUTH });
      expect(served.status).toBe(200);
      // Compared as buffers: a deep equal of 100 KB arrays takes seconds.
      expect(Buffer.from(await served.arrayBuffer()).equals(bytesOf(k, size))).toBe(true);
    }
  }, 60_000);
});

describe.runIf(asRoot)('a read-only folder (a tmpfs remounted ro)', () => {
  const mountPoint = join(dir, 'read-only');
  beforeAll(() => {
    mkdirSync(mountPoint);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0700', 'tmpfs', mountPoint]);
  });
  afterAll(() => execFileSync('umount', ['-l', mountPoint]));

  it('refuses, at start, a state file in a read-only folder, naming EROFS and leaving it as it was', async () => {
    const statePath = join(mountPoint, 'state.json');
    const server = await start(statePath);
    const contact = server.store.listContacts({ sort: 'id', skip: 0, limit: 1 }).data[0]!;
    const answer = await fetch(`${server.url}/v1/backend/contacts/${contact.id}`, {
      method: 'PUT',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ remark: 'saved' }),
    });
    expect(answer.status).toBe(200);
    await server.close();
    const before = readFileSync(statePath, 'utf8');
    // Remounted once nothing is open on it (a write failing with EROFS mid-run: state-files.test.ts).
    execFileSync('mount', ['-o', 'remount,ro', mountPoint]);
    await expect(start(statePath)).rejects.toThrow(
      /state file .*state\.json cannot be kept: its folder .* is not writable \(EROFS/,
    );
    expect(readFileSync(statePath, 'utf8')).toBe(before);
    expect(before).toContain('saved');
  }, 60_000);
});

describe('start-time checks of --state', () => {
  it('creates a missing folder (0700) and saves the first write in it', async () => {
    const statePath = join(dir, 'missing', 'folder', 'state.json');
    const server = await start(statePath);
    expect(statSync(join(dir, 'missing', 'folder')).mode & 0o777).toBe(0o700);
    const answer = await fetch(`${server.url}/v1/backend/notifications/dismiss/all`, {
      method: 'DELETE',
      headers: AUTH,
    });
    expect(answer.status).toBe(200);
    expect(statSync(`${statePath}.journal`).size).toBeGreaterThan(0);
  });

  it('refuses a second process on the same state file, naming the file and the first pid', async () => {
    const statePath = join(dir, 'shared.json');
    const args = ['--state', statePath, '--contacts', '50', '--quiet'];
    let first: MockProcess | undefined;
    try {
      first = await startMockProcess(args);
      const second = await runMockProcess(args);
      expect(second.code).toBe(1);
      expect(second.stdout).not.toMatch(/listening on/);
      expect(second.stderr).toContain(
        `state file ${statePath} is in use by process ${first.child.pid}`,
      );
    } finally {
      await first?.stop();
    }
    // Stopped cleanly, the lock is gone and the next start is welcome.
    const third = await startMockProcess(args);
    expect(third.output()).not.toMatch(/took over/);
    await third.stop();
  }, 60_000);
});

describe('memory bounds', () => {
  const json = (body: unknown) => ({
    method: 'POST',
    headers: { ...AUTH, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

  it('refuses uploads past maxUploadBytes with 507, keeping nothing of them', async () => {
    const { app, store } = createMockApp({ contacts: 20, maxUploadBytes: 1_000 });
    const send = (size: number) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(size)]), 'a.bin');
      return app.request('/v1/backend/contacts/_fileupload', {
        method: 'POST',
        headers: AUTH,
        body: form,
      });
    };
    expect((await send(600)).status).toBe(200);
    const refused = await send(500);
    expect(refused.status).toBe(507);
    expect((await refused.json()).message).toBe(
      'uploads: the mock keeps at most 1000 bytes of uploaded files (--max-uploads); 600 are kept and this file has 500',
    );
    expect(store.usage().uploadBytes).toBe(600);
    expect((await send(400)).status).toBe(200);
  });

  it('refuses contacts and comments past maxRecords with 507, applying nothing', async () => {
    const { app, store } = createMockApp({ contacts: 20, maxRecords: 3 });
    const someone = store.listContacts({ sort: 'id', skip: 0, limit: 1 }).data[0]!;
    const create = () => app.request('/v1/backend/contacts', json({ channel_type: 'web' }));
    const comment = () =>
      app.request(`/v1/backend/contacts/${someone.id}/comments`, json({ content: 'hello' }));
    expect((await create()).status).toBe(200);
    expect((await comment()).status).toBe(200);
    expect((await create()).status).toBe(200);
    const before = [
      store.listContacts({ sort: 'id', skip: 0, limit: 100 }),
      store.comments(someone.id, { skip: 0, limit: 100 }),
    ];
    for (const refused of [await create(), await comment()]) {
      expect(refused.status).toBe(507);
      expect((await refused.json()).message).toMatch(
        /^records: the mock keeps at most 3 created contacts and comments/,
      );
    }
    expect([
      store.listContacts({ sort: 'id', skip: 0, limit: 100 }),
      store.comments(someone.id, { skip: 0, limit: 100 }),
    ]).toEqual(before);
  });

  it('defaults to 256 MiB of uploads and 100,000 records', () => {
    expect(createMockApp({ contacts: 1 }).store.usage()).toEqual({
      uploadBytes: 0,
      maxUploadBytes: 256 * 1024 * 1024,
      records: 0,
      maxRecords: 100_000,
    });
  });
});
