import { describe, expect, it } from 'vitest';
import type { Contact, ContactSort } from '../../openapi/types.ts';
import { seededContact } from '../data/contact.ts';
import { createDataset, type Dataset } from '../data/dataset.ts';
import { CONTACT_SORTS } from '../data/spec-lists.ts';
import { ContactTable } from './contacts.ts';
import { SearchIndex, SeededSearch, type RecordSet } from './search-index.ts';
import { recordsOf } from './search-order.ts';
import { SEARCH_FIELDS, SeededText, contactMatches, normaliseQuery } from './search-text.ts';
import { finish } from './steps.ts';
import { seededRandom } from '../data/hash.ts';

const pick = <T>(next: () => number, items: readonly T[]): T =>
  items[Math.floor(next() * items.length)]!;

/** What users type: a prefix of a name, a piece of an email or phone, odd case, the odd stray letter. */
function queries(ds: Dataset, seed: number, count: number): string[] {
  const next = seededRandom(seed);
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const contact = seededContact(ds, Math.floor(next() * ds.size));
    const value = contact[pick(next, SEARCH_FIELDS)] || contact.display_name;
    const length = 1 + Math.floor(next() * 3);
    const at = pick(next, [0, Math.floor(next() * Math.max(1, value.length - length))]);
    let q = value.slice(at, at + length);
    if (next() < 0.3) q = q.toUpperCase();
    if (next() < 0.1) q = pick(next, ['é', 'ö', 'İ', 'ß', 'z', '7', '@', '.', ' x', 'qq', '😀']);
    out.push(q);
  }
  return out;
}

function scanned(text: SeededText, query: string): number[] {
  const found: number[] = [];
  text.scan(query, (i) => found.push(i));
  return found;
}

const ids = (set: RecordSet) => [...recordsOf(set)];

describe('SearchIndex', () => {
  it.each([1, 2, 3])('finds what the scan of the text finds, seed %i', (seed) => {
    const ds = createDataset(seed, 3_000 + seed * 500);
    const index = finish(SearchIndex.buildInSteps(finish(SeededText.buildInSteps(ds)), ds.size));
    for (const q of queries(ds, seed, 150)) {
      const query = normaliseQuery(q);
      if (query === undefined) continue;
      const found = index.matches(query, ds.size);
      expect(ids(found), JSON.stringify(query)).toEqual(scanned(index.text, query));
      expect(found.count).toBe(ids(found).length);
    }
  });

  it('finds the same as the scan when lower-casing changes lengths (İ) and across every query length', () => {
    const base = createDataset(9, 3_000);
    const ds: Dataset = {
      ...base,
      pools: {
        ...base.pools,
        firstNames: [{ name: 'İpek', gender: 'Female' }],
        lastNames: ['Öztürk'],
      },
    };
    const index = finish(SearchIndex.buildInSteps(finish(SeededText.buildInSteps(ds)), ds.size));
    for (const q of ['i', 'i̇', 'i̇p', 'öz', 'ztü', 'öztürk', 'i̇pek öz', 'k ö', 'zz', 'x'])
      expect(ids(index.matches(q, ds.size)), q).toEqual(scanned(index.text, q));
    // A query longer than the text of any record, and one holding a separator, match nothing.
    expect(index.matches('a'.repeat(500), ds.size).count).toBe(0);
    expect(index.matches('a\u0001b', ds.size).count).toBe(0);
  });
});

describe('SeededSearch', () => {
  it('answers the same while its text and index are being built as once they are', () => {
    const ds = createDataset(6, 4_000);
    const search = new SeededSearch(ds);
    const qs = queries(ds, 6, 40).map((q) => normaliseQuery(q) ?? 'a');
    // First queries scan a text built on demand; then the warm-up builds the index in slices.
    const scanned = qs.map((q) => ids(search.matches(q, ds.size)));
    let slices = 0;
    while (search.warmUp(performance.now())) slices++;
    expect(slices).toBeGreaterThan(0);
    expect(qs.map((q) => ids(search.matches(q, ds.size)))).toEqual(scanned);
  });
});

/** The reference: every live contact in the sort's order (from the sort index), filtered one by one. */
function allMatching(sorted: Contact[], q: string): Contact[] {
  const query = normaliseQuery(q)!;
  return sorted.filter((c) => contactMatches(c, query));
}

describe('search pages', () => {
  const names = (page: { data: Contact[] }) => page.data.map((c) => c.id);

  it.each([4, 5])(
    'are the same records in the same order as filtering the sorted contacts, before and after writes (seed %i)',
    (seed) => {
      const ds = createDataset(seed, 5_000);
      let clock = Date.parse('2026-01-01T00:00:00.000Z');
      const table = new ContactTable(ds);
      const tick = () => (clock += 1000);
      const next = seededRandom(seed * 7);
      const check = (round: string) => {
        const inOrder = new Map<ContactSort, Contact[]>();
        for (const q of queries(ds, seed + round.length, 25)) {
          if (normaliseQuery(q) === undefined) continue;
          const sort = pick(next, CONTACT_SORTS);
          if (!inOrder.has(sort)) inOrder.set(sort, table.page(sort, 0, table.count).data);
          const all = allMatching(inOrder.get(sort)!, q);
          // A page near the start, one near the end, and one past the matches.
          for (const skip of [
            Math.floor(next() * 20),
            Math.max(0, all.length - 15),
            all.length + 1,
          ]) {
            const got = table.page(sort, skip, 10, q);
            const where = `${round} q=${q} sort=${sort} skip=${skip}`;
            expect(got.count, where).toBe(all.length);
            expect(names(got), where).toEqual(names({ data: all.slice(skip, skip + 10) }));
          }
        }
      };
      check('seed');
      for (let k = 0; k < 60; k++) {
        const i = Math.floor(next() * ds.size);
        if (!table.exists(i)) continue;
        if (k % 3 === 0) table.remove(i);
        else
          table.update(
            i,
            { first_name: pick(next, ['Zoë', 'ANNA', 'Bo']), last_name: 'Quist' },
            tick(),
          );
        if (k % 5 === 0)
          table.create(
            {
              channel_type: 'web',
              first_name: 'Ann',
              last_name: `Über ${k}`,
              email: `ann${k}@x.io`,
            },
            tick(),
          );
      }
      check('after writes');
      const written = table.page('-updated_at', 0, 1).data[0]!;
      expect(table.page('display_name', 0, 1000, 'quist').data.map((c) => c.id)).toContain(
        written.id,
      );
    },
  );
});
