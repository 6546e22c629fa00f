/**
 * Byte buffers for answers written as UTF-8 (a page of contacts: routes/contact-list.ts), used again
 * once nothing reads them: not the request that made one (node-fast-path.ts lets go of it once Node
 * has sent it), nor the answer cache (answer-cache.ts lets go when it drops the answer), nor the
 * requests the cache answered with it.
 *
 * Why: V8 counts every new ArrayBuffer's bytes as external memory, and a fresh ~8 KB buffer per page
 * (~100 MB/s when pages are asked for at full speed) set off a full garbage collection about twice a
 * second, ~7 ms each, half of it sweeping the dead buffers: the p99 of every request queued behind
 * it. A buffer somebody never lets go of (the app's own route) is collected as usual.
 */

/** Buffers come in powers of two from this size... */
const SMALLEST = 8 * 1024;
/** ...to this one; a longer answer gets a buffer of its own, never used again. */
const LARGEST = 128 * 1024;
/** Most free buffers kept of each size (50 connections' answers in flight need about 50). */
const MOST_KEPT = 64;

const free = new Map<number, ArrayBuffer[]>();
/** How many readers hold each buffer handed out: it is free again when none does. */
const readers = new WeakMap<ArrayBuffer, number>();

/**
 * `length` bytes for an answer (their content undefined): a view of a pooled buffer when it fits.
 * The caller is its one reader so far.
 */
export function answerBytes(length: number): Uint8Array<ArrayBuffer> {
  if (length > LARGEST) return new Uint8Array(length);
  let size = SMALLEST;
  while (size < length) size *= 2;
  const buffer = free.get(size)?.pop() ?? new ArrayBuffer(size);
  readers.set(buffer, 1);
  return new Uint8Array(buffer, 0, length);
}

/** One more reader of `bytes`; false (and nothing to let go of) when they are not pooled. */
export function holdAnswerBytes(bytes: Uint8Array): boolean {
  const buffer = bytes.buffer as ArrayBuffer;
  const count = readers.get(buffer);
  if (count === undefined) return false;
  readers.set(buffer, count + 1);
  return true;
}

/**
 * A reader of `bytes` is done with them: once none is left, the buffer is overwritten by the next
 * answer. Bytes not pooled (or with no reader left) are ignored.
 */
export function releaseAnswerBytes(bytes: Uint8Array): void {
  const buffer = bytes.buffer as ArrayBuffer;
  const count = readers.get(buffer);
  if (count === undefined) return;
  if (count > 1) {
    readers.set(buffer, count - 1);
    return;
  }
  readers.delete(buffer);
  const kept = free.get(buffer.byteLength) ?? [];
  free.set(buffer.byteLength, kept);
  if (kept.length < MOST_KEPT) kept.push(buffer);
}
