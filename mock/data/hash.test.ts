import { describe, expect, it } from 'vitest';
import { hash, indexHash, laneHash, mix32, scramble, unscramble } from './hash.ts';

describe('hash', () => {
  it('is a pure function of (seed, index, lane)', () => {
    expect(hash(7, 123, 4)).toBe(hash(7, 123, 4));
    expect(new Set([hash(7, 123, 4), hash(8, 123, 4), hash(7, 124, 4), hash(7, 123, 5)]).size).toBe(
      4,
    );
  });

  it('gives unsigned 32-bit integers, spread evenly', () => {
    const buckets = new Array(16).fill(0);
    let outOfRange = 0;
    for (let i = 0; i < 16_000; i++) {
      const h = hash(1, i, 0);
      if (!Number.isInteger(h) || h < 0 || h >= 2 ** 32) outOfRange++;
      buckets[h % 16]++;
    }
    expect(outOfRange).toBe(0);
    for (const n of buckets) expect(Math.abs(n - 1000)).toBeLessThan(150);
    expect(mix32(0)).toBe(0);
  });

  it('is the same when computed per record and then per lane', () => {
    for (const [seed, index, lane] of [
      [1, 0, 0],
      [0xffffffff, 999_999, 57],
      [42, 2 ** 31, 3000],
    ] as const) {
      const once = mix32(mix32(mix32(seed ^ 0x9e3779b9) ^ index) ^ Math.imul(lane + 1, 0x85ebca6b));
      expect(hash(seed, index, lane)).toBe(once);
      expect(laneHash(indexHash(seed, index), lane)).toBe(once);
    }
  });
});

describe('scramble', () => {
  it.each([
    { name: 'small indices', values: [0, 1, 2, 3, 65_535, 65_536] },
    { name: 'large indices', values: [999_999, 1_000_000, 2 ** 31, 2 ** 32 - 1] },
  ])('is inverted by unscramble: $name', ({ values }) => {
    for (const key of [0, 1, 0xdeadbeef])
      for (const x of values) expect(unscramble(scramble(x, key), key)).toBe(x);
  });

  it('is a bijection (no two indices share a word)', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 100_000; i++) seen.add(scramble(i, 42));
    expect(seen.size).toBe(100_000);
  });
});
