/**
 * An index over the seeded contacts' search text (see search-text.ts): for every gram of one, two or
 * three adjacent characters inside one field, the set of records holding it. A query of up to three
 * characters is then one set, exact, with no record's text read; a longer one intersects the sets of
 * its triples and checks only the records left against their text.
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

/**
 * No records, as bits over `capacity` records: `spare` emptied when it has that many words (a set
 * its caller no longer needs, so that a query makes no new buffer), else a new one.
 */
function noRecords(capacity: number, spare: Uint32Array | undefined): Uint32Array {
  const words = Math.ceil(capacity / 32);
  return spare?.length === words ? spare.fill(0) : new Uint32Array(words);
}

/**
 * A gram (one to three code units, none a separator) as two numbers: `high` is a triple's first
 * code unit and 0 otherwise (no gram holds a code unit below 2), `low` the last one or two.
 */
function gramKey(text: string, from: number, length: number): [high: number, low: number] {
  const a = text.charCodeAt(from);
  if (length === 1) return [0, a];
  const b = text.charCodeAt(from + 1);
  if (length === 2) return [0, (a << 16) | b];
  return [a, (b << 16) | text.charCodeAt(from + 2)];
}

/** Called for each gram of record i. */
type GramVisit = (i: number, high: number, low: number) => void;

/**
 * Calls `visit(i, high, low)` for every gram of one to three code units in `text[from, to)` (record
 * i's text) that no separator (U+0000, U+0001) splits: a gram never spans two fields.
 */
function eachGram(text: string, from: number, to: number, i: number, visit: GramVisit): void {
  // The two code units before this one in its field, 0 where there is none.
  let a = 0;
  let b = 0;
  for (let at = from; at < to; at++) {
    const c = text.charCodeAt(at);
    if (c <= 1) {
      a = b = 0;
      continue;
    }
    visit(i, 0, c);
    if (b !== 0) visit(i, 0, (b << 16) | c);
    if (a !== 0) visit(i, a, (b << 16) | c);
    a = b;
    b = c;
  }
}

/** Below this code unit both characters of a pair find their id in a flat table, not the hash table. */
const FLAT = 128;

/**
 * Dense ids for grams: flat tables for single characters and pairs of ASCII ones, an open-addressing
 * hash table on typed arrays for the rest, so that the grams of a million records make no object
 * each. Id -1 is "absent".
 */
class GramIds {
  /** By code unit for single characters, then for pairs of ASCII ones. */
  readonly #flat = new Int32Array(65536 + FLAT * FLAT).fill(-1);
  #high = new Int32Array(1 << 12);
  #low = new Int32Array(1 << 12);
  #id = new Int32Array(1 << 12);
  /** Grams in the hash table. */
  #hashed = 0;
  size = 0;

  /** Where a single character, or a pair of ASCII ones, has its id in `#flat`; -1 for other grams. */
  static #flatPlace(high: number, low: number): number {
    if (high !== 0) return -1;
    // A pair whose first code unit is U+8000 or above has a negative `low`: it is hashed.
    if (low < 0) return -1;
    if (low < 65536) return low;
    const a = low >>> 16;
    const b = low & 0xffff;
    return a < FLAT && b < FLAT ? 65536 + a * FLAT + b : -1;
  }

  #slot(high: number, low: number): number {
    const mask = this.#id.length - 1;
    let slot = Math.imul(Math.imul(high, 0x27d4eb2d) ^ low, 0x9e3779b1) >>> 7;
    for (;;) {
      slot &= mask;
      // An empty slot has key (0, 0), which no gram has.
      if (this.#high[slot] === high && this.#low[slot] === low) return slot;
      if (this.#high[slot] === 0 && this.#low[slot] === 0) return slot;
      slot++;
    }
  }

  find(high: number, low: number): number {
    const place = GramIds.#flatPlace(high, low);
    if (place >= 0) return this.#flat[place]!;
    const slot = this.#slot(high, low);
    return this.#high[slot] === 0 && this.#low[slot] === 0 ? -1 : this.#id[slot]!;
  }

  /** The gram's id, a new one (the next integer) when it has none yet. */
  add(high: number, low: number): number {
    const place = GramIds.#flatPlace(high, low);
    if (place >= 0) {
      if (this.#flat[place] === -1) this.#flat[place] = this.size++;
      return this.#flat[place]!;
    }
    let slot = this.#slot(high, low);
    if (this.#high[slot] !== 0 || this.#low[slot] !== 0) return this.#id[slot]!;
    if ((this.#hashed + 1) * 2 > this.#id.length) {
      this.#grow();
      slot = this.#slot(high, low);
    }
    this.#high[slot] = high;
    this.#low[slot] = low;
    this.#id[slot] = this.size;
    this.#hashed++;
    return this.size++;
  }

  #grow(): void {
    const [high, low, id] = [this.#high, this.#low, this.#id];
    this.#high = new Int32Array(id.length * 2);
    this.#low = new Int32Array(id.length * 2);
    this.#id = new Int32Array(id.length * 2);
    for (let s = 0; s < id.length; s++) {
      if (high[s] === 0 && low[s] === 0) continue;
      const slot = this.#slot(high[s]!, low[s]!);
      this.#high[slot] = high[s]!;
      this.#low[slot] = low[s]!;
      this.#id[slot] = id[s]!;
    }
  }
}

/**
 * `eachGram` over every record of the text, in ascending order, in slices of STEP records; the first
 * slices are shorter, while the code is still cold (a first slice of STEP took ~20 ms).
 */
function* everyGram(text: SeededText, visit: GramVisit): Steps<void> {
  let quota = 8;
  let done = 0;
  for (const { first, text: joined, starts } of text.chunks) {
    for (let k = 0; k + 1 < starts.length; k++) {
      eachGram(joined, starts[k]!, starts[k + 1]!, first + k, visit);
      if (++done === quota) {
        done = 0;
        quota = Math.min(STEP, quota * 2);
        yield;
      }
    }
  }
}

/** Doubles an array's length, keeping its values. */
function grown(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** Bitsets made per slice of the build (each 125 KB at 1,000,000 records). */
const BITSETS_PER_STEP = 8;

/**
 * The lists are cut from blocks of this many records, each made in a slice of its own (one array
 * for all of them took ~25 ms to clear at 1,000,000 records); no list spans two blocks.
 */
const BLOCK_BITS = 20;

/** The longest gram indexed: a query up to this long is one set of records, exact. */
const GRAM = 3;

export class SearchIndex {
  readonly text: SeededText;
  readonly #size: number;
  readonly #grams: GramIds;
  /** By gram id: how many records hold it. */
  readonly #count: Int32Array;
  /**
   * By gram id: where its records start, ascending, unless it has a bitset: position p is
   * `#blocks[p >>> #blockBits][p % 2 ** #blockBits]`.
   */
  readonly #start: Int32Array;
  /** The records of every gram held by fewer than one record in 32, one list after another. */
  readonly #blocks: Uint32Array[];
  readonly #blockBits: number;
  /** By gram id: the records of a gram held by more, as bits (less memory than a list). */
  readonly #bits: (Uint32Array | undefined)[];

  private constructor(
    text: SeededText,
    size: number,
    grams: GramIds,
    count: Int32Array,
    start: Int32Array,
    blocks: Uint32Array[],
    blockBits: number,
    bits: (Uint32Array | undefined)[],
  ) {
    this.text = text;
    this.#size = size;
    this.#grams = grams;
    this.#count = count;
    this.#start = start;
    this.#blocks = blocks;
    this.#blockBits = blockBits;
    this.#bits = bits;
  }

  /**
   * The index of a built text, in slices of about a millisecond: one pass over the text counts each
   * gram's records, a second puts them in place, so every list is made at its final size.
   */
  static *buildInSteps(text: SeededText, size: number, blockBits = BLOCK_BITS): Steps<SearchIndex> {
    const block = 2 ** blockBits;
    const grams = new GramIds();
    let count = new Int32Array(1 << 10);
    /** By gram id: the last record seen holding it (records are visited in ascending order). */
    let last = new Int32Array(1 << 10).fill(-1);
    const counted = (i: number, high: number, low: number) => {
      const id = grams.add(high, low);
      if (id >= count.length) {
        count = grown(count);
        last = grown(last);
        last.fill(-1, count.length / 2);
      }
      if (last[id] === i) return;
      last[id] = i;
      count[id]!++;
    };
    yield* everyGram(text, counted);

    const words = Math.ceil(size / 32);
    const start = new Int32Array(grams.size);
    const bits: (Uint32Array | undefined)[] = new Array(grams.size);
    let listed = 0;
    let made = 0;
    for (let id = 0; id < grams.size; id++) {
      if (count[id]! > Math.min(words, block)) {
        bits[id] = new Uint32Array(words);
        if (++made % BITSETS_PER_STEP === 0) yield;
      } else {
        const room = block - (listed % block);
        if (count[id]! > room) listed += room;
        start[id] = listed;
        listed += count[id]!;
      }
    }
    const blocks: Uint32Array[] = [];
    for (let at = 0; at < listed; at += block) {
      blocks.push(new Uint32Array(Math.min(block, listed - at)));
      yield;
    }
    /** By gram id: where its next record goes. */
    const end = start.slice();
    last.fill(-1);
    const placed = (i: number, high: number, low: number) => {
      const id = grams.find(high, low);
      const set = bits[id];
      if (set) set[i >>> 5]! |= 1 << (i & 31);
      else if (last[id] !== i) {
        last[id] = i;
        const p = end[id]!++;
        blocks[p >>> blockBits]![p % block] = i;
      }
    };
    yield* everyGram(text, placed);
    const counts = count.slice(0, grams.size);
    return new SearchIndex(text, size, grams, counts, start, blocks, blockBits, bits);
  }

  /** The id of `query[from, from + length)` (1 to GRAM code units), -1 when no record holds it. */
  #find(query: string, from: number, length: number): number {
    const [high, low] = gramKey(query, from, length);
    return this.#grams.find(high, low);
  }

  /** The block holding gram `id`'s list (when it has no bitset) and where in it the list starts. */
  #list(id: number): [list: Uint32Array, from: number] {
    const p = this.#start[id]!;
    return [this.#blocks[p >>> this.#blockBits]!, p % 2 ** this.#blockBits];
  }

  /** Whether record i holds gram `id`. */
  #has(id: number, i: number): boolean {
    const set = this.#bits[id];
    if (set) return hasRecord(set, i);
    const [list, from] = this.#list(id);
    let low = from;
    let high = from + this.#count[id]! - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const r = list[mid]!;
      if (r === i) return true;
      if (r < i) low = mid + 1;
      else high = mid - 1;
    }
    return false;
  }

  /**
   * The seeded records whose text contains a normalised query, as bits over `capacity` records
   * (at least the seeded ones), the same records `SeededText.scan` finds; in `spare` if it fits.
   */
  matches(query: string, capacity: number, spare?: Uint32Array): RecordSet {
    const bits = noRecords(Math.max(capacity, this.#size), spare);
    if (!SeededText.canScan(query) || query.length === 0) return { bits, count: 0 };
    if (query.length <= GRAM) {
      const id = this.#find(query, 0, query.length);
      if (id < 0) return { bits, count: 0 };
      const set = this.#bits[id];
      if (set) bits.set(set);
      else {
        const [list, from] = this.#list(id);
        for (let p = from, end = from + this.#count[id]!; p < end; p++) {
          const i = list[p]!;
          bits[i >>> 5]! |= 1 << (i & 31);
        }
      }
      return { bits, count: this.#count[id]! };
    }
    // Longer: the records holding every triple of the query, then each checked against its text.
    const triples: number[] = [];
    for (let k = 0; k + GRAM <= query.length; k++) {
      const id = this.#find(query, k, GRAM);
      if (id < 0) return { bits, count: 0 };
      triples.push(id);
    }
    triples.sort((a, b) => this.#count[a]! - this.#count[b]!);
    const [smallest, ...others] = triples as [number, ...number[]];
    let count = 0;
    const keep = (i: number) => {
      if (this.text.recordContains(i, query)) {
        bits[i >>> 5]! |= 1 << (i & 31);
        count++;
      }
    };
    const smallestBits = this.#bits[smallest];
    if (!smallestBits) {
      const [list, from] = this.#list(smallest);
      for (let p = from, end = from + this.#count[smallest]!; p < end; p++) {
        const i = list[p]!;
        if (others.every((id) => this.#has(id, i))) keep(i);
      }
      return { bits, count };
    }
    // The smallest set is a bitset, so all are: intersect them word by word, then check the text.
    const sets = others.map((id) => this.#bits[id]!);
    for (let w = 0; w < smallestBits.length; w++) {
      let word = smallestBits[w]!;
      for (const set of sets) word &= set[w]!;
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
  #scanned = false;
  #building: Steps<SeededText> | Steps<SearchIndex> | undefined;

  constructor(ds: Dataset) {
    this.#ds = ds;
  }

  /** Builds until `deadline` (a `performance.now()` time); false once all is built. */
  /** Whether a search scanned the text (the index not built yet) since the last call. */
  scannedSinceAsked(): boolean {
    const scanned = this.#scanned;
    this.#scanned = false;
    return scanned;
  }

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

  /**
   * The seeded records whose text contains a normalised query, as bits over `capacity` records; in
   * `spare` (a set the caller no longer needs) if it fits.
   */
  matches(query: string, capacity: number, spare?: Uint32Array): RecordSet {
    if (this.#index) return this.#index.matches(query, capacity, spare);
    this.#scanned = true;
    if (!this.#text) {
      this.#text = finish(
        (this.#building as Steps<SeededText> | undefined) ?? SeededText.buildInSteps(this.#ds),
      );
      this.#building = undefined;
    }
    const bits = noRecords(Math.max(capacity, this.#ds.size), spare);
    let count = 0;
    if (SeededText.canScan(query))
      this.#text.scan(query, (i) => {
        bits[i >>> 5]! |= 1 << (i & 31);
        count++;
      });
    return { bits, count };
  }
}
