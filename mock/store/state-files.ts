/**
 * `--state FILE`: the store's writes on disk (Node only; the rest of the store runs on any runtime).
 *
 * - `FILE`: a snapshot, the writes as one JSON document (`state@2`), replaced atomically.
 * - `FILE.journal`: every write since the snapshot, one checksummed record each, flushed before the
 *   write is answered (see journal.ts); folded into a new snapshot when it outgrows the last one,
 *   at start and at a clean stop.
 * - `FILE.uploads/`: uploaded files, one per upload id.
 * - `FILE.lock`: the pid of the process that has the state open (see lock.ts).
 *
 * Files are created 0600 and folders 0700. A start refuses, with an Error naming the file, what it
 * cannot trust (a foreign or corrupt snapshot, left untouched) or cannot write to.
 */
import { dirname, join, resolve } from 'node:path';
import { codeOf, type FileLayer, isTemporaryOf, nodeFiles, writeAtomically } from './file-layer.ts';
import { Journal, decodeRecords, saveFailure } from './journal.ts';
import { type StateLock, takeLock } from './lock.ts';
import { LEGACY_FORMAT, STATE_FORMAT, type StoreWrites } from './state-document.ts';
import type { Store, Writes } from './types.ts';

export interface StateFilesOptions {
  /** The file calls to use. Default: node:fs (tests pass a layer that fails on demand). */
  files?: FileLayer;
  /** The journal is folded into a snapshot once it passes this many bytes and the last snapshot's size. Default: 4 MiB. */
  compactBytes?: number;
  /** Told of a problem that does not stop the mock (a snapshot that could not be written yet). */
  onProblem?: (message: string) => void;
}

export interface StateFiles {
  /** The state file written to: the given path, through a symlink when it is one. */
  path: string;
  lockPath: string;
  /** Writes the start found: those in the snapshot plus the journal's records replayed. */
  writesLoaded: number;
  /** What the start did that a user should know: a torn journal tail dropped, a stale lock taken over, a migration. */
  notes: string[];
  /** Folds the journal into the snapshot (when it can) and releases the lock. */
  close(): void;
}

const DEFAULT_COMPACT_BYTES = 4 * 1024 * 1024;

/** The Error a start throws: the state file named, then the cause. */
function startError(statePath: string, problem: string): Error {
  return new Error(`state file ${statePath} ${problem}`);
}

function reason(error: unknown): string {
  return `${codeOf(error) ?? 'error'}: ${(error as Error).message}`;
}

/** The file to write: through a symlink to its target, so the link keeps working. */
function resolveLink(files: FileLayer, path: string): string {
  try {
    return files.realpathSync(path);
  } catch (error) {
    if (codeOf(error) !== 'ENOENT') throw error;
  }
  try {
    // A link to a file not made yet: write where it points.
    if (files.lstatSync(path).isSymbolicLink())
      return resolve(dirname(path), files.readlinkSync(path));
  } catch (error) {
    if (codeOf(error) !== 'ENOENT') throw error;
  }
  return join(files.realpathSync(dirname(path)), path.slice(dirname(path).length + 1));
}

/**
 * Opens the state at `statePath` for `store` (a new store, no writes yet): loads the snapshot and
 * replays the journal into it, then journals every write the store makes.
 */
export function openStateFiles(
  statePath: string,
  store: Store,
  options: StateFilesOptions = {},
): StateFiles {
  const files = options.files ?? nodeFiles;
  const given = resolve(statePath);
  try {
    files.mkdirSync(dirname(given), { recursive: true, mode: 0o700 });
  } catch (error) {
    throw startError(statePath, `cannot be kept: its folder cannot be created (${reason(error)})`);
  }
  const path = resolveLink(files, given);
  const folder = dirname(path);
  const name = path.slice(folder.length + 1);
  let lock: StateLock;
  try {
    lock = takeLock(files, path);
  } catch (error) {
    if (codeOf(error) === undefined) throw error;
    throw startError(
      statePath,
      `cannot be kept: its folder ${folder} is not writable (${reason(error)})`,
    );
  }
  try {
    return open(files, statePath, path, folder, name, lock, store, options);
  } catch (error) {
    lock.release();
    if (codeOf(error) === undefined) throw error;
    throw startError(statePath, `cannot be kept (${reason(error)})`);
  }
}

function open(
  files: FileLayer,
  statePath: string,
  path: string,
  folder: string,
  name: string,
  lock: StateLock,
  store: Store,
  options: StateFilesOptions,
): StateFiles {
  const notes: string[] = lock.tookOver ? [lock.tookOver] : [];
  const uploads = `${path}.uploads`;
  files.mkdirSync(uploads, { recursive: true, mode: 0o700 });
  // Temporary files of a process that was killed while writing (ours only: the lock is taken).
  for (const entry of files.readdirSync(folder))
    if (isTemporaryOf(entry, name)) files.unlinkSync(join(folder, entry));
  for (const entry of files.readdirSync(uploads))
    if (entry.startsWith('.') && entry.endsWith('.tmp')) files.unlinkSync(join(uploads, entry));

  const uploadBytes = (id: string): Uint8Array => {
    try {
      return files.readFileSync(join(uploads, id));
    } catch (error) {
      throw startError(
        statePath,
        `is incomplete: upload ${id} cannot be read from ${uploads} (${reason(error)})`,
      );
    }
  };

  const snapshot = readSnapshot(files, statePath, path);
  if (snapshot) {
    if (snapshot.format === STATE_FORMAT)
      for (const file of (snapshot as StoreWrites).uploadWrites?.files ?? [])
        if (typeof file?.id === 'string' && /^file_[A-Za-z0-9.]+$/.test(file.id))
          file.bytes = uploadBytes(file.id);
    try {
      store.applyWrites(snapshot);
    } catch (error) {
      throw startError(statePath, `does not fit this mock: ${(error as Error).message}`);
    }
    if (snapshot.format === LEGACY_FORMAT) {
      for (const { id } of (store.writes() as StoreWrites).uploadWrites.files)
        writeAtomically(files, join(uploads, id), store.upload(id)!.bytes);
      notes.push(
        `migrated ${statePath} from ${LEGACY_FORMAT} to ${STATE_FORMAT} (uploads now in ${uploads})`,
      );
    }
  }
  const fromSnapshot = (store.writes() as StoreWrites).seq;

  const journalPath = `${path}.journal`;
  let journalBytes: Buffer;
  try {
    const read = files.readFileSync(journalPath);
    journalBytes = Buffer.from(read.buffer, read.byteOffset, read.byteLength);
  } catch (error) {
    if (codeOf(error) !== 'ENOENT') throw error;
    journalBytes = Buffer.alloc(0);
  }
  const { records, validBytes } = decodeRecords(journalBytes);
  let replayed = 0;
  for (const record of records) {
    if (record.seq <= fromSnapshot) continue;
    try {
      store.replay(record, record.op === 'addUpload' ? uploadBytes(record.id) : undefined);
    } catch (error) {
      throw startError(
        statePath,
        `cannot be replayed: journal record ${record.seq} (${record.op}) in ${journalPath} fails: ${(error as Error).message}`,
      );
    }
    replayed++;
  }
  const dropped = journalBytes.byteLength - validBytes;
  if (records.length > 0 || dropped > 0)
    notes.push(
      `recovered ${replayed} write${replayed === 1 ? '' : 's'} from ${journalPath}${dropped > 0 ? `; dropped a torn tail of ${dropped} bytes after the last whole record` : ''}`,
    );

  let snapshotBytes = 0;
  const compact = () => {
    const doc = store.writes() as StoreWrites;
    const files_ = doc.uploadWrites.files.map(({ bytes: _, ...file }) => file);
    const text = Buffer.from(`${JSON.stringify({ ...doc, uploadWrites: { files: files_ } })}\n`);
    writeAtomically(files, path, text);
    snapshotBytes = text.byteLength;
    journal.truncate();
    const kept = new Set(files_.map((f) => f.id));
    for (const entry of files.readdirSync(uploads))
      if (!entry.startsWith('.') && !kept.has(entry)) files.unlinkSync(join(uploads, entry));
  };
  const compactBytes = options.compactBytes ?? DEFAULT_COMPACT_BYTES;
  let warned = false;
  const journal: Journal = new Journal(files, journalPath, validBytes, () => {
    if (journal.size <= Math.max(compactBytes, snapshotBytes)) return;
    try {
      compact();
    } catch (error) {
      // Not fatal: the journal still holds every write; the next flush tries again.
      if (!warned)
        options.onProblem?.(
          `state: the journal could not be folded into ${path} yet (${reason(error)})`,
        );
      warned = true;
    }
  });
  // A start that found a journal, an old format or no snapshot writes one: the files are then
  // known to be writable, and the journal starts empty.
  if (!snapshot || snapshot.format === LEGACY_FORMAT || validBytes > 0 || dropped > 0) {
    try {
      compact();
    } catch (error) {
      // A full disk must not keep the mock from starting on what it holds: the journal has it all.
      notes.push(`the journal could not be folded into ${path} yet (${reason(error)})`);
    }
  }

  const unsubscribe = store.subscribe(({ record, bytes }) => {
    if (record.op === 'addUpload') {
      try {
        writeAtomically(files, join(uploads, record.id), bytes!);
      } catch (error) {
        journal.fail(saveFailure(error, uploads));
      }
    }
    return journal.append(record);
  });

  let closed = false;
  return {
    path,
    lockPath: lock.path,
    writesLoaded: fromSnapshot + replayed,
    notes,
    close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      try {
        if (journal.flushNow() && journal.size > 0) compact();
      } catch {
        // The journal keeps what the snapshot could not.
      }
      journal.close();
      lock.release();
    },
  };
}

/** The snapshot document at `path`; undefined when there is none (no file, or an empty one). */
function readSnapshot(files: FileLayer, statePath: string, path: string): Writes | undefined {
  let text: string;
  try {
    text = files.readFileSync(path, 'utf8');
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    throw startError(statePath, `cannot be read (${reason(error)})`);
  }
  if (text === '') return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw startError(statePath, `is corrupt (not JSON: ${(error as Error).message})`);
  }
  const format =
    doc !== null && typeof doc === 'object' ? (doc as Record<string, unknown>).format : undefined;
  if (format !== STATE_FORMAT && format !== LEGACY_FORMAT)
    throw startError(
      statePath,
      `is not a state file of this mock (format ${JSON.stringify(format)}, expected "${STATE_FORMAT}")`,
    );
  const { seed, contacts } = doc as Record<string, unknown>;
  if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(contacts))
    throw startError(statePath, 'is corrupt (no integer seed and contacts)');
  return doc as Writes;
}
