import { describe, expect, it } from 'vitest';
import {
  SortIndex,
  isoInstant,
  prefixCoarse,
  timestampCoarse,
  type SortSource,
} from './sort-index.ts';

/** Records 0..n-1 with keys from a table, and ids ordered by a shuffle. */
function source(keys: string[]): SortSource & { keys: string[] } {
  const idOrder = keys.map((_, i) => (i * 7_919 + 13) % 65_521);
  const byOrder = new Map(idOrder.map((order, i) => [order, i]));
  return {
    keys,
    key: (i) => keys[i]!,
    idOrder: (i) => idOrder[i]!,
    indexOfIdOrder: (order) => byOrder.get(order)!,
  };
}

function expected(src: SortSource, indices: number[]): number[] {
  return [...indices].sort((a, b) =>
    src.key(a) < src.key(b) ? -1 : src.key(a) > src.key(b) ? 1 : src.idOrder(a) - src.idOrder(b),
  );
}

function contents(index: SortIndex): number[] {
  return Array.from({ length: index.length }, (_, p) => index.at(p));
}

describe('SortIndex', () => {
  it.each([
    {
      name: 'few distinct keys (ranked and sorted as numbers)',
      make: (i: number) => ['en', 'vi', '', 'zh-HK'][i % 4]!,
    },
    {
      name: 'many distinct keys (comparator sort)',
      make: (i: number) => `k${(i * 104_729) % 3001}`,
    },
    {
      name: 'keys sharing long prefixes',
      make: (i: number) => `UNK#${String.fromCharCode(65 + (i % 26))}${i % 7}`,
    },
    {
      name: 'non-ASCII and empty keys',
      make: (i: number) =>
        ['Émile', 'Zoë', 'émile', '', 'Ærø', '漢字', 'A'][i % 7]! + (i % 3 ? '' : String(i)),
    },
  ])('orders by key then id: $name', ({ make }) => {
    const src = source(Array.from({ length: 3000 }, (_, i) => make(i)));
    const all = src.keys.map((_, i) => i);
    const index = SortIndex.build(Uint32Array.from(all), src);
    expect(contents(index)).toEqual(expected(src, all));
  });

  it('gives the same index built in slices as built at once, in many slices for many records', () => {
    const src = source(Array.from({ length: 20_000 }, (_, i) => `UNK#${(i * 104_729) % 9001}`));
    const all = Uint32Array.from(src.keys, (_, i) => i);
    const steps = SortIndex.buildInSteps(all, src);
    let slices = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) slices++;
    expect(slices).toBeGreaterThanOrEqual(20_000 / 2048);
    expect(contents(step.value)).toEqual(contents(SortIndex.build(all, src)));
    expect(contents(step.value)).toEqual(expected(src, [...all]));
  });

  it('stays ordered through removals, key changes and insertions', () => {
    const src = source(Array.from({ length: 500 }, (_, i) => `v${i % 37}`));
    const live = new Set(src.keys.map((_, i) => i));
    const index = SortIndex.build(Uint32Array.from(live), src);
    for (let step = 0; step < 200; step++) {
      const i = (step * 97) % 500;
      if (step % 3 === 0 && live.has(i)) {
        expect(index.remove(i)).toBe(true);
        live.delete(i);
      } else if (live.has(i)) {
        index.remove(i);
        src.keys[i] = `w${step}`;
        index.insert(i);
      }
    }
    for (let added = 500; added < 540; added++) {
      src.keys.push(`v${added % 5}`);
      // A new record's id order: beyond the table's, still unique.
      (src as { idOrder: (i: number) => number }).idOrder = (
        (old) => (i: number) =>
          i < 500 ? old(i) : 70_000 + i
      )(src.idOrder);
      index.insert(added);
      live.add(added);
    }
    expect(index.remove(99_999)).toBe(false);
    expect(contents(index)).toEqual(expected(src, [...live]));
  });

  it('takes out a record whose key changed without it being taken out first (a write during a build)', () => {
    const src = source(Array.from({ length: 800 }, (_, i) => `v${(i * 31) % 97}`));
    const all = src.keys.map((_, i) => i);
    const index = SortIndex.build(Uint32Array.from(all), src);
    // The binary search on the new key misses it: remove() must still find it, and nothing else.
    src.keys[5] = 'a-new-first-key';
    src.keys[6] = 'zz-new-last-key';
    expect(index.remove(5)).toBe(true);
    expect(index.remove(6)).toBe(true);
    expect(index.remove(5)).toBe(false);
    index.insert(5);
    index.insert(6);
    expect(contents(index)).toEqual(expected(src, all));
    expect(contents(index)[0]).toBe(5);
  });

  it.each([
    { name: 'extras between, before and after', extra: [0, 7, 13, 29, 2] },
    { name: 'no extras', extra: [] },
    { name: 'only extras', extra: Array.from({ length: 30 }, (_, i) => i) },
  ])('merges records in no order into an ordered list by key then id: $name', ({ extra }) => {
    const src = source(Array.from({ length: 30 }, (_, i) => `k${(i * 7) % 5}`));
    const rest = src.keys.map((_, i) => i).filter((i) => !extra.includes(i));
    const ordered = Uint32Array.from(expected(src, rest));
    const index = SortIndex.merged(ordered, Uint32Array.from(extra), src);
    expect(contents(index)).toEqual(
      expected(
        src,
        src.keys.map((_, i) => i),
      ),
    );
  });

  it('keeps the given order with fromOrdered and grows past its capacity', () => {
    const src = source(Array.from({ length: 40 }, (_, i) => String(i).padStart(3, '0')));
    const index = SortIndex.fromOrdered(
      Uint32Array.from({ length: 20 }, (_, p) => p),
      src,
    );
    for (let i = 20; i < 40; i++) index.insert(i);
    expect(contents(index)).toEqual(Array.from({ length: 40 }, (_, p) => p));
    expect(Array.from(index.snapshot())).toEqual(contents(index));
  });
});

describe('coarse numbers', () => {
  const samples = [
    '',
    'a',
    'A',
    'ab',
    'abc',
    'abcdefg',
    'abcdefgh',
    'abcdefgz',
    'abcdeff',
    'é',
    'éa',
    'ê',
    'ü',
    'aé',
    'aê',
    'a\u007f',
    'z',
    '~',
    '\u0000',
    'UNK#DO1695',
    'UNK#DO1696',
    'UNK#DP0000',
    '漢字',
    'Zoë',
  ];

  it('orders every pair of sample keys as the strings are ordered; equal numbers only for equal or inexact keys', () => {
    const wrong: string[] = [];
    for (const a of samples) {
      for (const b of samples) {
        const ca = prefixCoarse(a);
        const cb = prefixCoarse(b);
        const ok = ca !== cb ? Math.sign(ca - cb) === (a < b ? -1 : 1) : ca % 2 === 1 || a === b;
        if (!ok) wrong.push(`${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('orders ISO timestamps by instant, the empty one first', () => {
    const times = [
      '',
      '1999-12-31T23:59:59.999Z',
      '2025-10-15T10:06:26.630Z',
      '2025-10-15T10:06:26.631Z',
      '2026-01-01T00:00:00.000Z',
    ];
    const coarse = times.map(timestampCoarse);
    expect([...coarse].sort((x, y) => x - y)).toEqual(coarse);
    expect(new Set(coarse).size).toBe(times.length);
    expect(coarse.every((c) => c % 2 === 0)).toBe(true);
  });

  it('reads ISO instants as Date.parse does', () => {
    const wrong: string[] = [];
    for (let k = 0; k < 5000; k++) {
      const text = new Date(Date.UTC(1990, 0, 1) + k * 7_777_777_777).toISOString();
      if (isoInstant(text) !== Date.parse(text)) wrong.push(text);
    }
    expect(wrong).toEqual([]);
    expect(isoInstant('2025-10-15T10:06:26Z')).toBe(Date.parse('2025-10-15T10:06:26Z'));
  });
});

describe('SortIndex runs', () => {
  it.each([
    {
      name: 'short runs (insertion)',
      make: (i: number) => `Aaliyah ${['Smith', 'Jones', 'Brown'][i % 3]}${i % 5}`,
    },
    {
      name: 'long runs (comparator)',
      make: (i: number) => `UNK#DO${String(i % 997).padStart(4, '0')}`,
    },
    { name: 'one long run of one long key', make: () => 'the same long key' },
  ])('orders $name by key then id, also when records are missing', ({ make }) => {
    const src = source(Array.from({ length: 4000 }, (_, i) => make(i)));
    const all = src.keys.map((_, i) => i);
    expect(contents(SortIndex.build(Uint32Array.from(all), src))).toEqual(expected(src, all));
    const some = all.filter((i) => i % 7 !== 3 && i !== 3999);
    expect(contents(SortIndex.build(Uint32Array.from(some), src))).toEqual(expected(src, some));
  });
});
