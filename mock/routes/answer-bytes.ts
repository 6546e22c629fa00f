/**
 * Byte buffers for answers written as UTF-8 (a page of contacts: contact-list.ts), given back and
 * reused once the Node server has sent them (node-fast-path.ts).
 *
 * Why: V8 counts every new ArrayBuffer's bytes as external memory, and a fresh ~8 KB buffer per page
 * (~100 MB/s when pages are asked for at full speed) set off a full garbage collection about twice a
 * second, ~7 ms each, half of it sweeping the dead buffers: the p99 of every request queued behind
 * it. An answer that is not given back (the app's own route, a kept answer) is collected as usual.
 */

/** Buffers come in powers of two from this size... */
const SMALLEST = 8 * 1024;
/** ...to this one; a longer answer gets a buffer of its own, never reused. */
const LARGEST = 128 * 1024;
/** Most buffers kept for reuse of each size (50 connections' answers in flight need about 50). */
const MOST_KEPT = 64;

const free = new Map<number, ArrayBuffer[]>();
/** Buffers handed out and not given back: only these may be given back, and only once. */
const lent = new WeakSet<ArrayBuffer>();

/** `length` bytes for an answer (their content undefined): a view of a pooled buffer when it fits. */
export function answerBytes(length: number): Uint8Array<ArrayBuffer> {
  if (length > LARGEST) return new Uint8Array(length);
  let size = SMALLEST;
  while (size < length) size *= 2;
  const buffer = free.get(size)?.pop() ?? new ArrayBuffer(size);
  lent.add(buffer);
  return new Uint8Array(buffer, 0, length);
}

/** Whether `bytes` came from answerBytes' pool and were not given back yet. */
export function isLent(bytes: Uint8Array): boolean {
  return lent.has(bytes.buffer as ArrayBuffer);
}

/**
 * Gives `bytes` (from answerBytes) back for reuse. The caller must be the answer's last reader: the
 * buffer is overwritten by the next answer. Anything not lent (or given back already) is ignored.
 */
export function reuseAnswerBytes(bytes: Uint8Array): void {
  const buffer = bytes.buffer as ArrayBuffer;
  if (!lent.delete(buffer)) return;
  const kept = free.get(buffer.byteLength) ?? [];
  free.set(buffer.byteLength, kept);
  if (kept.length < MOST_KEPT) kept.push(buffer);
}
