import { describe, expect, it } from 'vitest';
import { answerBytes, holdAnswerBytes, releaseAnswerBytes } from './answer-bytes.ts';

describe('answerBytes', () => {
  it('uses a buffer again once its last reader lets go, and only then', () => {
    const first = answerBytes(7_000);
    expect(first.byteLength).toBe(7_000);
    expect(holdAnswerBytes(first)).toBe(true);
    releaseAnswerBytes(first);
    // One reader left: not free.
    expect(answerBytes(7_000).buffer).not.toBe(first.buffer);
    releaseAnswerBytes(first);
    // Let go of once more than held: still one buffer, never handed to two answers at once.
    releaseAnswerBytes(first);
    const second = answerBytes(5_000);
    const third = answerBytes(5_000);
    expect(second.buffer).toBe(first.buffer);
    expect(third.buffer).not.toBe(first.buffer);
  });

  it('never takes bytes it did not hand out', () => {
    const own = new Uint8Array(8 * 1024);
    expect(holdAnswerBytes(own)).toBe(false);
    releaseAnswerBytes(own);
    expect(answerBytes(8 * 1024).buffer).not.toBe(own.buffer);
  });

  it('gives a long answer a buffer of its own, never used again', () => {
    const long = answerBytes(200_000);
    expect(long.byteLength).toBe(200_000);
    expect(holdAnswerBytes(long)).toBe(false);
    releaseAnswerBytes(long);
    expect(answerBytes(200_000).buffer).not.toBe(long.buffer);
  });
});
