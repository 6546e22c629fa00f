/**
 * Seeded contact `i` as JSON text, byte-identical to `JSON.stringify(seededContact(ds, i))`, written
 * straight from the field makers `seededContact` calls (contact.ts), in the spec's field order: no
 * record object, no serialiser walking it, no escaping scan of values that need none.
 *
 * Generated values are pool words, the countries' constants and ASCII made from hashes, so once a
 * dataset's pools are known to hold no character JSON escapes, no value does. A dataset whose pools
 * do hold one (none today) is written through `JSON.stringify` instead.
 */
import type { Contact } from '../../openapi/types.ts';
import {
  GENERATED,
  SAME_IN_EVERY_CONTACT,
  type Traits,
  generatedTraits,
  seededContact,
} from './contact.ts';
import { COUNTRIES } from './countries.ts';
import type { Dataset } from './dataset.ts';
import type { Pools } from './pools.ts';
import type { Published } from './published.ts';
import { CONTACT_FIELDS, STRING_FIELDS } from './spec-lists.ts';

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

/**
 * A generated contact's JSON as the text between its varying fields and the writer of each, in the
 * spec's field order (CONTACT_FIELDS): the fields the same in every generated contact are part of
 * the text around them, a string field is written between quotes as it is (the pools are plain),
 * any other through JSON.stringify. `texts` has one more entry than `writers`.
 */
function planOf(fields: readonly (keyof Contact)[]) {
  const texts: string[] = [];
  const writers: ((t: Traits) => string)[] = [];
  let text = '{';
  fields.forEach((field, k) => {
    text += `${k ? ',' : ''}${JSON.stringify(field)}:`;
    if (field in SAME_IN_EVERY_CONTACT) {
      text += JSON.stringify(SAME_IN_EVERY_CONTACT[field as keyof typeof SAME_IN_EVERY_CONTACT]);
      return;
    }
    const make = GENERATED[field] as (t: Traits) => unknown;
    const quoted = STRING_FIELDS.has(field);
    texts.push(quoted ? `${text}"` : text);
    writers.push(quoted ? (make as (t: Traits) => string) : (t) => JSON.stringify(make(t)));
    text = quoted ? '"' : '';
  });
  texts.push(`${text}}`);
  return { texts, writers };
}

const { texts: TEXTS, writers: WRITERS } = planOf(CONTACT_FIELDS);

/** Seeded contact `i` (0 ≤ i < size) as `JSON.stringify(seededContact(ds, i))` writes it. */
export function seededContactJson(ds: Dataset, i: number): string {
  if (ds.published.contacts.has(i)) return publishedContactJson(ds, i);
  if (!writesPlainly(ds.pools)) return JSON.stringify(seededContact(ds, i));
  const t = generatedTraits(ds, i);
  let text = TEXTS[0]!;
  for (let k = 0; k < WRITERS.length; k++) text += WRITERS[k]!(t) + TEXTS[k + 1]!;
  return text;
}
