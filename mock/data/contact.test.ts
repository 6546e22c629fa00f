import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatFailures } from '../../openapi/failures.ts';
import { responseValidator } from '../../openapi/validate-response.ts';
import type { Contact } from '../../openapi/types.ts';
import {
  FIELD,
  contactId,
  contactIndex,
  seededContact,
  seededField,
  seededInstant,
} from './contact.ts';
import { createDataset } from './dataset.ts';
import { CHANNEL_TYPES, CONTACT_FIELDS } from './spec-lists.ts';

const ds = createDataset(1, 65_681);
const sample = (count: number, step = 37): Contact[] =>
  Array.from({ length: count }, (_, k) => seededContact(ds, (k * step) % ds.size));

describe('seededContact', () => {
  it('answers a spec-valid record for every one of 3000 contacts', () => {
    const check = responseValidator('getContact', 200, 'application/json')!;
    const failures = sample(3000, 21)
      .map((contact) => [contact.id, check(contact)] as const)
      .filter(([, result]) => !result.ok)
      .map(([id, result]) => `${id}: ${result.ok ? '' : formatFailures(result.failures)}`);
    expect(failures).toEqual([]);
  });

  it('carries every field of the spec, in its order, with no other', () => {
    expect(CONTACT_FIELDS).toHaveLength(33);
    expect(Object.keys(FIELD)).toEqual(expect.arrayContaining([...CONTACT_FIELDS]));
    for (const contact of sample(50)) expect(Object.keys(contact)).toEqual([...CONTACT_FIELDS]);
  });

  it('is the same on every call, and differs with the seed', () => {
    const other = createDataset(2, 65_681);
    expect(JSON.stringify(seededContact(ds, 1234))).toBe(JSON.stringify(seededContact(ds, 1234)));
    expect(JSON.stringify(seededContact(createDataset(1, 65_681), 1234))).toBe(
      JSON.stringify(seededContact(ds, 1234)),
    );
    expect(seededContact(other, 1234).id).not.toBe(seededContact(ds, 1234).id);
    const names = (d: typeof ds) =>
      Array.from({ length: 200 }, (_, i) => seededContact(d, i).display_name).join();
    expect(names(other)).not.toBe(names(ds));
  });

  it('gives one field alone exactly as in the whole record', () => {
    for (const contact of sample(300, 211)) {
      const i = contactIndex(ds, contact.id)!;
      for (const field of CONTACT_FIELDS) expect(seededField(ds, i, field)).toEqual(contact[field]);
    }
  });

  it('makes anonymous web visitors named like UNK#DO1695, with empty personal fields', () => {
    const anonymous = sample(2000).filter((c) => /#/.test(c.display_name));
    expect(anonymous.length).toBeGreaterThan(500);
    for (const c of anonymous) {
      expect(c.display_name).toMatch(/^[A-Z]{3}#[A-Z]{2}\d{4}$/);
      expect(c.channel_type).toBe('web');
      expect([
        c.first_name,
        c.last_name,
        c.email,
        c.phone_number,
        c.area_code,
        c.gender,
        c.company_name,
      ]).toEqual(['', '', '', '', '', '', '']);
      expect(c.time_zone).not.toBe('');
    }
  });

  it('makes named contacts on every channel, with the channel’s own id and plausible details', () => {
    const named = sample(4000, 13).filter((c) => !c.display_name.includes('#'));
    expect(new Set(named.map((c) => c.channel_type))).toEqual(new Set(CHANNEL_TYPES));
    const idField = {
      whatsapp: 'whatsapp_id',
      facebook: 'facebook_id',
      wechat: 'wechat_id',
      instagram: 'instagram_id',
      line: 'line_id',
    } as const;
    for (const c of named) {
      expect(c.display_name).toBe(`${c.first_name} ${c.last_name}`.trim());
      if (c.channel_type in idField)
        expect(c[idField[c.channel_type as keyof typeof idField]]).not.toBe('');
      if (c.channel_type === 'email') expect(c.email).toMatch(/^[a-z0-9._]+@[a-z0-9.-]+\.[a-z]+$/);
      if (c.phone_number) expect(c.area_code).toMatch(/^\d{1,3}$/);
      if (c.channel_type === 'whatsapp') expect(c.whatsapp_id).toBe(c.area_code + c.phone_number);
    }
    expect(named.filter((c) => c.email).length).toBeGreaterThan(named.length / 4);
    expect(named.filter((c) => c.gender).length).toBeGreaterThan(named.length / 3);
  });

  it('leaves updated_at null and last_seen sometimes empty', () => {
    const contacts = sample(1000);
    expect(contacts.every((c) => c.updated_at === null)).toBe(true);
    expect(contacts.some((c) => c.last_seen === '')).toBe(true);
    expect(contacts.some((c) => c.last_seen !== '')).toBe(true);
  });

  it('has ids that lead back to their index, and refuses other ids', () => {
    for (const i of [0, 1, 65_680, 70_000]) expect(contactIndex(ds, contactId(ds, i))).toBe(i);
    expect(contactIndex(ds, 'con_00000000-0000-4000-8000-000000000000')).toBeUndefined();
    expect(contactIndex(ds, contactId(ds, 5).replace('con_', 'conv_'))).toBeUndefined();
  });

  it('gives timestamp fields as instants exactly as the record writes them', () => {
    for (const contact of sample(500, 97)) {
      const i = contactIndex(ds, contact.id)!;
      for (const field of ['created_at', 'last_seen', 'updated_at'] as const) {
        const text = contact[field];
        expect(seededInstant(ds, i, field)).toBe(text ? Date.parse(text) : undefined);
      }
    }
  });
});

describe('seeded records, byte for byte', () => {
  // The SHA-256 of the JSON of these records, taken from the generator before it was rewritten for
  // speed: a change to any field, value or key order of any of them changes the digest.
  const digestOf = (seed: number, size: number, indices: Iterable<number>): string => {
    const d = createDataset(seed, size);
    const digest = createHash('sha256');
    for (const i of indices) digest.update(`${JSON.stringify(seededContact(d, i))}\n`);
    return digest.digest('hex');
  };
  const strided = (size: number, count: number): number[] =>
    Array.from({ length: count }, (_, k) => Math.floor((k * size) / count));

  it.each([
    // The published seed: its first 2,000 (where the published records take their places) and a spread.
    [
      1,
      65_681,
      [...Array(2000).keys(), ...strided(65_681, 1000)],
      '9bcfe95679e1384941fd54b3ff5ed014a13a78511dd137cda7798a763ca8a285',
    ],
    [
      2,
      1000,
      [...Array(1000).keys()],
      '736045a5d58913fbc532923cf2df8b450167ddfd6e80c7a6e871a5ef3640c37b',
    ],
    [
      0xdeadbeef,
      1_000_000,
      strided(1_000_000, 1500),
      'b711573cc33bbf7dad771b0cb970a9288e2ac62354e6c185bad31d4410f54276',
    ],
    [
      0,
      10,
      [...Array(10).keys()],
      '9fb7cb1ebfa275eea96e70d1f429f8ae941710dd769661d1deac5ae6844b5232',
    ],
  ])('seed %i with %i contacts gives the records it always gave', (seed, size, indices, digest) => {
    expect(digestOf(seed, size, indices)).toBe(digest);
  });

  it('includes published records in the sample', () => {
    expect([...ds.published.contacts.keys()].some((i) => i < 2000)).toBe(true);
  });
});
