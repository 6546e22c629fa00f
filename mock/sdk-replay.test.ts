/**
 * The requests the official TypeScript SDK (1.4.0) sends, replayed byte for byte in method, path,
 * headers and body: its hand-written contacts resource (`ts/src/resources/contacts.ts`) and, for the
 * operations only its generated client has, that client's forms. `ts/src/http.ts` picks the headers:
 * `x-api-key` for a server key, `Authorization: Bearer` with `x-organization-id` for a JWT with an
 * organization, `x-access-token` for anything else. Every answer must be 2xx and spec-valid (the
 * checked client) and the reads that follow must show each write; with the tokens listed and with
 * none (any credential).
 */
import { describe, expect, it } from 'vitest';
import type { MockOptions } from './app.ts';
import { checkedClient, findSamples, testMock } from './test-client.ts';

const BASE = 'http://localhost/channel-service/v1';
const OPAQUE = 'login_acc_0b7f5a3e-mock';
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1X21vY2sifQ.bW9jay1zaWduYXR1cmU';
const SERVER_KEY = 'api_mock_server_key';

const MODES: [string, Record<string, string>][] = [
  ['access token', { 'x-access-token': OPAQUE }],
  ['JWT with organization', { authorization: `Bearer ${JWT}`, 'x-organization-id': 'org_imbrace' }],
  ['API key', { 'x-api-key': SERVER_KEY }],
];

// With no `tokens` option the mock accepts whatever token the app already has: no flag needed.
const SETUPS: [string, MockOptions][] = [
  ['its tokens listed', { tokens: [OPAQUE, JWT, SERVER_KEY] }],
  ['no tokens option', { tokens: undefined }],
];

describe.each(
  SETUPS.flatMap(([setup, options]) =>
    MODES.map(([mode, auth]) => [mode, setup, auth, options] as const),
  ),
)('the SDK with %s auth, a mock with %s', (_mode, _setup, auth, options) => {
  const sdkMock = () => {
    const mock = testMock(options);
    const send = checkedClient(mock.app);
    const call = async (
      method: string,
      url: string,
      init: { json?: unknown; body?: FormData } = {},
    ) => {
      const headers: Record<string, string> = { ...auth };
      if (init.json !== undefined) headers['Content-Type'] = 'application/json';
      const answer = await send(url, {
        method,
        headers,
        body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
      });
      expect(answer.status, `${method} ${url}`).toBeGreaterThanOrEqual(200);
      expect(answer.status, `${method} ${url}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
      return answer.body;
    };
    return { ...mock, call };
  };

  it('contacts.list, get, search, exportCsv, getConversations, getComments, getFiles, getActivities', async () => {
    const { call, request } = sdkMock();
    const { contactId, conversationId } = await findSamples(request, '/channel-service/v1', auth);
    const page = await call('GET', `${BASE}/contacts?limit=10&skip=0&sort=-created_at`);
    expect(page.data).toHaveLength(10);
    expect(await call('GET', `${BASE}/contacts?limit=5`)).toMatchObject({ total: 5 });
    expect((await call('GET', `${BASE}/contacts/${contactId}`)).id).toBe(contactId);
    expect(
      await call('GET', `${BASE}/contacts/_search?q=a&limit=10&skip=0&sort=-created_at&type=text`),
    ).toMatchObject({ object_name: 'list' });
    expect(await call('GET', `${BASE}/contacts/_search?q=`)).toMatchObject({ count: 0 });
    expect(await call('GET', `${BASE}/contacts/_export_csv?sort=-created_at`)).toMatch(
      /^object_name,id,/,
    );
    expect(await call('GET', `${BASE}/contacts/_export_csv`)).toMatch(/^object_name,id,/);
    expect(
      (await call('GET', `${BASE}/contacts/${contactId}/conversations`)).data.length,
    ).toBeGreaterThan(0);
    await call('GET', `${BASE}/contacts/${contactId}/conversations?channel_types=web`);
    await call('GET', `${BASE}/contacts/${contactId}/comments`);
    await call(
      'GET',
      `${BASE}/contacts/${contactId}/comments?channel_types=whatsapp&skip=0&limit=20`,
    );
    await call('GET', `${BASE}/contact/${contactId}/files`);
    await call('GET', `${BASE}/conversations_activities/${conversationId}`);
  });

  it('contacts.update: the change is visible to get, list and search', async () => {
    const { call, request } = sdkMock();
    const { contactId } = await findSamples(request, '/channel-service/v1', auth);
    const updated = await call('PUT', `${BASE}/contacts/${contactId}`, {
      json: { first_name: 'Wilhelmina', last_name: 'Xanthopoulou', email: 'w.x@example.com' },
    });
    expect(updated).toMatchObject({
      display_name: 'Wilhelmina Xanthopoulou',
      action: 'bu.contact_updated',
    });
    expect(await call('GET', `${BASE}/contacts/${contactId}`)).toMatchObject({
      email: 'w.x@example.com',
    });
    expect(
      (await call('GET', `${BASE}/contacts/_search?q=Xanthopoulou&limit=10&skip=0`)).data.map(
        (c: { id: string }) => c.id,
      ),
    ).toEqual([contactId]);
  });

  it('contacts.uploadAvatar: the returned URL serves the file', async () => {
    const { call, app } = sdkMock();
    const form = new FormData();
    form.append('file', new File(['avatar-bytes'], 'avatar.jpg', { type: 'image/jpeg' }));
    const { url } = await call('POST', `${BASE}/contacts/_fileupload`, { body: form });
    const served = await app.request(url, { headers: auth });
    expect(await served.text()).toBe('avatar-bytes');
    expect(served.headers.get('content-type')).toBe('image/jpeg');
  });

  it('notifications: list, markNotificationsRead, dismissNotification, dismissAllNotifications', async () => {
    const { call } = sdkMock();
    const before = await call('GET', `${BASE}/notifications?limit=100&skip=0`);
    const unread = before.data
      .filter((n: { is_read: boolean }) => !n.is_read)
      .map((n: { id: string }) => n.id) as string[];

    expect(
      await call('PUT', `${BASE}/notifications/read`, {
        json: { notification_id: unread.slice(0, 2) },
      }),
    ).toEqual({ success: true });
    const read = await call('GET', `${BASE}/notifications?limit=100&skip=0`);
    expect(read.unread_count).toBe(before.unread_count - 2);

    expect(
      await call('DELETE', `${BASE}/notifications/dismiss`, {
        json: { notification_id: unread[2] },
      }),
    ).toEqual({ success: true });
    const dismissed = await call('GET', `${BASE}/notifications?limit=100`);
    expect(dismissed.count).toBe(before.count - 1);
    expect(dismissed.data.map((n: { id: string }) => n.id)).not.toContain(unread[2]);

    expect(await call('DELETE', `${BASE}/notifications/dismiss/all`)).toEqual({ success: true });
    expect(await call('GET', `${BASE}/notifications`)).toMatchObject({
      count: 0,
      unread_count: 0,
      data: [],
    });
  });

  it("the generated client's forms: create, POST search, comments, board item, plural files, delete", async () => {
    const { call, request } = sdkMock();
    const { contactId, boardItemId } = await findSamples(request, '/channel-service/v1', auth);
    const count = (await call('GET', `${BASE}/contacts?limit=1&offset=0`)).count as number;

    const created = await call('POST', `${BASE}/contacts`, {
      json: {
        display_name: 'Kit Mock',
        first_name: 'Kit',
        last_name: 'Mock',
        email: 'kit@example.com',
        phone_number: '85291234567',
        channel_type: 'whatsapp',
        labels: ['lead'],
        time_zone: 'Asia/Hong_Kong',
      },
    });
    expect(
      (await call('GET', `${BASE}/contacts?q=Kit%20Mock&limit=10&offset=0`)).data.map(
        (c: { id: string }) => c.id,
      ),
    ).toEqual([created.id]);
    expect(
      (
        await call('POST', `${BASE}/contacts/_search`, {
          json: { query: 'kit@example.com', limit: 10, offset: 0 },
        })
      ).count,
    ).toBe(1);
    expect((await call('GET', `${BASE}/contacts?limit=1`)).count).toBe(count + 1);

    const comment = await call('POST', `${BASE}/contacts/${contactId}/comments`, {
      json: { content: 'From the SDK' },
    });
    expect(
      (await call('GET', `${BASE}/contacts/${contactId}/comment/${comment._id}`)).data,
    ).toEqual([comment]);
    await call('GET', `${BASE}/contacts/${contactId}/message_comments`);
    expect(await call('DELETE', `${BASE}/contacts/${contactId}/comment/${comment._id}`)).toEqual({
      success: true,
    });
    expect(
      (await call('GET', `${BASE}/contacts/${contactId}/comment/${comment._id}`)).data,
    ).toEqual([]);

    expect((await call('GET', `${BASE}/contacts/by-board-item/${boardItemId}`)).id).toBe(contactId);
    await call('GET', `${BASE}/contacts/${contactId}/files`);

    const before = await call('GET', `${BASE}/notifications?limit=5`);
    await call('PUT', `${BASE}/notifications/read`, { json: { ids: [before.data[0].id] } });
    await call('POST', `${BASE}/notifications/dismiss`, { json: { ids: [before.data[1].id] } });
    expect((await call('GET', `${BASE}/notifications?limit=5`)).count).toBe(before.count - 1);
    await call('POST', `${BASE}/notifications/dismiss/all`);
    expect((await call('GET', `${BASE}/notifications`)).count).toBe(0);

    expect(await call('DELETE', `${BASE}/contacts/${created.id}`)).toEqual({ success: true });
    expect((await call('GET', `${BASE}/contacts?limit=1`)).count).toBe(count);
  });
});
