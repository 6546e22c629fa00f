/**
 * The contacts of one sort field in ascending order, as a Uint32Array of record indices, ties broken
 * by id. Built once from just that field, then patched by every write (remove + binary-search insert),
 * so a page at any offset is an array read and never comes from stale data.
 */

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

export class SortIndex {
  #order: Uint32Array;
  #length: number;
  readonly #source: SortSource;

  private constructor(order: Uint32Array, length: number, source: SortSource) {
    this.#order = order;
    this.#length = length;
    this.#source = source;
  }

  /** Index of `indices` (live records, any order) sorted by key, then id. */
  static build(indices: Uint32Array, source: SortSource): SortIndex {
    const count = indices.length;
    const keys: SortKey[] = new Array(count);
    // Few distinct values (language, channel type, time zone, …): rank them and sort (rank, id) pairs
    // as plain numbers, natively. Many distinct values: a comparator sort.
    const ranks = new Map<SortKey, number>();
    const limit = Math.max(64, count >>> 4);
    for (let p = 0; p < count; p++) {
      const key = source.key(indices[p]!);
      keys[p] = key;
      if (ranks.size <= limit && !ranks.has(key)) ranks.set(key, 0);
    }
    const order = new Uint32Array(Math.max(16, count + (count >>> 4)));
    if (ranks.size <= limit) {
      const distinct = [...ranks.keys()].sort(compareKeys);
      distinct.forEach((key, rank) => ranks.set(key, rank));
      const packed = new Float64Array(count);
      for (let p = 0; p < count; p++) packed[p] = ranks.get(keys[p]!)! * TWO_POW_32 + source.idOrder(indices[p]!);
      packed.sort();
      for (let p = 0; p < count; p++) order[p] = source.indexOfIdOrder(packed[p]! % TWO_POW_32);
    } else {
      const ids = new Uint32Array(count);
      const positions = new Uint32Array(count);
      // The first three UTF-16 units as one exact number: most comparisons end on it, without
      // touching the strings.
      const prefixes = new Float64Array(count);
      for (let p = 0; p < count; p++) {
        ids[p] = source.idOrder(indices[p]!);
        positions[p] = p;
        prefixes[p] = prefixOf(keys[p]!);
      }
      positions.sort((a, b) => {
        const pa = prefixes[a]!;
        const pb = prefixes[b]!;
        if (pa !== pb) return pa - pb;
        const ka = keys[a]!;
        const kb = keys[b]!;
        return ka < kb ? -1 : ka > kb ? 1 : ids[a]! - ids[b]!;
      });
      for (let p = 0; p < count; p++) order[p] = indices[positions[p]!]!;
    }
    return new SortIndex(order, count, source);
  }

  /** An index already in order (the seeded `created_at` order needs no sorting). */
  static fromOrdered(ordered: Uint32Array, source: SortSource): SortIndex {
    const order = new Uint32Array(Math.max(16, ordered.length + (ordered.length >>> 4)));
    order.set(ordered);
    return new SortIndex(order, ordered.length, source);
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

  /** Takes record i out; false when it was not in. */
  remove(i: number): boolean {
    const p = this.#order.subarray(0, this.#length).indexOf(i);
    if (p < 0) return false;
    this.#order.copyWithin(p, p + 1, this.#length);
    this.#length--;
    return true;
  }

  /** Puts record i (with its current key) in its place. */
  insert(i: number): void {
    const source = this.#source;
    const key = source.key(i);
    const id = source.idOrder(i);
    let low = 0;
    let high = this.#length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const other = this.#order[mid]!;
      const otherKey = source.key(other);
      const before = otherKey < key || (otherKey === key && source.idOrder(other) < id);
      if (before) low = mid + 1;
      else high = mid;
    }
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

/** A number ordered as the first three code units of `key` (a missing unit sorts first, as in strings). */
function prefixOf(key: string): number {
  const unit = (k: number) => (k < key.length ? key.charCodeAt(k) + 1 : 0);
  return (unit(0) * 65_537 + unit(1)) * 65_537 + unit(2);
}

function compareKeys(a: SortKey, b: SortKey): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
