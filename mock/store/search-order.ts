/**
 * One page of a search's matches in a sort's order, without sorting every match: the sort index is
 * walked from the nearer end and each record's bit tested, stopping once the page is full. A walk
 * visits about (page end) × (records / matches) positions, at most the whole index (a few ms at a
 * million); only a few matches are sorted instead, since a walk would pass many records per match.
 */
import { hasRecord, type RecordSet } from './search-index.ts';

/**
 * Up to this many matches are ordered by sorting them: each sort key costs about as much as a walk
 * past a few thousand positions of an index, so beyond a few dozen matches the walk is cheaper.
 */
export const SMALL_RESULT = 64;

/** Records in ascending sort order. */
export interface Order {
  readonly length: number;
  at(p: number): number;
}

/** The record indices of a set, ascending. */
export function recordsOf({ bits, count }: RecordSet): Uint32Array {
  const records = new Uint32Array(count);
  let p = 0;
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w]!;
    while (word !== 0) {
      const low = word & -word;
      records[p++] = w * 32 + 31 - Math.clz32(low);
      word ^= low;
    }
  }
  return records;
}

/**
 * The records at positions [skip, skip + limit) of the matches in ascending (or, when `descending`,
 * descending) order of `order`, which holds every live record and so every match.
 */
export function pageOfMatches(
  matches: RecordSet,
  order: Order,
  descending: boolean,
  skip: number,
  limit: number,
): number[] {
  const end = Math.min(matches.count, skip + limit);
  if (skip >= end) return [];
  // Walk from the end the page is nearer to; `fromTop` counts positions in the requested direction.
  const fromTop = skip <= matches.count - end;
  const backwards = descending === fromTop;
  const toSkip = fromTop ? skip : matches.count - end;
  const wanted = end - skip;
  const page: number[] = [];
  const { bits } = matches;
  let seen = 0;
  for (let p = 0; p < order.length && page.length < wanted; p++) {
    const i = order.at(backwards ? order.length - 1 - p : p);
    if (!hasRecord(bits, i)) continue;
    if (seen >= toSkip) page.push(i);
    seen++;
  }
  return fromTop ? page : page.reverse();
}
