import { describe, expect, it } from 'vitest';
import { hashedUuid, indexOfKeyedUuid, keyedUuid, uuidFromWords } from './ids.ts';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('ids', () => {
  it('formats four words as a version-4 uuid whose first word shows unchanged', () => {
    const uuid = uuidFromWords(0x0123abcd, 0xffffffff, 0, 0x80000000);
    expect(uuid).toMatch(UUID_V4);
    expect(uuid.slice(0, 8)).toBe('0123abcd');
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
