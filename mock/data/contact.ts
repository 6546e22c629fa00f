/**
 * Seeded contact `i` as a pure function of (dataset, i). A few traits (channel, anonymity, country,
 * names) are drawn first; every field is then a small function of them, so one field of a million
 * records (to sort or search them) costs far less than the whole records.
 */
import type { ChannelType, Contact } from '../../openapi/types.ts';
import { COUNTRY_SLOTS, type Country } from './countries.ts';
import type { Dataset } from './dataset.ts';
import { chance, indexHash, laneHash } from './hash.ts';
import { hashedUuid, indexOfKeyedUuid, indexOfKeyedWord, keyedUuid, keyedWord } from './ids.ts';
import { LANE } from './lanes.ts';
import { idOrderOf } from './published.ts';
import { BUSINESS_UNIT_ID, ORGANIZATION_ID, type Pools } from './pools.ts';
import { CONTACT_FIELDS } from './spec-lists.ts';
import { alphanumeric, digits, fourDigits, twoDigits, twoLetters } from './text.ts';
import { REFERENCE_TIME, contactCreatedAt, iso } from './timeline.ts';

export const CONTACT_PREFIX = 'con_';

/** Share of contacts per channel, out of 100; the published account is mostly web visitors. */
const CHANNEL_SHARE: Record<ChannelType, number> = {
  web: 60,
  whatsapp: 18,
  facebook: 8,
  email: 6,
  wechat: 3,
  instagram: 3,
  line: 2,
};
export const CHANNEL_SLOTS = (Object.entries(CHANNEL_SHARE) as [ChannelType, number][]).flatMap(
  ([type, share]) => Array<ChannelType>(share).fill(type),
);

/** The draws every field of contact `i` depends on. */
export interface Traits {
  ds: Dataset;
  i: number;
  /** `indexHash(seed, i)`: each of the record's draws mixes its lane into it (see hash.ts). */
  base: number;
  channel: ChannelType;
  /** A web visitor who never gave a name: `UNK#DO1695`, personal fields empty. */
  anonymous: boolean;
  country: Country;
  /** The names' places in the pools (-1: none, or a published record's). */
  firstIndex: number;
  lastIndex: number;
  firstName: string;
  lastName: string;
  gender: Contact['gender'];
  createdAt: number;
  /** The published record that takes this index's place (see published.ts), if any. */
  published: Contact | undefined;
}

function h(t: Traits, lane: number): number {
  return laneHash(t.base, lane);
}

export function traits(ds: Dataset, i: number): Traits {
  const published = ds.published.contacts.get(i);
  return published ? publishedTraits(ds, i, published) : generatedTraits(ds, i);
}

/** The traits of contact `i` as generated (for an index no published record took). */
export function generatedTraits(ds: Dataset, i: number): Traits {
  const { seed, pools } = ds;
  const base = indexHash(seed, i);
  const channel = CHANNEL_SLOTS[laneHash(base, LANE.channel) % 100]!;
  const anonymous = channel === 'web' && chance(laneHash(base, LANE.anonymous), 92);
  const country = COUNTRY_SLOTS[laneHash(base, LANE.country) % 100]!;
  let firstIndex = -1;
  let lastIndex = -1;
  let firstName = '';
  let lastName = '';
  let gender: Traits['gender'] = '';
  if (!anonymous) {
    firstIndex = laneHash(base, LANE.firstName) % pools.firstNames.length;
    const first = pools.firstNames[firstIndex]!;
    firstName = first.name;
    const hl = laneHash(base, LANE.lastName);
    if (!chance(hl, 8)) {
      lastIndex = hl % pools.lastNames.length;
      lastName = pools.lastNames[lastIndex]!;
    }
    const hg = laneHash(base, LANE.gender) % 100;
    gender = hg < 60 ? first.gender : hg < 62 ? 'Other' : '';
  }
  return {
    ds,
    i,
    base,
    channel,
    anonymous,
    country,
    firstIndex,
    lastIndex,
    firstName,
    lastName,
    gender,
    createdAt: contactCreatedAt(seed, i),
    published: undefined,
  };
}

/** The traits of a published record: what its fields say (its fields come from the record itself). */
function publishedTraits(ds: Dataset, i: number, record: Contact): Traits {
  return {
    ds,
    i,
    base: indexHash(ds.seed, i),
    channel: record.channel_type,
    anonymous: record.first_name === '' && record.last_name === '' && record.email === '',
    country: COUNTRY_SLOTS[0]!,
    firstIndex: -1,
    lastIndex: -1,
    firstName: record.first_name,
    lastName: record.last_name,
    gender: record.gender,
    createdAt: Date.parse(record.created_at),
    published: record,
  };
}

/** The contact id of seeded or created index `i`. */
export function contactId(ds: Dataset, i: number): string {
  return ds.published.contacts.get(i)?.id ?? CONTACT_PREFIX + keyedUuid(ds.seed, LANE.contactId, i);
}

/** The number that orders contact ids: comparing it is comparing the ids as strings. */
export function contactIdOrder(ds: Dataset, i: number): number {
  const published = ds.published.contacts.get(i);
  return published ? idOrderOf(published.id) : keyedWord(ds.seed, LANE.contactId, i);
}

/** The index whose id order is `order` (the inverse of `contactIdOrder`). */
export function contactIndexOfIdOrder(ds: Dataset, order: number): number {
  return ds.published.indexOfIdOrder.get(order) ?? indexOfKeyedWord(ds.seed, LANE.contactId, order);
}

/** The index a contact id was made from (seeded or created), or undefined for a foreign id. */
export function contactIndex(ds: Dataset, id: string): number | undefined {
  const published = ds.published.indexOfId.get(id);
  if (published !== undefined) return published;
  if (!id.startsWith(CONTACT_PREFIX)) return undefined;
  const i = indexOfKeyedUuid(ds.seed, LANE.contactId, id.slice(CONTACT_PREFIX.length));
  // The generated id of a record a published one replaced no longer exists.
  return i !== undefined && ds.published.contacts.has(i) ? undefined : i;
}

function hasPhone(t: Traits): boolean {
  if (t.anonymous) return false;
  if (t.channel === 'whatsapp') return true;
  return chance(h(t, LANE.hasPhone), t.channel === 'email' ? 25 : 45);
}

function phoneNumber(t: Traits): string {
  const { leading, digits: count } = t.country;
  return (
    leading[h(t, LANE.phone) % leading.length] +
    digits(t.ds.seed, t.i, LANE.phone + 1, count - 1, t.base)
  );
}

function hasEmail(t: Traits): boolean {
  if (t.anonymous) return false;
  return t.channel === 'email' || chance(h(t, LANE.hasEmail), 40);
}

/** The pools' names as e-mail addresses write them (lower case, letters and digits only). */
interface EmailNames {
  first: string[];
  last: string[];
}

const emailNamesOfPools = new WeakMap<Pools, EmailNames>();

const emailName = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Made once per dataset's pools, on the first e-mail address. */
function emailNames(pools: Pools): EmailNames {
  let names = emailNamesOfPools.get(pools);
  if (!names) {
    names = {
      first: pools.firstNames.map((first) => emailName(first.name)),
      last: pools.lastNames.map(emailName),
    };
    emailNamesOfPools.set(pools, names);
  }
  return names;
}

function emailLocalPart(t: Traits): string {
  const names = emailNames(t.ds.pools);
  const first = names.first[t.firstIndex]!;
  const last = t.lastIndex < 0 ? '' : names.last[t.lastIndex]!;
  const style = h(t, LANE.emailStyle);
  const number = String(style % 97);
  if (!last) return `${first}${number}`;
  switch (style % 4) {
    case 0:
      return `${first}.${last}`;
    case 1:
      return `${first}${last}${number}`;
    case 2:
      return `${first[0] ?? ''}${last}`;
    default:
      return `${first}_${last}`;
  }
}

/** For a field only named contacts have, `percent` of them: the draw to make it from, or -1 when empty. */
function namedDraw(t: Traits, lane: number, percent: number): number {
  if (t.anonymous) return -1;
  const hv = h(t, lane);
  return chance(hv, percent) ? hv >>> 7 : -1;
}

function pick<T>(list: readonly T[], hv: number): T {
  return list[hv % list.length]!;
}

function hasCompany(t: Traits): boolean {
  return !t.anonymous && chance(h(t, LANE.company), 35);
}

/** When the contact was last seen (ms), or undefined when never. */
function lastSeenAt(t: Traits): number | undefined {
  const hv = h(t, LANE.lastSeen);
  if (!chance(hv, t.anonymous ? 90 : 60)) return undefined;
  // Seen within three days of arriving, never after the reference instant.
  const window = Math.min(3 * 24 * 3600 * 1000, REFERENCE_TIME - t.createdAt);
  return t.createdAt + ((hv >>> 7) % (window + 1));
}

type FieldMakers = { [K in keyof Contact]-?: (t: Traits) => Contact[K] };

/** The fields whose value is the same in every generated contact (the JSON writer writes them once). */
export const SAME_IN_EVERY_CONTACT = {
  object_name: 'contact',
  organization_id: ORGANIZATION_ID,
  business_unit_id: BUSINESS_UNIT_ID,
  updated_at: null,
} as const satisfies Partial<Contact>;

/**
 * How each field of a generated contact is made (never called with a published record's traits).
 * Typed against the generated record, so none is missing. `seededContact` and the JSON writer
 * (contact-json.ts) both call these: a field is defined once.
 */
export const GENERATED: FieldMakers = {
  object_name: () => SAME_IN_EVERY_CONTACT.object_name,
  id: (t) => CONTACT_PREFIX + keyedUuid(t.ds.seed, LANE.contactId, t.i, t.base),
  organization_id: () => SAME_IN_EVERY_CONTACT.organization_id,
  business_unit_id: () => SAME_IN_EVERY_CONTACT.business_unit_id,
  channel_id: (t) => pick(t.ds.pools.channels[t.channel], h(t, LANE.channelId)),
  channel_type: (t) => t.channel,
  display_name: (t) => {
    if (!t.anonymous) return `${t.firstName} ${t.lastName}`.trim();
    return `${t.country.code}#${twoLetters(h(t, LANE.letters))}${fourDigits(h(t, LANE.digits) % 10000)}`;
  },
  avatar_url: (t) =>
    namedDraw(t, LANE.avatar, 35) < 0
      ? ''
      : `https://imbrace-data.s3.ap-east-1.amazonaws.com/contact/${ORGANIZATION_ID}/file_${alphanumeric(t.ds.seed, t.i, LANE.avatar + 1, 26, t.base)}.png`,
  first_name: (t) => t.firstName,
  last_name: (t) => t.lastName,
  gender: (t) => t.gender,
  area_code: (t) => (hasPhone(t) ? t.country.areaCode : ''),
  phone_number: (t) => (hasPhone(t) ? phoneNumber(t) : ''),
  language: (t) => {
    const hv = h(t, LANE.language) % 100;
    if (t.anonymous) return hv < 85 ? 'en' : t.country.language;
    return hv < 70 ? t.country.language : 'en';
  },
  email: (t) =>
    hasEmail(t)
      ? `${emailLocalPart(t)}@${pick(t.ds.pools.emailDomains, h(t, LANE.emailDomain))}`
      : '',
  remark: (t) => {
    const hv = namedDraw(t, LANE.remark, 12);
    return hv < 0 ? '' : pick(t.ds.pools.remarks, hv);
  },
  time_zone: (t) => t.country.timeZone,
  last_seen: (t) => {
    const at = lastSeenAt(t);
    return at === undefined ? '' : iso(at);
  },
  created_at: (t) => iso(t.createdAt),
  updated_at: () => SAME_IN_EVERY_CONTACT.updated_at,
  odooContactID: (t) => {
    const hv = namedDraw(t, LANE.odoo, 5);
    return hv < 0 ? '' : String(10_000 + (hv % 90_000));
  },
  title: (t) => {
    const hv = namedDraw(t, LANE.title, 20);
    return hv < 0 ? '' : pick(t.ds.pools.titles, hv);
  },
  birthday: (t) => {
    const hv = namedDraw(t, LANE.birthday, 15);
    if (hv < 0) return '';
    return `${1950 + (hv % 56)}-${twoDigits(1 + ((hv >>> 6) % 12))}-${twoDigits(1 + ((hv >>> 10) % 28))}`;
  },
  location: (t) => {
    const hv = namedDraw(t, LANE.location, 30);
    return hv < 0 ? '' : pick(t.ds.pools.cities, hv);
  },
  company_name: (t) => (hasCompany(t) ? pick(t.ds.pools.companies, h(t, LANE.company) >>> 7) : ''),
  position: (t) =>
    hasCompany(t) && chance(h(t, LANE.position), 70)
      ? pick(t.ds.pools.jobTitles, h(t, LANE.position) >>> 7)
      : '',
  whatsapp_id: (t) => (t.channel === 'whatsapp' ? t.country.areaCode + phoneNumber(t) : ''),
  facebook_id: (t) =>
    t.channel === 'facebook' ? digits(t.ds.seed, t.i, LANE.socialId, 16, t.base) : '',
  messenger_id: (t) =>
    t.channel === 'facebook' ? digits(t.ds.seed, t.i, LANE.socialId2, 16, t.base) : '',
  wechat_id: (t) =>
    t.channel === 'wechat'
      ? `wxid_${alphanumeric(t.ds.seed, t.i, LANE.socialId, 14, t.base).toLowerCase()}`
      : '',
  line_id: (t) =>
    t.channel === 'line'
      ? `U${hashedUuid(t.ds.seed, LANE.lineId, t.i, t.base).replaceAll('-', '')}`
      : '',
  instagram_id: (t) =>
    t.channel === 'instagram' ? digits(t.ds.seed, t.i, LANE.socialId, 17, t.base) : '',
  additional_params: (t) => {
    const hv = namedDraw(t, LANE.labels, 8);
    return hv < 0 ? {} : { labels: [pick(t.ds.pools.labels, hv)] };
  },
};

/** A caller may change what it is given; the published records stay as published. */
const ownCopy = <T>(value: T): T =>
  value !== null && typeof value === 'object' ? structuredClone(value) : value;

/** How each field of a seeded contact is made: the published record's value where one took its place. */
export const FIELD = Object.fromEntries(
  Object.entries(GENERATED).map(([field, make]) => [
    field,
    (t: Traits) => (t.published ? ownCopy(t.published[field as keyof Contact]) : make(t)),
  ]),
) as FieldMakers;

/**
 * An object with every field in the API's order. Records are copies of it filled in place: adding 33
 * keys one by one would push V8 into slow dictionary-mode objects, which serialise several times slower.
 */
const TEMPLATE: Record<string, unknown> = JSON.parse(
  JSON.stringify(Object.fromEntries(CONTACT_FIELDS.map((field) => [field, null]))),
);

/** A record with all fields present (null) in the API's order, to be filled in. */
export function blankRecord(): Record<string, unknown> {
  return { ...TEMPLATE };
}

/** Seeded contact `i` (0 ≤ i < size), every field present, in the API's field order. */
export function seededContact(ds: Dataset, i: number): Contact {
  const published = ds.published.contacts.get(i);
  if (published) {
    const record = blankRecord();
    for (const field of CONTACT_FIELDS) record[field] = ownCopy(published[field]);
    return record as Contact;
  }
  const t = generatedTraits(ds, i);
  const f = GENERATED;
  // An object literal in the API's order (the test of the field order checks it): V8 gives it its
  // final shape at once, where stores of computed keys into a copy of a blank record do not.
  return {
    object_name: f.object_name(t),
    id: f.id(t),
    organization_id: f.organization_id(t),
    business_unit_id: f.business_unit_id(t),
    channel_id: f.channel_id(t),
    channel_type: f.channel_type(t),
    display_name: f.display_name(t),
    avatar_url: f.avatar_url(t),
    first_name: f.first_name(t),
    last_name: f.last_name(t),
    gender: f.gender(t),
    area_code: f.area_code(t),
    phone_number: f.phone_number(t),
    language: f.language(t),
    email: f.email(t),
    remark: f.remark(t),
    time_zone: f.time_zone(t),
    last_seen: f.last_seen(t),
    created_at: f.created_at(t),
    updated_at: f.updated_at(t),
    odooContactID: f.odooContactID(t),
    title: f.title(t),
    birthday: f.birthday(t),
    location: f.location(t),
    company_name: f.company_name(t),
    position: f.position(t),
    whatsapp_id: f.whatsapp_id(t),
    facebook_id: f.facebook_id(t),
    messenger_id: f.messenger_id(t),
    wechat_id: f.wechat_id(t),
    line_id: f.line_id(t),
    instagram_id: f.instagram_id(t),
    additional_params: f.additional_params(t),
  };
}

/** One field of seeded contact `i`, without building the rest. */
export function seededField<K extends keyof Contact>(ds: Dataset, i: number, field: K): Contact[K] {
  return FIELD[field](traits(ds, i)) as Contact[K];
}

/**
 * The instant (ms) of a timestamp field of seeded contact `i`, without writing it as text; undefined
 * where the field is empty or null.
 */
export function seededInstant(
  ds: Dataset,
  i: number,
  field: 'created_at' | 'last_seen' | 'updated_at',
): number | undefined {
  const published = ds.published.contacts.get(i);
  if (published) {
    const text = published[field];
    return text ? Date.parse(text) : undefined;
  }
  if (field === 'created_at') return contactCreatedAt(ds.seed, i);
  if (field === 'last_seen') return lastSeenAt(traits(ds, i));
  return undefined;
}
