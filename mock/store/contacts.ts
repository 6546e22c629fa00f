/**
 * The contacts as the API sees them: the seeded records (computed on demand) with the writes laid over
 * them — records changed since the seed, records created, seeded records deleted. Their order
 * (contact-order.ts) and search (contact-search.ts) are derived lazily and kept correct by every
 * write.
 */
import type {
  Contact,
  ContactCreate,
  ContactSort,
  ContactUpdate,
  UpdatedContact,
} from '../../openapi/types.ts';
import {
  contactId,
  contactIndex,
  seededContact,
  seededField,
  seededInstant,
} from '../data/contact.ts';
import { type SeededJsonBytes, seededJsonBytes } from '../data/contact-json-bytes.ts';
import type { Dataset } from '../data/dataset.ts';
import { parseSort, type SortField } from '../data/spec-lists.ts';
import { REFERENCE_TIME, contactCreatedAt } from '../data/timeline.ts';
import { ContactOrder } from './contact-order.ts';
import { copyContact, newContact, updatedContact } from './contact-record.ts';
import { ContactSearch } from './contact-search.ts';
import { type SortIndex, instantCoarse, timestampCoarse } from './sort-index.ts';
import type { ContactPage, ContactPageJson, Undo } from './types.ts';
import { CONTACT_UPDATED_ACTION } from '../../openapi/spec.ts';

/** What the writes made of the contacts: enough to rebuild them on the same seed. */
export interface ContactWrites {
  /** How many contacts were ever created (the next one's index is size + this). */
  createdCount: number;
  /** Seeded contacts as they are after their updates. */
  updated: Contact[];
  /** Created contacts still alive, as they are now. */
  created: Contact[];
  /** Ids of deleted seeded contacts. */
  deleted: string[];
}

export class ContactTable {
  readonly ds: Dataset;
  #updated = new Map<number, Contact>();
  #created = new Map<number, Contact>();
  #deleted = new Set<number>();
  #createdCount = 0;
  #newestCreatedAt: number;
  readonly #order: ContactOrder;
  readonly #search: ContactSearch;
  readonly #seededJson: SeededJsonBytes;

  constructor(ds: Dataset) {
    this.ds = ds;
    this.#seededJson = seededJsonBytes(ds);
    this.#newestCreatedAt = this.#seededNewest();
    this.#order = new ContactOrder({
      ds,
      liveCount: () => this.count,
      exists: (i) => this.exists(i),
      isDeleted: (i) => this.#deleted.has(i),
      createdIndices: () => this.#created.keys(),
      updatedIndices: () => this.#updated.keys(),
      key: (i, field) => this.key(i, field),
      instantCoarse: (i, field) => this.#instantCoarse(i, field),
    });
    this.#search = new ContactSearch({
      ds,
      deleted: () => this.#deleted,
      written: () => [this.#updated, this.#created],
      indexBound: () => this.ds.size + this.#createdCount,
      source: (field) => this.#order.source(field),
      sortIndex: (field) => this.sortIndex(field),
    });
  }

  #seededNewest(): number {
    return this.ds.size > 0 ? contactCreatedAt(this.ds.seed, 0) : REFERENCE_TIME;
  }

  get count(): number {
    return this.ds.size - this.#deleted.size + this.#created.size;
  }

  exists(i: number): boolean {
    return i < this.ds.size ? !this.#deleted.has(i) : this.#created.has(i);
  }

  /** The index of a live contact's id. */
  indexOf(id: string): number | undefined {
    const i = contactIndex(this.ds, id);
    return i !== undefined && this.exists(i) ? i : undefined;
  }

  /** Contact i as it is now (a copy the caller may keep), or undefined when it does not exist. */
  get(i: number): Contact | undefined {
    if (i < this.ds.size) {
      if (this.#deleted.has(i)) return undefined;
      const changed = this.#updated.get(i);
      return changed ? copyContact(changed) : seededContact(this.ds, i);
    }
    const created = this.#created.get(i);
    return created ? copyContact(created) : undefined;
  }

  #overlay(i: number): Contact | undefined {
    return i < this.ds.size ? this.#updated.get(i) : this.#created.get(i);
  }

  /** The sort key of live contact i for `field`: its value now, null as "". Ids order by `idOrder`. */
  key(i: number, field: SortField): string {
    if (field === 'id') return '';
    const overlay = this.#overlay(i);
    // A created record deleted while an index was being built from a list that still held it.
    if (!overlay && i >= this.ds.size) return '';
    const value = overlay ? overlay[field] : seededField(this.ds, i, field);
    return value ?? '';
  }

  /** The coarse sort number of a timestamp field: seeded values straight from their instant, no text. */
  #instantCoarse(i: number, field: SortField): number {
    const overlay = this.#overlay(i);
    if (overlay || i >= this.ds.size) return timestampCoarse(this.key(i, field));
    return instantCoarse(
      seededInstant(this.ds, i, field as 'created_at' | 'last_seen' | 'updated_at'),
    );
  }

  /** The ascending index of a field, built on first use (or finished, when warmUp() began it). */
  sortIndex(field: SortField): SortIndex {
    return this.#order.sortIndex(field);
  }

  /**
   * Builds, for about `budgetMs`, the sort indexes and then the search text and index that requests
   * would otherwise build on first use (a second or more each at a million contacts). Returns false
   * once all are built.
   */
  warmUp(budgetMs: number): boolean {
    const deadline = performance.now() + budgetMs;
    return this.#order.warmUp(deadline) || this.#search.warmUp(deadline);
  }

  /** Whether a search scanned the text because its index was not built yet, since the last call. */
  searchWaited(): boolean {
    return this.#search.scannedSinceAsked();
  }

  /** Builds every sort index that is not built yet, now. */
  buildSortIndexes(): void {
    this.#order.warmUp(Number.POSITIVE_INFINITY);
  }

  /** One page in `sort` order, with the count of all contacts (or of those matching `q`). */
  page(sort: ContactSort, skip: number, limit: number, q?: string): ContactPage {
    const { indices, count } = this.#pageIndices(sort, skip, limit, q);
    return { data: indices.map((i) => this.get(i)!), count };
  }

  /** The same page as UTF-8 JSON: what `JSON.stringify(page.data)` holds between its brackets. */
  pageJson(sort: ContactSort, skip: number, limit: number, q?: string): ContactPageJson {
    const { indices, count } = this.#pageIndices(sort, skip, limit, q);
    const records = this.#seededJson.page(indices, this.#writtenJson);
    return { records, count };
  }

  /** A written record's JSON (seeded ones are kept as bytes by #seededJson). */
  readonly #writtenJson = (i: number): string | undefined => {
    const overlay = this.#overlay(i);
    return overlay && JSON.stringify(overlay);
  };

  /** The contacts of one page, by index, in order; with the count of all (or of those matching `q`). */
  #pageIndices(
    sort: ContactSort,
    skip: number,
    limit: number,
    q: string | undefined,
  ): { indices: number[]; count: number } {
    const { field, descending } = parseSort(sort);
    if (q !== undefined) {
      const found = this.#search.page(q, field, descending, skip, limit);
      return found === undefined
        ? { indices: [], count: 0 }
        : { indices: found.records, count: found.count };
    }
    // Untouched seed: index order is the -created_at order, no index needed.
    const untouched =
      field === 'created_at' &&
      !this.#order.has(field) &&
      this.#deleted.size === 0 &&
      this.#created.size === 0;
    const index = untouched ? undefined : this.sortIndex(field);
    const count = index ? index.length : this.ds.size;
    /** The record at ascending position q. */
    const at = (q: number) => (index ? index.at(q) : count - 1 - q);
    const indices: number[] = [];
    for (let p = skip; p < count && p < skip + limit; p++)
      indices.push(at(descending ? count - 1 - p : p));
    return { indices, count };
  }

  /** After every write (and undo): no kept search results. */
  #wrote(): void {
    this.#search.clear();
  }

  /** How many created contacts are alive. */
  get createdAlive(): number {
    return this.#created.size;
  }

  /** Every live contact in `sort` order, as of the call; produced one at a time. */
  *inOrder(sort: ContactSort): Generator<Contact> {
    const { field, descending } = parseSort(sort);
    const order = this.sortIndex(field).snapshot();
    if (descending) order.reverse();
    for (const i of order) {
      const contact = this.get(i);
      if (contact) yield contact;
    }
  }

  /** Creates a contact at time `at` (ms); its id follows from how many were ever created. */
  create(input: ContactCreate, at: number): { contact: Contact; undo: Undo } {
    const i = this.ds.size + this.#createdCount;
    const newestBefore = this.#newestCreatedAt;
    this.#createdCount++;
    const createdAt = Math.max(at, this.#newestCreatedAt + 1);
    this.#newestCreatedAt = createdAt;
    const contact = newContact(this.ds, i, input, createdAt);
    this.#created.set(i, contact);
    this.#order.reindex(i);
    this.#wrote();
    const undo = () => {
      this.#order.unindex(i);
      this.#created.delete(i);
      this.#createdCount--;
      this.#newestCreatedAt = newestBefore;
      this.#wrote();
    };
    return { contact: copyContact(contact), undo };
  }

  /** Updates live contact i at time `at` (ms); undefined when it does not exist. */
  update(
    i: number,
    patch: ContactUpdate,
    at: number,
  ): { contact: UpdatedContact; undo: Undo } | undefined {
    if (!this.exists(i)) return undefined;
    const before = this.#overlay(i);
    const current = before ?? seededContact(this.ds, i);
    const next = updatedContact(current, patch, at);
    this.#replace(i, next, current);
    const undo = () => this.#replace(i, before);
    // One copy with the action added last, not a copy spread into another.
    const contact: UpdatedContact = Object.assign(copyContact(next), {
      action: CONTACT_UPDATED_ACTION,
    });
    return { contact, undo };
  }

  /**
   * Lays `record` over contact i (undefined: back to the seeded record), which is `current` now.
   * Only the sort indexes of fields whose value changed move it; the kept search results follow it.
   */
  #replace(
    i: number,
    record: Contact | undefined,
    current = this.#overlay(i) ?? seededContact(this.ds, i),
  ): void {
    const next = record ?? seededContact(this.ds, i);
    const changed = new Set<SortField>();
    for (const field of this.#order.builtFields())
      if (field !== 'id' && (current[field] ?? '') !== (next[field] ?? '')) changed.add(field);
    this.#order.rekey(i, changed, () => {
      if (i >= this.ds.size) this.#created.set(i, record!);
      else if (record) this.#updated.set(i, record);
      else this.#updated.delete(i);
    });
    // Back to the seeded record: whether it matches is the search index's to say, not kept results'.
    if (record) this.#search.rewritten(i, record);
    else this.#wrote();
  }

  /** Deletes live contact i; undefined when it does not exist. */
  remove(i: number): Undo | undefined {
    if (!this.exists(i)) return undefined;
    const before = this.#overlay(i);
    this.#order.unindex(i);
    if (i < this.ds.size) {
      this.#deleted.add(i);
      this.#updated.delete(i);
    } else {
      this.#created.delete(i);
    }
    this.#wrote();
    return () => {
      if (i < this.ds.size) {
        this.#deleted.delete(i);
        if (before) this.#updated.set(i, before);
      } else {
        this.#created.set(i, before!);
      }
      this.#order.reindex(i);
      this.#wrote();
    };
  }

  writes(): ContactWrites {
    return {
      createdCount: this.#createdCount,
      updated: [...this.#updated.values()].map(copyContact),
      created: [...this.#created.values()].map(copyContact),
      deleted: [...this.#deleted].sort((a, b) => a - b).map((i) => contactId(this.ds, i)),
    };
  }

  /** Back to the seed; the joined search text (seeded values only) is kept. */
  reset(): Undo {
    const before = {
      updated: this.#updated,
      created: this.#created,
      deleted: this.#deleted,
      createdCount: this.#createdCount,
      newestCreatedAt: this.#newestCreatedAt,
    };
    this.#updated = new Map();
    this.#created = new Map();
    this.#deleted = new Set();
    this.#createdCount = 0;
    this.#newestCreatedAt = this.#seededNewest();
    const indexes = this.#order.clear();
    this.#wrote();
    return () => {
      this.#updated = before.updated;
      this.#created = before.created;
      this.#deleted = before.deleted;
      this.#createdCount = before.createdCount;
      this.#newestCreatedAt = before.newestCreatedAt;
      this.#order.restore(indexes);
      this.#wrote();
    };
  }

  /** Replaces the writes with persisted ones (already checked to belong to this dataset). */
  restore(writes: ContactWrites): void {
    this.reset();
    this.#createdCount = writes.createdCount;
    for (const contact of writes.updated)
      this.#updated.set(contactIndex(this.ds, contact.id)!, copyContact(contact));
    for (const contact of writes.created) {
      this.#created.set(contactIndex(this.ds, contact.id)!, copyContact(contact));
      this.#newestCreatedAt = Math.max(this.#newestCreatedAt, Date.parse(contact.created_at));
    }
    for (const id of writes.deleted) this.#deleted.add(contactIndex(this.ds, id)!);
    this.#wrote();
  }
}
