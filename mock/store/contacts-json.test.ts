/**
 * listContactsJson / searchContactsJson against listContacts / searchContacts on the same store state:
 * the JSON text is that of the records the object read answers, for seeded, published, updated,
 * created and deleted records, every sort, and searches.
 */
import { describe, expect, it } from 'vitest';
import type { ContactSort } from '../../openapi/types.ts';
import { CONTACT_SORTS } from '../data/spec-lists.ts';
import {
  type ContactPage,
  type ContactPageJson,
  type ContactQuery,
  type Store,
  createStore,
} from './create-store.ts';

const NOW = new Date('2026-03-01T12:00:00.000Z');

const text = (records: Uint8Array[]): string =>
  records.map((bytes) => new TextDecoder().decode(bytes)).join(',');

/** Whether the JSON read is the object read's records as JSON.stringify writes them, and its counts. */
const same = (page: ContactPage, json: ContactPageJson): boolean =>
  `[${text(json.records)}]` === JSON.stringify(page.data) &&
  json.count === page.count &&
  json.records.length === page.data.length;

/** Every query whose JSON reads differ from its object reads, list and search (none, when right). */
function differing(store: Store, queries: ContactQuery[]): ContactQuery[] {
  return queries.filter((query) => {
    if (!same(store.listContacts(query), store.listContactsJson(query))) return true;
    if (query.q === undefined) return false;
    const search = { ...query, q: query.q };
    return !same(store.searchContacts(search), store.searchContactsJson(search));
  });
}

/** Pages of every sort at the start, the middle and the end (and past it). */
function pagesOfEverySort(count: number, q?: string): ContactQuery[] {
  const skips = [0, 3, Math.floor(count / 2), Math.max(0, count - 4), count, count + 10];
  return CONTACT_SORTS.flatMap((sort: ContactSort) =>
    skips.flatMap((skip) => [10, 50].map((limit) => ({ sort, skip, limit, q }))),
  );
}

const QUERIES = ['a', 'mia', 'UNK', 'zed@', '李', 'Jo"', '', '  ', 'no such text at all'];

describe('listContactsJson and searchContactsJson', () => {
  it('give the JSON of the object reads: seeded and published records, every sort, searches', () => {
    const store = createStore({ seed: 1, contacts: 65_681, now: () => NOW });
    const count = store.listContacts({ sort: 'id', skip: 0, limit: 1 }).count;
    // The first 3,000 by -created_at hold the published records.
    const newest = Array.from({ length: 30 }, (_, k) => ({
      sort: '-created_at' as const,
      skip: k * 100,
      limit: 100,
    }));
    expect(differing(store, [...newest, ...pagesOfEverySort(count)])).toEqual([]);
    const searches = QUERIES.flatMap((q) => pagesOfEverySort(200, q).slice(0, 40));
    expect(differing(store, searches)).toEqual([]);
    expect(
      store.searchContactsJson({ q: 'mia', sort: 'email', skip: 0, limit: 10 }).records.length,
    ).toBe(10);
  });

  it('give the JSON of the object reads after updates, creates and deletes', () => {
    const store = createStore({ seed: 1, contacts: 65_681, now: () => NOW });
    const newest = store.listContacts({ sort: '-created_at', skip: 0, limit: 400 }).data;
    // A published record (among the newest), seeded ones, and text JSON must escape.
    store.updateContact(newest[1]!.id, { first_name: 'Jo"sé\\ 李\n', remark: '\u0001\ud800' });
    store.updateContact(newest[250]!.id, { last_name: 'Zzyzx', labels: ['VIP'] });
    store.updateContact(newest[300]!.id, { email: 'zed@example.com', gender: 'm' });
    store.deleteContact(newest[2]!.id);
    store.deleteContact(newest[320]!.id);
    store.createContact({ channel_type: 'email', first_name: 'Mia', email: 'mia@example.com' });
    store.createContact({ channel_type: 'whatsapp', display_name: 'Only "Display"' });
    const count = store.listContacts({ sort: 'id', skip: 0, limit: 1 }).count;
    expect(count).toBe(65_681);
    const firstPages = CONTACT_SORTS.map((sort) => ({ sort, skip: 0, limit: 400 }));
    expect(differing(store, [...firstPages, ...pagesOfEverySort(count)])).toEqual([]);
    const searches = QUERIES.flatMap((q) => pagesOfEverySort(200, q).slice(0, 40));
    expect(differing(store, searches)).toEqual([]);
    // The written records are in what was compared.
    const records = text(
      store.listContactsJson({ sort: '-updated_at', skip: 0, limit: 3 }).records,
    );
    expect(records).toContain('"first_name":"Jo\\"sé\\\\ 李\\n"');
    expect(records).toContain('"remark":"\\u0001\\ud800"');
  });

  it('give empty pages of an empty dataset, then its created records', () => {
    const store = createStore({ seed: 4, contacts: 0, now: () => NOW });
    expect(store.listContactsJson({ sort: '-created_at', skip: 0, limit: 10 })).toEqual({
      records: [],
      count: 0,
    });
    store.createContact({ channel_type: 'web', display_name: 'First' });
    expect(differing(store, pagesOfEverySort(1))).toEqual([]);
    expect(
      store.listContactsJson({ sort: 'display_name', skip: 0, limit: 10 }).records.length,
    ).toBe(1);
  });

  it('give the JSON of a one-contact dataset and of small ones on other seeds', () => {
    for (const [seed, contacts] of [
      [9, 1],
      [10, 37],
      [0xdeadbeef, 2000],
    ] as const) {
      const store = createStore({ seed, contacts, now: () => NOW });
      expect(differing(store, pagesOfEverySort(contacts))).toEqual([]);
      expect(
        differing(
          store,
          QUERIES.flatMap((q) => pagesOfEverySort(contacts, q)),
        ),
      ).toEqual([]);
    }
  });
});
