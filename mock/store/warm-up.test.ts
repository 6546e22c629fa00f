/**
 * Store.warmUp: indexes built ahead, between requests, give exactly the pages that indexes built on
 * first use give, also when a write lands while one is being built.
 */
import { describe, expect, it } from 'vitest';
import { CONTACT_SORTS } from '../data/spec-lists.ts';
import { createStore } from './create-store.ts';
import type { ContactSort } from '../../openapi/types.ts';
import type { Store } from './types.ts';

const SIZE = 12_000;
const pages = (store: Store) =>
  JSON.stringify([
    CONTACT_SORTS.map((sort) =>
      [0, 5_000, SIZE - 3].map((skip) => store.listContacts({ sort, skip, limit: 3 })),
    ),
    ['an', 'zzzz', '@gmail', '!first'].map((q) =>
      store.searchContacts({ q, sort: 'display_name', skip: 2, limit: 5 }),
    ),
  ]);

/** Runs warmUp in slices of no time at all (one step each) until it is done; returns how many it took. */
function warmFully(store: Store, between?: (slice: number) => void): number {
  let slices = 0;
  while (store.warmUp(0)) {
    slices++;
    between?.(slices);
  }
  return slices;
}

describe('Store.warmUp', () => {
  it('builds every sort index in many short slices, and the pages are those of a store that built none ahead', () => {
    const warmed = createStore({ seed: 3, contacts: SIZE });
    const slices = warmFully(warmed);
    expect(slices).toBeGreaterThan(CONTACT_SORTS.length);
    expect(warmed.warmUp(0)).toBe(false);
    expect(pages(warmed)).toBe(pages(createStore({ seed: 3, contacts: SIZE })));
  });

  it('puts right the records written while an index is being built', () => {
    // One clock for both: the write's updated_at must be the same.
    const now = () => new Date('2026-06-01T00:00:00.000Z');
    const warmed = createStore({ seed: 3, contacts: SIZE, now });
    const lazy = createStore({ seed: 3, contacts: SIZE, now });
    const target = lazy.listContacts({ sort: '-created_at', skip: 100, limit: 1 }).data[0]!.id;
    const write = (store: Store) =>
      store.updateContact(target, { display_name: '!first now', company_name: '~last co' });
    // The write lands a few slices into the first index (display_name), whose keys it changes.
    warmFully(warmed, (slice) => slice === 3 && write(warmed));
    write(lazy);
    expect(pages(warmed)).toBe(pages(lazy));
    // Whole orders, wherever the written contact went in them.
    const order = (store: Store, sort: ContactSort) =>
      Array.from(store.contactsInOrder(sort), (c) => c.id);
    expect(order(warmed, 'display_name')[0]).toBe(target);
    for (const sort of ['display_name', '-company_name', 'email'] as const)
      expect(order(warmed, sort)).toEqual(order(lazy, sort));
  });

  it('is finished by a request that needs the index being built, and goes on with the rest', () => {
    const warmed = createStore({ seed: 3, contacts: SIZE });
    warmed.warmUp(0);
    const page = warmed.listContacts({ sort: 'display_name', skip: 17, limit: 4 });
    expect(JSON.stringify(page)).toBe(
      JSON.stringify(
        createStore({ seed: 3, contacts: SIZE }).listContacts({
          sort: 'display_name',
          skip: 17,
          limit: 4,
        }),
      ),
    );
    warmFully(warmed);
    expect(pages(warmed)).toBe(pages(createStore({ seed: 3, contacts: SIZE })));
  });

  it('is finished by a search that comes while the search text is being built', () => {
    const all = warmFully(createStore({ seed: 3, contacts: SIZE }));
    const warmed = createStore({ seed: 3, contacts: SIZE });
    // Every sort index, then all but the last few slices of the search text (one chunk of 2048 records each).
    for (let slice = 0; slice < all - 3; slice++) warmed.warmUp(0);
    const hits = warmed.searchContacts({ q: 'an', sort: '-created_at', skip: 0, limit: 50 });
    expect(JSON.stringify(hits)).toBe(
      JSON.stringify(
        createStore({ seed: 3, contacts: SIZE }).searchContacts({
          q: 'an',
          sort: '-created_at',
          skip: 0,
          limit: 50,
        }),
      ),
    );
    expect(hits.count).toBeGreaterThan(50);
    warmFully(warmed);
    expect(pages(warmed)).toBe(pages(createStore({ seed: 3, contacts: SIZE })));
  });

  it('builds the indexes again after a reset', () => {
    const warmed = createStore({ seed: 3, contacts: SIZE });
    warmFully(warmed);
    warmed.reset();
    expect(warmed.warmUp(0)).toBe(true);
    warmFully(warmed);
    expect(pages(warmed)).toBe(pages(createStore({ seed: 3, contacts: SIZE })));
  });
});
