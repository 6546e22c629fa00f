import { describe, expect, it } from 'vitest';
import { AUTH, findSamples, testMock } from '../test-client.ts';

const P = '/backend/v1';

describe('comments', () => {
  it('round-trip: add, list, get, delete, then gone', async () => {
    const { request } = testMock();
    const { contactId } = await findSamples(request, P);
    const list = async () =>
      (await request(`${P}/contacts/${contactId}/comments?limit=1000`, { headers: AUTH })).body
        .data as { _id: string }[];
    const before = await list();

    const added = (
      await request(`${P}/contacts/${contactId}/comments`, {
        method: 'POST',
        headers: AUTH,
        json: { content: 'Prefers email after 6pm' },
      })
    ).body;
    expect(added).toMatchObject({ contact_id: contactId, content: 'Prefers email after 6pm' });
    expect(added._id).toMatch(/^cmc_/);
    expect((await list()).map((c) => c._id)).toContain(added._id);
    expect(await list()).toHaveLength(before.length + 1);
    expect(
      (await request(`${P}/contacts/${contactId}/comment/${added._id}`, { headers: AUTH })).body,
    ).toEqual({ data: [added] });

    expect(
      (
        await request(`${P}/contacts/${contactId}/comment/${added._id}`, {
          method: 'DELETE',
          headers: AUTH,
        })
      ).body,
    ).toEqual({ success: true });
    expect(await list()).toEqual(before);
    expect(
      (await request(`${P}/contacts/${contactId}/comment/${added._id}`, { headers: AUTH })).body,
    ).toEqual({ data: [] });
    const again = await request(`${P}/contacts/${contactId}/comment/${added._id}`, {
      method: 'DELETE',
      headers: AUTH,
    });
    expect(again).toMatchObject({ status: 400, body: { message: 'Not Found' } });
  });

  it('answers not found for the comments of an unknown contact', async () => {
    const { request } = testMock();
    for (const [path, init] of [
      ['/contacts/con_nobody/comments', {}],
      ['/contacts/con_nobody/comments', { method: 'POST', json: { content: 'x' } }],
      ['/contacts/con_nobody/message_comments', {}],
      ['/contacts/con_nobody/comment/cmc_x', {}],
    ] as const) {
      const answer = await request(`${P}${path}`, { headers: AUTH, ...init });
      expect(answer).toMatchObject({ status: 400, body: { message: 'Not Found' } });
    }
  });

  it('rejects an empty comment naming the field', async () => {
    const { request } = testMock();
    const { contactId } = await findSamples(request, P);
    const answer = await request(`${P}/contacts/${contactId}/comments`, {
      method: 'POST',
      headers: AUTH,
      json: { content: '' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/body\.content/);
  });
});

describe('conversations', () => {
  it('filters by channel types and serves the activities of each conversation', async () => {
    const { request } = testMock();
    const { contactId } = await findSamples(request, P);
    const all = (await request(`${P}/contacts/${contactId}/conversations`, { headers: AUTH })).body
      .data as { conversation: { _id: string; channel_type: string } }[];
    expect(all.length).toBeGreaterThan(0);
    const type = all[0]!.conversation.channel_type;
    const one = (
      await request(`${P}/contacts/${contactId}/conversations?channel_types=${type}`, {
        headers: AUTH,
      })
    ).body.data as typeof all;
    expect(one.length).toBeGreaterThan(0);
    expect(one.every((i) => i.conversation.channel_type === type)).toBe(true);
    for (const item of all) {
      const activities = (
        await request(`${P}/conversations_activities/${item.conversation._id}`, { headers: AUTH })
      ).body.data as { conversation_id: string }[];
      expect(activities.every((a) => a.conversation_id === item.conversation._id)).toBe(true);
    }
    const unknown = await request(`${P}/conversations_activities/conv_nothing`, { headers: AUTH });
    expect(unknown).toMatchObject({ status: 400, body: { message: 'Not Found' } });
  });

  it('finds the contact of a board item', async () => {
    const { request } = testMock();
    const { contactId, boardItemId } = await findSamples(request, P);
    expect(
      (await request(`${P}/contacts/by-board-item/${boardItemId}`, { headers: AUTH })).body.id,
    ).toBe(contactId);
    expect(
      (await request(`${P}/contacts/by-board-item/bi_nothing`, { headers: AUTH })).status,
    ).toBe(400);
  });
});
