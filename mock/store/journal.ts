/**
 * The append-only journal of a `--state` file: one record per write, each a line
 * `<crc32 as 8 hex> <byte length> <JSON>\n`, so a record torn by a crash or a full disk is found at
 * start (short, or its checksum wrong) and dropped with everything after it.
 *
 * Group commit: records appended in one turn of the event loop are written and flushed
 * (`fdatasync`) together once the turn ends, and their promises settle together; a write is
 * acknowledged only after its record is on disk.
 */
import { constants } from 'node:fs';
import { crc32 } from 'node:zlib';
import { codeOf, type FileLayer, writeAll } from './file-layer.ts';
import { WriteRefused, type WriteRecord } from './types.ts';

const OPEN_JOURNAL = constants.O_RDWR | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0);
const SPACE = 0x20;
const NEWLINE = 0x0a;

export function encodeRecord(record: WriteRecord): Buffer {
  const json = Buffer.from(JSON.stringify(record));
  const head = `${crc32(json).toString(16).padStart(8, '0')} ${json.byteLength} `;
  return Buffer.concat([Buffer.from(head), json, Buffer.from('\n')]);
}

/** The whole records at the start of `bytes`, and how many bytes they take (the rest is torn). */
export function decodeRecords(bytes: Buffer): { records: WriteRecord[]; validBytes: number } {
  const records: WriteRecord[] = [];
  let at = 0;
  while (at < bytes.byteLength) {
    const record = recordAt(bytes, at);
    if (!record) break;
    records.push(record.value);
    at = record.end;
  }
  return { records, validBytes: at };
}

function recordAt(bytes: Buffer, at: number): { value: WriteRecord; end: number } | undefined {
  if (bytes[at + 8] !== SPACE) return undefined;
  const lengthEnd = bytes.indexOf(SPACE, at + 9);
  if (lengthEnd < 0 || lengthEnd > at + 20) return undefined;
  const crc = bytes.toString('latin1', at, at + 8);
  const length = bytes.toString('latin1', at + 9, lengthEnd);
  if (!/^[0-9a-f]{8}$/.test(crc) || !/^[0-9]+$/.test(length)) return undefined;
  const start = lengthEnd + 1;
  const end = start + Number(length);
  if (end >= bytes.byteLength || bytes[end] !== NEWLINE) return undefined;
  const json = bytes.subarray(start, end);
  if (crc32(json) !== Number.parseInt(crc, 16)) return undefined;
  try {
    const value = JSON.parse(json.toString('utf8')) as WriteRecord;
    if (!Number.isSafeInteger(value?.seq) || typeof value.op !== 'string') return undefined;
    return { value, end: end + 1 };
  } catch {
    return undefined;
  }
}

/** A file error as the answer to the write it failed: 507 when there is no room, 503 otherwise. */
export function saveFailure(error: unknown, what: string): WriteRefused {
  if (error instanceof WriteRefused) return error;
  const code = codeOf(error) ?? 'unknown error';
  const detail = (error as Error | undefined)?.message ?? String(error);
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new WriteRefused(
      507,
      `state: no space left to save the write in ${what} (${code}); nothing was changed`,
    );
  return new WriteRefused(
    503,
    `state: the write could not be saved in ${what} (${code}: ${detail}); nothing was changed`,
  );
}

interface Batch {
  chunks: Buffer[];
  /** A failure met before the flush (an upload's file could not be written): the batch fails whole. */
  failure?: WriteRefused;
  done: Promise<void>;
  resolve: () => void;
  reject: (error: WriteRefused) => void;
}

export class Journal {
  readonly path: string;
  readonly #files: FileLayer;
  readonly #fd: number;
  /** Bytes of whole, flushed records: where the next batch goes. */
  #size: number;
  #batch: Batch | undefined;
  /** Called after each flushed batch, while every applied write is in the journal (compaction). */
  readonly #flushed: () => void;

  /** Opens (creating, 0600) the journal at `path`, whose first `validBytes` bytes are whole records. */
  constructor(files: FileLayer, path: string, validBytes: number, flushed: () => void) {
    this.#files = files;
    this.path = path;
    // Positioned writes (not O_APPEND's): a batch that failed halfway is overwritten by the next.
    this.#fd = files.openSync(path, OPEN_JOURNAL, 0o600);
    files.ftruncateSync(this.#fd, validBytes);
    files.fsyncSync(this.#fd);
    this.#size = validBytes;
    this.#flushed = flushed;
  }

  get size(): number {
    return this.#size;
  }

  /** Queues a record; resolves once it is on disk, rejects with a WriteRefused when it cannot be. */
  append(record: WriteRecord): Promise<void> {
    const batch = this.#current();
    batch.chunks.push(encodeRecord(record));
    return batch.done;
  }

  /** Makes the batch being gathered fail whole (its records are not written). */
  fail(failure: WriteRefused): void {
    this.#current().failure ??= failure;
  }

  #current(): Batch {
    if (this.#batch) return this.#batch;
    let resolve!: () => void;
    let reject!: (error: WriteRefused) => void;
    const done = new Promise<void>((yes, no) => {
      resolve = yes;
      reject = no;
    });
    const batch: Batch = { chunks: [], done, resolve, reject };
    this.#batch = batch;
    setImmediate(() => this.#flush(batch));
    return batch;
  }

  /** Writes the batch being gathered now (at close); false when it failed. */
  flushNow(): boolean {
    const batch = this.#batch;
    return batch === undefined || this.#flush(batch);
  }

  #flush(batch: Batch): boolean {
    if (this.#batch !== batch) return true;
    this.#batch = undefined;
    if (batch.failure) {
      batch.reject(batch.failure);
      return false;
    }
    const data = Buffer.concat(batch.chunks);
    try {
      writeAll(this.#files, this.#fd, data, this.#size);
      this.#files.fdatasyncSync(this.#fd);
    } catch (error) {
      // Cut what got written: the file ends with whole records again (or, failing that, the next
      // batch overwrites the torn bytes and start-up drops any left after the last whole record).
      try {
        this.#files.ftruncateSync(this.#fd, this.#size);
      } catch {}
      batch.reject(saveFailure(error, this.path));
      return false;
    }
    this.#size += data.byteLength;
    batch.resolve();
    // Only while every applied write is in the journal (no later batch gathering): a snapshot
    // taken then holds durable writes only.
    if (this.#batch === undefined) this.#flushed();
    return true;
  }

  /** Empties the journal (its records are in a snapshot now). */
  truncate(): void {
    this.#files.ftruncateSync(this.#fd, 0);
    this.#files.fsyncSync(this.#fd);
    this.#size = 0;
  }

  close(): void {
    this.#files.closeSync(this.#fd);
  }
}
