import { describe, expect, it } from 'vitest';
import { hash, indexHash } from './hash.ts';
import { alphanumeric, digits, fourDigits, twoDigits } from './text.ts';

// The first versions of these helpers, kept as the reference the faster ones must match exactly.
function referenceDigits(seed: number, index: number, lane: number, count: number): string {
  let out = '';
  for (let part = 0; out.length < count; part++)
    out += (hash(seed, index, lane + part * 1000) % 1_000_000_000).toString().padStart(9, '0');
  return out.slice(0, count);
}

function referenceAlphanumeric(seed: number, index: number, lane: number, count: number): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let part = 0; out.length < count; part++) {
    let h = hash(seed, index, lane + part * 1000);
    for (let k = 0; k < 5; k++) {
      out += chars[h % 62];
      h = Math.floor(h / 62);
    }
  }
  return out.slice(0, count);
}

describe('digits and alphanumeric', () => {
  it('write what the first versions wrote, with or without the record’s hash base', () => {
    const wrong: string[] = [];
    for (let index = 0; index < 3000; index++) {
      const seed = index % 7 === 0 ? 0xffffffff : 1 + (index % 5);
      const count = 1 + (index % 30);
      const base = indexHash(seed, index);
      const d = referenceDigits(seed, index, 40, count);
      const a = referenceAlphanumeric(seed, index, 40, count);
      if (digits(seed, index, 40, count) !== d || digits(seed, index, 40, count, base) !== d)
        wrong.push(`digits ${seed} ${index} ${count}`);
      if (
        alphanumeric(seed, index, 40, count) !== a ||
        alphanumeric(seed, index, 40, count, base) !== a
      )
        wrong.push(`alphanumeric ${seed} ${index} ${count}`);
    }
    expect(wrong).toEqual([]);
  });

  it('pads small numbers with zeros', () => {
    expect([twoDigits(0), twoDigits(7), twoDigits(99)]).toEqual(['00', '07', '99']);
    expect([fourDigits(0), fourDigits(42), fourDigits(305), fourDigits(9999)]).toEqual([
      '0000',
      '0042',
      '0305',
      '9999',
    ]);
  });
});
