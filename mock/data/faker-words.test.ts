/**
 * `faker-words.ts` is generated from faker's English locale: the committed copy must equal what
 * `npm run generate` writes now, or the pools (and so every record) would change at the next
 * regeneration rather than with the change that caused it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fakerWordsModule, fakerWordsPath } from '../../scripts/generate-words.ts';

describe('faker-words.ts', () => {
  it('equals what `npm run generate` makes from the installed faker (run it and commit)', () => {
    expect(readFileSync(fakerWordsPath, 'utf8')).toBe(fakerWordsModule());
  });
});
