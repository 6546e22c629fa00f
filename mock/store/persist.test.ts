import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from './index.ts';
import { loadWrites, saveWrites } from './persist.ts';

const folder = mkdtempSync(join(tmpdir(), 'store-persist-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let clock = Date.UTC(2026, 0, 1);
const make = (seed = 5, contacts = 300): Store =>
  createStore({ seed, contacts, now: () => new Date((clock += 1000)) });

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

function reads(store: Store): string {
  const first = store.listContacts({ sort: '-created_at', skip: 0, limit: 20 }).data;
  return JSON.stringify([
    store.listContacts({ sort: '-created_at', skip: 0, limit: 1000 }),
    store.listContacts({ sort: 'display_name', skip: 0, limit: 1000 }),
    store.searchContacts({ q: 'persist', sort: '-created_at', skip: 0, limit: 10 }),
    first.map((c) => [store.comments(c.id, { skip: 0, limit: 10 }), store.conversations(c.id)]),
    store.listNotifications({ skip: 0, limit: 1000 }),
    store.writes(),
  ]);
}

describe('writes and applyWrites', () => {
  it('replays into a new store to the same reads, also through JSON and a file', () => {
    const store = make();
    writeSome(store);
    const path = join(folder, 'state.json');
    saveWrites(path, store.writes());
    const replayed = make();
    replayed.applyWrites(loadWrites(path)!);
    expect(reads(replayed)).toBe(reads(store));
    // Later writes go on as they would have: the next created contact gets the same id.
    expect(replayed.createContact({ channel_type: 'web' }).id).toBe(
      store.createContact({ channel_type: 'web' }).id,
    );
    const upload = store.writes().uploadWrites as { files: { id: string }[] };
    expect(replayed.upload(upload.files[0]!.id)!.bytes).toEqual(
      store.upload(upload.files[0]!.id)!.bytes,
    );
  });

  it('replaces what was written before, rather than adding to it', () => {
    const store = make();
    writeSome(store);
    const other = make();
    other.createContact({ channel_type: 'web', display_name: 'Not in the file' });
    other.applyWrites(store.writes());
    expect(reads(other)).toBe(reads(store));
  });

  it.each([
    {
      name: 'another seed',
      doc: (w: Record<string, unknown>) => ({ ...w, seed: 6 }),
      message: /seed 6 and 300 contacts.*seed 5 and 300/,
    },
    {
      name: 'another size',
      doc: (w: Record<string, unknown>) => ({ ...w, contacts: 301 }),
      message: /301 contacts/,
    },
    {
      name: 'another format',
      doc: (w: Record<string, unknown>) => ({ ...w, format: 'something/else@1' }),
      message: /format/,
    },
    { name: 'not an object', doc: () => [1, 2], message: /format|object/ },
    {
      name: 'a broken contact',
      doc: (w: Record<string, unknown>) =>
        patch(w, 'contactWrites', { updated: [{ id: 'con_x' }] }),
      message: /contactWrites\.updated\[0\]/,
    },
    {
      name: 'a foreign notification',
      doc: (w: Record<string, unknown>) => patch(w, 'notificationWrites', { read: ['not_abc'] }),
      message: /not_abc/,
    },
    {
      name: 'bad base64',
      doc: (w: Record<string, unknown>) =>
        patch(w, 'uploadWrites', {
          count: 1,
          files: [{ id: 'file_AAAAAAAAAAAAAAAAAAAAAAAAAA', name: 'a', type: 't', base64: '@@' }],
        }),
      message: /base64/,
    },
    {
      name: 'a missing section',
      doc: (w: Record<string, unknown>) => ({ ...w, commentWrites: undefined }),
      message: /commentWrites/,
    },
  ])('refuses $name with a clear error, leaving the store as it was', ({ doc, message }) => {
    const store = make();
    writeSome(store);
    const target = make();
    target.createContact({ channel_type: 'web', display_name: 'Untouched' });
    const before = reads(target);
    expect(() =>
      target.applyWrites(doc(JSON.parse(JSON.stringify(store.writes()))) as never),
    ).toThrow(message);
    expect(reads(target)).toBe(before);
  });
});

function patch(
  writes: Record<string, unknown>,
  section: string,
  change: Record<string, unknown>,
): Record<string, unknown> {
  return { ...writes, [section]: { ...(writes[section] as Record<string, unknown>), ...change } };
}

describe('loadWrites', () => {
  it('answers undefined for a missing file', () => {
    expect(loadWrites(join(folder, 'missing.json'))).toBeUndefined();
  });

  it.each([
    {
      name: 'truncated JSON',
      text: '{"format":"imbrace-contacts-mock/writes@1","se',
      message: /corrupt \(not JSON/,
    },
    { name: 'empty', text: '', message: /corrupt/ },
    { name: 'foreign JSON', text: '{"users":[]}', message: /not a state file of this mock/ },
    {
      name: 'no seed',
      text: '{"format":"imbrace-contacts-mock/writes@1"}',
      message: /corrupt \(no integer seed/,
    },
  ])('throws naming the file for $name', ({ text, message }) => {
    const path = join(folder, `bad-${text.length}.json`);
    writeFileSync(path, text);
    expect(() => loadWrites(path)).toThrow(message);
    expect(() => loadWrites(path)).toThrow(path);
  });

  it('throws naming the file when it cannot be read', () => {
    expect(() => loadWrites(folder)).toThrow(folder);
  });
});

describe('saveWrites', () => {
  it('leaves no temporary files behind and overwrites the previous state', () => {
    const sub = mkdtempSync(join(folder, 'clean-'));
    const path = join(sub, 'state.json');
    const store = make();
    saveWrites(path, store.writes());
    writeSome(store);
    saveWrites(path, store.writes());
    expect(readdirSync(sub)).toEqual(['state.json']);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(store.writes());
  });

  it('leaves the old or the new complete file when the process is killed while saving', async () => {
    const sub = mkdtempSync(join(folder, 'kill-'));
    const path = join(sub, 'state.json');
    // A child that saves ever-growing documents as fast as it can, until it is killed.
    const script = `
      import { saveWrites } from ${JSON.stringify(new URL('./persist.ts', import.meta.url).pathname)};
      const base = { format: 'imbrace-contacts-mock/writes@1', seed: 1, contacts: 1 };
      for (let n = 0; ; n++) saveWrites(${JSON.stringify(path)}, { ...base, n, padding: 'x'.repeat(200_000 + (n % 7) * 50_000) });
    `;
    for (const delay of [0, 40, 110]) {
      rmSync(path, { force: true });
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        { stdio: 'ignore' },
      );
      // Killed while it saves, not while it starts: after its first complete file, at varied moments.
      while (!existsSync(path)) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      const doc = loadWrites(path)!;
      expect(doc.padding).toMatch(/^x+$/);
      expect((doc.padding as string).length % 50_000).toBe(0);
    }
  });
});
