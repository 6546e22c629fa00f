/**
 * Text search over the contacts: the seeded records through their search index (search-index.ts,
 * built once: writes never change them), the records written since by a test of their own, and the
 * matches of the last few queries, kept correct by each update and dropped by other writes. A page of many matches is found by
 * walking the sort index (search-order.ts); only a few matches are sorted.
 */
import type { Contact } from '../../openapi/types.ts';
import type { Dataset } from '../data/dataset.ts';
import { SORT_FIELDS, type SortField } from '../data/spec-lists.ts';
import { type RecordSet, SeededSearch, hasRecord } from './search-index.ts';
import { SMALL_RESULT, pageOfMatches, recordsOf } from './search-order.ts';
import { normaliseQuery, writtenContactMatches } from './search-text.ts';
import { type SortIndex, type SortSource, sortByKey } from './sort-index.ts';

/**
 * Matches of the last few queries (and their sorted forms): an update patches them (see
 * `rewritten`), any other write empties them, so they are never stale.
 */
const CACHED_SEARCHES = 16;

/** The key of a query's matches sorted by `field` (a query's own key is the query). */
const sortedKey = (query: string, field: SortField) => `${query}\u0000${field}`;

/** What the search needs of the contact table. */
export interface SearchedTable {
  ds: Dataset;
  /** The seeded contacts deleted since the seed. */
  deleted(): Iterable<number>;
  /** The live records written since the seed, by index: changed seeded ones, created ones. */
  written(): Iterable<ReadonlyMap<number, Contact>>;
  /** One more than the largest index a contact has had. */
  indexBound(): number;
  source(field: SortField): SortSource;
  sortIndex(field: SortField): SortIndex;
}

export class ContactSearch {
  readonly #table: SearchedTable;
  readonly #seeded: SeededSearch;
  #searches = new Map<string, RecordSet | Uint32Array>();
  /** The bits of the last set of matches dropped from `#searches`, for the next query to fill. */
  #spare: Uint32Array | undefined;

  constructor(table: SearchedTable) {
    this.#table = table;
    this.#seeded = new SeededSearch(table.ds);
  }

  /** After a write (or undo) that created, deleted or reset contacts: no kept results. */
  clear(): void {
    this.#searches.clear();
  }

  /**
   * Live contact i is now `record` (an update): each kept set of matches takes or drops it by testing
   * `record` alone, and the kept sorted matches of a query it matched, or matches now, are dropped.
   */
  rewritten(i: number, record: Contact): void {
    for (const [key, kept] of this.#searches) {
      if (kept instanceof Uint32Array) continue;
      const was = hasRecord(kept.bits, i);
      const now = writtenContactMatches(record, key);
      if (was !== now) {
        kept.bits[i >>> 5]! ^= 1 << (i & 31);
        kept.count += now ? 1 : -1;
      }
      if (was || now) for (const field of SORT_FIELDS) this.#searches.delete(sortedKey(key, field));
    }
  }

  /** Whether a search scanned the text because the index was not built yet, since the last call. */
  scannedSinceAsked(): boolean {
    return this.#seeded.scannedSinceAsked();
  }

  /** Builds the search text and index until `deadline`; false once they are built. */
  warmUp(deadline: number): boolean {
    return this.#seeded.warmUp(deadline);
  }

  /**
   * The records at [skip, skip + limit) of the live contacts matching `q` in `field` order
   * (descending when asked), and how many match; undefined for a blank query.
   */
  page(
    q: string,
    field: SortField,
    descending: boolean,
    skip: number,
    limit: number,
  ): { records: number[]; count: number } | undefined {
    const query = normaliseQuery(q);
    if (query === undefined) return undefined;
    const matches = this.#matches(query);
    if (matches.count > SMALL_RESULT) {
      const records = pageOfMatches(matches, this.#table.sortIndex(field), descending, skip, limit);
      return { records, count: matches.count };
    }
    const sorted = this.#sortedMatches(query, matches, field);
    const count = sorted.length;
    const records: number[] = [];
    for (let p = skip; p < count && p < skip + limit; p++)
      records.push(sorted[descending ? count - 1 - p : p]!);
    return { records, count };
  }

  #cached<T extends RecordSet | Uint32Array>(key: string, make: () => T): T {
    const hit = this.#searches.get(key);
    if (hit) {
      // Most recently used last.
      this.#searches.delete(key);
      this.#searches.set(key, hit);
      return hit as T;
    }
    const made = make();
    this.#searches.set(key, made);
    if (this.#searches.size > CACHED_SEARCHES) {
      // The oldest, never the one just made or used: the caller's matches stay whole.
      const [oldest, dropped] = this.#searches.entries().next().value!;
      this.#searches.delete(oldest);
      if (!(dropped instanceof Uint32Array)) this.#spare = dropped.bits;
    }
    return made;
  }

  /** The live contacts matching a normalised query: the seeded ones from the index, then the writes. */
  #matches(query: string): RecordSet {
    return this.#cached(query, () => {
      const table = this.#table;
      const found = this.#seeded.matches(query, table.indexBound(), this.#spare);
      this.#spare = undefined;
      const { bits } = found;
      const set = (i: number, on: boolean) => {
        if (hasRecord(bits, i) === on) return;
        bits[i >>> 5]! ^= 1 << (i & 31);
        found.count += on ? 1 : -1;
      };
      for (const i of table.deleted()) set(i, false);
      for (const records of table.written())
        for (const [i, contact] of records) set(i, writtenContactMatches(contact, query));
      return found;
    });
  }

  /** A few matches in ascending `field` order, sorted by key. */
  #sortedMatches(query: string, matches: RecordSet, field: SortField): Uint32Array {
    return this.#cached(sortedKey(query, field), () =>
      sortByKey(recordsOf(matches), this.#table.source(field)),
    );
  }
}
