import { describe, expect, it } from 'vitest';
import { serialOrder, type Fields } from './serial-order.ts';

const initial = { a: 0, b: 0, c: 0 };
const rows: [string, { given: [Fields, Fields[], Fields, string[]?]; want: boolean }][] = [
  ['no writes, nothing changed', { given: [initial, [], initial], want: true }],
  ['one write applied', { given: [initial, [{ a: 1 }], { a: 1, b: 0, c: 0 }], want: true }],
  ['one write lost', { given: [initial, [{ a: 1 }], initial], want: false }],
  [
    'disjoint writes both kept',
    { given: [initial, [{ a: 1 }, { b: 2 }], { a: 1, b: 2, c: 0 }], want: true },
  ],
  [
    'disjoint writes, one lost',
    { given: [initial, [{ a: 1 }, { b: 2 }], { a: 1, b: 0, c: 0 }], want: false },
  ],
  [
    'overlapping writes, second last',
    { given: [initial, [{ a: 1, b: 1 }, { a: 2 }], { a: 2, b: 1, c: 0 }], want: true },
  ],
  [
    'overlapping writes, first last',
    { given: [initial, [{ a: 1, b: 1 }, { a: 2 }], { a: 1, b: 1, c: 0 }], want: true },
  ],
  [
    'a mix of two writes of the same fields',
    {
      given: [
        initial,
        [
          { a: 1, b: 1 },
          { a: 2, b: 2 },
        ],
        { a: 1, b: 2, c: 0 },
      ],
      want: false,
    },
  ],
  [
    'a field no write touched changed',
    { given: [initial, [{ a: 1 }], { a: 1, b: 0, c: 9 }, ['c']], want: false },
  ],
  [
    'many writes of the same fields, one whole',
    {
      given: [
        initial,
        Array.from({ length: 50 }, (_, i) => ({ a: i, b: i })),
        { a: 17, b: 17, c: 0 },
        ['c'],
      ],
      want: true,
    },
  ],
  [
    'many writes of the same fields, mixed',
    {
      given: [
        initial,
        Array.from({ length: 50 }, (_, i) => ({ a: i, b: i })),
        { a: 17, b: 18, c: 0 },
      ],
      want: false,
    },
  ],
];

describe('serialOrder', () => {
  it.each(rows)('%s', (_, { given, want }) => {
    expect(serialOrder(...given) !== undefined).toBe(want);
  });
});
