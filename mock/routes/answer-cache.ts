/**
 * The JSON of recent read answers, encoded as UTF-8 once, per request URL, for as long as the store's
 * version stays the same: a repeated page costs no validation, no records built, no JSON.stringify and
 * no encoding. Any write moves the version on and empties the cache, so an answer is never staler
 * than a fresh read.
 */
export interface AnswerCacheLimits {
  /** Most answers kept (least recently used go first). */
  entries: number;
  /** Most bytes kept in all. */
  bytes: number;
  /** A longer answer is not kept. */
  perAnswer: number;
}

export const DEFAULT_ANSWER_CACHE_LIMITS: AnswerCacheLimits = {
  entries: 256,
  bytes: 4 * 1024 * 1024,
  perAnswer: 256 * 1024,
};

export class AnswerCache {
  readonly #versionNow: () => number;
  readonly #limits: AnswerCacheLimits;
  #version = NaN;
  #answers = new Map<string, Uint8Array<ArrayBuffer>>();
  #bytes = 0;

  /** `versionNow`: the data's write version (the store's), read on every use. */
  constructor(versionNow: () => number, limits: AnswerCacheLimits = DEFAULT_ANSWER_CACHE_LIMITS) {
    this.#versionNow = versionNow;
    this.#limits = limits;
  }

  get size(): number {
    return this.#answers.size;
  }

  /** The data's version now: take it before building an answer, and keep the answer under it. */
  get version(): number {
    return this.#versionNow();
  }

  /** The answer kept for `key`, if it was kept under the data's version now. */
  get(key: string): Uint8Array<ArrayBuffer> | undefined {
    const version = this.#versionNow();
    if (version !== this.#version) {
      this.#clear(version);
      return undefined;
    }
    const answer = this.#answers.get(key);
    if (answer !== undefined && this.#answers.size > 1) {
      // Most recently used last.
      this.#answers.delete(key);
      this.#answers.set(key, answer);
    }
    return answer;
  }

  /** Keeps `answer`, built under `version`, unless a write has come since (it would be stale). */
  set(key: string, version: number, answer: Uint8Array<ArrayBuffer>): void {
    if (version !== this.#versionNow()) return;
    if (version !== this.#version) this.#clear(version);
    if (answer.byteLength > this.#limits.perAnswer) return;
    const old = this.#answers.get(key);
    if (old !== undefined) {
      this.#answers.delete(key);
      this.#bytes -= old.byteLength;
    }
    this.#answers.set(key, answer);
    this.#bytes += answer.byteLength;
    for (const [oldest, dropped] of this.#answers) {
      if (this.#answers.size <= this.#limits.entries && this.#bytes <= this.#limits.bytes) break;
      this.#answers.delete(oldest);
      this.#bytes -= dropped.byteLength;
    }
  }

  #clear(version: number): void {
    this.#version = version;
    this.#answers.clear();
    this.#bytes = 0;
  }
}
