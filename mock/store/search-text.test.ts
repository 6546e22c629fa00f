import { describe, expect, it } from 'vitest';
import { seededContact } from '../data/contact.ts';
import { createDataset, type Dataset } from '../data/dataset.ts';
import {
  SeededText,
  contactMatches,
  normaliseQuery,
  writtenContactMatches,
} from './search-text.ts';

function scanAll(ds: Dataset, query: string): number[] {
  const found: number[] = [];
  SeededText.build(ds).scan(query, (i) => found.push(i));
  return found;
}

function bruteForce(ds: Dataset, query: string): number[] {
  return Array.from({ length: ds.size }, (_, i) => i).filter((i) =>
    contactMatches(seededContact(ds, i), query),
  );
}

describe('SeededText', () => {
  const ds = createDataset(9, 6_000);

  it.each(['an', 'gmail.com', 'unk#a', '9', 'x', 'ann smith', 'interested in'])(
    'finds the records a field of which contains %j, each once, in order',
    (q) => {
      expect(scanAll(ds, q)).toEqual(bruteForce(ds, q));
    },
  );

  it('keeps offsets right when lower-casing makes text longer (İ)', () => {
    const turkish: Dataset = {
      ...createDataset(9, 3000),
      pools: {
        ...createDataset(9, 3000).pools,
        firstNames: [{ name: 'İpek', gender: 'Female' }],
        lastNames: ['Öztürk'],
      },
    };
    const found = scanAll(turkish, 'öztürk');
    expect(found.length).toBeGreaterThan(500);
    expect(found).toEqual(bruteForce(turkish, 'öztürk'));
    expect(scanAll(turkish, 'i̇pek öz')).toEqual(bruteForce(turkish, 'i̇pek öz'));
  });

  it('never matches across two fields or two records', () => {
    const first = seededContact(ds, 0);
    const second = seededContact(ds, 1);
    expect(scanAll(ds, `${first.display_name}${second.display_name}`.toLowerCase())).toEqual([]);
    const named = Array.from({ length: ds.size }, (_, i) => i).find(
      (i) => seededContact(ds, i).first_name !== '',
    )!;
    const contact = seededContact(ds, named);
    expect(scanAll(ds, contact.display_name.toLowerCase())).toContain(named);
    expect(scanAll(ds, `${contact.display_name}${contact.first_name}`.toLowerCase())).not.toContain(
      named,
    );
    expect(SeededText.canScan('a\u0000b')).toBe(false);
    expect(SeededText.canScan('a\u0001b')).toBe(false);
  });
});

describe('normaliseQuery', () => {
  it.each([
    { q: '', want: undefined },
    { q: '   ', want: undefined },
    { q: ' Ann ', want: 'ann' },
    { q: 'SMITH', want: 'smith' },
  ])('$q → $want', ({ q, want }) => {
    expect(normaliseQuery(q)).toBe(want);
  });
});

describe('seeded values', () => {
  it('never contain the control characters that separate the joined text', () => {
    const ds = createDataset(4, 5000);
    // Tested on the values themselves: JSON.stringify would write a control character as "\\u0001".
    const bad = Array.from({ length: ds.size }, (_, i) => seededContact(ds, i)).filter((c) =>
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for.
      Object.values(c).some((v) => typeof v === 'string' && /[\u0000-\u001f]/.test(v)),
    );
    expect(bad).toEqual([]);
  });
});

describe('writtenContactMatches', () => {
  const ds = createDataset(2, 50);
  it('agrees with contactMatches, also for queries spanning two fields or holding a separator', () => {
    for (let i = 0; i < ds.size; i++) {
      const contact = { ...seededContact(ds, i), remark: 'İstanbul Ölçü' };
      const both = `${contact.first_name}${contact.last_name}`.toLowerCase();
      for (const q of ['a', 'an', 'i̇stan', 'ölçü', 'lçü', both, 'x\u0001y', '@', 'zzz'])
        expect(writtenContactMatches(contact, q), `${i} ${q}`).toBe(contactMatches(contact, q));
    }
  });
  it('reads a written record anew when the write stored a new object', () => {
    const before = { ...seededContact(ds, 0), remark: 'first remark' };
    expect(writtenContactMatches(before, 'first')).toBe(true);
    const after = { ...before, remark: 'second remark' };
    expect(writtenContactMatches(after, 'first')).toBe(false);
    expect(writtenContactMatches(after, 'second')).toBe(true);
  });
});
