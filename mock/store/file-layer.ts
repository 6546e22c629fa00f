/**
 * The file calls persistence makes, as one object: node:fs by default, and a layer that fails on
 * demand in tests (a full disk, a read-only or failing one) on any platform.
 */
import * as fs from 'node:fs';

/**
 * The calls, typed by hand rather than from node:fs, so that the published declarations
 * (`MockServerOptions.stateFiles`) need no Node types in a consumer's project.
 */
export interface FileLayer {
  openSync(path: string, flags: string | number, mode?: number): number;
  closeSync(fd: number): void;
  writeSync(fd: number, data: Uint8Array, offset: number, length: number, position: number): number;
  fsyncSync(fd: number): void;
  fdatasyncSync(fd: number): void;
  /** In the background (the thread pool): the server keeps answering while the disk works. */
  fdatasync(fd: number, callback: (error: Error | null) => void): void;
  ftruncateSync(fd: number, length: number): void;
  readFileSync(path: string): Uint8Array;
  readFileSync(path: string, encoding: 'utf8'): string;
  mkdirSync(path: string, options: { recursive: true; mode: number }): unknown;
  readdirSync(path: string): string[];
  realpathSync(path: string): string;
  readlinkSync(path: string): string;
  lstatSync(path: string): { isSymbolicLink(): boolean };
  renameSync(from: string, to: string): void;
  unlinkSync(path: string): void;
}

export const nodeFiles: FileLayer = fs;

/** The errno code of a file error (`ENOSPC`, `EROFS`, …), or undefined. */
export function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Writes all of `data` at `position` (writeSync may write less than asked). */
export function writeAll(files: FileLayer, fd: number, data: Uint8Array, position: number): void {
  for (let done = 0; done < data.byteLength; ) {
    const wrote = files.writeSync(fd, data, done, data.byteLength - done, position + done);
    if (wrote <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
    done += wrote;
  }
}

/** Flushes a folder's entries (a rename, a new file) to disk; platforms that cannot open folders skip it. */
export function syncFolder(files: FileLayer, folder: string): void {
  let fd: number | undefined;
  try {
    fd = files.openSync(folder, 'r');
    files.fsyncSync(fd);
  } catch (error) {
    const code = codeOf(error);
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL') throw error;
  } finally {
    if (fd !== undefined) files.closeSync(fd);
  }
}

const { O_CREAT, O_EXCL, O_WRONLY, O_NOFOLLOW = 0 } = fs.constants;
/** Create-only, never through a symlink: a planted link or file at the name makes it fail. */
export const CREATE_EXCLUSIVE = O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW;

/** A temporary name beside `path`, unpredictable (128 random bits): `.<name>.<32 hex>.tmp`. */
export function temporaryName(folder: string, name: string): string {
  const random = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('hex');
  return `${folder}/.${name}.${random}.tmp`;
}

/** Whether `entry` of a folder is a temporary file made by `temporaryName` for `name` (or the first format's). */
export function isTemporaryOf(entry: string, name: string): boolean {
  if (!entry.startsWith(`.${name}.`) || !entry.endsWith('.tmp')) return false;
  const middle = entry.slice(name.length + 2, -4);
  return /^[0-9a-f]{32}$/.test(middle) || /^[0-9]+\.[0-9]+$/.test(middle);
}

/**
 * Writes `data` to `path` so that a crash leaves the old file or the new one, never a torn one: a
 * temporary file created exclusively (0600) beside it, flushed, renamed over it, the folder flushed.
 */
export function writeAtomically(files: FileLayer, path: string, data: Uint8Array): void {
  const slash = path.lastIndexOf('/');
  const folder = path.slice(0, slash);
  const temporary = temporaryName(folder, path.slice(slash + 1));
  const fd = files.openSync(temporary, CREATE_EXCLUSIVE, 0o600);
  try {
    writeAll(files, fd, data, 0);
    files.fsyncSync(fd);
    files.closeSync(fd);
    files.renameSync(temporary, path);
  } catch (error) {
    try {
      files.closeSync(fd);
    } catch {}
    try {
      files.unlinkSync(temporary);
    } catch {}
    throw error;
  }
  syncFolder(files, folder);
}
