import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contactJsonModule, contactJsonPath } from '../../scripts/generate-contact-json.ts';
import { seededContact } from './contact.ts';
import { seededContactJson, writesPlainly } from './contact-json.ts';
import { createDataset, type Dataset } from './dataset.ts';
import type { Pools } from './pools.ts';

/** The indices whose JSON differs from `JSON.stringify(seededContact(ds, i))` (none, when right). */
const mismatches = (ds: Dataset, indices: Iterable<number>): number[] =>
  [...indices].filter((i) => seededContactJson(ds, i) !== JSON.stringify(seededContact(ds, i)));

const strided = (size: number, count: number): number[] =>
  Array.from({ length: count }, (_, k) => Math.floor((k * size) / count));

/** `value` with every string in it (however deep) passed through `change`. */
function mapStrings(value: unknown, change: (text: string) => string): unknown {
  if (typeof value === 'string') return change(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, change));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, mapStrings(item, change)]),
    );
  return value;
}

/** A dataset whose pool words (names, companies, cities, domains, labels…) are all changed. */
const withPoolWords = (ds: Dataset, change: (text: string) => string): Dataset => ({
  ...ds,
  pools: mapStrings(ds.pools, change) as Pools,
});

describe('seededContactJson', () => {
  it.each([
    // The published seed: its first 2,500 (where the published records take their places) and a spread.
    [1, 65_681, [...Array(2500).keys(), ...strided(65_681, 3000)]],
    [2, 1000, [...Array(1000).keys()]],
    [0xdeadbeef, 1_000_000, strided(1_000_000, 3000)],
    [7, 10, [...Array(10).keys()]],
    [0, 1, [0]],
  ])(
    'seed %i with %i contacts: each record is JSON.stringify of seededContact',
    (seed, size, indices) => {
      expect(mismatches(createDataset(seed, size), indices)).toEqual([]);
    },
  );

  it('writes the published records as published, every one of them', () => {
    const ds = createDataset(1, 65_681);
    expect(ds.published.contacts.size).toBeGreaterThan(10);
    expect(mismatches(ds, ds.published.contacts.keys())).toEqual([]);
    // Kept after the first write: the second is the same text.
    const [first] = ds.published.contacts.keys();
    expect(seededContactJson(ds, first!)).toBe(seededContactJson(ds, first!));
  });

  it('writes non-ASCII pool words as JSON.stringify does: unescaped', () => {
    const ds = withPoolWords(createDataset(3, 5000), (word) => `😀${word} José 李\u2028\u007f`);
    expect(writesPlainly(ds.pools)).toBe(true);
    const names = Array.from({ length: 50 }, (_, i) => seededContact(ds, i).display_name);
    expect(names.filter((name) => name.includes('José 李\u2028')).length).toBeGreaterThan(5);
    expect(mismatches(ds, [...Array(5000).keys()])).toEqual([]);
  });

  it.each([
    ['a quote', '"'],
    ['a backslash', '\\'],
    ['a newline', '\n'],
    ['a NUL', '\u0000'],
    ['a unit separator', '\u001f'],
    ['a lone high surrogate', '\ud83d'],
    ['a lone low surrogate', '\ude00'],
  ])('escapes pool words with %s exactly as JSON.stringify does', (_, character) => {
    const ds = withPoolWords(createDataset(3, 2000), (word) => `${word}${character}x`);
    expect(writesPlainly(ds.pools)).toBe(false);
    expect(mismatches(ds, [...Array(2000).keys()])).toEqual([]);
  });

  it('finds a character JSON escapes in any pool, however deep', () => {
    const ds = createDataset(3, 10);
    expect(writesPlainly(ds.pools)).toBe(true);
    const quoted = (path: (pools: Pools) => void) => {
      const pools = structuredClone(ds.pools);
      path(pools);
      return writesPlainly(pools);
    };
    expect(quoted((p) => ((p.firstNames[7] as { name: string }).name = 'A"B'))).toBe(false);
    expect(quoted((p) => (p.channels.line[0] = 'ch_\\'))).toBe(false);
    expect(quoted((p) => (p.labels[5] = 'VIP\t'))).toBe(false);
  });
});

describe('contact-json.generated.ts', () => {
  it('equals what `npm run generate` makes from the spec (run it and commit)', () => {
    expect(readFileSync(contactJsonPath, 'utf8')).toBe(contactJsonModule());
  });
});
