/**
 * Ids in the API's formats (`con_<uuid>`, `conv_<uuid>`, …). Contact, conversation and board-item ids
 * are *keyed*: their first eight hex digits are a keyed bijection of the record's index, so an id is
 * turned back into its index with no table, whatever the dataset's size.
 */
import { hash, indexHash, laneHash, scramble, unscramble } from './hash.ts';

const BYTE_HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const NIBBLE_HEX = Array.from({ length: 16 }, (_, n) => n.toString(16));
/** The variant digit (`8`, `9`, `a`, `b`) for the hex digit it replaces: its character code's low bits. */
const VARIANT_OF = NIBBLE_HEX.map((digit) => '89ab'[digit.charCodeAt(0) & 3]!);

function hex8(word: number): string {
  return (
    BYTE_HEX[word >>> 24]! +
    BYTE_HEX[(word >>> 16) & 255]! +
    BYTE_HEX[(word >>> 8) & 255]! +
    BYTE_HEX[word & 255]!
  );
}

/**
 * A version-4-shaped uuid from four 32-bit words, written straight from their bytes: the first word
 * appears unchanged as the first 8 digits; the version and variant digits replace the 13th and 17th.
 */
export function uuidFromWords(w0: number, w1: number, w2: number, w3: number): string {
  return `${hex8(w0)}-${BYTE_HEX[w1 >>> 24]}${BYTE_HEX[(w1 >>> 16) & 255]}-4${NIBBLE_HEX[(w1 >>> 8) & 15]}${BYTE_HEX[w1 & 255]}-${VARIANT_OF[w2 >>> 28]}${NIBBLE_HEX[(w2 >>> 24) & 15]}${BYTE_HEX[(w2 >>> 16) & 255]}-${BYTE_HEX[(w2 >>> 8) & 255]}${BYTE_HEX[w2 & 255]}${hex8(w3)}`;
}

/** A uuid that is a pure function of (seed, lane, index); `base` is `indexHash(seed, index)`. */
export function hashedUuid(
  seed: number,
  lane: number,
  index: number,
  base = indexHash(seed, index),
): string {
  return uuidFromWords(
    laneHash(base, lane),
    laneHash(base, lane + 1),
    laneHash(base, lane + 2),
    laneHash(base, lane + 3),
  );
}

function keyOf(seed: number, lane: number): number {
  return hash(seed, 0x7fffffff, lane);
}

/** The first word of a keyed uuid: ordering ids as strings is ordering these numbers. */
export function keyedWord(seed: number, lane: number, index: number): number {
  return scramble(index, keyOf(seed, lane));
}

/** The index whose keyed word is `word` (the inverse of `keyedWord`). */
export function indexOfKeyedWord(seed: number, lane: number, word: number): number {
  return unscramble(word, keyOf(seed, lane));
}

/** A uuid whose index can be read back with `indexOfKeyedUuid`; `base` is `indexHash(seed, index)`. */
export function keyedUuid(
  seed: number,
  lane: number,
  index: number,
  base = indexHash(seed, index),
): string {
  return uuidFromWords(
    keyedWord(seed, lane, index),
    laneHash(base, lane + 1),
    laneHash(base, lane + 2),
    laneHash(base, lane + 3),
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The index a keyed uuid was made from, or undefined when the text is not one of this seed's. */
export function indexOfKeyedUuid(seed: number, lane: number, text: string): number | undefined {
  if (!UUID.test(text)) return undefined;
  const index = unscramble(Number.parseInt(text.slice(0, 8), 16), keyOf(seed, lane));
  return keyedUuid(seed, lane, index) === text ? index : undefined;
}
