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

  it('finds the same as the scan for characters at U+8000 and above, surrogate halves included', () => {
    const base = createDataset(10, 2_000);
    const ds: Dataset = {
      ...base,
      pools: {
        ...base.pools,
        firstNames: [{ name: '龍之介', gender: 'Male' }],
        lastNames: ['鈴木😀'],
      },
    };
    const text = finish(SeededText.buildInSteps(ds));
    const index = finish(SearchIndex.buildInSteps(text, ds.size));
    for (const q of [
      '龍',
      '龍之',
      '龍之介',
      '之介 鈴',
      '鈴木😀',
      '😀',
      '木\ud83d',
      '\ude00',
      'x龍',
      '介x',
    ]) {
      const found = index.matches(q, ds.size);
      expect(ids(found), q).toEqual(scanned(text, q));
      if (q.startsWith('龍')) expect(found.count, q).toBeGreaterThan(100);
    }
  });

  it('finds the same when its lists are cut from many small blocks (none spans two)', () => {
    const ds = createDataset(4, 3_000);
    const text = finish(SeededText.buildInSteps(ds));
    // 3,000 records: a list holds up to 94 (one record in 32), a block 128.
    const index = finish(SearchIndex.buildInSteps(text, ds.size, 7));
    for (const q of queries(ds, 4, 200)) {
      const query = normaliseQuery(q);
      if (query === undefined) continue;
      expect(ids(index.matches(query, ds.size)), JSON.stringify(query)).toEqual(
        scanned(text, query),
      );
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

describe('search through the built index', () => {
  /**
   * What users type at live contacts, 1 to 5 letters: a piece of a field in any case, now and then
   * the end of one field and the start of the next (which must not match across them) or a stray.
   */
  function typed(live: Contact[], next: () => number, count: number): string[] {
    const out: string[] = [];
    while (out.length < count) {
      const contact = pick(next, live);
      const fields = SEARCH_FIELDS.map((f) => contact[f]).filter((v) => v !== '');
      const length = 1 + Math.floor(next() * 5);
      const roll = next();
      let q: string;
      if (roll < 0.1 && fields.length > 1) {
        const f = Math.floor(next() * (fields.length - 1));
        const tail = 1 + Math.floor(next() * Math.min(2, length - 1 || 1));
        q = fields[f]!.slice(-tail) + fields[f + 1]!.slice(0, Math.max(1, length - tail));
      } else if (roll < 0.15) q = pick(next, ['İ', 'ß', '😀', 'zq', '#', 'xyzzy', '.c', '@h']);
      else {
        const value = pick(next, fields);
        const at = Math.floor(next() * Math.max(1, value.length - length + 1));
        q = value.slice(at, at + length);
      }
      if (next() < 0.3) q = q.toUpperCase();
      if (normaliseQuery(q) !== undefined) out.push(q);
    }
    return out;
  }

  it.each([1, 2, 3])(
    'answers random 1–5 letter queries as a plain scan of the live contacts does, through updates, creates and deletes (seed %i)',
    (seed) => {
      const ds = createDataset(seed, 4_000);
      const table = new ContactTable(ds);
      // The index, not the scan that stands in while it is built.
      while (table.warmUp(50));
      const next = seededRandom(seed * 11);
      let clock = Date.parse('2026-01-01T00:00:00.000Z');
      const tick = () => {
        clock += 1000;
        return clock;
      };
      const sorts: ContactSort[] = ['display_name', '-created_at', 'email', '-last_name'];
      let asked: string[] = [];
      const check = (round: string) => {
        const inOrder = new Map(
          sorts.map((sort) => [sort, table.page(sort, 0, table.count).data] as const),
        );
        // Again the queries of the last round, whose kept results the updates patched.
        const qs = [...asked.slice(-16), ...typed(inOrder.get('display_name')!, next, 60)];
        for (const q of qs) {
          const sort = pick(next, sorts);
          const all = allMatching(inOrder.get(sort)!, q);
          const where = `${round} q=${JSON.stringify(q)} sort=${sort}`;
          const got = table.page(sort, 0, 10, q);
          expect(got.count, where).toBe(all.length);
          expect(names(got), where).toEqual(names(all.slice(0, 10)));
          const skip = Math.floor(next() * all.length);
          expect(names(table.page(sort, skip, 25, q)), `${where} skip=${skip}`).toEqual(
            names(all.slice(skip, skip + 25)),
          );
        }
        asked = qs;
      };
      const names = (contacts: Contact[] | { data: Contact[] }) =>
        ('data' in contacts ? contacts.data : contacts).map((c) => c.id);
      const live = () => {
        for (;;) {
          const i = Math.floor(next() * (ds.size + 20));
          if (table.exists(i)) return i;
        }
      };
      const newValues = () => ({
        first_name: pick(next, ['Zyxa', 'İlkay', 'Ann', 'Bo', 'Quentin']),
        last_name: pick(next, ['Quist', 'Öztürk', 'Unknown', 'Lo']),
        email: `${pick(next, ['zyx', 'ann.bo', 'unk'])}${Math.floor(next() * 100)}@mail.io`,
        company_name: pick(next, ['Zyx & Co', 'Hackett - Lo', '']),
        remark: pick(next, ['call back', 'UNK#AB12 asked', '']),
      });

      check('seed');
      for (let k = 0; k < 40; k++) table.update(live(), newValues(), tick());
      check('after updates');
      for (let k = 0; k < 90; k++) {
        if (k % 3 === 0) table.remove(live());
        else if (k % 3 === 1) table.update(live(), newValues(), tick());
        else table.create({ channel_type: 'web', ...newValues() }, tick());
      }
      check('after creates, updates and deletes');
    },
  );
});
