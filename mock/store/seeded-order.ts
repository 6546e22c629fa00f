/**
 * The seeded contacts in a field's sort order (key, then id), computed from numbers instead of from
 * their generated text, so that at a million contacts every sort index is ready within a second of
 * start. A field's value is drawn from a pool (a first name, a country's time zone) or composed from
 * drawn parts; each pool is ranked once by the comparison the index uses, each record gets
 * its rank (or, for a composed value, a few words ordered like its text) from the same hashes
 * contact.ts draws it with, and a stable radix sort of the records in id order does the rest.
 *
 * This mirrors how contact.ts makes each field: seeded-order.test.ts checks every sortable field
 * against a plain sort of the generated values, on several seeds and sizes.
 */
import type { ChannelType } from '../../openapi/types.ts';
import { CHANNEL_SLOTS } from '../data/contact.ts';
import { COUNTRY_SLOTS } from '../data/countries.ts';
import type { Dataset } from '../data/dataset.ts';
import { chance, hash } from '../data/hash.ts';
import { keyedWord } from '../data/ids.ts';
import { LANE } from '../data/lanes.ts';
import type { SortField } from '../data/spec-lists.ts';
import { REFERENCE_TIME, contactCreatedAt } from '../data/timeline.ts';
import { radixSortSteps } from './radix-order.ts';
import type { Steps } from './steps.ts';

/** Records handled between two yields. */
const SLICE = 1 << 13;
const NO_LAST_NAME = 0xffff;
const LETTERS = 26;
/** Anonymous display names per country code: two letters and four digits. */
const ANONYMOUS_NAMES = LETTERS * LETTERS * 10_000;
const THREE_DAYS = 3 * 24 * 3600 * 1000;
const TWO_POW_32 = 4_294_967_296;

const CHANNELS = [...new Set(CHANNEL_SLOTS)];
const CHANNEL_OF_SLOT = Uint8Array.from(CHANNEL_SLOTS, (c) => CHANNELS.indexOf(c));
const COUNTRIES = [...new Set(COUNTRY_SLOTS)];
const COUNTRY_OF_SLOT = Uint8Array.from(COUNTRY_SLOTS, (c) => COUNTRIES.indexOf(c));
const CHANNEL_INDEX = (type: ChannelType) => CHANNELS.indexOf(type);
const WEB = CHANNEL_INDEX('web');
const WHATSAPP = CHANNEL_INDEX('whatsapp');
const EMAIL = CHANNEL_INDEX('email');

/**
 * The draws of traits() in contact.ts for the generated records, one typed array per trait, in id
 * order: entry p is record byId[p]'s.
 */
interface Columns {
  /** The generated (not published) seeded records, in id order. */
  byId: Uint32Array;
  channel: Uint8Array;
  anonymous: Uint8Array;
  country: Uint8Array;
  firstName: Uint16Array;
  /** Index in the last-name pool, or NO_LAST_NAME. */
  lastName: Uint16Array;
}

const columnsOf = new WeakMap<Dataset, Columns>();

function* columnSteps(ds: Dataset): Steps<Columns> {
  const cached = columnsOf.get(ds);
  if (cached) return cached;
  const { seed, size, pools } = ds;
  const isPublished = new Uint8Array(size);
  for (const i of ds.published.contacts.keys()) if (i < size) isPublished[i] = 1;
  const generated = new Uint32Array(size);
  const idOrders = new Uint32Array(size);
  let g = 0;
  yield* inSlices(size, (from, to) => {
    for (let i = from; i < to; i++) {
      if (isPublished[i]) continue;
      generated[g] = i;
      idOrders[g++] = keyedWord(seed, LANE.contactId, i); // contactIdOrder() of a generated one
    }
  });
  const byId = yield* radixSortSteps(generated.subarray(0, g), [idOrders.subarray(0, g)]);
  // Drawn in id order (hashes read no memory), so that every field reads them in sequence.
  const channel = new Uint8Array(g);
  const anonymous = new Uint8Array(g);
  const country = new Uint8Array(g);
  const firstName = new Uint16Array(g);
  const lastName = new Uint16Array(g);
  yield* inSlices(g, (from, to) => {
    for (let p = from; p < to; p++) {
      const i = byId[p]!;
      const slot = CHANNEL_OF_SLOT[hash(seed, i, LANE.channel) % 100]!;
      channel[p] = slot;
      const anon = slot === WEB && chance(hash(seed, i, LANE.anonymous), 92) ? 1 : 0;
      anonymous[p] = anon;
      country[p] = COUNTRY_OF_SLOT[hash(seed, i, LANE.country) % 100]!;
      if (anon) continue;
      firstName[p] = hash(seed, i, LANE.firstName) % pools.firstNames.length;
      const hl = hash(seed, i, LANE.lastName);
      lastName[p] = chance(hl, 8) ? NO_LAST_NAME : hl % pools.lastNames.length;
    }
  });
  const columns: Columns = { byId, channel, anonymous, country, firstName, lastName };
  columnsOf.set(ds, columns);
  return columns;
}

/**
 * Each value's rank among the distinct values and '' (which ranks 0), by the index's comparison
 * (UTF-16 code units, as `<` compares strings).
 */
function ranks(values: readonly string[]): Uint32Array {
  const sorted = [...new Set(['', ...values])].sort();
  const rank = new Map(sorted.map((value, r) => [value, r]));
  return Uint32Array.from(values, (value) => rank.get(value)!);
}

/**
 * The generated seeded records in `field`'s order (key, then id order); undefined for `created_at`
 * (index order already) and when a pool breaks what the fast order relies on (then the caller sorts
 * the keys themselves). Published records are left out: their keys are their own.
 */
export function* seededOrderSteps(ds: Dataset, field: SortField): Steps<Uint32Array | undefined> {
  if (field === 'created_at') return undefined;
  const columns = yield* columnSteps(ds);
  const { byId } = columns;
  if (field === 'id' || field === 'updated_at') return byId.slice(); // every key is ''
  const rankOf = RANKED[field];
  if (rankOf) {
    const rank = rankOf(ds, columns);
    if (!rank) return undefined;
    const words = new Uint32Array(byId.length);
    yield* inSlices(byId.length, (from, to) => {
      for (let p = from; p < to; p++) words[p] = rank(p, byId[p]!);
    });
    return yield* radixSortSteps(byId, [words]);
  }
  if (field === 'last_seen') return yield* lastSeenOrder(ds, columns);
  if (field === 'phone_number') return yield* phoneOrder(ds, columns);
  return yield* emailOrder(ds, columns);
}

/** A field's rank of seeded record i (at p in id order), equal ranks for equal keys, ordered as the keys are. */
type Rank = (p: number, i: number) => number;

const RANKED: Partial<Record<SortField, (ds: Dataset, c: Columns) => Rank | undefined>> = {
  channel_type: (_ds, c) => {
    const rank = ranks(CHANNELS);
    return (p) => rank[c.channel[p]!]!;
  },
  time_zone: (_ds, c) => {
    const rank = ranks(COUNTRIES.map((country) => country.timeZone));
    return (p) => rank[c.country[p]!]!;
  },
  language: (ds, c) => {
    const rank = ranks([...COUNTRIES.map((country) => country.language), 'en']);
    const english = rank[COUNTRIES.length]!;
    return (p, i) => {
      const hv = hash(ds.seed, i, LANE.language) % 100;
      const local = rank[c.country[p]!]!;
      if (c.anonymous[p]) return hv < 85 ? english : local;
      return hv < 70 ? local : english;
    };
  },
  first_name: (ds, c) => {
    const rank = ranks(ds.pools.firstNames.map((first) => first.name));
    return (p) => (c.anonymous[p] ? 0 : rank[c.firstName[p]!]!);
  },
  last_name: (ds, c) => {
    const rank = ranks(ds.pools.lastNames);
    return (p) => (c.anonymous[p] || c.lastName[p] === NO_LAST_NAME ? 0 : rank[c.lastName[p]!]!);
  },
  company_name: (ds, c) => {
    const { companies } = ds.pools;
    const rank = ranks(companies);
    return (p, i) => {
      if (c.anonymous[p]) return 0;
      const hc = hash(ds.seed, i, LANE.company);
      return chance(hc, 35) ? rank[(hc >>> 7) % companies.length]! : 0;
    };
  },
  display_name: displayNameRank,
};

/**
 * `First Last` (or `First`) of a named contact, `CODE#AB1234` of an anonymous one, as one number.
 * Names are grouped by first name and country codes by `CODE#`, the groups ranked as those strings
 * are: a first name has no character at or below '#', so `First ` + anything and `CODE#` + anything
 * compare as `First` and `CODE#` do, and a first name's contacts as their last names do ('' first).
 * An anonymous name has a fixed length: its letters and digits compare as one number.
 */
function displayNameRank(ds: Dataset, c: Columns): Rank | undefined {
  const firsts = ds.pools.firstNames.map((first) => first.name);
  const lasts = ds.pools.lastNames;
  const codes = COUNTRIES.map((country) => `${country.code}#`);
  const plain = (text: string) => text === text.trim() && text.length > 0;
  if (
    !firsts.every((name) => plain(name) && [...name].every((ch) => ch > '#')) ||
    !lasts.every(plain) ||
    !codes.every((code) => [...code].every((ch) => ch > ' ')) ||
    firsts.length >= NO_LAST_NAME ||
    lasts.length >= NO_LAST_NAME
  )
    return undefined;
  const groupRank = ranks([...firsts, ...codes]);
  const lastRank = ranks(lasts);
  // Each group's first number: name groups hold a rank per last name (0: none), anonymous ones
  // every letters-and-digits combination.
  const groups = Math.max(0, ...groupRank) + 1;
  const sizes = new Float64Array(groups);
  const lastNames = Math.max(0, ...lastRank) + 1;
  for (let k = 0; k < groupRank.length; k++)
    sizes[groupRank[k]!] = k < firsts.length ? lastNames : ANONYMOUS_NAMES;
  const base = new Float64Array(groups);
  for (let g = 1; g < base.length; g++) base[g] = base[g - 1]! + sizes[g - 1]!;
  if (base[base.length - 1]! + sizes[sizes.length - 1]! > TWO_POW_32) return undefined;
  const firstBase = Float64Array.from(firsts, (_, k) => base[groupRank[k]!]!);
  const codeBase = Float64Array.from(codes, (_, k) => base[groupRank[firsts.length + k]!]!);
  return (p, i) => {
    if (!c.anonymous[p]) {
      const last = c.lastName[p]!;
      return firstBase[c.firstName[p]!]! + (last === NO_LAST_NAME ? 0 : lastRank[last]!);
    }
    const letters = hash(ds.seed, i, LANE.letters);
    const first = letters % LETTERS;
    const second = Math.floor(letters / LETTERS) % LETTERS;
    const number = hash(ds.seed, i, LANE.digits) % 10_000;
    return codeBase[c.country[p]!]! + (first * LETTERS + second) * 10_000 + number;
  };
}

/** Never seen first, then by instant (the ISO text of an instant sorts as the instant does). */
function* lastSeenOrder(ds: Dataset, c: Columns): Steps<Uint32Array> {
  const { seed } = ds;
  const oldest = contactCreatedAt(seed, ds.size - 1);
  return yield* emptyFirst(c.byId, 2, (p, i, words, at) => {
    const hv = hash(seed, i, LANE.lastSeen);
    if (!chance(hv, c.anonymous[p] ? 90 : 60)) return false;
    const createdAt = contactCreatedAt(seed, i);
    const window = Math.min(THREE_DAYS, REFERENCE_TIME - createdAt);
    const since = createdAt + ((hv >>> 7) % (window + 1)) - oldest;
    words[0]![at] = Math.floor(since / TWO_POW_32);
    words[1]![at] = since >>> 0;
    return true;
  });
}

/**
 * Named contacts with an email, by `local@domain` as contact.ts composes it from the names (lower
 * case, letters and digits): two words hold its first characters (each as its rank among the
 * characters the pools can give, 0 past the end); longer ties are compared as text.
 */
function* emailOrder(ds: Dataset, c: Columns): Steps<Uint32Array> {
  const bare = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
  const firsts = ds.pools.firstNames.map((first) => bare(first.name));
  const initials = firsts.map((first) => first.charAt(0));
  const lasts = ds.pools.lastNames.map(bare);
  const domains = ds.pools.emailDomains;
  const numbers = Array.from({ length: 97 }, (_, n) => String(n));
  const { seed } = ds;
  // The email's pieces, in order; none when the contact has no email.
  const pieces: string[] = [];
  const piecesOf = (p: number, i: number): void => {
    pieces.length = 0;
    if (c.anonymous[p]) return;
    if (c.channel[p] !== EMAIL && !chance(hash(seed, i, LANE.hasEmail), 40)) return;
    const first = firsts[c.firstName[p]!]!;
    const last = c.lastName[p] === NO_LAST_NAME ? '' : lasts[c.lastName[p]!]!;
    const style = hash(seed, i, LANE.emailStyle);
    const domain = domains[hash(seed, i, LANE.emailDomain) % domains.length]!;
    if (!last) pieces.push(first, numbers[style % 97]!);
    else if (style % 4 === 0) pieces.push(first, '.', last);
    else if (style % 4 === 1) pieces.push(first, last, numbers[style % 97]!);
    else if (style % 4 === 2) pieces.push(initials[c.firstName[p]!]!, last);
    else pieces.push(first, '_', last);
    pieces.push('@', domain);
  };
  const used = [
    ...new Set(['0123456789._@', ...firsts, ...lasts, ...domains].join('').split('')),
  ].sort();
  const rankOf = new Uint32Array(65_536);
  for (const [r, ch] of used.entries()) rankOf[ch.charCodeAt(0)] = r + 1;
  const base = used.length + 1;
  let perWord = 1;
  while (base ** (perWord + 1) <= TWO_POW_32) perWord++;
  const start = new Uint32Array(2 * perWord);
  return yield* emptyFirst(
    c.byId,
    2,
    (p, i, words, at) => {
      piecesOf(p, i);
      if (pieces.length === 0) return false;
      let k = 0;
      for (const piece of pieces)
        for (let q = 0; q < piece.length && k < start.length; q++)
          start[k++] = rankOf[piece.charCodeAt(q)]!;
      start.fill(0, k);
      for (let w = 0; w < 2; w++) {
        let word = 0;
        for (let q = w * perWord; q < (w + 1) * perWord; q++) word = word * base + start[q]!;
        words[w]![at] = word;
      }
      return true;
    },
    {
      text: (p) => {
        piecesOf(p, c.byId[p]!);
        return pieces.join('');
      },
      exactLength: 2 * perWord,
    },
  );
}

/** Digits per word of a phone number: each digit + 1 (0 past the end) in base 11. */
const PHONE_DIGITS_PER_WORD = 9;

/**
 * Named contacts with a phone, by its digits (a country's leading digit, then `digits()` from
 * text.ts: nine-digit chunks of hashes), as two base-11 words: exact for up to 18 digits.
 */
function* phoneOrder(ds: Dataset, c: Columns): Steps<Uint32Array | undefined> {
  if (COUNTRIES.some((country) => country.digits > 2 * PHONE_DIGITS_PER_WORD)) return undefined;
  const { seed } = ds;
  const number = new Uint8Array(3 * PHONE_DIGITS_PER_WORD); // room for a whole last chunk
  return yield* emptyFirst(c.byId, 2, (p, i, words, at) => {
    if (c.anonymous[p]) return false;
    const channel = c.channel[p]!;
    if (channel !== WHATSAPP && !chance(hash(seed, i, LANE.hasPhone), channel === EMAIL ? 25 : 45))
      return false;
    const { leading, digits: count } = COUNTRIES[c.country[p]!]!;
    number[0] = leading.charCodeAt(hash(seed, i, LANE.phone) % leading.length) - 48;
    for (let part = 0; part * 9 < count - 1; part++) {
      let chunk = hash(seed, i, LANE.phone + 1 + part * 1000) % 1_000_000_000;
      for (let k = 9; k >= 1; k--) {
        number[1 + part * 9 + k - 1] = chunk % 10;
        chunk = Math.floor(chunk / 10);
      }
    }
    for (let w = 0; w < 2; w++) {
      let word = 0;
      for (let k = w * PHONE_DIGITS_PER_WORD; k < (w + 1) * PHONE_DIGITS_PER_WORD; k++)
        word = word * 11 + (k < count ? number[k]! + 1 : 0);
      words[w]![at] = word;
    }
    return true;
  });
}

/**
 * The records for which `fill` gives words (it writes them at position `at` and returns true) ordered
 * by them, after the others (their key is ''), all ties in id order. With `textOf`, words are only
 * the start of a text: records with equal words and longer texts are then ordered by their texts.
 */
function* emptyFirst(
  byId: Uint32Array,
  wordCount: number,
  fill: (p: number, i: number, words: Uint32Array[], at: number) => boolean,
  textOf?: { text: (p: number) => string; exactLength: number },
): Steps<Uint32Array> {
  const order = new Uint32Array(byId.length);
  // Positions in id order of the records with a key, and their words.
  const keyed = new Uint32Array(byId.length);
  const words = Array.from({ length: wordCount }, () => new Uint32Array(byId.length));
  let empty = 0;
  let count = 0;
  yield* inSlices(byId.length, (from, to) => {
    for (let p = from; p < to; p++) {
      if (fill(p, byId[p]!, words, count)) keyed[count++] = p;
      else order[empty++] = byId[p]!;
    }
  });
  const keyWords = words.map((word) => word.subarray(0, count));
  const sorted = yield* radixSortSteps(
    identity(count),
    textOf ? keyWords.map((word) => word.slice()) : keyWords,
  );
  if (textOf)
    yield* sortLongTies(sorted, keyWords, (k) => textOf.text(keyed[k]!), textOf.exactLength);
  yield* inSlices(count, (from, to) => {
    for (let k = from; k < to; k++) order[empty + k] = byId[keyed[sorted[k]!]!]!;
  });
  return order;
}

/** Sorts by text the runs of `sorted` (indices of `words`) with equal words and longer texts. */
function* sortLongTies(
  sorted: Uint32Array,
  words: Uint32Array[],
  text: (k: number) => string,
  exactLength: number,
): Steps<void> {
  const same = (a: number, b: number) => words.every((word) => word[a] === word[b]);
  let sinceYield = 0;
  for (let start = 0; start < sorted.length; ) {
    let end = start + 1;
    while (end < sorted.length && same(sorted[start]!, sorted[end]!)) end++;
    if (end - start > 1) {
      const run = Array.from(sorted.subarray(start, end), (k) => ({ k, text: text(k) }));
      if (run.some((r) => r.text.length > exactLength)) {
        run.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0)); // stable: id order
        sorted.set(
          run.map((r) => r.k),
          start,
        );
      }
    }
    sinceYield += end - start;
    if (sinceYield >= SLICE) {
      sinceYield = 0;
      yield;
    }
    start = end;
  }
}

/** Runs `body` over [0, count) a slice at a time, yielding between slices. */
function* inSlices(count: number, body: (from: number, to: number) => void): Steps<void> {
  for (let from = 0; from < count; from += SLICE) {
    body(from, Math.min(count, from + SLICE));
    yield;
  }
}

/** 0, 1, …, count - 1. */
function identity(count: number): Uint32Array {
  const values = new Uint32Array(count);
  for (let k = 0; k < count; k++) values[k] = k;
  return values;
}
