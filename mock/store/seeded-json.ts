/**
 * The JSON text of seeded contacts already written into pages, kept up to a bound of bytes for the
 * whole process (the oldest kept go first). A seeded contact's text is a pure function of its
 * dataset's seed and size and its index, so a kept text is never stale: a written contact is read
 * from its own record instead, and every store of one seed and size (the named workspaces) shares
 * the texts. Writing a record's text and flattening it for the socket cost more than the rest of a
 * page's request (see docs/performance.md).
 */
import { seededContactJson } from '../data/contact-json.ts';
import type { Dataset } from '../data/dataset.ts';

export class SeededJsonCache {
  readonly #maxBytes: number;
  /** The dataset (seed and size) whose texts are kept. */
  #of = '';
  #texts = new Map<number, string>();
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /**
   * Seeded contact i's text (`seededContactJson`), kept or written (and then kept while the bound
   * allows). Once full it keeps what it has: dropping old texts for new ones churned the heap (every
   * kept text promoted to the old generation, then collected) and made pages slower than none kept.
   */
  text(ds: Dataset, i: number): string {
    if (this.#maxBytes === 0) return seededContactJson(ds, i);
    const of = `${ds.seed}:${ds.size}`;
    if (of !== this.#of) {
      this.#of = of;
      this.#texts = new Map();
      this.#bytes = 0;
    }
    let text = this.#texts.get(i);
    if (text !== undefined) return text;
    text = seededContactJson(ds, i);
    if (this.#bytes + text.length > this.#maxBytes) return text;
    // Flattened once, here: a text written piece by piece is a tree of pieces, which would be kept
    // as such and flattened again for every page. Converting it to a number flattens it in place.
    Number(text);
    this.#texts.set(i, text);
    this.#bytes += text.length;
    return text;
  }

  /** How many texts are kept, and their bytes. */
  get kept(): { texts: number; bytes: number } {
    return { texts: this.#texts.size, bytes: this.#bytes };
  }
}

/**
 * Off (0 bytes) unless the process turns it on (the Node server does): a Worker or a browser tab has
 * less memory to spare than the default dataset's ~50 MB of texts.
 */
export let seededJson = new SeededJsonCache(0);

/** Keeps up to `maxBytes` of seeded contacts' JSON text from now on (dropping what is kept). */
export function keepSeededJson(maxBytes: number): void {
  seededJson = new SeededJsonCache(maxBytes);
}
