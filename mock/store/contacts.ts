/**
 * The contacts as the API sees them: the seeded records (computed on demand) with the writes laid over
 * them — records changed since the seed, records created, seeded records deleted. Sort indexes and
 * search results are derived lazily and kept correct by every write.
 */
import type {
  Contact,
  ContactCreate,
  ContactSort,
  ContactUpdate,
  UpdatedContact,
} from '../../openapi/types.ts';
import {
  blankRecord,
  contactId,
  contactIdOrder,
  contactIndex,
  contactIndexOfIdOrder,
  seededContact,
  seededField,
  seededInstant,
} from '../data/contact.ts';
import type { Dataset } from '../data/dataset.ts';
import { BUSINESS_UNIT_ID, ORGANIZATION_ID } from '../data/pools.ts';
import {
  CONTACT_FIELDS,
  EDITABLE_FIELDS,
  GENDER_BY_CODE,
  SORT_FIELDS,
  TIMESTAMP_FIELDS,
  parseSort,
  type SortField,
} from '../data/spec-lists.ts';
import { REFERENCE_TIME, contactCreatedAt, iso } from '../data/timeline.ts';
import { SeededSearch, type RecordSet } from './search-index.ts';
import { SMALL_RESULT, pageOfMatches, recordsOf } from './search-order.ts';
import { normaliseQuery, writtenContactMatches } from './search-text.ts';
import { SortIndex, instantCoarse, timestampCoarse, type SortSource } from './sort-index.ts';
import { finish, type Steps } from './steps.ts';
import type { ContactPage } from './store.ts';

/** Matches of the last few queries, per sort; emptied by every write, so never stale. */
const CACHED_SEARCHES = 16;
/** The order warmUp() builds indexes in: the sorts a contact list offers first. */
// (The seeded -created_at order needs no index until a write, and then a cheap one.)
const WARM_UP_ORDER: readonly SortField[] = [
  ...new Set<SortField>(['display_name', 'updated_at', 'last_seen', ...SORT_FIELDS]),
].filter((f) => f !== 'created_at');

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

export function copyContact(contact: Contact): Contact {
  return { ...contact, additional_params: structuredClone(contact.additional_params) };
}

export class ContactTable {
  readonly ds: Dataset;
  readonly #now: () => Date;
  #updated = new Map<number, Contact>();
  #created = new Map<number, Contact>();
  #deleted = new Set<number>();
  #createdCount = 0;
  #newestCreatedAt: number;
  #indexes = new Map<SortField, SortIndex>();
  /**
   * The index warmUp() is building, and the records written since it began: their keys may have
   * been read before the write, so they are taken out and put back once it is built.
   */
  #warming: { field: SortField; written: Set<number>; steps: Steps<SortIndex> } | undefined;
  /** Search over the seeded records (writes do not change them), built by warmUp() or on first use. */
  readonly #search: SeededSearch;
  #searches = new Map<string, RecordSet | Uint32Array>();

  constructor(ds: Dataset, now: () => Date) {
    this.ds = ds;
    this.#now = now;
    this.#search = new SeededSearch(ds);
    this.#newestCreatedAt = this.#seededNewest();
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

  #source(field: SortField): SortSource {
    return {
      key: (i) => this.key(i, field),
      idOrder: (i) => contactIdOrder(this.ds, i),
      indexOfIdOrder: (order) => contactIndexOfIdOrder(this.ds, order),
    };
  }

  /** Every live index, ascending (created contacts come after the seeded ones, in creation order). */
  #liveIndices(): Uint32Array {
    const live = new Uint32Array(this.count);
    let p = 0;
    for (let i = 0; i < this.ds.size; i++) if (!this.#deleted.has(i)) live[p++] = i;
    for (const i of this.#created.keys()) live[p++] = i;
    return live;
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

  /** Puts the records written while `index` was built where their keys now place them. */
  #patch(index: SortIndex, written: Set<number>): void {
    for (const i of written) {
      index.remove(i);
      if (this.exists(i)) index.insert(i);
    }
  }

  *#indexSteps(field: SortField): Steps<SortIndex> {
    const source = this.#source(field);
    if (field !== 'created_at') {
      return yield* SortIndex.buildInSteps(
        this.#liveIndices(),
        source,
        TIMESTAMP_FIELDS.has(field) ? (i) => this.#instantCoarse(i, field) : undefined,
      );
    }
    // Seeded creation times fall strictly with the index: reversed index order is ascending, and
    // created contacts are newer than all of them. Only the created ones need sorting.
    const ordered = new Uint32Array(this.count);
    let p = 0;
    for (let i = this.ds.size - 1; i >= 0; i--) if (!this.#deleted.has(i)) ordered[p++] = i;
    const created = [...this.#created.keys()].sort((a, b) => compareBy(source, a, b));
    for (const i of created) ordered[p++] = i;
    return SortIndex.fromOrdered(ordered, source);
  }

  /**
   * Builds, for about `budgetMs`, the sort indexes and then the search text that requests would
   * otherwise build on first use (a second or more each at a million contacts). Returns false once
   * all are built. Records written in between are put right once the index is built, never by
   * building it again (the search text holds only seeded records, which writes do not change).
   */
  warmUp(budgetMs: number): boolean {
    const deadline = performance.now() + budgetMs;
    do {
      if (!this.#warming) {
        const field = WARM_UP_ORDER.find((f) => !this.#indexes.has(f));
        if (field === undefined) return this.#warmUpText(deadline);
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

  /** Builds the search text and index until `deadline`; false once they are built. */
  #warmUpText(deadline: number): boolean {
    return this.#search.warmUp(deadline);
  }

  /** One page in `sort` order, with the count of all contacts (or of those matching `q`). */
  page(sort: ContactSort, skip: number, limit: number, q?: string): ContactPage {
    const { field, descending } = parseSort(sort);
    if (q !== undefined) return this.#searchPage(q, field, descending, skip, limit);
    if (
      field === 'created_at' &&
      !this.#indexes.has(field) &&
      this.#deleted.size === 0 &&
      this.#created.size === 0
    ) {
      // Untouched seed: index order is the -created_at order, no index needed.
      const count = this.ds.size;
      const data: Contact[] = [];
      for (let p = skip; p < count && p < skip + limit; p++)
        data.push(this.get(descending ? p : count - 1 - p)!);
      return { data, count };
    }
    const index = this.sortIndex(field);
    const count = index.length;
    const data: Contact[] = [];
    for (let p = skip; p < count && p < skip + limit; p++)
      data.push(this.get(index.at(descending ? count - 1 - p : p))!);
    return { data, count };
  }

  #searchPage(
    q: string,
    field: SortField,
    descending: boolean,
    skip: number,
    limit: number,
  ): ContactPage {
    const query = normaliseQuery(q);
    if (query === undefined) return { data: [], count: 0 };
    const matches = this.#matches(query);
    if (matches.count > SMALL_RESULT) {
      const page = pageOfMatches(matches, this.sortIndex(field), descending, skip, limit);
      return { data: page.map((i) => this.get(i)!), count: matches.count };
    }
    const sorted = this.#sortedMatches(query, matches, field);
    const count = sorted.length;
    const data: Contact[] = [];
    for (let p = skip; p < count && p < skip + limit; p++)
      data.push(this.get(sorted[descending ? count - 1 - p : p]!)!);
    return { data, count };
  }

  /** After every write: no kept search results. */
  #wrote(): void {
    this.#searches.clear();
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
    if (this.#searches.size > CACHED_SEARCHES)
      this.#searches.delete(this.#searches.keys().next().value!);
    return made;
  }

  /** The live contacts matching a normalised query: the seeded ones from the index, then the writes. */
  #matches(query: string): RecordSet {
    return this.#cached(query, () => {
      const found = this.#search.matches(query, this.ds.size + this.#createdCount);
      const { bits } = found;
      const set = (i: number, on: boolean) => {
        const bit = 1 << (i & 31);
        const was = (bits[i >>> 5]! & bit) !== 0;
        if (was === on) return;
        bits[i >>> 5]! ^= bit;
        found.count += on ? 1 : -1;
      };
      for (const i of this.#deleted) set(i, false);
      for (const [i, contact] of this.#updated) set(i, writtenContactMatches(contact, query));
      for (const [i, contact] of this.#created) set(i, writtenContactMatches(contact, query));
      return found;
    });
  }

  /** A few matches in ascending `field` order, sorted by key. */
  #sortedMatches(query: string, matches: RecordSet, field: SortField): Uint32Array {
    return this.#cached(`${query}\u0000${field}`, () => {
      const source = this.#source(field);
      const keys = new Map<number, string>();
      const records = recordsOf(matches);
      for (const i of records) keys.set(i, source.key(i));
      return records.sort((a, b) => {
        const ka = keys.get(a)!;
        const kb = keys.get(b)!;
        return ka < kb ? -1 : ka > kb ? 1 : source.idOrder(a) - source.idOrder(b);
      });
    });
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

  /** Takes contact i out of every built index, to be put back after a change. */
  #unindex(i: number, fields?: Set<SortField>): void {
    this.#warming?.written.add(i);
    for (const [field, index] of this.#indexes) if (!fields || fields.has(field)) index.remove(i);
  }

  #reindex(i: number, fields?: Set<SortField>): void {
    this.#warming?.written.add(i);
    for (const [field, index] of this.#indexes) if (!fields || fields.has(field)) index.insert(i);
  }

  create(input: ContactCreate): Contact {
    const i = this.ds.size + this.#createdCount;
    this.#createdCount++;
    const createdAt = Math.max(this.#now().getTime(), this.#newestCreatedAt + 1);
    this.#newestCreatedAt = createdAt;
    const record = blankRecord();
    for (const field of CONTACT_FIELDS) record[field] = '';
    Object.assign(record, {
      object_name: 'contact',
      id: contactId(this.ds, i),
      organization_id: ORGANIZATION_ID,
      business_unit_id: BUSINESS_UNIT_ID,
      channel_id: input.channel_id ?? this.ds.pools.channels[input.channel_type][0]!,
      channel_type: input.channel_type,
      created_at: iso(createdAt),
      updated_at: null,
      additional_params: {},
    });
    const contact = record as Contact;
    applyEditable(contact, input);
    if (
      input.display_name === undefined &&
      (input.first_name !== undefined || input.last_name !== undefined)
    ) {
      contact.display_name = `${contact.first_name} ${contact.last_name}`.trim();
    }
    this.#created.set(i, contact);
    this.#reindex(i);
    this.#wrote();
    return copyContact(contact);
  }

  update(i: number, patch: ContactUpdate): UpdatedContact | undefined {
    const current = this.get(i);
    if (!current) return undefined;
    const next = copyContact(current);
    applyEditable(next, patch);
    // Either name sent: the display name follows the names (the one not sent keeps its stored value).
    if (patch.first_name !== undefined || patch.last_name !== undefined)
      next.display_name = `${next.first_name} ${next.last_name}`.trim();
    next.updated_at = iso(this.#now().getTime());
    const changed = new Set<SortField>();
    for (const field of this.#indexes.keys())
      if (field !== 'id' && (current[field] ?? '') !== (next[field] ?? '')) changed.add(field);
    this.#unindex(i, changed);
    if (i < this.ds.size) this.#updated.set(i, next);
    else this.#created.set(i, next);
    this.#reindex(i, changed);
    this.#wrote();
    return { ...copyContact(next), action: 'bu.contact_updated' };
  }

  remove(i: number): boolean {
    if (!this.exists(i)) return false;
    this.#unindex(i);
    if (i < this.ds.size) {
      this.#deleted.add(i);
      this.#updated.delete(i);
    } else {
      this.#created.delete(i);
    }
    this.#wrote();
    return true;
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
  reset(): void {
    this.#updated = new Map();
    this.#created = new Map();
    this.#deleted = new Set();
    this.#createdCount = 0;
    this.#newestCreatedAt = this.#seededNewest();
    this.#indexes = new Map();
    this.#warming = undefined;
    this.#wrote();
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

function compareBy(source: SortSource, a: number, b: number): number {
  const ka = source.key(a);
  const kb = source.key(b);
  return ka < kb ? -1 : ka > kb ? 1 : source.idOrder(a) - source.idOrder(b);
}

/** Copies the editable fields of a body onto a record: gender codes become words, labels go to additional_params. */
function applyEditable(contact: Contact, body: ContactUpdate): void {
  const record = contact as unknown as Record<string, unknown>;
  const input = body as Record<string, unknown>;
  for (const field of EDITABLE_FIELDS) {
    const value = input[field];
    if (
      value === undefined ||
      field === 'labels' ||
      field === 'gender' ||
      field === 'additional_params'
    )
      continue;
    record[field] = value;
  }
  if (body.gender !== undefined) contact.gender = GENDER_BY_CODE[body.gender] ?? '';
  if (body.additional_params !== undefined)
    contact.additional_params = structuredClone(body.additional_params);
  if (body.labels !== undefined)
    contact.additional_params = { ...contact.additional_params, labels: [...body.labels] };
}
