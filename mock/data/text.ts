/** Small helpers that turn hashes into the strings the API's ids and numbers are made of. */
import { hash } from './hash.ts';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** `count` decimal digits drawn from (seed, index, lane). */
export function digits(seed: number, index: number, lane: number, count: number): string {
  let out = '';
  for (let part = 0; out.length < count; part++) {
    out += (hash(seed, index, lane + part * 1000) % 1_000_000_000).toString().padStart(9, '0');
  }
  return out.slice(0, count);
}

/** `count` characters of [A-Za-z0-9], as in the API's file names (`file_5W9XPQ96Xg…`). */
export function alphanumeric(seed: number, index: number, lane: number, count: number): string {
  let out = '';
  for (let part = 0; out.length < count; part++) {
    let h = hash(seed, index, lane + part * 1000);
    for (let k = 0; k < 5; k++) {
      out += ALPHANUMERIC[h % 62];
      h = Math.floor(h / 62);
    }
  }
  return out.slice(0, count);
}

/** Two capital letters from one hash. */
export function twoLetters(h: number): string {
  return LETTERS[h % 26]! + LETTERS[Math.floor(h / 26) % 26]!;
}
