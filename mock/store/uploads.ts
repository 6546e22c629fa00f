/** Uploaded files, kept in memory under generated ids such as `file_5W9XPQ96XguTW4jhh5dca15rQU.png`. */
import type { Dataset } from '../data/dataset.ts';
import { LANE } from '../data/lanes.ts';
import { alphanumeric } from '../data/text.ts';
import type { StoredFile } from './store.ts';

export interface UploadWrites {
  count: number;
  files: { id: string; name: string; type: string; base64: string }[];
}

/** A file name safe to store and show: no path, no control or odd characters, at most 255 characters. */
export function sanitiseFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[^A-Za-z0-9._ -]/g, '_')
    .replace(/^[. ]+/, '')
    .trim()
    .slice(0, 255);
  return clean === '' ? 'file' : clean;
}

/** The extension an upload's id keeps, when the name has a plain one. */
function extensionOf(name: string): string {
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(name);
  return match ? `.${match[1]!.toLowerCase()}` : '';
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let k = 0; k < binary.length; k++) bytes[k] = binary.charCodeAt(k);
  return bytes;
}

export class UploadShelf {
  readonly #ds: Dataset;
  /** With each file's base64, made once: `writes()` runs after every write when a state file is kept. */
  #files = new Map<string, StoredFile & { base64: string }>();
  #count = 0;

  constructor(ds: Dataset) {
    this.#ds = ds;
  }

  add(file: StoredFile): string {
    const name = sanitiseFileName(file.name);
    const id = `file_${alphanumeric(this.#ds.seed, this.#count++, LANE.upload, 26)}${extensionOf(name)}`;
    this.#files.set(id, {
      name,
      type: file.type,
      bytes: file.bytes.slice(),
      base64: toBase64(file.bytes),
    });
    return id;
  }

  get(id: string): StoredFile | undefined {
    const file = this.#files.get(id);
    return file && { name: file.name, type: file.type, bytes: file.bytes.slice() };
  }

  writes(): UploadWrites {
    return {
      count: this.#count,
      files: [...this.#files].map(([id, { name, type, base64 }]) => ({ id, name, type, base64 })),
    };
  }

  reset(): void {
    this.#files = new Map();
    this.#count = 0;
  }

  restore(writes: UploadWrites): void {
    this.reset();
    this.#count = writes.count;
    for (const { id, name, type, base64 } of writes.files)
      this.#files.set(id, { name, type, bytes: fromBase64(base64), base64 });
  }
}
