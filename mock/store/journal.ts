/**
 * The append-only journal of a `--state` file: one record per write, each a line
 * `<crc32 as 8 hex> <byte length> <JSON>\n`, so a record torn by a crash or a full disk is found at
 * start (short, or its checksum wrong) and dropped with everything after it.
 *
 * Group commit: records are gathered into a batch, which is written and flushed (`fdatasync`, in
 * the background) once the turn ends and no other batch is being flushed; while one is, the next
 * gathers every record appended meanwhile. So under load a flush carries many writes, the server
 * keeps answering while the disk works, and a write is acknowledged only after its record is on
 * disk. When a flush fails, the batch gathered behind it fails too: the store undoes both.
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
  /** The batch being gathered. */
  #batch: Batch | undefined;
  /** The batch written and being flushed in the background. */
  #flushing: { batch: Batch; end: number } | undefined;
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
    // Behind a flush in progress, the batch starts when that one ends.
    if (!this.#flushing) setImmediate(() => this.#start(batch));
    return batch;
  }

  /** Writes and flushes everything now, waiting for the disk (at close); false when it failed. */
  flushNow(): boolean {
    const flushing = this.#flushing;
    if (flushing) {
      // Its background flush may still be running: flush again here, and let its end do nothing.
      this.#flushing = undefined;
      if (!this.#settle(flushing, this.#syncNow())) return false;
    }
    const batch = this.#batch;
    if (batch === undefined) return true;
    if (!this.#write(batch)) return false;
    const written = this.#flushing!;
    this.#flushing = undefined;
    return this.#settle(written, this.#syncNow());
  }

  #syncNow(): unknown {
    try {
      this.#files.fdatasyncSync(this.#fd);
      return undefined;
    } catch (error) {
      return error ?? new Error('fdatasync failed');
    }
  }

  /** Writes the gathered batch and flushes it in the background. */
  #start(batch: Batch): void {
    if (this.#batch !== batch || this.#flushing) return;
    if (!this.#write(batch)) return;
    const flushing = this.#flushing!;
    const ended = (error: unknown) => {
      if (this.#flushing !== flushing) return; // flushNow() settled it
      this.#flushing = undefined;
      if (!this.#settle(flushing, error)) return;
      if (this.#batch) this.#start(this.#batch);
      // Only while every applied write is in the journal (no later batch gathering): a snapshot
      // taken then holds durable writes only.
      else this.#flushed();
    };
    try {
      this.#files.fdatasync(this.#fd, (error) => ended(error ?? undefined));
    } catch (error) {
      ended(error ?? new Error('fdatasync failed'));
    }
  }

  /** Takes the gathered batch and writes it after the flushed records; false when that failed. */
  #write(batch: Batch): boolean {
    this.#batch = undefined;
    if (batch.failure) {
      batch.reject(batch.failure);
      return false;
    }
    const data = Buffer.concat(batch.chunks);
    try {
      writeAll(this.#files, this.#fd, data, this.#size);
    } catch (error) {
      this.#fail(batch, error);
      return false;
    }
    this.#flushing = { batch, end: this.#size + data.byteLength };
    return true;
  }

  /** Ends a written batch's flush: on success its records count; on failure see #fail. */
  #settle({ batch, end }: { batch: Batch; end: number }, error: unknown): boolean {
    if (error !== undefined) {
      this.#fail(batch, error);
      return false;
    }
    this.#size = end;
    batch.resolve();
    return true;
  }

  /**
   * A batch could not be saved: the file is cut back to its whole records, and the batch and the
   * one gathered behind it (written after it, undone with it by the store) are refused.
   */
  #fail(batch: Batch, error: unknown): void {
    try {
      this.#files.ftruncateSync(this.#fd, this.#size);
    } catch {}
    const failure = saveFailure(error, this.path);
    batch.reject(failure);
    const behind = this.#batch;
    this.#batch = undefined;
    behind?.reject(failure);
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
