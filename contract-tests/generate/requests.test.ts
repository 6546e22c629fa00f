/**
 * The generator sends every name of Object.prototype where user input reaches a lookup: as query
 * values, path segments and body keys, for the operations that take them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzRequest, type FuzzRequest } from './requests.ts';
import { PROTOTYPE_KEYS } from './schema-values.ts';

const sample: FuzzRequest[] = fc.sample(
  fuzzRequest({ token: 't0ken', known: { contact_id: ['con_1'] }, notificationIds: ['not_1'] }),
  { seed: 42, numRuns: 6000 },
);

describe('PROTOTYPE_KEYS', () => {
  it('holds every name of Object.prototype and prototype', () => {
    expect(PROTOTYPE_KEYS).toEqual(
      expect.arrayContaining(Object.getOwnPropertyNames(Object.prototype)),
    );
    expect(PROTOTYPE_KEYS).toEqual(
      expect.arrayContaining([
        'constructor',
        '__proto__',
        'toString',
        'hasOwnProperty',
        'valueOf',
        'prototype',
      ]),
    );
  });
});

describe('fuzzRequest', () => {
  const names = (values: Iterable<string>) => [...values].filter((v) => PROTOTYPE_KEYS.includes(v));

  it.each([
    ['query values', (r: FuzzRequest) => names(new URL(r.url, 'http://x').searchParams.values())],
    ['path segments', (r: FuzzRequest) => names(new URL(r.url, 'http://x').pathname.split('/'))],
    [
      'body keys',
      (r: FuzzRequest) =>
        typeof r.body === 'string'
          ? PROTOTYPE_KEYS.filter((k) => r.body!.toString().includes(`"${k}":`))
          : [],
    ],
  ])('sends every prototype name as %s', (_where, found) => {
    expect(new Set(sample.flatMap(found))).toEqual(new Set(PROTOTYPE_KEYS));
  });
});
