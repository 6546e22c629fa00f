/**
 * An index over the seeded contacts' search text (see search-text.ts): for every character and every
 * pair of adjacent characters inside one field, the set of records holding it. A query of one or two
 * characters is then one set, exact; a longer one intersects the sets of its pairs and checks only
 * the records left against their text, instead of scanning the text of every record.
 */
import type { Dataset } from '../data/dataset.ts';
import { SeededText } from './search-text.ts';
import { finish, type Steps } from './steps.ts';

/** Records per slice of `SearchIndex.buildInSteps()`: about a millisecond of work, so a request waits little. */
const STEP = 512;

/** Records whose bit is set, and how many. `bits` covers record indices 0 … 32·bits.length - 1. */
export interface RecordSet {
  bits: Uint32Array;
  count: number;
}

export function hasRecord(bits: Uint32Array, i: number): boolean {
  return (bits[i >>> 5]! & (1 << (i & 31))) !== 0;
}

/** The records holding one character or pair: a sorted list while that is smaller, else a bitset. */
class Postings {
  count = 0;
  list: Uint32Array | undefined = new Uint32Array(4);
  bits: Uint32Array | undefined;
  /** The last record added (records arrive in ascending order, each possibly several times). */
  last = -1;

  add(i: number, words: number): void {
    if (i === this.last) return;
    this.last = i;
    this.count++;
    if (this.bits) {
      this.bits[i >>> 5]! |= 1 << (i & 31);
      return;
    }
    let list = this.list!;
    if (this.count > list.length) {
      // A list of more than one record in 32 takes more memory than a bit per record.
      if (list.length * 2 > words) {
        const bits = new Uint32Array(words);
        for (const r of list) bits[r >>> 5]! |= 1 << (r & 31);
        bits[i >>> 5]! |= 1 << (i & 31);
        this.bits = bits;
        this.list = undefined;
        return;
      }
      const grown = new Uint32Array(list.length * 2);
      grown.set(list);
      this.list = list = grown;
    }
    list[this.count - 1] = i;
  }

  /** Drops the list's spare room once every record is in. */
  trim(): void {
    if (this.list && this.list.length > this.count) this.list = this.list.slice(0, this.count);
  }

  has(i: number): boolean {
    if (this.bits) return hasRecord(this.bits, i);
    const list = this.list!;
    let low = 0;
    let high = this.count - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const r = list[mid]!;
      if (r === i) return true;
      if (r < i) low = mid + 1;
      else high = mid - 1;
    }
    return false;
  }

  /** Sets this set's records in `bits`. */
  addTo(bits: Uint32Array): void {
    if (this.bits) bits.set(this.bits);
    else
      for (let k = 0; k < this.count; k++)
        bits[this.list![k]! >>> 5]! |= 1 << (this.list![k]! & 31);
  }
}

/** Below this code unit both characters of a pair are kept in a flat array, above in a map. */
const FLAT = 128;

export class SearchIndex {
  readonly text: SeededText;
  readonly #size: number;
  readonly #singles: (Postings | undefined)[] = new Array(65536);
  readonly #flatPairs: (Postings | undefined)[] = new Array(FLAT * FLAT);
  readonly #otherPairs = new Map<number, Postings>();

  private constructor(text: SeededText, size: number) {
    this.text = text;
    this.#size = size;
  }

  /** The index of a built text, in slices of a few milliseconds. */
  static *buildInSteps(text: SeededText, size: number): Steps<SearchIndex> {
    const index = new SearchIndex(text, size);
    const words = Math.ceil(size / 32);
    for (const { first, text: joined, starts } of text.chunks) {
      const count = starts.length - 1;
      for (let k = 0; k < count; k++) {
        const i = first + k;
        let previous = -1;
        for (let at = starts[k]!; at < starts[k + 1]!; at++) {
          const code = joined.charCodeAt(at);
          // The separators (U+0000, U+0001) end a field: no pair spans them.
          if (code <= 1) {
            previous = -1;
            continue;
          }
          index.#single(code, true)!.add(i, words);
          if (previous >= 0) index.#pair(previous, code, true)!.add(i, words);
          previous = code;
        }
        if (k % STEP === STEP - 1) yield;
      }
    }
    for (const postings of index.#all()) postings.trim();
    return index;
  }

  *#all(): Generator<Postings> {
    for (const p of this.#singles) if (p) yield p;
    for (const p of this.#flatPairs) if (p) yield p;
    yield* this.#otherPairs.values();
  }

  #single(code: number, create = false): Postings | undefined {
    let postings = this.#singles[code];
    if (!postings && create) this.#singles[code] = postings = new Postings();
    return postings;
  }

  #pair(a: number, b: number, create = false): Postings | undefined {
    const flat = a < FLAT && b < FLAT;
    const key = flat ? a * FLAT + b : a * 65536 + b;
    let postings = flat ? this.#flatPairs[key] : this.#otherPairs.get(key);
    if (!postings && create) {
      postings = new Postings();
      if (flat) this.#flatPairs[key] = postings;
      else this.#otherPairs.set(key, postings);
    }
    return postings;
  }

  /**
   * The seeded records whose text contains a normalised query, as bits over `capacity` records
   * (at least the seeded ones), the same records `SeededText.scan` finds.
   */
  matches(query: string, capacity: number): RecordSet {
    const bits = new Uint32Array(Math.ceil(Math.max(capacity, this.#size) / 32));
    if (!SeededText.canScan(query) || query.length === 0) return { bits, count: 0 };
    if (query.length <= 2) {
      const postings =
        query.length === 1
          ? this.#single(query.charCodeAt(0))
          : this.#pair(query.charCodeAt(0), query.charCodeAt(1));
      postings?.addTo(bits);
      return { bits, count: postings?.count ?? 0 };
    }
    const pairs: Postings[] = [];
    for (let k = 0; k + 1 < query.length; k++) {
      const postings = this.#pair(query.charCodeAt(k), query.charCodeAt(k + 1));
      if (!postings) return { bits, count: 0 };
      pairs.push(postings);
    }
    pairs.sort((a, b) => a.count - b.count);
    const [smallest, ...others] = pairs as [Postings, ...Postings[]];
    let count = 0;
    const keep = (i: number) => {
      if (this.text.recordContains(i, query)) {
        bits[i >>> 5]! |= 1 << (i & 31);
        count++;
      }
    };
    if (smallest.list) {
      for (let k = 0; k < smallest.count; k++) {
        const i = smallest.list[k]!;
        if (others.every((p) => p.has(i))) keep(i);
      }
      return { bits, count };
    }
    // The smallest set is a bitset, so all are: intersect them word by word, then check the text.
    const words = smallest.bits!.length;
    for (let w = 0; w < words; w++) {
      let word = smallest.bits![w]!;
      for (const other of others) word &= other.bits![w]!;
      while (word !== 0) {
        const low = word & -word;
        keep(w * 32 + 31 - Math.clz32(low));
        word ^= low;
      }
    }
    return { bits, count };
  }
}

/**
 * Search over the seeded records while its parts are built: the joined text first (a few seconds
 * at a million records), then the index over it. Until the index is built, a query scans the text;
 * until the text is built, a query finishes building it.
 */
export class SeededSearch {
  readonly #ds: Dataset;
  #text: SeededText | undefined;
  #index: SearchIndex | undefined;
  #building: Steps<SeededText> | Steps<SearchIndex> | undefined;

  constructor(ds: Dataset) {
    this.#ds = ds;
  }

  /** Builds until `deadline` (a `performance.now()` time); false once all is built. */
  warmUp(deadline: number): boolean {
    while (!this.#index) {
      if (!this.#text) {
        this.#building ??= SeededText.buildInSteps(this.#ds);
        const step = (this.#building as Steps<SeededText>).next();
        if (step.done) {
          this.#text = step.value;
          this.#building = undefined;
        }
      } else {
        this.#building ??= SearchIndex.buildInSteps(this.#text, this.#ds.size);
        const step = (this.#building as Steps<SearchIndex>).next();
        if (step.done) {
          this.#index = step.value;
          this.#building = undefined;
        }
      }
      if (performance.now() >= deadline) return !this.#index;
    }
    return false;
  }

  /** The seeded records whose text contains a normalised query, as bits over `capacity` records. */
  matches(query: string, capacity: number): RecordSet {
    if (this.#index) return this.#index.matches(query, capacity);
    if (!this.#text) {
      this.#text = finish(
        (this.#building as Steps<SeededText> | undefined) ?? SeededText.buildInSteps(this.#ds),
      );
      this.#building = undefined;
    }
    const bits = new Uint32Array(Math.ceil(Math.max(capacity, this.#ds.size) / 32));
    let count = 0;
    if (SeededText.canScan(query))
      this.#text.scan(query, (i) => {
        bits[i >>> 5]! |= 1 << (i & 31);
        count++;
      });
    return { bits, count };
  }
}
