/**
 * The answer cache, the one place that decides which requests may be answered from kept bytes: the
 * JSON of recent read answers, encoded as UTF-8 once, per request target, for as long as the store's
 * version stays the same. A repeated page then costs no validation, no records built, no
 * JSON.stringify and no encoding. Any write moves the version on and empties the cache, so an answer
 * is never staler than a fresh read.
 *
 * Two callers use it the same way: an operation's route (`cached: true` in routes/operation.ts) fills
 * it and answers from it, and the Node server's fast path (node-fast-path.ts) answers from it before
 * Hono sees the request.
 */

import { holdAnswerBytes, releaseAnswerBytes } from './answer-bytes.ts';

/** What decides whether a request may be answered from the cache. */
export interface CacheableRequest {
  method: string;
  /** The path and query, as the request sent them. */
  target: string;
  /** The `Prefer` header, if any. */
  prefer: string | null | undefined;
}

// The request targets whose text the route's URL keeps as it is: those @hono/node-server hands to
// the app untouched (no dot segment), and those with a percent-encoded byte (a search for "a b",
// "#", "ö"), which it passes through `new URL()`, which leaves a `%` and two hex digits as they are.
// For them the fast path's `req.url` and the route's URL are the same text.
const PLAIN_TARGET = /^\/(?:[!#$&-;=?-[\]_a-z~]|%[\dA-Fa-f]{2})*$/;
const DOT_SEGMENT = /\/\.\.?(?:[/?#]|$)/;

export interface AnswerCacheLimits {
  /** Most answers kept (least recently used go first). */
  entries: number;
  /** Most bytes kept in all. */
  bytes: number;
  /** A longer answer is not kept. */
  perAnswer: number;
}

const DEFAULT_ANSWER_CACHE_LIMITS: AnswerCacheLimits = {
  entries: 256,
  bytes: 4 * 1024 * 1024,
  perAnswer: 256 * 1024,
};

/**
 * How many keys asked for once are remembered, as 32-bit hashes in a table twice that size: the
 * keys themselves (strings kept for a fraction of a second) were a third of what survived into the
 * old generation under a load of different pages, and so of its full collections. Two keys with
 * the same hash only make one answer kept a request early.
 */
const SEEN_ONCE_LIMIT = 4096;
const SEEN_ONCE_SLOTS = SEEN_ONCE_LIMIT * 2;

export class AnswerCache {
  readonly #versionNow: () => number;
  readonly #limits: AnswerCacheLimits;
  readonly #delayed: boolean;
  #version = NaN;
  #answers = new Map<string, Uint8Array<ArrayBuffer>>();
  #bytes = 0;
  /** Hashes of keys asked for once under this version and not kept (see `worthKeeping`); 0: none. */
  readonly #seenOnce = new Uint32Array(SEEN_ONCE_SLOTS);
  #seenOnceCount = 0;

  /**
   * `versionNow`: the data's write version (the store's), read on every use. `latency`: the mock's
   * delay of every answer; with one, nothing is answered from the cache (it would skip the delay).
   */
  constructor(
    versionNow: () => number,
    {
      latency = 0,
      limits = DEFAULT_ANSWER_CACHE_LIMITS,
    }: { latency?: number; limits?: AnswerCacheLimits } = {},
  ) {
    this.#versionNow = versionNow;
    this.#limits = limits;
    this.#delayed = latency > 0;
  }

  /**
   * The key under which `request`'s answer is kept, or undefined when it may not be answered from
   * the cache: only a plain GET (no `Prefer`: a fault or a delay is asked for) of a plain target,
   * on a mock that delays nothing.
   */
  keyOf({ method, target, prefer }: CacheableRequest): string | undefined {
    if (method !== 'GET' || prefer != null || this.#delayed) return undefined;
    if (!PLAIN_TARGET.test(target) || DOT_SEGMENT.test(target)) return undefined;
    return target;
  }

  get size(): number {
    return this.#answers.size;
  }

  /** The data's version now: take it before building an answer, and keep the answer under it. */
  get version(): number {
    return this.#versionNow();
  }

  /**
   * The answer kept for `key`, if it was kept under the data's version now. Pooled bytes
   * (answer-bytes.ts) are the cache's: hold them before reading them past the next call.
   */
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

  /**
   * Whether the answer for `key` should be kept: only when it was asked for before under this
   * version. Most different pages are asked for once; encoding and keeping each of those (a fresh
   * buffer per answer, another answer evicted) cost about a tenth of such a request, for nothing.
   */
  worthKeeping(key: string): boolean {
    const version = this.#versionNow();
    if (version !== this.#version) this.#clear(version);
    const hash = keyHash(key);
    // Open addressing: the first slot from the hash's own that holds it, or is free.
    let slot = hash & (SEEN_ONCE_SLOTS - 1);
    while (this.#seenOnce[slot] !== 0 && this.#seenOnce[slot] !== hash)
      slot = (slot + 1) & (SEEN_ONCE_SLOTS - 1);
    // Seen before: kept now. Its hash stays (no deletion in an open table) until the next clearing.
    if (this.#seenOnce[slot] === hash) return true;
    // Bounded: past the limit every earlier sighting is forgotten.
    if (this.#seenOnceCount >= SEEN_ONCE_LIMIT) {
      this.#forgetSeen();
      slot = hash & (SEEN_ONCE_SLOTS - 1);
    }
    this.#seenOnce[slot] = hash;
    this.#seenOnceCount++;
    return false;
  }

  /**
   * Keeps `answer`, built under `version`, unless a write has come since (it would be stale). Pooled
   * bytes are held while kept.
   */
  set(key: string, version: number, answer: Uint8Array<ArrayBuffer>): void {
    if (version !== this.#versionNow()) return;
    if (version !== this.#version) this.#clear(version);
    if (answer.byteLength > this.#limits.perAnswer) return;
    const old = this.#answers.get(key);
    if (old !== undefined) this.#drop(key, old);
    holdAnswerBytes(answer);
    this.#answers.set(key, answer);
    this.#bytes += answer.byteLength;
    for (const [oldest, dropped] of this.#answers) {
      if (this.#answers.size <= this.#limits.entries && this.#bytes <= this.#limits.bytes) break;
      this.#drop(oldest, dropped);
    }
  }

  #drop(key: string, answer: Uint8Array): void {
    this.#answers.delete(key);
    this.#bytes -= answer.byteLength;
    releaseAnswerBytes(answer);
  }

  #forgetSeen(): void {
    this.#seenOnce.fill(0);
    this.#seenOnceCount = 0;
  }

  #clear(version: number): void {
    this.#version = version;
    for (const answer of this.#answers.values()) releaseAnswerBytes(answer);
    this.#answers.clear();
    this.#forgetSeen();
    this.#bytes = 0;
  }
}

/** A key's FNV-1a hash over its UTF-16 code units, never 0 (the table's empty slot). */
function keyHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let k = 0; k < key.length; k++) hash = Math.imul(hash ^ key.charCodeAt(k), 0x01000193);
  return hash >>> 0 || 1;
}
