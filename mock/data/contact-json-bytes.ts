/**
 * Pages of contacts as UTF-8 JSON bytes, with each seeded contact's text kept off the JavaScript
 * heap: the first page that holds contact i writes its JSON (seededContactJson) once into large byte
 * chunks, and every later page copies those bytes. A seeded record is a pure function of its dataset,
 * so what is kept is never stale; written records (the store's overlay) are passed in as text and
 * not kept.
 *
 * Why bytes and not strings: the same texts kept as strings (~50 MB at 65,681 contacts) made every
 * full garbage collection mark them (the search p99 rose from ~22 to ~25 ms), and a page built of
 * strings is flattened and encoded again for every answer. Chunks are plain byte arrays, so this
 * runs wherever the mock does (Node, browsers, Workers).
 */
import { seededContactJson } from './contact-json.ts';
import type { Dataset } from './dataset.ts';

/** Bytes kept in all, over every dataset of the process, by default (the default 65,681 contacts take ~50 MB). */
export const DEFAULT_KEPT_JSON_BYTES = 64 * 1024 * 1024;

const CHUNK_BITS = 20;
/** Records are written into chunks of this many bytes (a record is ~0.8 KB). */
const CHUNK_BYTES = 1 << CHUNK_BITS;
/** The most bytes one character can take in UTF-8 (a surrogate pair's two take four). */
const MOST_BYTES_PER_CHAR = 3;
const UTF8 = new TextEncoder();

/** The most bytes kept, and the bytes kept now, over every dataset's texts in this process. */
let keptLimit = DEFAULT_KEPT_JSON_BYTES;
let keptBytes = 0;
/**
 * A table no store uses any more is collected with its chunks: its bytes may be kept again, and its
 * entry in `tables` goes (unless a new table of the same dataset took it).
 */
const freed = new FinalizationRegistry<{ bytes: number; key: string }>((held) => {
  keptBytes -= held.bytes;
  if (tables.get(held.key)?.deref() === undefined) tables.delete(held.key);
});

/**
 * Sets the most bytes of contact JSON the process keeps (a runtime with little memory, such as a
 * Worker, keeps fewer; 0 keeps none). Pages are the same either way, only slower to write.
 */
export function limitKeptContactJson(bytes: number): void {
  keptLimit = Math.max(0, Math.floor(bytes));
}

/** The bytes of contact JSON the process keeps now (whole chunks). */
export function keptContactJsonBytes(): number {
  return keptBytes;
}

/** The kept texts of one dataset's seeded contacts. */
export class SeededJsonBytes {
  readonly #ds: Dataset;
  readonly #chunks: Uint8Array<ArrayBuffer>[] = [];
  /** Bytes used of the last chunk (a full one when there is none). */
  #used = CHUNK_BYTES;
  /** Where contact i's bytes start, plus one (0: not kept), as chunk << CHUNK_BITS | offset. */
  readonly #start: Int32Array;
  readonly #length: Int32Array;
  /** The bytes of this table's chunks (given back to the process's limit when it is collected). */
  readonly #held: { bytes: number; key: string };

  constructor(ds: Dataset) {
    this.#ds = ds;
    this.#held = { bytes: 0, key: tableKey(ds) };
    // Zeroed pages the system only commits once written: no memory for contacts never paged.
    this.#start = new Int32Array(ds.size);
    this.#length = new Int32Array(ds.size);
    freed.register(this, this.#held);
  }

  /**
   * The JSON of a page's records as UTF-8 bytes, one array each (views of the kept bytes, not
   * copies). `written(i)` is the text of contact i when it was written (not the seeded record),
   * undefined otherwise.
   */
  page(indices: readonly number[], written: (i: number) => string | undefined): Uint8Array[] {
    const records: Uint8Array[] = new Array(indices.length);
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!;
      const text = written(i);
      records[k] =
        (text === undefined && this.#kept(i)) ||
        UTF8.encode(text ?? seededContactJson(this.#ds, i));
    }
    return records;
  }

  /** Seeded contact i's JSON as kept (kept now if it was not yet), or undefined when there is no room. */
  #kept(i: number): Uint8Array | undefined {
    const starts = this.#start;
    const lengths = this.#length;
    let start = starts[i]! - 1;
    if (start < 0) {
      start = this.#keep(seededContactJson(this.#ds, i));
      if (start < 0) return undefined;
      starts[i] = start + 1;
      lengths[i] = this.#used - (start & (CHUNK_BYTES - 1));
    }
    const offset = start & (CHUNK_BYTES - 1);
    return this.#chunks[start >>> CHUNK_BITS]!.subarray(offset, offset + lengths[i]!);
  }

  /** Writes `text` after the last kept bytes; where it starts (chunk << CHUNK_BITS | offset), or -1. */
  #keep(text: string): number {
    const most = text.length * MOST_BYTES_PER_CHAR;
    if (most > CHUNK_BYTES) return -1;
    if (CHUNK_BYTES - this.#used < most) {
      // Positions are int32: at most 2,047 chunks of 1 MiB.
      if (keptBytes + CHUNK_BYTES > keptLimit || this.#chunks.length >= 2047) return -1;
      keptBytes += CHUNK_BYTES;
      this.#held.bytes += CHUNK_BYTES;
      this.#chunks.push(new Uint8Array(CHUNK_BYTES));
      this.#used = 0;
    }
    const last = this.#chunks.length - 1;
    const start = (last << CHUNK_BITS) | this.#used;
    this.#used += UTF8.encodeInto(text, this.#chunks[last]!.subarray(this.#used)).written;
    return start;
  }
}

const tableKey = (ds: Dataset) => `${ds.seed}/${ds.size}`;

/** One kept-texts table per dataset (workspaces of one mock share theirs: same seed, same size). */
const tables = new Map<string, WeakRef<SeededJsonBytes>>();

/** The kept texts of `ds`'s seeded contacts, shared with every dataset of the same seed and size. */
export function seededJsonBytes(ds: Dataset): SeededJsonBytes {
  const key = tableKey(ds);
  let table = tables.get(key)?.deref();
  if (table === undefined) {
    table = new SeededJsonBytes(ds);
    tables.set(key, new WeakRef(table));
  }
  return table;
}
