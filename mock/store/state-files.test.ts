import { spawn } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createMockApp } from '../app.ts';
import { AUTH } from '../test-client.ts';
import { createStore, type Store } from './create-store.ts';
import { type FileLayer, nodeFiles } from './file-layer.ts';
import { encodeRecord } from './journal.ts';
import { openStateFiles, type StateFiles } from './state-files.ts';

const folder = mkdtempSync(join(tmpdir(), 'store-state-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let n = 0;
const fresh = () => mkdtempSync(join(folder, `case-${n++}-`));

let clock = Date.UTC(2026, 0, 1);
const make = (seed = 5, contacts = 300): Store =>
  createStore({
    seed,
    contacts,
    now: () => {
      clock += 1000;
      return new Date(clock);
    },
  });

function writeSome(store: Store): void {
  const page = store.listContacts({ sort: '-created_at', skip: 10, limit: 5 }).data;
  store.updateContact(page[0]!.id, { first_name: 'Persisted', gender: 'o', labels: ['kept'] });
  store.deleteContact(page[1]!.id);
  const created = store.createContact({
    channel_type: 'instagram',
    first_name: 'New',
    last_name: 'Person',
  });
  store.updateContact(created.id, { remark: 'edited after creation' });
  store.createContact({ channel_type: 'web', display_name: 'Gone soon' });
  store.deleteContact(store.listContacts({ sort: '-created_at', skip: 0, limit: 1 }).data[0]!.id);
  const comment = store.addComment(page[2]!.id, 'persist me')!;
  store.addComment(page[2]!.id, 'and delete me');
  store.deleteComment(page[2]!.id, store.comments(page[2]!.id, { skip: 0, limit: 1 })![0]!._id);
  expect(comment.content).toBe('persist me');
  const withNotes = store
    .listContacts({ sort: 'id', skip: 0, limit: 300 })
    .data.find((c) => (store.comments(c.id, { skip: 0, limit: 5 }) ?? []).length > 0)!;
  store.deleteComment(withNotes.id, store.comments(withNotes.id, { skip: 0, limit: 5 })![0]!._id);
  const notes = store.listNotifications({ skip: 0, limit: 6 }).data.map((n) => n.id);
  store.markRead(notes.slice(0, 3));
  store.dismiss(notes.slice(3, 5));
  store.dismissAll('comments');
  store.addUpload({
    name: 'photo.jpg',
    type: 'image/jpeg',
    bytes: new Uint8Array(70_000).map((_, k) => k % 256),
  });
}

/** Every kind of read, as one string: two stores that give the same one hold the same state. */
function reads(store: Store): string {
  const first = store.listContacts({ sort: '-created_at', skip: 0, limit: 20 }).data;
  const { uploadWrites, ...writes } = store.writes();
  return JSON.stringify([
    store.listContacts({ sort: '-created_at', skip: 0, limit: 1000 }),
    store.listContacts({ sort: 'display_name', skip: 0, limit: 1000 }),
    store.searchContacts({ q: 'persist', sort: '-created_at', skip: 0, limit: 10 }),
    first.map((c) => [store.comments(c.id, { skip: 0, limit: 10 }), store.conversations(c.id)]),
    store.listNotifications({ skip: 0, limit: 1000 }),
    writes,
    (uploadWrites as { files: { id: string }[] }).files.map(({ id }) => {
      const { name, type, bytes } = store.upload(id)!;
      return [id, name, type, bytes.byteLength, crc32(bytes)];
    }),
    store.usage(),
  ]);
}

const errno = (code: string) => Object.assign(new Error(`${code}: injected fault`), { code });

/** node:fs, except that `call` throws `code` while armed. */
function faulty(call: keyof FileLayer, code: string) {
  let armed = false;
  const real = nodeFiles[call] as (...args: unknown[]) => unknown;
  const files = {
    ...nodeFiles,
    [call]: (...args: unknown[]) => {
      if (armed) throw errno(code);
      return real(...args);
    },
  } as FileLayer;
  return { files, arm: (on = true) => (armed = on) };
}

const opened: StateFiles[] = [];
afterAll(() => {
  for (const state of opened) state.close();
});
function open(path: string, store: Store, files?: FileLayer): StateFiles {
  const state = openStateFiles(path, store, { files, compactBytes: 2_000 });
  opened.push(state);
  return state;
}

const mode = (path: string) => statSync(path).mode & 0o777;

describe('the journal and the snapshot', () => {
  it('replays to the same reads after a restart, with later ids going on as before', async () => {
    const path = join(fresh(), 'state.json');
    const store = make();
    const state = open(path, store);
    writeSome(store);
    await store.saved();
    state.close();
    const replayed = make();
    open(path, replayed).close();
    expect(reads(replayed)).toBe(reads(store));
    expect(replayed.createContact({ channel_type: 'web' }).id).toBe(
      store.createContact({ channel_type: 'web' }).id,
    );
  });

  it('holds every acknowledged write when the journal was never folded (killed, not closed)', async () => {
    const path = join(fresh(), 'state.json');
    const store = make();
    const state = openStateFiles(path, store, { compactBytes: 1e9 });
    writeSome(store);
    await store.saved();
    // As after SIGKILL: the lock and the journal stay, nothing is folded.
    expect(readFileSync(`${path}.journal`).byteLength).toBeGreaterThan(0);
    const again = make();
    const notes: string[] = [];
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: 2 ** 22 + 7, startedAt: 'then' }));
    const reopened = open(path, again);
    notes.push(...reopened.notes);
    expect(reads(again)).toBe(reads(store));
    expect(notes.join('\n')).toMatch(/recovered 14 writes from .*state\.json\.journal$/m);
    expect(notes.join('\n')).toMatch(/took over the lock .* of process 4194311/);
    state.close();
  });

  it('drops a torn tail with a message saying how many records and bytes, and keeps the rest', async () => {
    const path = join(fresh(), 'state.json');
    const store = make();
    const state = openStateFiles(path, store, { compactBytes: 1e9 });
    const [a, b] = store.listContacts({ sort: 'id', skip: 0, limit: 2 }).data;
    store.updateContact(a!.id, { remark: 'whole' });
    await store.saved();
    const whole = readFileSync(`${path}.journal`);
    const torn = encodeRecord({ seq: 99, op: 'updateContact', at: 0, id: b!.id, patch: {} });
    // A record cut short by a crash, then one with a flipped byte.
    appendFileSync(`${path}.journal`, torn.subarray(0, 20));
    const restarted = make();
    rmSync(`${path}.lock`);
    const reopened = open(path, restarted);
    expect(reopened.notes).toEqual([
      `recovered 1 write from ${path}.journal; dropped a torn tail of 20 bytes after the last whole record`,
    ]);
    expect(restarted.getContact(a!.id)!.remark).toBe('whole');
    reopened.close();

    const flipped = Buffer.from(whole);
    flipped[flipped.length - 5]! ^= 1;
    writeFileSync(`${path}.journal`, flipped);
    writeFileSync(path, '');
    const third = make();
    expect(open(path, third).notes[0]).toMatch(/recovered 0 writes.*torn tail of \d+ bytes/);
    expect(third.getContact(a!.id)!.remark).toBe(a!.remark);
    state.close();
  });

  it('costs a write one record, not the whole state, and folds the journal once it outgrows the snapshot', async () => {
    const path = join(fresh(), 'state.json');
    const store = make();
    open(path, store);
    const id = store.listContacts({ sort: 'id', skip: 0, limit: 1 }).data[0]!.id;
    const sizes: number[] = [];
    for (let k = 0; k < 40; k++) {
      store.updateContact(id, { remark: `write ${k}` });
      await store.saved();
      sizes.push(statSync(`${path}.journal`).size);
    }
    // Grows by about one record per write, and empties when folded into the snapshot.
    expect(sizes.some((s, k) => k > 0 && s < sizes[k - 1]!)).toBe(true);
    expect(Math.max(...sizes)).toBeLessThan(statSync(path).size + 3_000);
    const replayed = make();
    rmSync(`${path}.lock`);
    open(path, replayed);
    expect(replayed.getContact(id)!.remark).toBe('write 39');
  });

  it('reads an empty (0-byte) state file as an empty state', () => {
    const path = join(fresh(), 'state.json');
    writeFileSync(path, '');
    const store = make();
    open(path, store);
    expect(reads(store)).toBe(reads(make()));
  });

  it('migrates a state file of the first format (one document, uploads as base64)', async () => {
    const path = join(fresh(), 'state.json');
    const legacy = {
      format: 'imbrace-contacts-mock/writes@1',
      seed: 5,
      contacts: 300,
      contactWrites: { createdCount: 0, updated: [], created: [], deleted: [] },
      commentWrites: { addedCount: 0, added: [], deleted: [] },
      notificationWrites: { read: [], dismissed: [] },
      uploadWrites: {
        count: 1,
        files: [
          {
            id: 'file_AAAAAAAAAAAAAAAAAAAAAAAAAA.txt',
            name: 'a.txt',
            type: 'text/plain',
            base64: 'aGk=',
          },
        ],
      },
    };
    writeFileSync(path, JSON.stringify(legacy));
    const store = make();
    const state = open(path, store);
    expect(state.notes[0]).toMatch(/migrated .* to imbrace-contacts-mock\/state@2/);
    expect(
      new TextDecoder().decode(store.upload('file_AAAAAAAAAAAAAAAAAAAAAAAAAA.txt')!.bytes),
    ).toBe('hi');
    expect(JSON.parse(readFileSync(path, 'utf8')).format).toBe('imbrace-contacts-mock/state@2');
    expect(
      readFileSync(join(`${path}.uploads`, 'file_AAAAAAAAAAAAAAAAAAAAAAAAAA.txt'), 'utf8'),
    ).toBe('hi');
  });

  it.each([
    ['truncated JSON', '{"format":"imbrace-contacts-mock/state@2","se', /is corrupt \(not JSON/],
    ['foreign JSON', '{"users":[]}', /is not a state file of this mock/],
    ['no seed', '{"format":"imbrace-contacts-mock/state@2"}', /corrupt \(no integer seed/],
    [
      'another seed',
      '{"format":"imbrace-contacts-mock/state@2","seed":6,"contacts":300,"seq":0}',
      /does not fit this mock.*seed 6/,
    ],
  ])('refuses %s naming the file, leaving it untouched and unlocked', (_, text, message) => {
    const path = join(fresh(), 'state.json');
    writeFileSync(path, text);
    expect(() => openStateFiles(path, make())).toThrow(message);
    expect(() => openStateFiles(path, make())).toThrow(path);
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });
});

describe('start-time checks', () => {
  it('creates a missing folder 0700, and the files 0600', async () => {
    const path = join(fresh(), 'new', 'deeper', 'state.json');
    const store = make();
    open(path, store);
    store.addUpload({ name: 'a.bin', type: 'application/octet-stream', bytes: new Uint8Array(5) });
    await store.saved();
    expect(mode(join(path, '..'))).toBe(0o700);
    expect(mode(`${path}.uploads`)).toBe(0o700);
    for (const file of [path, `${path}.journal`, `${path}.lock`])
      expect([file, mode(file)]).toEqual([file, 0o600]);
    const [upload] = readdirSync(`${path}.uploads`);
    expect(mode(join(`${path}.uploads`, upload!))).toBe(0o600);
  });

  it('refuses a second process on the same file, naming the file and the pid', () => {
    const path = join(fresh(), 'state.json');
    open(path, make());
    expect(() => openStateFiles(path, make())).toThrow(
      new RegExp(`state file ${path} is in use by process ${process.pid} `),
    );
  });

  it.each(['EROFS', 'EACCES', 'ENOSPC'])(
    'refuses at start, not at the first write, a folder it cannot write to (%s)',
    (code) => {
      const dir = fresh();
      const { files, arm } = faulty('openSync', code);
      arm();
      expect(() => openStateFiles(join(dir, 'state.json'), make(), { files })).toThrow(
        new RegExp(
          `state file .*state\\.json cannot be kept: its folder .* is not writable \\(${code}`,
        ),
      );
      expect(readdirSync(dir)).toEqual([]);
    },
  );

  it('refuses a read-only folder at start (chmod 0500, as a non-root user sees it)', () => {
    if (process.getuid?.() === 0) return; // root writes anyway: the injected EROFS above covers it
    const dir = fresh();
    chmodSync(dir, 0o500);
    expect(() => openStateFiles(join(dir, 'state.json'), make())).toThrow(/not writable/);
    chmodSync(dir, 0o700);
  });
});

describe('files as a careful tool writes them', () => {
  it('writes through a state path that is a symlink, which stays a link', async () => {
    const dir = fresh();
    mkdirSync(join(dir, 'real'));
    const link = join(dir, 'state.json');
    symlinkSync(join(dir, 'real', 'target.json'), link);
    const store = make();
    const state = open(link, store);
    expect(state.path).toBe(join(dir, 'real', 'target.json'));
    store.createContact({ channel_type: 'web', first_name: 'Linked' });
    await store.saved();
    state.close();
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    const again = make();
    open(link, again);
    expect(reads(again)).toBe(reads(store));
  });

  it('removes orphan temporary files at start, and never follows a planted link', async () => {
    const dir = fresh();
    const path = join(dir, 'state.json');
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'untouched');
    // The first format's predictable names, and a killed process's leftovers.
    symlinkSync(victim, join(dir, `.state.json.${process.pid}.0.tmp`));
    symlinkSync(victim, join(dir, `.state.json.${process.pid}.1.tmp`));
    writeFileSync(join(dir, '.state.json.0123456789abcdef0123456789abcdef.tmp'), 'half a sna');
    mkdirSync(`${path}.uploads`);
    writeFileSync(join(`${path}.uploads`, '.file_x.0123456789abcdef0123456789abcdef.tmp'), 'half');
    const store = make();
    open(path, store);
    for (let k = 0; k < 30; k++) store.createContact({ channel_type: 'web', first_name: `n${k}` });
    await store.saved();
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(readdirSync(dir).sort()).toEqual(
      [
        'state.json',
        'state.json.journal',
        'state.json.lock',
        'state.json.uploads',
        'victim.txt',
      ].sort(),
    );
    expect(readdirSync(`${path}.uploads`)).toEqual([]);
  });
});

describe('a save that fails', () => {
  it.each([
    ['writeSync', 'ENOSPC', 507, /no space left/],
    ['writeSync', 'EDQUOT', 507, /no space left/],
    ['fdatasync', 'EIO', 503, /could not be saved .*\(EIO/],
    ['writeSync', 'EROFS', 503, /could not be saved .*\(EROFS/],
  ] as const)(
    '%s failing with %s answers %i, leaves memory and files as before, and the next write works',
    async (call, code, status, message) => {
      const path = join(fresh(), 'state.json');
      const { files, arm } = faulty(call, code);
      const store = make();
      open(path, store, files);
      const { app } = createMockApp({ store });
      const [a, b] = store.listContacts({ sort: 'id', skip: 0, limit: 2 }).data;
      const put = (id: string, remark: string) =>
        app.request(`/v1/backend/contacts/${id}`, {
          method: 'PUT',
          headers: { ...AUTH, 'content-type': 'application/json' },
          body: JSON.stringify({ remark }),
        });
      expect((await put(a!.id, 'first')).status).toBe(200);
      const before = reads(store);

      arm();
      const [failed, alsoFailed] = await Promise.all([put(a!.id, 'lost'), put(b!.id, 'lost too')]);
      arm(false);
      // One flush failed, so both writes of the turn are refused, and undone.
      for (const answer of [failed, alsoFailed]) {
        expect(answer.status).toBe(status);
        expect((await answer.json()).message).toMatch(message);
      }
      expect(reads(store)).toBe(before);

      expect((await put(b!.id, 'after')).status).toBe(200);
      const restarted = make();
      rmSync(`${path}.lock`);
      open(path, restarted);
      expect(restarted.getContact(a!.id)!.remark).toBe('first');
      expect(restarted.getContact(b!.id)!.remark).toBe('after');
    },
  );

  it('refuses the writes gathered behind a flush that fails, and keeps neither', async () => {
    const path = join(fresh(), 'state.json');
    let failNext = false;
    // The disk takes its time, and then may fail: writes arrive while a flush is in progress.
    const files: FileLayer = {
      ...nodeFiles,
      fdatasync: (fd, done) => {
        const fail = failNext;
        setTimeout(
          () =>
            fail
              ? done(Object.assign(new Error('EIO'), { code: 'EIO' }))
              : nodeFiles.fdatasync(fd, done),
          30,
        );
      },
    };
    const store = make();
    open(path, store, files);
    const [a, b] = store.listContacts({ sort: 'id', skip: 0, limit: 2 }).data;
    store.updateContact(a!.id, { remark: 'kept' });
    await store.saved();
    const before = reads(store);

    failNext = true;
    store.updateContact(a!.id, { remark: 'in the failing flush' });
    const first = store.saved();
    // The flush of the first write is under way: this one gathers behind it.
    await new Promise((r) => setTimeout(r, 10));
    failNext = false;
    store.updateContact(b!.id, { remark: 'gathered behind it' });
    const second = store.saved();
    await expect(first).rejects.toMatchObject({ status: 503 });
    await expect(second).rejects.toMatchObject({ status: 503 });
    expect(reads(store)).toBe(before);

    store.updateContact(b!.id, { remark: 'after' });
    await store.saved();
    const restarted = make();
    rmSync(`${path}.lock`);
    open(path, restarted);
    expect(restarted.getContact(a!.id)!.remark).toBe('kept');
    expect(restarted.getContact(b!.id)!.remark).toBe('after');
  });

  it('flushes the writes of 50 concurrent requests together (group commit), each acknowledged once on disk', async () => {
    const path = join(fresh(), 'state.json');
    let flushes = 0;
    const files: FileLayer = {
      ...nodeFiles,
      fdatasync: (fd, done) => {
        flushes++;
        setTimeout(() => nodeFiles.fdatasync(fd, done), 5);
      },
      fdatasyncSync: (fd) => {
        flushes++;
        nodeFiles.fdatasyncSync(fd);
      },
    };
    const store = make();
    open(path, store, files);
    const { app } = createMockApp({ store });
    const ids = store.listContacts({ sort: 'id', skip: 0, limit: 50 }).data.map((c) => c.id);
    const answers = await Promise.all(
      ids.map((id) =>
        app.request(`/v1/backend/contacts/${id}`, {
          method: 'PUT',
          headers: { ...AUTH, 'content-type': 'application/json' },
          body: JSON.stringify({ remark: `r-${id}` }),
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(ids.map(() => 200));
    expect(flushes).toBeLessThanOrEqual(5);
    const restarted = make();
    rmSync(`${path}.lock`);
    open(path, restarted);
    for (const id of ids) expect(restarted.getContact(id)!.remark).toBe(`r-${id}`);
  });

  it('refuses an upload whose file cannot be written (507), keeping nothing of it', async () => {
    const path = join(fresh(), 'state.json');
    const { files, arm } = faulty('writeSync', 'ENOSPC');
    const store = make();
    open(path, store, files);
    const before = reads(store);
    arm();
    store.addUpload({
      name: 'big.bin',
      type: 'application/octet-stream',
      bytes: new Uint8Array(9),
    });
    await expect(store.saved()).rejects.toMatchObject({ status: 507 });
    arm(false);
    expect(reads(store)).toBe(before);
    expect(readdirSync(`${path}.uploads`)).toEqual([]);
  });

  it('undoes every kind of write exactly (the store as before, byte for byte)', async () => {
    const path = join(fresh(), 'state.json');
    const { files, arm } = faulty('fdatasync', 'EIO');
    const store = make();
    open(path, store, files);
    writeSome(store);
    await store.saved();
    // Warm indexes, so the undo has to keep them right too.
    store.listContacts({ sort: 'display_name', skip: 0, limit: 1 });
    store.listContacts({ sort: '-updated_at', skip: 0, limit: 1 });
    const before = reads(store);
    arm();
    writeSome(store);
    store.reset();
    writeSome(store);
    await expect(store.saved()).rejects.toMatchObject({ status: 503 });
    arm(false);
    expect(reads(store)).toBe(before);
  });
});

describe('the kill while saving', () => {
  it('restarts on what a SIGKILL left, holding every write whose save had finished', async () => {
    const path = join(fresh(), 'state.json');
    const log = join(folder, `acked-${n++}.txt`);
    // A child that updates contacts as fast as it can and logs each write once it is durable.
    const script = `
      import { appendFileSync } from 'node:fs';
      import { createStore } from ${JSON.stringify(new URL('./create-store.ts', import.meta.url).pathname)};
      import { openStateFiles } from ${JSON.stringify(new URL('./state-files.ts', import.meta.url).pathname)};
      const store = createStore({ seed: 5, contacts: 300 });
      openStateFiles(${JSON.stringify(path)}, store, { compactBytes: 30_000 });
      const ids = store.listContacts({ sort: 'id', skip: 0, limit: 20 }).data.map((c) => c.id);
      for (let k = 0; ; k++) {
        const id = ids[k % 20];
        store.updateContact(id, { remark: 'w' + k, title: 'x'.repeat(k % 500) });
        if (k % 7 === 0) store.addUpload({ name: 'f', type: 'text/plain', bytes: new Uint8Array(k % 3000) });
        await store.saved();
        appendFileSync(${JSON.stringify(log)}, id + ' ' + k + '\\n');
      }
    `;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        stdio: 'ignore',
      },
    );
    while (!existsSync(log) || readFileSync(log, 'utf8').split('\n').length < 200)
      await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const acked = new Map<string, number>();
    for (const line of readFileSync(log, 'utf8').trim().split('\n')) {
      const [id, k] = line.split(' ');
      acked.set(id!, Number(k));
    }
    const store = createStore({ seed: 5, contacts: 300 });
    const state = open(path, store);
    expect(state.notes.join('\n')).toMatch(/took over the lock .* no longer running/);
    for (const [id, k] of acked) {
      const held = Number(store.getContact(id)!.remark!.slice(1));
      // The last write logged, or the next one (durable, killed before it was logged).
      expect([k, k + 20]).toContain(held);
    }
  }, 60_000);
});
