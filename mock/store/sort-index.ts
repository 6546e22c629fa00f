/**
 * The contacts of one sort field in ascending order, as a Uint32Array of record indices, ties broken
 * by id. Built once from just that field, then patched by every write (a changed key moves its record
 * across the span between its old and new place; a created or deleted record is put in or taken
 * out), so a page at any offset is an array read and never comes from stale data.
 */
import { finish, type Steps } from './steps.ts';

/** A sort key: a string (timestamps are ISO strings, which sort chronologically); null sorts as "". */
export type SortKey = string;

export interface SortSource {
  /** The key of a live record, as it is now. */
  key(i: number): SortKey;
  /** A number whose order is the records' id order. */
  idOrder(i: number): number;
  /** The record index whose id order is `order`. */
  indexOfIdOrder(order: number): number;
}

const TWO_POW_32 = 4_294_967_296;
/** Most keys an index keeps for its binary searches (the top ~13 levels of a million records). */
const PROBED_KEYS = 16_384;
/** Records per slice of `buildInSteps()`: a few milliseconds of work at most. */
const STEP = 2048;

export class SortIndex {
  #order: Uint32Array;
  #length: number;
  readonly #source: SortSource;
  /**
   * Keys of records that the patch path's binary searches read: their upper levels read the same
   * few thousand records write after write. A record's entry goes when it is put in, moved or
   * taken out, the only times its key may have changed.
   */
  readonly #probedKeys = new Map<number, SortKey>();

  private constructor(order: Uint32Array, length: number, source: SortSource) {
    this.#order = order;
    this.#length = length;
    this.#source = source;
  }

  /**
   * Index of `indices` (live records, ascending) sorted by key, then id.
   *
   * A comparator sort of a million strings takes seconds, so most of the work is done on numbers,
   * which the engine sorts natively: each key gets a *coarse* number ordered like the key (see
   * `prefixCoarse`, `timestampCoarse`); records are sorted by (rank of coarse number, id order)
   * packed into one double; only runs sharing an inexact coarse number are then sorted by comparator.
   */
  static build(
    indices: Uint32Array,
    source: SortSource,
    coarseOf?: (i: number) => number,
  ): SortIndex {
    return finish(SortIndex.buildInSteps(indices, source, coarseOf));
  }

  /**
   * `build()` in slices of about {@link STEP} records: each `next()` does one slice, the last returns
   * the index. Lets a server build indexes between requests instead of inside one.
   */
  static *buildInSteps(
    indices: Uint32Array,
    source: SortSource,
    coarseOf?: (i: number) => number,
  ): Steps<SortIndex> {
    const count = indices.length;
    // With no coarse numbers given, they come from the string keys, which are kept for the runs to
    // sort; given ones (timestamps) pin their keys, which are then read only where needed.
    const keys: SortKey[] = coarseOf ? [] : new Array(count);
    const coarseKeys = new Float64Array(count);
    for (let p = 0; p < count; p++) {
      if (coarseOf) coarseKeys[p] = coarseOf(indices[p]!);
      else {
        const key = source.key(indices[p]!);
        keys[p] = key;
        coarseKeys[p] = prefixCoarse(key);
      }
      if (p % STEP === STEP - 1) yield;
    }
    const distinct = uniqueSorted(coarseKeys.slice().sort());
    yield;
    const order = new Uint32Array(Math.max(16, count + (count >>> 4)));
    // Ascending and unique: when the last index is count - 1, every record sits at its own index.
    const identity = count > 0 && indices[count - 1] === count - 1;
    const keyOf = coarseOf
      ? (i: number) => source.key(i)
      : identity
        ? (i: number) => keys[i]!
        : (i: number) => keys[lowerBound(indices, i)]!;
    if (distinct.length >= MAX_RANKS) {
      order.set(indices);
      sortRun(order, undefined, 0, count, keyOf, source);
      return new SortIndex(order, count, source);
    }
    const packed = new Float64Array(count);
    for (let p = 0; p < count; p++) {
      packed[p] = lowerBound(distinct, coarseKeys[p]!) * TWO_POW_32 + source.idOrder(indices[p]!);
      if (p % STEP === STEP - 1) yield;
    }
    packed.sort();
    yield;
    for (let p = 0; p < count; p++) {
      order[p] = source.indexOfIdOrder(packed[p]! % TWO_POW_32);
      if (p % STEP === STEP - 1) yield;
    }
    // Runs with one coarse number are in id order; where that number does not pin the key, sort by key.
    let sinceYield = 0;
    for (let start = 0; start < count; ) {
      const rank = Math.floor(packed[start]! / TWO_POW_32);
      let end = start + 1;
      while (end < count && Math.floor(packed[end]! / TWO_POW_32) === rank) end++;
      if (end - start > 1 && distinct[rank]! % 2 === 1)
        sortRun(order, packed, start, end, keyOf, source);
      sinceYield += end - start;
      if (sinceYield >= STEP) {
        sinceYield = 0;
        yield;
      }
      start = end;
    }
    return new SortIndex(order, count, source);
  }

  /** An index already in order (the seeded `created_at` order needs no sorting). */
  static fromOrdered(ordered: Uint32Array, source: SortSource): SortIndex {
    const order = new Uint32Array(Math.max(16, ordered.length + (ordered.length >>> 4)));
    order.set(ordered);
    return new SortIndex(order, ordered.length, source);
  }

  /**
   * An index of `ordered` (records already in order) and `extra` (records in no particular order), each
   * extra record put where its key places it: a binary search apiece, then one merge.
   */
  static merged(ordered: Uint32Array, extra: Uint32Array, source: SortSource): SortIndex {
    if (extra.length === 0) return SortIndex.fromOrdered(ordered, source);
    sortByKey(extra, source);
    const length = ordered.length + extra.length;
    const order = new Uint32Array(Math.max(16, length + (length >>> 4)));
    let from = 0;
    let to = 0;
    for (const i of extra) {
      const at = positionIn(i, ordered, from, ordered.length, source);
      order.set(ordered.subarray(from, at), to);
      to += at - from;
      from = at;
      order[to++] = i;
    }
    order.set(ordered.subarray(from), to);
    return new SortIndex(order, length, source);
  }

  get length(): number {
    return this.#length;
  }

  /** The record at ascending position p (0 ≤ p < length). */
  at(p: number): number {
    return this.#order[p]!;
  }

  /** A copy of the current order, for iterating while writes go on. */
  snapshot(): Uint32Array {
    return this.#order.slice(0, this.#length);
  }

  /**
   * Takes record i out; false when it was not in. Found by a binary search on its key, which must be
   * the key it was put in with (writes take a record out before changing it); else by a scan.
   */
  remove(i: number): boolean {
    const p = this.find(i);
    if (p < 0) return false;
    this.#order.copyWithin(p, p + 1, this.#length);
    this.#length--;
    this.#probedKeys.delete(i);
    return true;
  }

  /** The position of record i, found by its key as it is now (else by a scan); -1 when it is not in. */
  find(i: number): number {
    const p = this.#position(i);
    if (p < this.#length && this.#order[p] === i) return p;
    return this.#order.subarray(0, this.#length).indexOf(i);
  }

  /**
   * Moves record i, which `find()` placed at `from` before its key changed, to where its key now
   * places it, shifting only the records in between: a short move moves few.
   */
  move(i: number, from: number): void {
    this.#probedKeys.delete(i);
    const to = this.#position(i, from);
    if (to < from) this.#order.copyWithin(to + 1, to, from);
    else if (to > from) this.#order.copyWithin(from, from + 1, to + 1);
    this.#order[to] = i;
  }

  /**
   * The first position whose record does not sort before record i with its current key, among the
   * records but the one at `without` (-1: among all).
   */
  #position(i: number, without = -1): number {
    const key = this.#source.key(i);
    const id = this.#source.idOrder(i);
    let low = 0;
    let high = without >= 0 ? this.#length - 1 : this.#length;
    // The last record first: a write that makes the greatest key (updated_at: now) is placed at once.
    if (high > 0 && this.#sortsBefore(high - 1, without, key, id)) return high;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.#sortsBefore(mid, without, key, id)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Whether the record at position v (not counting the one at `without`) sorts before (key, id). */
  #sortsBefore(v: number, without: number, key: SortKey, id: number): boolean {
    const other = this.#order[without >= 0 && v >= without ? v + 1 : v]!;
    let otherKey = this.#probedKeys.get(other);
    if (otherKey === undefined) {
      if (this.#probedKeys.size >= PROBED_KEYS) this.#probedKeys.clear();
      otherKey = this.#source.key(other);
      this.#probedKeys.set(other, otherKey);
    }
    return otherKey < key || (otherKey === key && this.#source.idOrder(other) < id);
  }

  /** Puts record i (with its current key) in its place. */
  insert(i: number): void {
    this.#probedKeys.delete(i);
    const low = this.#position(i);
    if (this.#length === this.#order.length) {
      const grown = new Uint32Array(this.#order.length * 2);
      grown.set(this.#order);
      this.#order = grown;
    }
    this.#order.copyWithin(low + 1, low, this.#length);
    this.#order[low] = i;
    this.#length++;
  }
}

/** The first position in ordered[low, high) whose record does not sort before record i (a binary search). */
function positionIn(
  i: number,
  ordered: Uint32Array,
  low: number,
  high: number,
  source: SortSource,
): number {
  const key = source.key(i);
  const id = source.idOrder(i);
  while (low < high) {
    const mid = (low + high) >>> 1;
    const other = ordered[mid]!;
    const otherKey = source.key(other);
    const before = otherKey < key || (otherKey === key && source.idOrder(other) < id);
    if (before) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** More distinct coarse numbers than this cannot be packed beside a 32-bit id order in a double. */
const MAX_RANKS = 2 ** 21;
const PREFIX_UNITS = 7;
const UNIT_BASE = 129;

/**
 * A coarse number of a string key: its first seven characters, each ASCII one as 1–127 (0 when the
 * key is shorter; 128, and nothing after it, at the first non-ASCII one), times two, plus 1 when
 * the number does not pin the whole key (longer or non-ASCII). Ordered like the keys: two keys
 * with different numbers compare as their numbers do.
 */
export function prefixCoarse(key: SortKey): number {
  let value = 0;
  let exact = key.length <= PREFIX_UNITS;
  let open = true;
  for (let k = 0; k < PREFIX_UNITS; k++) {
    let unit = 0;
    if (open && k < key.length) {
      const code = key.charCodeAt(k);
      if (code < 127) unit = code + 1;
      else {
        unit = 128;
        exact = false;
        open = false;
      }
    }
    value = value * UNIT_BASE + unit;
  }
  return value * 2 + (exact ? 0 : 1);
}

const TIME_SHIFT = 2 ** 44;

/** A coarse number of an ISO timestamp key ("" first): its instant, exact. */
export function timestampCoarse(key: SortKey): number {
  return key === '' ? 0 : instantCoarse(isoInstant(key));
}

/** The coarse number of an instant (ms); undefined (an empty or null timestamp) first. */
export function instantCoarse(ms: number | undefined): number {
  if (ms === undefined) return 0;
  // Only timestamps reach here; anything else is left to the comparator (odd number).
  return Number.isNaN(ms) ? 1 : (ms + TIME_SHIFT) * 2;
}

function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let k = 0; k < count; k++) value = value * 10 + text.charCodeAt(at + k) - 48;
  return value;
}

const ISO_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The instant of an ISO timestamp as the API writes them, read by hand (several times faster than Date.parse). */
export function isoInstant(text: string): number {
  if (!ISO_SHAPE.test(text)) return Date.parse(text);
  return Date.UTC(
    digitsAt(text, 0, 4),
    digitsAt(text, 5, 2) - 1,
    digitsAt(text, 8, 2),
    digitsAt(text, 11, 2),
    digitsAt(text, 14, 2),
    digitsAt(text, 17, 2),
    digitsAt(text, 20, 3),
  );
}

/** The distinct values of a sorted array, in place. */
function uniqueSorted(values: Float64Array): Float64Array {
  let kept = 0;
  for (let p = 0; p < values.length; p++)
    if (p === 0 || values[p] !== values[kept - 1]) values[kept++] = values[p]!;
  return values.subarray(0, kept);
}

/** The first position in ascending `sorted` whose value is not below `value` (a binary search). */
function lowerBound(sorted: Float64Array | Uint32Array, value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Sorts `records` in place by key, then id order (each key read once); returns them. */
export function sortByKey(records: Uint32Array, source: SortSource): Uint32Array {
  sortRun(records, undefined, 0, records.length, (i) => source.key(i), source);
  return records;
}

/** Longer runs are sorted by the engine with a comparator; shorter ones by insertion, in place. */
const SHORT_RUN = 32;

/**
 * Sorts order[start, end) by key, then id order. `packed`, when given, holds each position's id
 * order in its low 32 bits (so it need not be recomputed).
 */
function sortRun(
  order: Uint32Array,
  packed: Float64Array | undefined,
  start: number,
  end: number,
  keyOf: (i: number) => SortKey,
  source: SortSource,
): void {
  const length = end - start;
  const keys: SortKey[] = new Array(length);
  const ids: number[] = new Array(length);
  for (let j = 0; j < length; j++) {
    const i = order[start + j]!;
    keys[j] = keyOf(i);
    ids[j] = packed ? packed[start + j]! % TWO_POW_32 : source.idOrder(i);
  }
  if (length <= SHORT_RUN) {
    for (let j = 1; j < length; j++) {
      const key = keys[j]!;
      const id = ids[j]!;
      const i = order[start + j]!;
      let k = j - 1;
      while (k >= 0 && (keys[k]! > key || (keys[k] === key && ids[k]! > id))) {
        keys[k + 1] = keys[k]!;
        ids[k + 1] = ids[k]!;
        order[start + k + 1] = order[start + k]!;
        k--;
      }
      keys[k + 1] = key;
      ids[k + 1] = id;
      order[start + k + 1] = i;
    }
    return;
  }
  const positions = Array.from({ length }, (_, j) => j);
  positions.sort((a, b) => {
    const ka = keys[a]!;
    const kb = keys[b]!;
    return ka < kb ? -1 : ka > kb ? 1 : ids[a]! - ids[b]!;
  });
  const sorted = positions.map((j) => order[start + j]!);
  order.set(sorted, start);
}
