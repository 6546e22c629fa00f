/**
 * The seeded dataset: a seed, a size, and the pools every record draws from. Everything else is a pure
 * function of (dataset, index), computed when asked.
 */
import { buildPools, type Pools } from './pools.ts';
import { type Published, publishedFor } from './published.ts';

export interface Dataset {
  /** The seed as an unsigned 32-bit integer. */
  readonly seed: number;
  /** How many seeded contacts. */
  readonly size: number;
  readonly pools: Pools;
  /** The published examples' records that take the places of seeded ones (default seed only). */
  readonly published: Published;
}

/** The largest dataset whose creation times stay strictly ordered (see timeline.ts). */
export const MAX_CONTACTS = 10_000_000;
/** The size of the real dev account: the mock's default. */
export const DEFAULT_CONTACTS = 65_681;

export function createDataset(seed: number, size: number): Dataset {
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  if (!Number.isSafeInteger(size) || size < 0 || size > MAX_CONTACTS) {
    throw new Error(`contacts must be an integer from 0 to ${MAX_CONTACTS}, got ${size}`);
  }
  const normalized = seed >>> 0;
  return Object.freeze({
    seed: normalized,
    size,
    pools: buildPools(normalized),
    published: publishedFor(normalized),
  });
}
