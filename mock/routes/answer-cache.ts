/**
 * The JSON text of recent read answers, per request URL, for as long as the store's version stays
 * the same: a repeated page costs no validation, no records built and no JSON.stringify. Any write
 * moves the version on and empties the cache, so an answer is never staler than a fresh read.
 */
export interface AnswerCacheLimits {
  /** Most answers kept (least recently used go first). */
  entries: number;
  /** Most characters kept in all. */
  characters: number;
  /** A longer answer is not kept. */
  perAnswer: number;
}

export const DEFAULT_ANSWER_CACHE_LIMITS: AnswerCacheLimits = { entries: 256, characters: 4 * 1024 * 1024, perAnswer: 256 * 1024 };

export class AnswerCache {
  readonly #limits: AnswerCacheLimits;
  #version = NaN;
  #texts = new Map<string, string>();
  #characters = 0;

  constructor(limits: AnswerCacheLimits = DEFAULT_ANSWER_CACHE_LIMITS) {
    this.#limits = limits;
  }

  get size(): number {
    return this.#texts.size;
  }

  /** The answer kept for `key` under `version`, if any. */
  get(key: string, version: number): string | undefined {
    if (version !== this.#version) {
      this.#clear(version);
      return undefined;
    }
    const text = this.#texts.get(key);
    if (text !== undefined && this.#texts.size > 1) {
      // Most recently used last.
      this.#texts.delete(key);
      this.#texts.set(key, text);
    }
    return text;
  }

  set(key: string, version: number, text: string): void {
    if (version !== this.#version) this.#clear(version);
    if (text.length > this.#limits.perAnswer) return;
    const old = this.#texts.get(key);
    if (old !== undefined) {
      this.#texts.delete(key);
      this.#characters -= old.length;
    }
    this.#texts.set(key, text);
    this.#characters += text.length;
    for (const [oldest, dropped] of this.#texts) {
      if (this.#texts.size <= this.#limits.entries && this.#characters <= this.#limits.characters) break;
      this.#texts.delete(oldest);
      this.#characters -= dropped.length;
    }
  }

  #clear(version: number): void {
    this.#version = version;
    this.#texts.clear();
    this.#characters = 0;
  }
}
