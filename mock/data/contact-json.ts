/**
 * Seeded contact `i` as JSON text, byte-identical to `JSON.stringify(seededContact(ds, i))`, written
 * straight from the field makers `seededContact` calls (contact.ts), in the spec's field order: no
 * record object, no serialiser walking it, no escaping scan of values that need none.
 *
 * Generated values are pool words, the countries' constants and ASCII made from hashes, so once a
 * dataset's pools are known to hold no character JSON escapes, no value does. A dataset whose pools
 * do hold one (none today) is written through `JSON.stringify` instead.
 */
import { generatedTraits, seededContact } from './contact.ts';
import { generatedContactJson } from './contact-json.generated.ts';
import { COUNTRIES } from './countries.ts';
import type { Dataset } from './dataset.ts';
import type { Pools } from './pools.ts';
import type { Published } from './published.ts';

/** Whether JSON writes `text` as it is between quotes (no quote, backslash, control character or lone surrogate). */
const isPlain = (text: string): boolean => JSON.stringify(text).length === text.length + 2;

/** Whether every string in `value` (an array or object, however deep) is plain. */
function allPlain(value: unknown): boolean {
  if (typeof value === 'string') return isPlain(value);
  if (value === null || typeof value !== 'object') return true;
  return Object.values(value).every(allPlain);
}

const COUNTRIES_PLAIN = allPlain(COUNTRIES);
const plainPools = new WeakMap<Pools, boolean>();

/**
 * Whether every generated value of a dataset with these pools can be written between quotes as it is.
 * Checked once per pools, on the first record written (~8,000 strings: 1–5 ms).
 */
export function writesPlainly(pools: Pools): boolean {
  let plain = plainPools.get(pools);
  if (plain === undefined) {
    plain = COUNTRIES_PLAIN && allPlain(pools);
    plainPools.set(pools, plain);
  }
  return plain;
}

/** Published records' JSON, made on first use (a few dozen records, default seed only). */
const publishedJson = new WeakMap<Published, Map<number, string>>();

function publishedContactJson(ds: Dataset, i: number): string {
  let texts = publishedJson.get(ds.published);
  if (!texts) {
    texts = new Map();
    publishedJson.set(ds.published, texts);
  }
  let text = texts.get(i);
  if (text === undefined) {
    text = JSON.stringify(seededContact(ds, i));
    texts.set(i, text);
  }
  return text;
}

/** Seeded contact `i` (0 ≤ i < size) as `JSON.stringify(seededContact(ds, i))` writes it. */
export function seededContactJson(ds: Dataset, i: number): string {
  if (ds.published.contacts.has(i)) return publishedContactJson(ds, i);
  if (!writesPlainly(ds.pools)) return JSON.stringify(seededContact(ds, i));
  return generatedContactJson(generatedTraits(ds, i));
}
