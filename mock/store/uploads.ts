/** Uploaded files, kept in memory as bytes under unguessable ids such as `file_5W9XPQ96XguTW4jhh5dca15rQU.png`. */
import type { Undo } from './types.ts';
import { safeFileName, safeMediaType } from './file-name.ts';
import type { StoredFile, StoredUpload } from './types.ts';

export interface UploadWrites {
  /** In memory each file carries its bytes; a snapshot on disk keeps them as files beside it. */
  files: { id: string; name: string; type: string; size: number; bytes?: Uint8Array }[];
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A new upload id: 26 characters drawn uniformly from 62 by the platform's CSPRNG (154 bits), since
 * an upload can be fetched by whoever knows its URL. Bytes of 248 and up are skipped (248 = 4 × 62),
 * so no character is likelier than another.
 */
export function newUploadId(name: string): string {
  let id = '';
  while (id.length < 26) {
    for (const byte of crypto.getRandomValues(new Uint8Array(32))) {
      if (byte < 248 && id.length < 26) id += ALPHABET[byte % 62];
    }
  }
  return `file_${id}${extensionOf(name)}`;
}

/** The extension an upload's id keeps, when the name has a plain one. */
function extensionOf(name: string): string {
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(name);
  return match ? `.${match[1]!.toLowerCase()}` : '';
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let k = 0; k < binary.length; k++) bytes[k] = binary.charCodeAt(k);
  return bytes;
}

export class UploadShelf {
  #files = new Map<string, StoredFile>();
  #bytes = 0;

  /** Bytes of all kept files. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The id, safe name and media type a new upload of `file` gets (nothing is kept yet). */
  describe(file: StoredFile): StoredUpload {
    const name = safeFileName(file.name);
    return { id: newUploadId(name), name, type: safeMediaType(file.type) };
  }

  /** Keeps `bytes` (not copied: the caller hands them over) as described. */
  add({ id, name, type }: StoredUpload, bytes: Uint8Array): Undo {
    this.#files.set(id, { name, type, bytes });
    this.#bytes += bytes.byteLength;
    return () => {
      this.#files.delete(id);
      this.#bytes -= bytes.byteLength;
    };
  }

  get(id: string): StoredFile | undefined {
    const file = this.#files.get(id);
    return file && { name: file.name, type: file.type, bytes: file.bytes.slice() };
  }

  writes(): UploadWrites {
    return {
      files: [...this.#files].map(([id, { name, type, bytes }]) => ({
        id,
        name,
        type,
        size: bytes.byteLength,
        bytes,
      })),
    };
  }

  reset(): Undo {
    const before = [this.#files, this.#bytes] as const;
    this.#files = new Map();
    this.#bytes = 0;
    return () => {
      [this.#files, this.#bytes] = before;
    };
  }

  /** Replaces the files with persisted ones (checked: each has its bytes). */
  restore(writes: UploadWrites): void {
    this.reset();
    for (const { id, name, type, bytes } of writes.files) this.add({ id, name, type }, bytes!);
  }
}
