import { afterEach, describe, expect, it } from 'vitest';
import { seededContactJson } from '../data/contact-json.ts';
import { createDataset } from '../data/dataset.ts';
import { createStore } from './create-store.ts';
import { SeededJsonCache, keepSeededJson, seededJson } from './seeded-json.ts';

afterEach(() => keepSeededJson(0));

describe('SeededJsonCache', () => {
  it('gives exactly the written text, keeps it, and keeps no more than its bound', () => {
    const ds = createDataset(4, 5_000);
    const oneText = seededContactJson(ds, 0).length;
    const cache = new SeededJsonCache(oneText * 20);
    for (let round = 0; round < 2; round++)
      for (let i = 0; i < 200; i += 3) expect(cache.text(ds, i)).toBe(seededContactJson(ds, i));
    expect(cache.kept.texts).toBeGreaterThan(10);
    expect(cache.kept.bytes).toBeLessThanOrEqual(oneText * 20);
  });

  it('never gives the text of another seed or size at the same index', () => {
    const cache = new SeededJsonCache(1 << 20);
    const [a, b, c] = [createDataset(1, 300), createDataset(2, 300), createDataset(1, 301)];
    for (const ds of [a, b, c, a]) expect(cache.text(ds, 7)).toBe(seededContactJson(ds, 7));
  });

  it('keeps nothing when off', () => {
    const ds = createDataset(1, 100);
    const cache = new SeededJsonCache(0);
    expect(cache.text(ds, 3)).toBe(seededContactJson(ds, 3));
    expect(cache.kept.texts).toBe(0);
  });
});

describe('pages with kept texts', () => {
  it('show every write at once, as the records do', () => {
    keepSeededJson(1 << 24);
    const store = createStore({ seed: 9, contacts: 400 });
    const query = { sort: 'display_name' as const, skip: 0, limit: 20 };
    const first = store.listContactsJson(query);
    expect(seededJson.kept.texts).toBeGreaterThanOrEqual(20);
    const [one, two] = store.listContacts(query).data;
    store.updateContact(one!.id, { first_name: 'Aaron', remark: 'kept text must not be served' });
    store.deleteContact(two!.id);
    const after = store.listContactsJson(query);
    expect(after.records).not.toBe(first.records);
    expect(`[${after.records}]`).toBe(JSON.stringify(store.listContacts(query).data));
    const search = { ...query, q: 'aaron' };
    expect(`[${store.searchContactsJson(search).records}]`).toBe(
      JSON.stringify(store.searchContacts(search).data),
    );
  });
});
