import { describe, expect, it } from 'vitest';
import { AUTH, testMock } from '../test-client.ts';
import { selectedIds } from './notifications.ts';

const P = '/channel-service/v1';
type Notification = { id: string; is_read: boolean };

describe('selectedIds', () => {
  const cases: [string, Parameters<typeof selectedIds>[0], string[]][] = [
    ['a bare array (published)', ['not_a', 'not_b'], ['not_a', 'not_b']],
    ['{ids} (service export)', { ids: ['not_a'] }, ['not_a']],
    [
      '{notification_id: [...]} (SDK, read)',
      { notification_id: ['not_a', 'not_b'] },
      ['not_a', 'not_b'],
    ],
    ['{notification_id: "…"} (SDK, dismiss)', { notification_id: 'not_a' }, ['not_a']],
  ];
  it.each(cases)('%s', (_name, selection, want) => expect(selectedIds(selection)).toEqual(want));
});

async function state(request: ReturnType<typeof testMock>['request']) {
  return (await request(`${P}/notifications?limit=1000`, { headers: AUTH })).body as {
    data: Notification[];
    count: number;
    unread_count: number;
  };
}

async function unreadIds(
  request: ReturnType<typeof testMock>['request'],
  n: number,
): Promise<string[]> {
  return (await state(request)).data
    .filter((x) => !x.is_read)
    .slice(0, n)
    .map((x) => x.id);
}

const forms: [string, (ids: string[]) => unknown][] = [
  ['a bare array', (ids) => ids],
  ['{"ids": [...]}', (ids) => ({ ids })],
  ['{"notification_id": [...]}', (ids) => ({ notification_id: ids })],
];

describe('listing notifications', () => {
  it('pages with count, total, has_more and unread_count', async () => {
    const { request } = testMock();
    const all = await state(request);
    expect(all.unread_count).toBe(all.data.filter((n) => !n.is_read).length);
    expect(all.unread_count).toBeGreaterThan(0);
    expect(all.unread_count).toBeLessThan(all.count);
    const seen: string[] = [];
    for (let skip = 0; ; skip += 7) {
      const page = (await request(`${P}/notifications?limit=7&skip=${skip}`, { headers: AUTH }))
        .body;
      expect(page.count).toBe(all.count);
      expect(page.total).toBe(page.data.length);
      expect(page.has_more).toBe(skip + page.total < page.count);
      seen.push(...page.data.map((n: Notification) => n.id));
      if (!page.has_more) break;
    }
    expect(seen).toEqual(all.data.map((n) => n.id));
  });
});

describe('marking notifications read', () => {
  it.each(forms)('with %s has the documented effect', async (_name, form) => {
    const documented = testMock();
    const other = testMock();
    const ids = await unreadIds(documented.request, 2);
    const before = await state(documented.request);

    await documented.request(`${P}/notifications/read`, {
      method: 'PUT',
      headers: AUTH,
      json: ids,
    });
    const answer = await other.request(`${P}/notifications/read`, {
      method: 'PUT',
      headers: AUTH,
      json: form(ids),
    });
    expect(answer.body).toEqual({ success: true });

    const after = await state(other.request);
    expect(after).toEqual(await state(documented.request));
    expect(after.unread_count).toBe(before.unread_count - 2);
    expect(after.data.filter((n) => ids.includes(n.id)).every((n) => n.is_read)).toBe(true);
  });
});

describe('dismissing notifications', () => {
  type DismissForm = [
    name: string,
    method: string,
    howMany: number,
    form: (ids: string[]) => unknown,
  ];
  const dismissForms: DismissForm[] = [
    ...forms.map(([name, form]): DismissForm => [`DELETE with ${name}`, 'DELETE', 3, form]),
    ...forms.map(([name, form]): DismissForm => [`POST with ${name}`, 'POST', 3, form]),
    ['DELETE with {"notification_id": "…"}', 'DELETE', 1, (ids) => ({ notification_id: ids[0] })],
  ];

  it.each(dismissForms)('%s has the documented effect', async (_name, method, howMany, form) => {
    const documented = testMock();
    const other = testMock();
    const ids = await unreadIds(documented.request, howMany);
    const before = await state(documented.request);

    await documented.request(`${P}/notifications/dismiss`, {
      method: 'DELETE',
      headers: AUTH,
      json: ids,
    });
    const answer = await other.request(`${P}/notifications/dismiss`, {
      method,
      headers: AUTH,
      json: form(ids),
    });
    expect(answer.body).toEqual({ success: true });

    const after = await state(other.request);
    expect(after).toEqual(await state(documented.request));
    expect(after.count).toBe(before.count - ids.length);
    expect(after.unread_count).toBe(before.unread_count - ids.length);
    expect(after.data.map((n) => n.id)).not.toContain(ids[0]);
  });

  it.each(['DELETE', 'POST'])('dismiss all by %s empties the list', async (method) => {
    const { request } = testMock();
    await request(`${P}/notifications/dismiss/all`, { method, headers: AUTH });
    expect(await state(request)).toMatchObject({ data: [], count: 0, unread_count: 0 });
  });

  it('dismiss all of an unknown type changes nothing', async () => {
    const { request } = testMock();
    const before = await state(request);
    await request(`${P}/notifications/dismiss/all?type=nothing_like_this`, {
      method: 'DELETE',
      headers: AUTH,
    });
    expect(await state(request)).toEqual(before);
  });
});
