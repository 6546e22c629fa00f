/**
 * Text search over the seeded contacts without keeping the records: the searchable text of every
 * seeded contact, lower-cased, in one string (built on the first search), scanned with the engine's
 * native `indexOf`. Records changed since the seed are checked one by one instead (see contacts.ts).
 */
import type { Contact } from '../../openapi/types.ts';
import { FIELD, traits } from '../data/contact.ts';
import type { Dataset } from '../data/dataset.ts';
import { finish, type Steps } from './steps.ts';

/** The fields a text search looks at. */
export const SEARCH_FIELDS = [
  'display_name',
  'first_name',
  'last_name',
  'email',
  'phone_number',
  'remark',
  'company_name',
  'position',
  'title',
  'location',
] as const satisfies readonly (keyof Contact)[];

/** Between two fields of a record, so that a query never matches across them. */
const FIELD_SEPARATOR = '\u0001';
/** Between two records. */
const RECORD_SEPARATOR = '\u0000';

/** The normalised form of a query, or undefined when it is blank (matches nothing). */
export function normaliseQuery(q: string): string | undefined {
  const trimmed = q.trim().toLowerCase();
  return trimmed === '' ? undefined : trimmed;
}

/** Whether a record matches a normalised query. */
export function contactMatches(contact: Contact, query: string): boolean {
  for (const field of SEARCH_FIELDS) {
    if (contact[field].toLowerCase().includes(query)) return true;
  }
  return false;
}

/** The lower-cased searchable text of records written since the seed, per record object. */
const writtenText = new WeakMap<Contact, string>();

/**
 * `contactMatches`, with the record's lower-cased text kept while the record object lives: a write
 * stores a new object, so the text is never stale, and a search after many writes costs one
 * `includes` per written record instead of lower-casing ten fields of each.
 */
export function writtenContactMatches(contact: Contact, query: string): boolean {
  if (!SeededText.canScan(query)) return contactMatches(contact, query);
  let text = writtenText.get(contact);
  if (text === undefined) {
    text = SEARCH_FIELDS.map((field) => contact[field].toLowerCase()).join(FIELD_SEPARATOR);
    writtenText.set(contact, text);
  }
  return text.includes(query);
}

/**
 * Appends the searchable text of seeded contact i (not yet lower-cased, fields separated) to `out`,
 * piece by piece so that no intermediate strings are made; returns its length.
 */
function appendSeededText(ds: Dataset, i: number, out: string[]): number {
  const t = traits(ds, i);
  // Anonymous visitors have only a display name; the other fields are empty.
  if (t.anonymous) {
    const name = FIELD.display_name(t);
    out.push(name);
    return name.length;
  }
  // Empty fields add nothing to match, so they need no separator of their own.
  let length = 0;
  for (const field of SEARCH_FIELDS) {
    const value = FIELD[field](t);
    if (value === '') continue;
    out.push(value, FIELD_SEPARATOR);
    length += value.length + 1;
  }
  return length;
}

/**
 * Records per joined string: small enough that the pieces die young (cheap to collect) and that
 * joining and lower-casing them fits a slice of the build (16,384 took 10–18 ms), far below the
 * string-length limit.
 */
const CHUNK = 1 << 12;

export interface Chunk {
  first: number;
  text: string;
  /** Where record first+k's text starts in `text`; the last entry is the end. */
  starts: Uint32Array;
}

/** Records per slice of `SeededText.buildInSteps()`: about a millisecond of work, so a request waits little. */
const STEP = 512;

export class SeededText {
  readonly #chunks: Chunk[];

  private constructor(chunks: Chunk[]) {
    this.#chunks = chunks;
  }

  static build(ds: Dataset): SeededText {
    return finish(SeededText.buildInSteps(ds));
  }

  /** `build()` in slices of {@link STEP} records: each `next()` does one, the last returns the text. */
  static *buildInSteps(ds: Dataset): Steps<SeededText> {
    const chunks: Chunk[] = [];
    for (let first = 0; first < ds.size; first += CHUNK) {
      const count = Math.min(CHUNK, ds.size - first);
      const parts: string[] = [];
      const starts = new Uint32Array(count + 1);
      let at = 0;
      for (let k = 0; k < count; k++) {
        starts[k] = at;
        at += appendSeededText(ds, first + k, parts) + 1;
        parts.push(RECORD_SEPARATOR);
        if (k % STEP === STEP - 1) yield;
      }
      starts[count] = at;
      const joined = parts.join('');
      let text = joined.toLowerCase();
      // Lower-casing the whole chunk at once is fast, but a few characters (İ) grow when lower-cased
      // and would shift every offset after them: then lower-case record by record.
      if (text.length !== joined.length) {
        const records = joined
          .split(RECORD_SEPARATOR)
          .slice(0, count)
          .map((record) => record.toLowerCase());
        at = 0;
        for (let k = 0; k < count; k++) {
          starts[k] = at;
          at += records[k]!.length + 1;
        }
        starts[count] = at;
        text = records.join(RECORD_SEPARATOR) + RECORD_SEPARATOR;
      }
      chunks.push({ first, text, starts });
      yield;
    }
    return new SeededText(chunks);
  }

  /** The joined text in chunks of records, for an index built over it (see search-index.ts). */
  get chunks(): readonly Chunk[] {
    return this.#chunks;
  }

  /** Whether seeded record i's lower-cased text contains `query` (which holds no separator). */
  recordContains(i: number, query: string): boolean {
    const { first, text, starts } = this.#chunks[Math.floor(i / CHUNK)]!;
    const k = i - first;
    // A slice, not indexOf from the record's start: a miss must not scan the rest of the chunk.
    return text.slice(starts[k], starts[k + 1]).includes(query);
  }

  /** Calls `found(i)` for each seeded record whose text contains `query`, in index order. */
  scan(query: string, found: (i: number) => void): void {
    for (const { first, text, starts } of this.#chunks) {
      let from = 0;
      let record = 0;
      for (;;) {
        const at = text.indexOf(query, from);
        if (at < 0) break;
        // The record holding the match: binary search from the last one found.
        let low = record;
        let high = starts.length - 2;
        while (low < high) {
          const mid = (low + high + 1) >>> 1;
          if (starts[mid]! <= at) low = mid;
          else high = mid - 1;
        }
        found(first + low);
        record = low + 1;
        from = starts[record]!;
      }
    }
  }

  /** Whether a query can be scanned in the joined text (it must not contain the separators). */
  static canScan(query: string): boolean {
    return !query.includes(RECORD_SEPARATOR) && !query.includes(FIELD_SEPARATOR);
  }
}
