/**
 * Seeded contact `i` as a pure function of (dataset, i). A few traits (channel, anonymity, country,
 * names) are drawn first; every field is then a small function of them, so one field of a million
 * records (to sort or search them) costs far less than the whole records.
 */
import type { ChannelType, Contact } from '../../openapi/types.ts';
import { COUNTRY_SLOTS, type Country } from './countries.ts';
import type { Dataset } from './dataset.ts';
import { chance, hash } from './hash.ts';
import { hashedUuid, indexOfKeyedUuid, indexOfKeyedWord, keyedUuid, keyedWord } from './ids.ts';
import { LANE } from './lanes.ts';
import { idOrderOf } from './published.ts';
import { BUSINESS_UNIT_ID, ORGANIZATION_ID } from './pools.ts';
import { CONTACT_FIELDS } from './spec-lists.ts';
import { alphanumeric, digits, twoLetters } from './text.ts';
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
  channel: ChannelType;
  /** A web visitor who never gave a name: `UNK#DO1695`, personal fields empty. */
  anonymous: boolean;
  country: Country;
  firstName: string;
  lastName: string;
  gender: Contact['gender'];
  createdAt: number;
  /** The published record that takes this index's place (see published.ts), if any. */
  published: Contact | undefined;
}

function h(t: Traits, lane: number): number {
  return hash(t.ds.seed, t.i, lane);
}

export function traits(ds: Dataset, i: number): Traits {
  const published = ds.published.contacts.get(i);
  if (published) return publishedTraits(ds, i, published);
  const { seed, pools } = ds;
  const channel = CHANNEL_SLOTS[hash(seed, i, LANE.channel) % 100]!;
  const anonymous = channel === 'web' && chance(hash(seed, i, LANE.anonymous), 92);
  const country = COUNTRY_SLOTS[hash(seed, i, LANE.country) % 100]!;
  let firstName = '';
  let lastName = '';
  let gender: Traits['gender'] = '';
  if (!anonymous) {
    const first = pools.firstNames[hash(seed, i, LANE.firstName) % pools.firstNames.length]!;
    firstName = first.name;
    const hl = hash(seed, i, LANE.lastName);
    lastName = chance(hl, 8) ? '' : pools.lastNames[hl % pools.lastNames.length]!;
    const hg = hash(seed, i, LANE.gender) % 100;
    gender = hg < 60 ? first.gender : hg < 62 ? 'Other' : '';
  }
  return {
    ds,
    i,
    channel,
    anonymous,
    country,
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
    channel: record.channel_type,
    anonymous: record.first_name === '' && record.last_name === '' && record.email === '',
    country: COUNTRY_SLOTS[0]!,
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
    leading[h(t, LANE.phone) % leading.length] + digits(t.ds.seed, t.i, LANE.phone + 1, count - 1)
  );
}

function hasEmail(t: Traits): boolean {
  if (t.anonymous) return false;
  return t.channel === 'email' || chance(h(t, LANE.hasEmail), 40);
}

function emailLocalPart(t: Traits): string {
  const first = t.firstName.toLowerCase().replace(/[^a-z0-9]/g, '');
  const last = t.lastName.toLowerCase().replace(/[^a-z0-9]/g, '');
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

function named<T>(t: Traits, lane: number, percent: number, value: (hv: number) => T, empty: T): T {
  if (t.anonymous) return empty;
  const hv = h(t, lane);
  return chance(hv, percent) ? value(hv >>> 7) : empty;
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

/** How each field of a generated contact is made. Typed against the generated record, so none is missing. */
const GENERATED: FieldMakers = {
  object_name: () => 'contact',
  id: (t) => contactId(t.ds, t.i),
  organization_id: () => ORGANIZATION_ID,
  business_unit_id: () => BUSINESS_UNIT_ID,
  channel_id: (t) => pick(t.ds.pools.channels[t.channel], h(t, LANE.channelId)),
  channel_type: (t) => t.channel,
  display_name: (t) => {
    if (!t.anonymous) return `${t.firstName} ${t.lastName}`.trim();
    const code = (h(t, LANE.digits) % 10000).toString().padStart(4, '0');
    return `${t.country.code}#${twoLetters(h(t, LANE.letters))}${code}`;
  },
  avatar_url: (t) =>
    named(
      t,
      LANE.avatar,
      35,
      () =>
        `https://imbrace-data.s3.ap-east-1.amazonaws.com/contact/${ORGANIZATION_ID}/file_${alphanumeric(t.ds.seed, t.i, LANE.avatar + 1, 26)}.png`,
      '',
    ),
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
  remark: (t) => named(t, LANE.remark, 12, (hv) => pick(t.ds.pools.remarks, hv), ''),
  time_zone: (t) => t.country.timeZone,
  last_seen: (t) => {
    const at = lastSeenAt(t);
    return at === undefined ? '' : iso(at);
  },
  created_at: (t) => iso(t.createdAt),
  updated_at: () => null,
  odooContactID: (t) => named(t, LANE.odoo, 5, (hv) => String(10_000 + (hv % 90_000)), ''),
  title: (t) => named(t, LANE.title, 20, (hv) => pick(t.ds.pools.titles, hv), ''),
  birthday: (t) =>
    named(
      t,
      LANE.birthday,
      15,
      (hv) =>
        `${1950 + (hv % 56)}-${String(1 + ((hv >>> 6) % 12)).padStart(2, '0')}-${String(1 + ((hv >>> 10) % 28)).padStart(2, '0')}`,
      '',
    ),
  location: (t) => named(t, LANE.location, 30, (hv) => pick(t.ds.pools.cities, hv), ''),
  company_name: (t) => (hasCompany(t) ? pick(t.ds.pools.companies, h(t, LANE.company) >>> 7) : ''),
  position: (t) =>
    hasCompany(t) && chance(h(t, LANE.position), 70)
      ? pick(t.ds.pools.jobTitles, h(t, LANE.position) >>> 7)
      : '',
  whatsapp_id: (t) => (t.channel === 'whatsapp' ? t.country.areaCode + phoneNumber(t) : ''),
  facebook_id: (t) => (t.channel === 'facebook' ? digits(t.ds.seed, t.i, LANE.socialId, 16) : ''),
  messenger_id: (t) => (t.channel === 'facebook' ? digits(t.ds.seed, t.i, LANE.socialId2, 16) : ''),
  wechat_id: (t) =>
    t.channel === 'wechat'
      ? `wxid_${alphanumeric(t.ds.seed, t.i, LANE.socialId, 14).toLowerCase()}`
      : '',
  line_id: (t) =>
    t.channel === 'line' ? `U${hashedUuid(t.ds.seed, LANE.lineId, t.i).replaceAll('-', '')}` : '',
  instagram_id: (t) => (t.channel === 'instagram' ? digits(t.ds.seed, t.i, LANE.socialId, 17) : ''),
  additional_params: (t) =>
    named<Record<string, unknown>>(
      t,
      LANE.labels,
      8,
      (hv) => ({ labels: [pick(t.ds.pools.labels, hv)] }),
      {},
    ),
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
  const t = traits(ds, i);
  const record = blankRecord();
  for (const field of CONTACT_FIELDS) record[field] = FIELD[field](t);
  return record as Contact;
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
