/** Small helpers that turn hashes into the strings the API's ids and numbers are made of. */
import { indexHash, laneHash } from './hash.ts';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Every pair of decimal digits, `00` to `99`: a number is written two digits per lookup. */
const DIGIT_PAIRS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));

/** `n` (0 ≤ n < 100) as two digits, a zero in front. */
export function twoDigits(n: number): string {
  return DIGIT_PAIRS[n]!;
}

/** `n` (0 ≤ n < 10,000) as four digits, zeros in front. */
export function fourDigits(n: number): string {
  const high = Math.floor(n / 100);
  return DIGIT_PAIRS[high]! + DIGIT_PAIRS[n - high * 100]!;
}

/** `n` (0 ≤ n < 10⁹) as nine digits, zeros in front. */
function nineDigits(n: number): string {
  const high = Math.floor(n / 100_000_000);
  let rest = n - high * 100_000_000;
  const a = Math.floor(rest / 1_000_000);
  rest -= a * 1_000_000;
  const b = Math.floor(rest / 10_000);
  rest -= b * 10_000;
  const c = Math.floor(rest / 100);
  return `${high}${DIGIT_PAIRS[a]}${DIGIT_PAIRS[b]}${DIGIT_PAIRS[c]}${DIGIT_PAIRS[rest - c * 100]}`;
}

/**
 * A drawer of texts: `count` characters drawn from (seed, index, lane), `ofHash(h)` at a time from
 * the hashes of lanes `lane`, `lane + 1000`, … `base` is `indexHash(seed, index)`, for a caller that
 * has it already.
 */
function drawnText(ofHash: (h: number) => string) {
  return (
    seed: number,
    index: number,
    lane: number,
    count: number,
    base = indexHash(seed, index),
  ): string => {
    let out = '';
    for (let part = 0; out.length < count; part++)
      out += ofHash(laneHash(base, lane + part * 1000));
    return out.length === count ? out : out.slice(0, count);
  };
}

const nineDigitsOf = (h: number) => nineDigits(h % 1_000_000_000);

/** Five characters of [A-Za-z0-9] from one hash (62⁵ < 2³²), the least significant first. */
function fiveAlphanumerics(h: number): string {
  const c0 = h % 62;
  h = Math.floor(h / 62);
  const c1 = h % 62;
  h = Math.floor(h / 62);
  const c2 = h % 62;
  h = Math.floor(h / 62);
  const c3 = h % 62;
  h = Math.floor(h / 62);
  return (
    ALPHANUMERIC[c0]! +
    ALPHANUMERIC[c1]! +
    ALPHANUMERIC[c2]! +
    ALPHANUMERIC[c3]! +
    ALPHANUMERIC[h % 62]!
  );
}

/** `count` decimal digits drawn from (seed, index, lane). */
export const digits = drawnText(nineDigitsOf);

/** `count` characters of [A-Za-z0-9], as in the API's file names (`file_5W9XPQ96Xg…`). */
export const alphanumeric = drawnText(fiveAlphanumerics);

/** Two capital letters from one hash. */
export function twoLetters(h: number): string {
  return LETTERS[h % 26]! + LETTERS[Math.floor(h / 26) % 26]!;
}
