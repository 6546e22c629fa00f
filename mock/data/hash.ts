/**
 * A fast integer hash: every seeded value is a pure function of (seed, index, lane), so any record can
 * be built on its own, in any order, and comes out the same on every call and every runtime (only
 * 32-bit integer arithmetic, no floating point).
 */

/** Mixes 32 bits into 32 well-spread bits (the `lowbias32` finaliser). */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** A uniform unsigned 32-bit value for (seed, index, lane). */
export function hash(seed: number, index: number, lane: number): number {
  return laneHash(indexHash(seed, index), lane);
}

/**
 * The part of `hash(seed, index, lane)` that does not depend on the lane: a record's many draws
 * compute it once and mix in each lane with `laneHash` (one `mix32` per draw instead of three).
 */
export function indexHash(seed: number, index: number): number {
  return mix32(mix32(seed ^ 0x9e3779b9) ^ index);
}

/** `hash(seed, index, lane)` from `indexHash(seed, index)`. */
export function laneHash(base: number, lane: number): number {
  return mix32(base ^ Math.imul(lane + 1, 0x85ebca6b));
}

/** True with probability `percent`/100. */
export function chance(h: number, percent: number): boolean {
  return h % 100 < percent;
}

/**
 * A 32-bit bijection keyed by `key` (a four-round Feistel network): ids look random, yet the index
 * an id was made from can be read back from it without any lookup table.
 */
export function scramble(x: number, key: number): number {
  let left = x >>> 16;
  let right = x & 0xffff;
  for (let round = 0; round < 4; round++) {
    const next = left ^ (mix32(right ^ key ^ Math.imul(round + 1, 0x9e3779b9)) & 0xffff);
    left = right;
    right = next;
  }
  return ((left << 16) | right) >>> 0;
}

/** The inverse of `scramble`. */
export function unscramble(y: number, key: number): number {
  let left = y >>> 16;
  let right = y & 0xffff;
  for (let round = 3; round >= 0; round--) {
    const previous = right ^ (mix32(left ^ key ^ Math.imul(round + 1, 0x9e3779b9)) & 0xffff);
    right = left;
    left = previous;
  }
  return ((left << 16) | right) >>> 0;
}

/** A seeded source of numbers in [0, 1) (mulberry32), so that a run with random inputs can be repeated. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
