import { describe, expect, it } from 'vitest';
import type { RecordSet } from './search-index.ts';
import { pageOfMatches, recordsOf } from './search-order.ts';

/** A set of records as bits. */
function setOf(records: number[]): RecordSet {
  const bits = new Uint32Array(4);
  for (const i of records) bits[i >>> 5]! |= 1 << (i & 31);
  return { bits, count: records.length };
}

/** Records 0..99 in a shuffled ascending order. */
const ascending = Array.from({ length: 100 }, (_, p) => (p * 37 + 11) % 100);
const order = { length: ascending.length, at: (p: number) => ascending[p]! };
const matches = [3, 17, 31, 32, 33, 50, 64, 77, 90, 99];

/** The reference: the sort's order filtered to the matches, then sliced. */
function expected(descending: boolean, skip: number, limit: number): number[] {
  const inOrder = ascending.filter((i) => matches.includes(i));
  if (descending) inOrder.reverse();
  return inOrder.slice(skip, skip + limit);
}

describe('pageOfMatches', () => {
  it.each([
    { descending: false, skip: 0, limit: 3 },
    { descending: true, skip: 0, limit: 3 },
    { descending: false, skip: 8, limit: 5 },
    { descending: true, skip: 8, limit: 5 },
    { descending: false, skip: 4, limit: 2 },
    { descending: true, skip: 5, limit: 10 },
    { descending: false, skip: 10, limit: 3 },
    { descending: true, skip: 0, limit: 100 },
  ])('descending=$descending skip=$skip limit=$limit', ({ descending, skip, limit }) => {
    expect(pageOfMatches(setOf(matches), order, descending, skip, limit)).toEqual(
      expected(descending, skip, limit),
    );
  });
});

describe('recordsOf', () => {
  it('lists the set records in ascending order, bit 31 included', () => {
    expect([...recordsOf(setOf([99, 31, 0, 32, 63]))]).toEqual([0, 31, 32, 63, 99]);
  });
});
