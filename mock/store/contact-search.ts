/**
 * Text search over the contacts: the seeded records through their joined text (search-text.ts, built
 * once: writes never change it), the records written since by a scan of their own, and the matches
 * of the last few queries kept per sort until the next write.
 */
import type { Contact } from '../../openapi/types.ts';
import type { Dataset } from '../data/dataset.ts';
import type { SortField } from '../data/spec-lists.ts';
import { SeededText, contactMatches, normaliseQuery } from './search-text.ts';
import type { SortIndex, SortSource } from './sort-index.ts';
import { finish, type Steps } from './steps.ts';

/** Matches of the last few queries, per sort; emptied by every write, so never stale. */
const CACHED_SEARCHES = 16;
/** Up to this many matches are ordered by sorting them; more by walking the sort index. */
const SMALL_RESULT = 4096;

/** What the search needs of the contact table. */
export interface SearchedTable {
  ds: Dataset;
  /** Whether seeded contact i was deleted or changed (its seeded text no longer counts). */
  isWritten(i: number): boolean;
  /** The live records written since the seed, by index: changed seeded ones, created ones. */
  written(): Iterable<ReadonlyMap<number, Contact>>;
  /** One more than the largest index a contact has had. */
  indexBound(): number;
  source(field: SortField): SortSource;
  sortIndex(field: SortField): SortIndex;
}

export class ContactSearch {
  readonly #table: SearchedTable;
  #text: SeededText | undefined;
  /** The search text warmUp() is building. */
  #warmingText: Steps<SeededText> | undefined;
  #searches = new Map<string, Uint32Array>();

  constructor(table: SearchedTable) {
    this.#table = table;
  }

  /** After every write (and undo): no kept results. */
  clear(): void {
    this.#searches.clear();
  }

  /** Builds the search text until `deadline`; false once it is built. */
  warmUp(deadline: number): boolean {
    if (this.#text) return false;
    this.#warmingText ??= SeededText.buildInSteps(this.#table.ds);
    do {
      const step = this.#warmingText.next();
      if (step.done) {
        this.#text = step.value;
        this.#warmingText = undefined;
        return false;
      }
    } while (performance.now() < deadline);
    return true;
  }

  /** The live contacts matching `q`, in ascending `field` order; undefined for a blank query. */
  ordered(q: string, field: SortField): Uint32Array | undefined {
    const query = normaliseQuery(q);
    return query === undefined ? undefined : this.#orderedMatches(query, field);
  }

  #cached(key: string, make: () => Uint32Array): Uint32Array {
    const hit = this.#searches.get(key);
    if (hit) {
      // Most recently used last.
      this.#searches.delete(key);
      this.#searches.set(key, hit);
      return hit;
    }
    const made = make();
    this.#searches.set(key, made);
    if (this.#searches.size > CACHED_SEARCHES)
      this.#searches.delete(this.#searches.keys().next().value!);
    return made;
  }

  /** The live contacts matching a normalised query, in no particular order. */
  #matches(query: string): Uint32Array {
    return this.#cached(query, () => {
      const table = this.#table;
      const found: number[] = [];
      // Seeded values never contain the joined text's separators (control characters), so a query
      // that does can only match records written since.
      if (SeededText.canScan(query)) {
        this.#text ??= finish(this.#warmingText ?? SeededText.buildInSteps(table.ds));
        this.#warmingText = undefined;
        this.#text.scan(query, (i) => {
          if (!table.isWritten(i)) found.push(i);
        });
      }
      for (const records of table.written())
        for (const [i, contact] of records) if (contactMatches(contact, query)) found.push(i);
      return Uint32Array.from(found);
    });
  }

  /** The matches of a query in ascending `field` order. */
  #orderedMatches(query: string, field: SortField): Uint32Array {
    return this.#cached(`${query}\u0000${field}`, () => {
      const matches = this.#matches(query);
      const source = this.#table.source(field);
      if (matches.length <= SMALL_RESULT) {
        const keys = new Map<number, string>();
        for (const i of matches) keys.set(i, source.key(i));
        return Uint32Array.from(matches).sort((a, b) => {
          const ka = keys.get(a)!;
          const kb = keys.get(b)!;
          return ka < kb ? -1 : ka > kb ? 1 : source.idOrder(a) - source.idOrder(b);
        });
      }
      const index = this.#table.sortIndex(field);
      const wanted = new Uint8Array(this.#table.indexBound());
      for (const i of matches) wanted[i] = 1;
      const ordered = new Uint32Array(matches.length);
      let p = 0;
      for (let q = 0; q < index.length; q++) {
        const i = index.at(q);
        if (wanted[i]) ordered[p++] = i;
      }
      return ordered;
    });
  }
}
