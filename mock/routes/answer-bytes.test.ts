import { describe, expect, it } from 'vitest';
import { answerBytes, isLent, reuseAnswerBytes } from './answer-bytes.ts';

describe('answerBytes', () => {
  it('reuses a buffer given back, once, and only buffers it lent', () => {
    const first = answerBytes(7_000);
    expect(first.byteLength).toBe(7_000);
    expect(isLent(first)).toBe(true);
    reuseAnswerBytes(first);
    expect(isLent(first)).toBe(false);
    // Given back twice: still one buffer, never handed to two answers at once.
    reuseAnswerBytes(first);
    const second = answerBytes(5_000);
    const third = answerBytes(5_000);
    expect(second.buffer).toBe(first.buffer);
    expect(third.buffer).not.toBe(first.buffer);
    // Bytes it did not lend (a kept answer's own copy) are never taken for reuse.
    const own = new Uint8Array(8 * 1024);
    reuseAnswerBytes(own);
    expect(answerBytes(8 * 1024).buffer).not.toBe(own.buffer);
  });

  it('gives a long answer a buffer of its own, never reused', () => {
    const long = answerBytes(200_000);
    expect(long.byteLength).toBe(200_000);
    expect(isLent(long)).toBe(false);
    reuseAnswerBytes(long);
    expect(answerBytes(200_000).buffer).not.toBe(long.buffer);
  });
});
