import { describe, expect, it } from 'vitest';
import { seededRandom } from './hash.ts';
import { hashedUuid, indexOfKeyedUuid, keyedUuid, uuidFromWords } from './ids.ts';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('ids', () => {
  it('formats four words as a version-4 uuid whose first word shows unchanged', () => {
    const uuid = uuidFromWords(0x0123abcd, 0xffffffff, 0, 0x80000000);
    expect(uuid).toMatch(UUID_V4);
    expect(uuid.slice(0, 8)).toBe('0123abcd');
  });

  it('writes the same uuid as slicing the four words written in hex', () => {
    const hex = (w: number) => w.toString(16).padStart(8, '0');
    const sliced = (w0: number, w1: number, w2: number, w3: number) => {
      const [b, c] = [hex(w1), hex(w2)];
      return `${hex(w0)}-${b.slice(0, 4)}-4${b.slice(5)}-${'89ab'[c.charCodeAt(0) & 3]}${c.slice(1, 4)}-${c.slice(4)}${hex(w3)}`;
    };
    const random = seededRandom(3);
    const word = () => Math.floor(random() * 2 ** 32);
    for (let k = 0; k < 2000; k++) {
      // Every leading hex digit of the third word (it picks the variant digit).
      const w = [word(), word(), ((k % 16) * 2 ** 28 + (word() % 2 ** 28)) >>> 0, word()] as const;
      expect(uuidFromWords(...w)).toBe(sliced(...w));
    }
  });

  it.each([0, 1, 65_680, 999_999, 1_000_003, 9_999_999])(
    'reads back index %i from its keyed uuid',
    (i) => {
      const uuid = keyedUuid(5, 100, i);
      expect(uuid).toMatch(UUID_V4);
      expect(indexOfKeyedUuid(5, 100, uuid)).toBe(i);
    },
  );

  it.each([
    { name: 'another seed', text: keyedUuid(6, 100, 10) },
    { name: 'another lane', text: keyedUuid(5, 110, 10) },
    { name: 'a random uuid', text: hashedUuid(5, 100, 10) },
    {
      name: 'one digit changed',
      text: keyedUuid(5, 100, 10).replace(/.$/, (c) => (c === '0' ? '1' : '0')),
    },
    { name: 'not a uuid', text: 'hello' },
    { name: 'upper case', text: keyedUuid(5, 100, 10).toUpperCase() },
  ])('refuses $name', ({ text }) => {
    expect(indexOfKeyedUuid(5, 100, text)).toBeUndefined();
  });
});
