import { describe, expect, it } from 'vitest';
import type { Contact } from '../../openapi/types.ts';
import { contactIdOrder, seededField } from '../data/contact.ts';
import { createDataset } from '../data/dataset.ts';
import { PUBLISHED_SEED } from '../data/published.ts';
import { SORT_FIELDS } from '../data/spec-lists.ts';
import { ContactTable } from './contacts.ts';
import { radixSortSteps } from './radix-order.ts';
import { seededOrderSteps } from './seeded-order.ts';
import { finish } from './steps.ts';

const FIELDS = SORT_FIELDS.filter((field) => field !== 'created_at');

/** The plain way: every record's generated value (null as ''), sorted as strings, ties by id. */
function plainOrder(records: number[], key: (i: number) => string, idOrder: (i: number) => number) {
  const keys = new Map(records.map((i) => [i, key(i)]));
  return [...records].sort((a, b) => {
    const ka = keys.get(a)!;
    const kb = keys.get(b)!;
    return ka < kb ? -1 : ka > kb ? 1 : idOrder(a) - idOrder(b);
  });
}

describe('seededOrderSteps', () => {
  // Seed 1 holds the published records (left out of the fast order); sizes from one record to many
  // ties per name.
  it.each([
    { seed: PUBLISHED_SEED, size: 3_000 },
    { seed: 7, size: 1 },
    { seed: 7, size: 40_000 },
    { seed: 4_000_000_123, size: 9_000 },
  ])(
    'orders every sortable field as a plain sort of the generated values: seed $seed, $size records',
    ({ seed, size }) => {
      const ds = createDataset(seed, size);
      const generated = Array.from({ length: size }, (_, i) => i).filter(
        (i) => !ds.published.contacts.has(i),
      );
      const wrong: string[] = [];
      for (const field of FIELDS) {
        const fast = finish(seededOrderSteps(ds, field));
        const key = (i: number) =>
          field === 'id' ? '' : ((seededField(ds, i, field) as string | null) ?? '');
        const plain = plainOrder(generated, key, (i) => contactIdOrder(ds, i));
        if (!fast || fast.join() !== plain.join()) wrong.push(field);
      }
      expect(wrong).toEqual([]);
    },
  );

  it('leaves created_at to the index order', () => {
    expect(finish(seededOrderSteps(createDataset(3, 10), 'created_at'))).toBeUndefined();
  });
});

describe('ContactTable sort indexes built from the seeded order', () => {
  it('hold the records as written: replaced, deleted, created and published ones in their places', () => {
    const table = new ContactTable(createDataset(PUBLISHED_SEED, 2_000));
    const at = Date.parse('2026-01-01T00:00:00.000Z');
    const replaced = [3, 500, 1999];
    for (const [k, i] of replaced.entries())
      table.update(i, { first_name: ['Aaron', 'Zed', 'Mia'][k]!, email: `w${k}@example.com` }, at);
    table.update(8, { last_name: 'Published-Then-Written' }, at); // a published record
    table.remove(10);
    table.remove(29); // a published record
    table.create({ channel_type: 'email', first_name: 'Created', email: 'c@example.com' }, at);
    table.create({ channel_type: 'web', display_name: 'AAA first' }, at);
    const live = Array.from({ length: 2_002 }, (_, i) => i).filter((i) => table.exists(i));
    for (const field of FIELDS) {
      const index = table.sortIndex(field);
      const got = Array.from({ length: index.length }, (_, p) => index.at(p));
      const value = (c: Contact) => (field === 'id' ? '' : (c[field] ?? ''));
      const want = [...live].sort((a, b) => {
        const ca = table.get(a)!;
        const cb = table.get(b)!;
        return value(ca) < value(cb)
          ? -1
          : value(ca) > value(cb)
            ? 1
            : ca.id < cb.id
              ? -1
              : ca.id > cb.id
                ? 1
                : 0;
      });
      expect(got, field).toEqual(want);
    }
  });
});

describe('radixSortSteps', () => {
  it.each([
    { name: 'no words', words: [], want: [0, 1, 2] },
    { name: 'one small word, ties in position order', words: [[2, 0, 2, 1]], want: [1, 3, 0, 2] },
    {
      name: 'words above 16 bits',
      words: [[70_000, 65_536, 4_294_967_295, 0]],
      want: [3, 1, 0, 2],
    },
    {
      name: 'the first word first, then the second',
      words: [
        [1, 0, 1, 0],
        [5, 9, 2, 9],
      ],
      want: [1, 3, 2, 0],
    },
    {
      name: 'two words above 16 bits (four passes)',
      words: [
        [70_000, 70_000, 1, 70_000],
        [196_609, 5, 7, 196_608],
      ],
      want: [2, 1, 3, 0],
    },
  ])('$name', ({ words, want }) => {
    const values = Uint32Array.from(want, (_, p) => 100 + p);
    const sorted = finish(
      radixSortSteps(
        values,
        words.map((w) => Uint32Array.from(w)),
      ),
    );
    expect(Array.from(sorted)).toEqual(want.map((p) => 100 + p));
    expect(Array.from(values)).toEqual(want.map((_, p) => 100 + p)); // the caller's, unchanged
  });
});
