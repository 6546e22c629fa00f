/**
 * The large-dataset path: a million contacts, built lazily, answer exactly the records that generating
 * those indices directly gives, at any skip, and the same as a store whose records were built eagerly.
 */
import { describe, expect, it } from 'vitest';
import { contactIdOrder, seededContact } from '../data/contact.ts';
import { createDataset } from '../data/dataset.ts';
import { createStore } from './create-store.ts';

const SIZE = 1_000_000;
const store = createStore({ seed: 42, contacts: SIZE });
const ds = createDataset(42, SIZE);

describe('a 1,000,000-contact store', () => {
  it.each([0, 1, 65_681, 499_995, 999_990, SIZE - 1])(
    'pages by -created_at at skip %i are the directly generated records',
    (skip) => {
      const page = store.listContacts({ sort: '-created_at', skip, limit: 10 });
      expect(page.count).toBe(SIZE);
      const direct = Array.from({ length: Math.min(10, SIZE - skip) }, (_, k) =>
        seededContact(ds, skip + k),
      );
      expect(JSON.stringify(page.data)).toBe(JSON.stringify(direct));
    },
  );

  it('pages by created_at (oldest first) from the end of the index range', () => {
    const page = store.listContacts({ sort: 'created_at', skip: 0, limit: 5 });
    expect(JSON.stringify(page.data)).toBe(
      JSON.stringify([1, 2, 3, 4, 5].map((k) => seededContact(ds, SIZE - k))),
    );
  });

  it('pages by id are the records with the smallest ids, and walk on in order', () => {
    const orders = new Float64Array(SIZE);
    for (let i = 0; i < SIZE; i++) orders[i] = contactIdOrder(ds, i) * 2 ** 21 + i;
    orders.sort();
    const byId = (p: number) => seededContact(ds, orders[p]! % 2 ** 21);
    for (const skip of [0, 300_000, SIZE - 7]) {
      const page = store.listContacts({ sort: 'id', skip, limit: 7 });
      expect(JSON.stringify(page.data)).toBe(
        JSON.stringify(Array.from({ length: page.data.length }, (_, k) => byId(skip + k))),
      );
    }
    const descending = store.listContacts({ sort: '-id', skip: 0, limit: 3 }).data;
    expect(descending.map((c) => c.id)).toEqual([1, 2, 3].map((k) => byId(SIZE - k).id));
  });

  it('gives the same pages as a store whose records were all built eagerly', () => {
    // Eager: every record of a smaller dataset made up front and sorted the plain way.
    const size = 20_000;
    const small = createDataset(42, size);
    const eager = Array.from({ length: size }, (_, i) => seededContact(small, i));
    const lazy = createStore({ seed: 42, contacts: size });
    const byName = [...eager].sort((a, b) =>
      a.display_name < b.display_name
        ? -1
        : a.display_name > b.display_name
          ? 1
          : a.id < b.id
            ? -1
            : 1,
    );
    for (const skip of [0, 9_999, 19_995]) {
      expect(JSON.stringify(lazy.listContacts({ sort: '-created_at', skip, limit: 5 }).data)).toBe(
        JSON.stringify(eager.slice(skip, skip + 5)),
      );
      expect(JSON.stringify(lazy.listContacts({ sort: 'display_name', skip, limit: 5 }).data)).toBe(
        JSON.stringify(byName.slice(skip, skip + 5)),
      );
    }
    // And the first 20,000 records of the million are the same people: records depend on (seed, index).
    expect(
      JSON.stringify(store.listContacts({ sort: '-created_at', skip: 12_345, limit: 3 }).data),
    ).toBe(JSON.stringify(eager.slice(12_345, 12_348)));
  });

  it('finds a contact by id and writes to it at the far end of the dataset', () => {
    const last = seededContact(ds, SIZE - 1);
    expect(store.getContact(last.id)).toEqual(last);
    const updated = store.updateContact(last.id, { remark: 'far away' })!;
    expect(
      store.listContacts({ sort: '-created_at', skip: SIZE - 1, limit: 1 }).data[0]!.remark,
    ).toBe('far away');
    expect(updated.remark).toBe('far away');
  });
});
