/**
 * The `--state FILE` persistence (Node only; the rest of the store runs on any runtime).
 *
 * `saveWrites` never leaves a torn file: it writes a temporary file beside the target, flushes it to
 * disk, renames it over the target (atomic on POSIX) and flushes the folder, so a crash at any moment
 * leaves either the old complete file or the new one. `loadWrites` refuses anything it cannot trust
 * with an Error naming the file; the caller then stops rather than overwrite it.
 */
import {
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Writes } from './store.ts';
import { WRITES_FORMAT } from './writes.ts';

let saves = 0;

/** Writes `writes` to `path` atomically and durably. */
export function saveWrites(path: string, writes: Writes): void {
  const folder = dirname(path);
  const temporary = join(folder, `.${basename(path)}.${process.pid}.${saves++}.tmp`);
  const fd = openSync(temporary, 'w', 0o644);
  try {
    writeSync(fd, `${JSON.stringify(writes)}\n`);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  syncFolder(folder);
}

/** Flushes a folder's entries (the rename) to disk; some platforms cannot open folders, which is fine there. */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL') throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The writes saved at `path`; undefined when there is no such file. Throws an Error naming the file
 * when it cannot be read or is not a writes document of this mock. Whether the document fits the
 * store's seed and size is checked by `store.applyWrites`.
 */
export function loadWrites(path: string): Writes | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`state file ${path} cannot be read: ${(error as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new Error(`state file ${path} is corrupt (not JSON: ${(error as Error).message})`);
  }
  const format =
    doc !== null && typeof doc === 'object' ? (doc as Record<string, unknown>).format : undefined;
  if (format !== WRITES_FORMAT) {
    throw new Error(
      `state file ${path} is not a state file of this mock (format ${JSON.stringify(format)}, expected "${WRITES_FORMAT}")`,
    );
  }
  const { seed, contacts } = doc as Record<string, unknown>;
  if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(contacts))
    throw new Error(`state file ${path} is corrupt (no integer seed and contacts)`);
  return doc as Writes;
}
