import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { AUTH, testMock } from '../test-client.ts';
import { CSV_COLUMNS } from './contacts-csv.ts';

const P = '/v1/backend';
type Contact = Record<string, any> & { id: string };

function walk(request: ReturnType<typeof testMock>['request'], base: string, limit: number) {
  return (async () => {
    const ids: string[] = [];
    const counts = new Set<number>();
    for (let skip = 0; ; skip += limit) {
      const page = (
        await request(`${base}${base.includes('?') ? '&' : '?'}limit=${limit}&skip=${skip}`, {
          headers: AUTH,
        })
      ).body;
      counts.add(page.count);
      expect(page.total).toBe(page.data.length);
      expect(page.has_more).toBe(skip + page.total < page.count);
      ids.push(...page.data.map((c: Contact) => c.id));
      if (!page.has_more) return { ids, counts, pages: page };
    }
  })();
}

describe('listing contacts', () => {
  const { request } = testMock({ contacts: 300 });

  it.each([
    [7, '-created_at'],
    [50, 'display_name'],
    [1000, 'email'],
    [13, '-last_seen'],
    [41, 'channel_type'],
    [300, '-id'],
  ])(
    'walking every page at limit %i, sort %s, visits each contact once with a constant count',
    async (limit, sort) => {
      const { ids, counts } = await walk(request, `${P}/contacts?sort=${sort}`, limit);
      expect([...counts]).toEqual([300]);
      expect(ids).toHaveLength(300);
      expect(new Set(ids).size).toBe(300);
    },
  );

  it('answers the documented call in -created_at order', async () => {
    const page = (
      await request(`${P}/contacts?limit=10&skip=0&sort=-created_at`, { headers: AUTH })
    ).body;
    expect(page).toMatchObject({
      object_name: 'list',
      nested: {},
      total: 10,
      count: 300,
      has_more: true,
    });
    const created = page.data.map((c: Contact) => c.created_at);
    expect(created).toEqual([...created].sort().reverse());
  });

  it('sorts ascending and descending as mirror images', async () => {
    const up = await walk(request, `${P}/contacts?sort=created_at`, 1000);
    const down = await walk(request, `${P}/contacts?sort=-created_at`, 1000);
    expect(up.ids).toEqual([...down.ids].reverse());
  });

  it('answers an empty page with the true count past the end', async () => {
    const page = (await request(`${P}/contacts?limit=10&skip=5000`, { headers: AUTH })).body;
    expect(page).toMatchObject({ data: [], total: 0, count: 300, has_more: false });
  });

  it('takes offset as skip', async () => {
    const bySkip = (await request(`${P}/contacts?limit=5&skip=20`, { headers: AUTH })).body;
    const byOffset = (await request(`${P}/contacts?limit=5&offset=20`, { headers: AUTH })).body;
    const byBoth = (await request(`${P}/contacts?limit=5&offset=20&skip=20`, { headers: AUTH }))
      .body;
    expect(byOffset).toEqual(bySkip);
    expect(byBoth).toEqual(bySkip);
  });

  it('filters by q as the search does, and lists everything for a blank q', async () => {
    const q = 'an';
    const listed = (await request(`${P}/contacts?q=${q}&limit=1000`, { headers: AUTH })).body;
    const searched = (await request(`${P}/contacts/_search?q=${q}&limit=1000`, { headers: AUTH }))
      .body;
    expect(listed.count).toBeGreaterThan(0);
    expect(listed).toEqual(searched);
    expect((await request(`${P}/contacts?q=&limit=1`, { headers: AUTH })).body.count).toBe(300);
  });
});

describe('searching contacts', () => {
  const { request } = testMock({ contacts: 300 });

  it('matches q against the text fields, case-insensitively', async () => {
    const sample = (await request(`${P}/contacts?limit=100`, { headers: AUTH })).body.data.find(
      (c: Contact) => c.last_name.length > 3,
    );
    const q = sample.last_name.slice(0, 4).toUpperCase();
    const found = (
      await request(`${P}/contacts/_search?q=${encodeURIComponent(q)}&type=text&limit=1000`, {
        headers: AUTH,
      })
    ).body;
    expect(found.data.map((c: Contact) => c.id)).toContain(sample.id);
    for (const contact of found.data)
      expect(JSON.stringify(contact).toLowerCase()).toContain(q.toLowerCase());
  });

  it('answers an empty list for an empty q, as published', async () => {
    const found = (await request(`${P}/contacts/_search?q=&type=text&limit=10`, { headers: AUTH }))
      .body;
    expect(found).toMatchObject({ data: [], count: 0, total: 0, has_more: false });
  });

  it('answers the POST form as the GET form', async () => {
    const get = (await request(`${P}/contacts/_search?q=li&limit=5&skip=3`, { headers: AUTH }))
      .body;
    const post = (
      await request(`${P}/contacts/_search`, {
        method: 'POST',
        headers: AUTH,
        json: { query: 'li', limit: 5, offset: 3 },
      })
    ).body;
    expect(post).toEqual(get);
  });

  it('pages the search with a constant count', async () => {
    const { ids, counts } = await walk(request, `${P}/contacts/_search?q=e&sort=display_name`, 9);
    expect(counts.size).toBe(1);
    expect(new Set(ids).size).toBe([...counts][0]);
  });
});

describe('updating a contact', () => {
  it('applies the documented side effects and every read shows them', async () => {
    const { request } = testMock({ contacts: 300 });
    const before: Contact = (
      await request(`${P}/contacts?limit=1&sort=display_name`, { headers: AUTH })
    ).body.data[0];
    const updated = await request(`${P}/contacts/${before.id}`, {
      method: 'PUT',
      headers: AUTH,
      json: { first_name: 'Zelda', last_name: 'Quuxley', gender: 'm', remark: 'VIP' },
    });
    expect(updated.body).toMatchObject({
      id: before.id,
      first_name: 'Zelda',
      last_name: 'Quuxley',
      display_name: 'Zelda Quuxley',
      gender: 'Male',
      remark: 'VIP',
      action: 'bu.contact_updated',
    });
    expect(updated.body.updated_at).not.toBeNull();
    expect(updated.body.email).toBe(before.email);
    expect(updated.body.created_at).toBe(before.created_at);

    const got = (await request(`${P}/contacts/${before.id}`, { headers: AUTH })).body;
    const { action: _action, ...record } = updated.body;
    expect(got).toEqual(record);
    const found = (await request(`${P}/contacts/_search?q=Quuxley`, { headers: AUTH })).body;
    expect(found.data.map((c: Contact) => c.id)).toEqual([before.id]);
    const listed = (await request(`${P}/contacts?limit=1000&sort=-updated_at`, { headers: AUTH }))
      .body.data as Contact[];
    expect(listed.find((c) => c.id === before.id)).toEqual(record);
    const conversations = (
      await request(`${P}/contacts/${before.id}/conversations`, { headers: AUTH })
    ).body.data;
    for (const item of conversations)
      if (item.contact) expect(item.contact.display_name).toBe('Zelda Quuxley');
  });
});

describe('create, get, list, delete', () => {
  it('round-trips a contact and then answers not found for it', async () => {
    const { request } = testMock({ contacts: 300 });
    const created = await request(`${P}/contacts`, {
      method: 'POST',
      headers: AUTH,
      json: {
        first_name: 'Ada',
        last_name: 'Lovelace',
        email: 'ada@example.com',
        phone_number: '+44 20 7946 0000',
        channel_type: 'email',
        labels: ['vip'],
      },
    });
    const contact: Contact = created.body;
    expect(contact.id).toMatch(/^con_/);
    expect(contact).toMatchObject({
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@example.com',
      channel_type: 'email',
      updated_at: null,
    });
    expect((await request(`${P}/contacts/${contact.id}`, { headers: AUTH })).body).toEqual(contact);
    expect((await request(`${P}/contacts?limit=1`, { headers: AUTH })).body.count).toBe(301);
    expect(
      (await request(`${P}/contacts/_search?q=Lovelace`, { headers: AUTH })).body.data,
    ).toEqual([contact]);

    expect(
      (await request(`${P}/contacts/${contact.id}`, { method: 'DELETE', headers: AUTH })).body,
    ).toEqual({ success: true });
    expect((await request(`${P}/contacts?limit=1`, { headers: AUTH })).body.count).toBe(300);
    for (const init of [
      { headers: AUTH },
      { method: 'PUT', headers: AUTH, json: { remark: 'x' } },
      { method: 'DELETE', headers: AUTH },
    ]) {
      const answer = await request(`${P}/contacts/${contact.id}`, init);
      expect(answer).toMatchObject({ status: 400, body: { message: 'Not Found' } });
    }
    expect((await request(`${P}/contacts/_search?q=Lovelace`, { headers: AUTH })).body.count).toBe(
      0,
    );
  });
});

/** The cells of a CSV text, as csv-parse reads RFC 4180 (quotes, doubled quotes, line breaks). */
const parseCsv = (text: string): string[][] => parse(text, { relax_column_count: true });

describe('CSV export', () => {
  it('exports every contact in the requested sort, with a header row and proper quoting', async () => {
    const { request } = testMock({ contacts: 300 });
    const first: Contact = (
      await request(`${P}/contacts?limit=1&sort=display_name`, { headers: AUTH })
    ).body.data[0];
    const remark = 'said "hi", then\nleft';
    await request(`${P}/contacts/${first.id}`, { method: 'PUT', headers: AUTH, json: { remark } });

    const answer = await request(`${P}/contacts/_export_csv?sort=-display_name`, { headers: AUTH });
    expect(answer.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = parseCsv(answer.body);
    expect(rows[0]).toEqual(CSV_COLUMNS);
    expect(rows).toHaveLength(301);
    const listed = (await request(`${P}/contacts?limit=1000&sort=-display_name`, { headers: AUTH }))
      .body.data as Contact[];
    const idColumn = CSV_COLUMNS.indexOf('id');
    expect(rows.slice(1).map((r) => r[idColumn])).toEqual(listed.map((c) => c.id));
    const row = rows.find((r) => r[idColumn] === first.id)!;
    expect(row[CSV_COLUMNS.indexOf('remark')]).toBe(remark);
    expect(row).toHaveLength(CSV_COLUMNS.length);
  });

  it('exports a header row for an empty dataset', async () => {
    const { request } = testMock({ contacts: 0 });
    const answer = await request(`${P}/contacts/_export_csv`, { headers: AUTH });
    expect(parseCsv(answer.body)).toEqual([[...CSV_COLUMNS]]);
  });
});
