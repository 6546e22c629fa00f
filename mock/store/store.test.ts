import { describe, expect, it } from 'vitest';
import { formatFailures } from '../../openapi/failures.ts';
import { responseValidator } from '../../openapi/validate-response.ts';
import type { Contact, ContactSort } from '../../openapi/types.ts';
import { CONTACT_SORTS, parseSort } from '../data/spec-lists.ts';
import { SEARCH_FIELDS } from './search-text.ts';
import { createStore, type Store } from './create-store.ts';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const small = (contacts = 1500, seed = 11) => createStore({ seed, contacts, now: () => NOW });

function walk(
  store: Store,
  sort: ContactSort,
  limit: number,
  q?: string,
): { ids: string[]; counts: Set<number>; contacts: Contact[] } {
  const ids: string[] = [];
  const contacts: Contact[] = [];
  const counts = new Set<number>();
  for (let skip = 0; ; skip += limit) {
    const page = store.listContacts({ sort, skip, limit, q });
    counts.add(page.count);
    contacts.push(...page.data);
    ids.push(...page.data.map((c) => c.id));
    if (page.data.length < limit) break;
  }
  return { ids, counts, contacts };
}

/** The order `sort` means: by the field's value (null as ""), ties by id; descending is the exact reverse. */
function inExpectedOrder(contacts: Contact[], sort: ContactSort): Contact[] {
  const { field, descending } = parseSort(sort);
  const value = (c: Contact) => (field === 'id' ? '' : (c[field] ?? ''));
  const sorted = [...contacts].sort((a, b) =>
    value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  return descending ? sorted.reverse() : sorted;
}

function withWrites(store: Store): void {
  const page = store.listContacts({ sort: '-created_at', skip: 100, limit: 6 }).data;
  store.updateContact(page[0]!.id, { first_name: 'Aaron', last_name: 'Zzyzx' });
  store.updateContact(page[1]!.id, { email: 'zed@example.com', language: 'zz' });
  store.deleteContact(page[2]!.id);
  store.createContact({
    channel_type: 'email',
    first_name: 'Mia',
    last_name: 'Created',
    email: 'mia@example.com',
  });
  store.createContact({
    channel_type: 'whatsapp',
    display_name: 'Only Display',
    phone_number: '91234567',
    area_code: '852',
  });
}

describe('createStore: determinism', () => {
  it('gives byte-identical answers for the same seed, and others for another seed', () => {
    const reads = (store: Store) =>
      JSON.stringify([
        store.listContacts({ sort: '-created_at', skip: 0, limit: 50 }),
        store.listContacts({ sort: 'display_name', skip: 700, limit: 50 }),
        store.searchContacts({ q: 'an', sort: '-email', skip: 3, limit: 20 }),
        store.conversations(
          store.listContacts({ sort: '-created_at', skip: 5, limit: 1 }).data[0]!.id,
        ),
        store.listNotifications({ skip: 0, limit: 30 }),
      ]);
    expect(reads(small())).toBe(reads(small()));
    expect(reads(small(1500, 12))).not.toBe(reads(small()));
  });
});

describe('listContacts: pages', () => {
  const store = small(1000);
  withWrites(store);
  const total = store.listContacts({ sort: '-created_at', skip: 0, limit: 1 }).count;

  it.each(CONTACT_SORTS.flatMap((sort) => [97, 1000].map((limit) => ({ sort, limit }))))(
    'walking by $sort with limit $limit visits each contact once, in order, with a constant count',
    ({ sort, limit }) => {
      const { ids, counts, contacts } = walk(store, sort, limit);
      expect([...counts]).toEqual([total]);
      expect(ids).toHaveLength(total);
      expect(new Set(ids).size).toBe(total);
      expect(contacts.map((c) => c.id)).toEqual(inExpectedOrder(contacts, sort).map((c) => c.id));
    },
  );

  it('orders -created_at newest first, created contacts ahead of seeded ones', () => {
    const page = store.listContacts({ sort: '-created_at', skip: 0, limit: 3 }).data;
    expect(page.map((c) => c.last_name || c.display_name)).toEqual([
      'Only Display',
      'Created',
      page[2]!.last_name || page[2]!.display_name,
    ]);
    expect(
      page[0]!.created_at > page[1]!.created_at && page[1]!.created_at > page[2]!.created_at,
    ).toBe(true);
  });

  it.each([
    { skip: 0, limit: 10, size: 10 },
    { skip: total - 4, limit: 10, size: 4 },
    { skip: total, limit: 10, size: 0 },
    { skip: 1_000_000, limit: 1000, size: 0 },
  ])(
    'skip $skip limit $limit answers $size records with the true count',
    ({ skip, limit, size }) => {
      const page = store.listContacts({ sort: 'phone_number', skip, limit });
      expect(page.data).toHaveLength(size);
      expect(page.count).toBe(total);
    },
  );

  it('answers spec-valid pages', () => {
    const check = responseValidator('listContacts', 200, 'application/json')!;
    for (const sort of ['-created_at', 'email', '-updated_at'] as const) {
      const { data, count } = store.listContacts({ sort, skip: 0, limit: 1000 });
      const result = check({
        object_name: 'list',
        data,
        nested: {},
        has_more: data.length < count,
        count,
        total: data.length,
      });
      expect(result.ok ? '' : formatFailures(result.failures)).toBe('');
    }
  });
});

describe('searchContacts', () => {
  const store = small(3000);
  const everyone = walk(store, 'id', 1000).contacts;
  const matches = (c: Contact, q: string) =>
    SEARCH_FIELDS.some((f) => c[f].toLowerCase().includes(q.trim().toLowerCase()));

  it.each(['an', 'SMITH', 'gmail', '852', 'unk#', 'Interested', ' ann ', 'é', 'zzzzqqq'])(
    'finds exactly the contacts whose text fields contain %j',
    (q) => {
      const found = walk(store, '-created_at', 250, q);
      const wanted = everyone.filter((c) => matches(c, q));
      expect([...found.counts]).toEqual([wanted.length]);
      expect(new Set(found.ids)).toEqual(new Set(wanted.map((c) => c.id)));
      expect(found.ids).toHaveLength(wanted.length);
    },
  );

  it.each(['', ' ', '\t'])('matches nothing for the blank query %j', (q) => {
    expect(store.searchContacts({ q, sort: '-created_at', skip: 0, limit: 10 })).toEqual({
      data: [],
      count: 0,
    });
    expect(store.listContacts({ q, sort: '-created_at', skip: 0, limit: 10 }).count).toBe(0);
  });

  it.each(['display_name', '-last_seen', 'company_name'] as const)(
    'orders matches by %s',
    (sort) => {
      const found = walk(store, sort, 100, 'a').contacts;
      expect(found.length).toBeGreaterThan(500);
      expect(found.map((c) => c.id)).toEqual(inExpectedOrder(found, sort).map((c) => c.id));
    },
  );

  it('answers an empty page past the end with the true count', () => {
    const page = store.searchContacts({ q: 'an', sort: '-created_at', skip: 100_000, limit: 10 });
    expect(page.data).toEqual([]);
    expect(page.count).toBe(everyone.filter((c) => matches(c, 'an')).length);
  });
});

describe('updateContact', () => {
  it('replaces only the sent fields, maps gender, derives display_name, stamps updated_at', () => {
    const store = small();
    const before = store.listContacts({ sort: '-created_at', skip: 40, limit: 1 }).data[0]!;
    const after = store.updateContact(before.id, {
      gender: 'f',
      first_name: ' Hi',
      last_name: 'Bye Bye',
      remark: 'note',
      labels: ['vip'],
    })!;
    expect(after).toEqual({
      ...before,
      gender: 'Female',
      first_name: ' Hi',
      last_name: 'Bye Bye',
      display_name: 'Hi Bye Bye',
      remark: 'note',
      additional_params: { ...before.additional_params, labels: ['vip'] },
      updated_at: NOW.toISOString(),
      action: 'bu.contact_updated',
    });
    expect(store.getContact(before.id)).toEqual((({ action, ...rest }) => rest)(after));
  });

  it.each([
    {
      name: 'only a first name: the stored last name is kept',
      patch: { first_name: 'Ann' },
      last: 'Stored',
      want: 'Ann Stored',
    },
    { name: 'only a last name', patch: { last_name: 'New' }, last: 'Stored', want: 'First New' },
    {
      name: 'an empty last name is trimmed away',
      patch: { last_name: '' },
      last: 'Stored',
      want: 'First',
    },
    {
      name: 'a display name without names is stored as sent',
      patch: { display_name: 'Boss' },
      last: 'Stored',
      want: 'Boss',
    },
    {
      name: 'names win over a display name sent with them',
      patch: { display_name: 'Boss', first_name: 'A' },
      last: 'Stored',
      want: 'A Stored',
    },
  ])('display_name: $name', ({ patch, want }) => {
    const store = small();
    const { id } = store.createContact({
      channel_type: 'line',
      first_name: 'First',
      last_name: 'Stored',
    });
    expect(store.updateContact(id, patch)!.display_name).toBe(want);
  });

  it.each([
    { code: 'm', word: 'Male' },
    { code: 'f', word: 'Female' },
    { code: 'o', word: 'Other' },
    { code: '', word: '' },
  ] as const)('stores gender $code as $word', ({ code, word }) => {
    const store = small();
    const { id } = store.listContacts({ sort: '-created_at', skip: 3, limit: 1 }).data[0]!;
    expect(store.updateContact(id, { gender: code })!.gender).toBe(word);
  });

  it('is seen by list, search, sort indexes built before it, and the embedded contact of conversations', () => {
    const store = small();
    store.listContacts({ sort: 'display_name', skip: 0, limit: 1 });
    store.searchContacts({ q: 'zebulon', sort: '-created_at', skip: 0, limit: 1 });
    const target = store.listContacts({ sort: '-created_at', skip: 700, limit: 1 }).data[0]!;
    store.updateContact(target.id, { first_name: 'AAAA', last_name: 'Zebulon' });
    expect(store.listContacts({ sort: 'display_name', skip: 0, limit: 1 }).data[0]!.id).toBe(
      target.id,
    );
    expect(
      store.listContacts({ sort: '-created_at', skip: 700, limit: 1 }).data[0]!.display_name,
    ).toBe('AAAA Zebulon');
    expect(
      store
        .searchContacts({ q: 'zebulon', sort: '-created_at', skip: 0, limit: 5 })
        .data.map((c) => c.id),
    ).toEqual([target.id]);
    expect(store.listContacts({ sort: '-updated_at', skip: 0, limit: 1 }).data[0]!.id).toBe(
      target.id,
    );
    expect(store.conversations(target.id)![0]!.contact!.display_name).toBe('AAAA Zebulon');
    expect(
      store.updateContact('con_00000000-0000-4000-8000-000000000000', { remark: 'x' }),
    ).toBeUndefined();
  });
});

describe('createContact and deleteContact', () => {
  it('creates a record with every field, the real records’ empty values and a new id; delete removes it everywhere', () => {
    const store = small();
    const count = store.listContacts({ sort: '-created_at', skip: 0, limit: 1 }).count;
    const created = store.createContact({
      channel_type: 'email',
      first_name: 'Zora',
      last_name: 'Quill',
      email: 'zora@example.com',
      labels: ['new'],
      gender: 'f',
    });
    const check = responseValidator('createContact', 200, 'application/json')!;
    expect(check(created).ok).toBe(true);
    expect(created).toMatchObject({
      display_name: 'Zora Quill',
      gender: 'Female',
      updated_at: null,
      last_seen: '',
      remark: '',
      additional_params: { labels: ['new'] },
    });
    expect(Object.keys(created)).toEqual(
      Object.keys(store.listContacts({ sort: 'id', skip: 0, limit: 1 }).data[0]!),
    );
    expect(created.id).toMatch(/^con_[0-9a-f-]{36}$/);
    expect(store.getContact(created.id)).toEqual(created);
    expect(store.listContacts({ sort: '-created_at', skip: 0, limit: 1 }).data[0]).toEqual(created);
    expect(store.listContacts({ sort: '-created_at', skip: 0, limit: 1 }).count).toBe(count + 1);
    expect(store.searchContacts({ q: 'zora@example', sort: 'id', skip: 0, limit: 5 }).data).toEqual(
      [created],
    );
    expect(store.conversations(created.id)).toEqual([]);
    expect(store.contactByBoardItem('bi_00000000-0000-4000-8000-000000000000')).toBeUndefined();

    expect(store.deleteContact(created.id)).toBe(true);
    expect(store.deleteContact(created.id)).toBe(false);
    expect(store.getContact(created.id)).toBeUndefined();
    expect(store.updateContact(created.id, { remark: 'x' })).toBeUndefined();
    expect(store.listContacts({ sort: '-created_at', skip: 0, limit: 1 }).count).toBe(count);
    expect(store.searchContacts({ q: 'zora@example', sort: 'id', skip: 0, limit: 5 }).count).toBe(
      0,
    );
  });

  it('deletes seeded contacts from list, sorts, search, conversations, comments and files', () => {
    const store = small();
    store.listContacts({ sort: 'email', skip: 0, limit: 1 });
    const victim = store.listContacts({ sort: '-created_at', skip: 2, limit: 1 }).data[0]!;
    expect(store.deleteContact(victim.id)).toBe(true);
    for (const sort of ['-created_at', 'email', 'id'] as const)
      expect(walk(store, sort, 500).ids).not.toContain(victim.id);
    expect(
      store
        .searchContacts({ q: victim.display_name, sort: 'id', skip: 0, limit: 10 })
        .data.map((c) => c.id),
    ).not.toContain(victim.id);
    expect(store.conversations(victim.id)).toBeUndefined();
    expect(store.comments(victim.id, { skip: 0, limit: 10 })).toBeUndefined();
    expect(store.files(victim.id)).toBeUndefined();
  });

  it('gives each created contact a new id, the same for the same seed and order of creation', () => {
    const ids = (store: Store) =>
      [1, 2, 3].map((n) => store.createContact({ channel_type: 'web', display_name: `V${n}` }).id);
    const first = ids(small());
    expect(new Set(first).size).toBe(3);
    expect(ids(small())).toEqual(first);
  });
});

describe('related records', () => {
  const store = small();
  const contact = store.listContacts({ sort: '-created_at', skip: 0, limit: 1 }).data[0]!;

  it('finds a contact by the board item id its conversations carry', () => {
    const boardItem = store.conversations(contact.id)![0]!.contact!.board_item_id!;
    expect(store.contactByBoardItem(boardItem)).toEqual(contact);
  });

  it('filters conversations by channel type; one type answers the conversation alone', () => {
    const all = store.conversations(contact.id)!;
    const mine = store.conversations(contact.id, [contact.channel_type])!;
    expect(mine.length).toBeGreaterThan(0);
    expect(
      mine.every(
        (item) =>
          item.contact === undefined && item.conversation.channel_type === contact.channel_type,
      ),
    ).toBe(true);
    expect(all.every((item) => item.contact !== undefined)).toBe(true);
    expect(store.conversations('con_nope')).toBeUndefined();
  });

  it('answers activities for the conversations it serves, and undefined for others', () => {
    const conversationId = store.conversations(contact.id)![0]!.conversation._id;
    expect(
      store
        .conversationActivities(conversationId)!
        .every((a) => a.conversation_id === conversationId),
    ).toBe(true);
    expect(
      store.conversationActivities('conv_31b75006-beac-49af-b3b3-b8591d3438e6'),
    ).toBeUndefined();
  });

  it('lists, adds, gets and deletes comments', () => {
    const s = small();
    const target = s.listContacts({ sort: '-created_at', skip: 9, limit: 1 }).data[0]!;
    const before = s.comments(target.id, { skip: 0, limit: 100 })!;
    const added = s.addComment(target.id, 'Called back, wants a quote')!;
    expect(responseValidator('createContactComment', 200, 'application/json')!(added).ok).toBe(
      true,
    );
    expect(s.comments(target.id, { skip: 0, limit: 100 })).toEqual([added, ...before]);
    expect(
      s.comments(target.id, {
        skip: 0,
        limit: 100,
        channelTypes: [target.channel_type === 'web' ? 'line' : 'web'],
      }),
    ).toEqual([]);
    expect(s.comment(target.id, added._id)).toEqual([added]);
    expect(s.comment(target.id, 'cmc_unknown')).toEqual([]);
    expect(s.deleteComment(target.id, added._id)).toBe(true);
    expect(s.deleteComment(target.id, added._id)).toBe(false);
    expect(s.comments(target.id, { skip: 0, limit: 100 })).toEqual(before);
    expect(s.addComment('con_nope', 'x')).toBeUndefined();
    expect(s.comment('con_nope', added._id)).toBeUndefined();
  });

  it('deletes seeded comments, including comments on messages', () => {
    const s = small(4000);
    const withNotes = walk(s, 'id', 1000).contacts.find(
      (c) => (s.messageComments(c.id) ?? []).length > 0,
    )!;
    const note = s.messageComments(withNotes.id)![0]!;
    expect(note.message_id).toMatch(/^msg_/);
    expect(s.comment(withNotes.id, note._id)).toEqual([note]);
    expect(s.deleteComment(withNotes.id, note._id)).toBe(true);
    expect(s.messageComments(withNotes.id)!.map((c) => c._id)).not.toContain(note._id);
  });

  it('keeps uploads with their bytes, type and a safe name', () => {
    const s = small();
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const { id, name } = s.addUpload({ name: '../../etc/pass<wd>.PNG', type: 'image/png', bytes });
    expect(id).toMatch(/^file_[A-Za-z0-9]{26}\.png$/);
    expect(name).toBe('etc_pass_wd_.PNG');
    bytes[0] = 9;
    expect(s.upload(id)).toEqual({
      name: 'etc_pass_wd_.PNG',
      type: 'image/png',
      bytes: new Uint8Array([0, 1, 2, 250, 255]),
    });
    expect(s.upload('file_nope')).toBeUndefined();
  });
});

describe('notifications', () => {
  it('lists newest first with count, total, has_more and unread_count; filters by type name', () => {
    const store = small();
    const first = store.listNotifications({ skip: 0, limit: 10 });
    expect(responseValidator('listNotifications', 200, 'application/json')!(first).ok).toBe(true);
    expect(first).toMatchObject({ count: 618, total: 10, has_more: true });
    const all = store.listNotifications({ skip: 0, limit: 1000 }).data;
    expect(first.unread_count).toBe(all.filter((n) => !n.is_read).length);
    expect(all.map((n) => n.created_at)).toEqual(
      all
        .map((n) => n.created_at)
        .sort()
        .reverse(),
    );
    const conversations = store.listNotifications({ skip: 0, limit: 1000, type: 'conversations' });
    expect(conversations.data.every((n) => [201, 202, 203].includes(n.type))).toBe(true);
    expect(
      store.listNotifications({ skip: 0, limit: 1000, type: 'comments' }).count +
        conversations.count,
    ).toBe(618);
    expect(store.listNotifications({ skip: 0, limit: 10, type: 'no_such_type' }).count).toBe(0);
    expect(store.listNotifications({ skip: 700, limit: 10 })).toMatchObject({
      data: [],
      count: 618,
      total: 0,
      has_more: false,
    });
  });

  it('mark read, dismiss and dismiss-all change later reads', () => {
    const store = small();
    const { data, unread_count } = store.listNotifications({ skip: 0, limit: 5 });
    const unread = data.filter((n) => !n.is_read).map((n) => n.id);
    expect(store.markRead([...unread, 'not_unknown'])).toBe(unread.length);
    expect(store.markRead(unread)).toBe(0);
    const after = store.listNotifications({ skip: 0, limit: 5 });
    expect(after.unread_count).toBe(unread_count - unread.length);
    expect(after.data.every((n) => n.is_read)).toBe(true);

    expect(store.dismiss([data[0]!.id, data[1]!.id])).toBe(2);
    expect(store.listNotifications({ skip: 0, limit: 5 }).data[0]!.id).toBe(data[2]!.id);
    expect(store.listNotifications({ skip: 0, limit: 5 }).count).toBe(616);

    const comments = store.listNotifications({ skip: 0, limit: 1000, type: 'comments' }).count;
    expect(store.dismissAll('comments')).toBe(comments);
    expect(store.listNotifications({ skip: 0, limit: 5 }).count).toBe(616 - comments);
    expect(store.dismissAll()).toBe(616 - comments);
    expect(store.listNotifications({ skip: 0, limit: 5 })).toMatchObject({
      count: 0,
      unread_count: 0,
      data: [],
    });
  });
});

describe('reset', () => {
  it('restores the seeded state after every kind of write', () => {
    const store = small();
    const snapshot = () =>
      JSON.stringify([
        walk(store, '-created_at', 1000).ids,
        store.listContacts({ sort: 'display_name', skip: 0, limit: 20 }),
        store.searchContacts({ q: 'a', sort: '-created_at', skip: 0, limit: 20 }),
        store.listNotifications({ skip: 0, limit: 20 }),
      ]);
    const before = snapshot();
    withWrites(store);
    const someone = store.listContacts({ sort: '-created_at', skip: 50, limit: 1 }).data[0]!;
    store.addComment(someone.id, 'hello');
    store.markRead(store.listNotifications({ skip: 0, limit: 3 }).data.map((n) => n.id));
    store.dismissAll('comments');
    const upload = store.addUpload({
      name: 'a.txt',
      type: 'text/plain',
      bytes: new Uint8Array([65]),
    });
    expect(snapshot()).not.toBe(before);
    store.reset();
    expect(snapshot()).toBe(before);
    expect(store.upload(upload.id)).toBeUndefined();
    expect(
      store.comments(someone.id, { skip: 0, limit: 100 })!.map((c) => c.content),
    ).not.toContain('hello');
  });
});

describe('control characters in a query', () => {
  it('match only records written with them', () => {
    const store = small();
    expect(store.searchContacts({ q: 'b\th', sort: 'id', skip: 0, limit: 5 }).count).toBe(0);
    const tab = store.createContact({ channel_type: 'web', display_name: 'tab\there' });
    const separator = store.createContact({ channel_type: 'web', display_name: 'odd\u0001name' });
    expect(
      store.searchContacts({ q: 'b\th', sort: 'id', skip: 0, limit: 5 }).data.map((c) => c.id),
    ).toEqual([tab.id]);
    expect(
      store.searchContacts({ q: 'd\u0001n', sort: 'id', skip: 0, limit: 5 }).data.map((c) => c.id),
    ).toEqual([separator.id]);
  });
});

describe('sort indexes built before writes', () => {
  it.each(CONTACT_SORTS.filter((sort) => !sort.startsWith('-')))(
    'stay exact through updates, creates and deletes: %s',
    (sort) => {
      const store = small(600);
      store.listContacts({ sort, skip: 0, limit: 1 });
      const all = walk(store, '-created_at', 1000).contacts;
      for (let k = 0; k < 30; k++) {
        const target = all[(k * 37) % all.length]!;
        if (k % 5 === 0) store.deleteContact(target.id);
        else if (k % 5 === 1)
          store.createContact({
            channel_type: 'email',
            first_name: `N${k}`,
            last_name: 'New',
            email: `n${k}@example.com`,
            language: 'fr',
          });
        else
          store.updateContact(target.id, {
            first_name: `Z${k}`,
            email: k % 2 ? '' : `a${k}@example.com`,
            phone_number: String(k),
            company_name: `C${k % 3}`,
            time_zone: 'UTC',
            language: k % 2 ? 'en' : 'de',
          });
      }
      const { ids, contacts, counts } = walk(store, sort, 64);
      expect([...counts]).toEqual([contacts.length]);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(inExpectedOrder(contacts, sort).map((c) => c.id));
      expect(ids.length).toBe(600 - 6 + 6);
    },
  );
});

describe('kept search results', () => {
  it('follow updates: the answers are those of a store that kept none', () => {
    const page = (store: Store, q: string, sort: ContactSort) =>
      store.searchContacts({ q, sort, skip: 0, limit: 50 });
    const queries = ['an', 'zed', 'mia', '@example'];
    const sorts: ContactSort[] = ['display_name', '-updated_at', 'email'];
    const kept = small(3000);
    const fresh = small(3000);
    const ids = walk(kept, '-created_at', 1000).ids;
    const writes: [string, { first_name: string; email?: string }][] = [
      [ids[5]!, { first_name: 'Zed' }],
      [ids[6]!, { first_name: 'Mia', email: 'mia@example.com' }],
      // Stops matching "an" and "zed", starts matching "mia".
      [ids[5]!, { first_name: 'Mia', email: '' }],
      [ids[7]!, { first_name: 'Anna' }],
    ];
    for (const [id, patch] of writes) {
      for (const q of queries) for (const sort of sorts) page(kept, q, sort);
      kept.updateContact(id, patch);
      fresh.updateContact(id, patch);
    }
    for (const q of queries)
      for (const sort of sorts) expect(page(kept, q, sort)).toEqual(page(fresh, q, sort));
  });
});

describe('an empty dataset', () => {
  it('answers empty pages and still takes writes', () => {
    const store = createStore({ seed: 1, contacts: 0, now: () => NOW });
    expect(store.listContacts({ sort: '-created_at', skip: 0, limit: 10 })).toEqual({
      data: [],
      count: 0,
    });
    expect(store.listNotifications({ skip: 0, limit: 10 })).toMatchObject({
      data: [],
      count: 0,
      unread_count: 0,
    });
    const created = store.createContact({ channel_type: 'web', display_name: 'First' });
    expect(store.listContacts({ sort: 'display_name', skip: 0, limit: 10 })).toEqual({
      data: [created],
      count: 1,
    });
    expect(() => createStore({ seed: 1, contacts: -1 })).toThrow(/contacts/);
  });
});
