/**
 * The contacts in each sort's order: one sort index per field, built on first use or ahead of it by
 * warmUp(), and kept right by every write (a record is taken out before a change and put back
 * after). A record written while its index was being built is put right once the build is done.
 */
import { contactIdOrder, contactIndexOfIdOrder } from '../data/contact.ts';
import type { Dataset } from '../data/dataset.ts';
import { SORT_FIELDS, TIMESTAMP_FIELDS, type SortField } from '../data/spec-lists.ts';
import { SortIndex, type SortSource, sortByKey } from './sort-index.ts';
import { seededOrderSteps } from './seeded-order.ts';
import { finish, type Steps } from './steps.ts';

/** The order warmUp() builds indexes in: the sorts a contact list offers first. */
// (The seeded -created_at order needs no index until a write, and then a cheap one.)
const WARM_UP_ORDER: readonly SortField[] = [
  ...new Set<SortField>(['display_name', 'updated_at', 'last_seen', ...SORT_FIELDS]),
].filter((f) => f !== 'created_at');

/** What the order needs of the contact table. */
export interface OrderedTable {
  ds: Dataset;
  /** How many contacts are alive. */
  liveCount(): number;
  exists(i: number): boolean;
  /** Whether seeded contact i was deleted. */
  isDeleted(i: number): boolean;
  /** The live created contacts' indices, in creation order. */
  createdIndices(): Iterable<number>;
  /** The seeded contacts whose records a write replaced (their keys may not be the seed's). */
  updatedIndices(): Iterable<number>;
  /** The sort key of live contact i for `field` (null as ""). */
  key(i: number, field: SortField): string;
  /** The coarse sort number of a timestamp field, cheaper than its key. */
  instantCoarse(i: number, field: SortField): number;
}

export type SortIndexes = Map<SortField, SortIndex>;

export class ContactOrder {
  readonly #table: OrderedTable;
  #indexes: SortIndexes = new Map();
  /**
   * The index warmUp() is building, and the records written since it began: their keys may have
   * been read before the write, so they are taken out and put back once it is built.
   */
  #warming: { field: SortField; written: Set<number>; steps: Steps<SortIndex> } | undefined;

  constructor(table: OrderedTable) {
    this.#table = table;
  }

  /** Whether the index of `field` is built. */
  has(field: SortField): boolean {
    return this.#indexes.has(field);
  }

  /** The fields whose indexes are built. */
  builtFields(): Iterable<SortField> {
    return this.#indexes.keys();
  }

  source(field: SortField): SortSource {
    const { ds } = this.#table;
    return {
      key: (i) => this.#table.key(i, field),
      idOrder: (i) => contactIdOrder(ds, i),
      indexOfIdOrder: (order) => contactIndexOfIdOrder(ds, order),
    };
  }

  /** The ascending index of a field, built on first use (or finished, when warmUp() began it). */
  sortIndex(field: SortField): SortIndex {
    const built = this.#indexes.get(field);
    if (built) return built;
    const warming = this.#warming?.field === field ? this.#warming : undefined;
    if (warming) this.#warming = undefined;
    const index = finish(warming?.steps ?? this.#indexSteps(field));
    if (warming) this.#patch(index, warming.written);
    this.#indexes.set(field, index);
    return index;
  }

  /**
   * Builds sort indexes until `deadline` (a `performance.now()` time); false once all are built.
   * Records written in between are put right once an index is built, never by building it again.
   */
  warmUp(deadline: number): boolean {
    do {
      if (!this.#warming) {
        const field = WARM_UP_ORDER.find((f) => !this.#indexes.has(f));
        if (field === undefined) return false;
        this.#warming = { field, written: new Set(), steps: this.#indexSteps(field) };
      }
      const step = this.#warming.steps.next();
      if (step.done) {
        this.#patch(step.value, this.#warming.written);
        this.#indexes.set(this.#warming.field, step.value);
        this.#warming = undefined;
      }
    } while (performance.now() < deadline);
    return true;
  }

  /** Takes contact i out of every built index (or those of `fields`), to be put back after a change. */
  unindex(i: number, fields?: Set<SortField>): void {
    this.#warming?.written.add(i);
    for (const [field, index] of this.#indexes) if (!fields || fields.has(field)) index.remove(i);
  }

  reindex(i: number, fields?: Set<SortField>): void {
    this.#warming?.written.add(i);
    for (const [field, index] of this.#indexes) if (!fields || fields.has(field)) index.insert(i);
  }

  /**
   * Contact i's keys of `fields` are changed by `change()`: it is found in their built indexes
   * before, and moved after to where the new keys place it (no other index is touched).
   */
  rekey(i: number, fields: ReadonlySet<SortField>, change: () => void): void {
    this.#warming?.written.add(i);
    const found: [SortIndex, number][] = [];
    for (const field of fields) {
      const index = this.#indexes.get(field);
      if (index) found.push([index, index.find(i)]);
    }
    change();
    for (const [index, from] of found) {
      if (from >= 0) index.move(i, from);
      else index.insert(i);
    }
  }

  /** Drops every index (and the one being built); returns the dropped ones, for an undo. */
  clear(): SortIndexes {
    const dropped = this.#indexes;
    this.#indexes = new Map();
    this.#warming = undefined;
    return dropped;
  }

  /** Puts back indexes that `clear()` dropped. */
  restore(indexes: SortIndexes): void {
    this.#indexes = indexes;
  }

  /** Puts the records written while `index` was built where their keys now place them. */
  #patch(index: SortIndex, written: Set<number>): void {
    for (const i of written) {
      index.remove(i);
      if (this.#table.exists(i)) index.insert(i);
    }
  }

  *#indexSteps(field: SortField): Steps<SortIndex> {
    const table = this.#table;
    const source = this.source(field);
    const seeded = yield* seededOrderSteps(table.ds, field);
    if (seeded) return this.#withWrites(seeded, source);
    if (field !== 'created_at') {
      return yield* SortIndex.buildInSteps(
        this.#liveIndices(),
        source,
        TIMESTAMP_FIELDS.has(field) ? (i) => table.instantCoarse(i, field) : undefined,
      );
    }
    // Seeded creation times fall strictly with the index: reversed index order is ascending, and
    // created contacts are newer than all of them. Only the created ones need sorting.
    const ordered = new Uint32Array(table.liveCount());
    let p = 0;
    for (let i = table.ds.size - 1; i >= 0; i--) if (!table.isDeleted(i)) ordered[p++] = i;
    ordered.set(sortByKey(Uint32Array.from(table.createdIndices()), source), p);
    return SortIndex.fromOrdered(ordered, source);
  }

  /**
   * The index from the seeded records' order (published ones left out): records the writes deleted
   * or replaced taken out, and those replaced, created or published put in by their keys.
   */
  #withWrites(seeded: Uint32Array, source: SortSource): SortIndex {
    const table = this.#table;
    const replaced = new Set(table.updatedIndices());
    const extra = new Set(replaced);
    for (const i of table.ds.published.contacts.keys()) if (table.exists(i)) extra.add(i);
    let created = 0;
    for (const i of table.createdIndices()) {
      extra.add(i);
      created++;
    }
    const deletedNone = table.liveCount() - created === table.ds.size;
    const kept =
      replaced.size === 0 && deletedNone
        ? seeded
        : seeded.filter((i) => !replaced.has(i) && !table.isDeleted(i));
    return SortIndex.merged(kept, Uint32Array.from(extra), source);
  }

  /** Every live index, ascending (created contacts come after the seeded ones, in creation order). */
  #liveIndices(): Uint32Array {
    const table = this.#table;
    const live = new Uint32Array(table.liveCount());
    let p = 0;
    for (let i = 0; i < table.ds.size; i++) if (!table.isDeleted(i)) live[p++] = i;
    for (const i of table.createdIndices()) live[p++] = i;
    return live;
  }
}
