import { describe, expect, it } from 'vitest';
import { formatFailures } from '../../openapi/failures.ts';
import { responseValidator } from '../../openapi/validate-response.ts';
import { seededActivities } from './activities.ts';
import { seededComments } from './comments.ts';
import { seededContact } from './contact.ts';
import {
  conversationCount,
  conversationOf,
  conversationRef,
  conversationId,
  boardItemId,
  boardItemIndex,
} from './conversations.ts';
import { createDataset } from './dataset.ts';
import { seededFiles } from './files.ts';
import { seededNotifications } from './notifications.ts';

const ds = createDataset(3, 20_000);
const indices = Array.from({ length: 400 }, (_, k) => (k * 53) % ds.size);

function expectValid(operationId: string, body: unknown): void {
  const result = responseValidator(operationId, 200, 'application/json')!(body);
  expect(result.ok ? '' : formatFailures(result.failures)).toBe('');
}

describe('records related to contacts', () => {
  it('conversations are spec-valid, full or conversation-only, and embed the contact', () => {
    for (const i of indices) {
      const contact = seededContact(ds, i);
      const count = conversationCount(ds, i);
      expect(count).toBeGreaterThanOrEqual(1);
      const full = Array.from({ length: count }, (_, k) => conversationOf(ds, i, k, contact, true));
      expectValid('listContactConversations', { data: full });
      expectValid('listContactConversations', {
        data: full.map((_, k) => conversationOf(ds, i, k, contact, false)),
      });
      expect(full[0]!.contact!._id).toBe(contact.id);
      expect(full[0]!.conversation.contact_id).toBe(contact.id);
      expect(full[0]!.conversation.channel_type).toBe(contact.channel_type);
      expect(full[0]!.conversation.name.startsWith(`${contact.display_name}@`)).toBe(true);
      expect(boardItemIndex(ds, full[0]!.contact!.board_item_id!)).toBe(i);
    }
  });

  it('conversation ids lead back to their contact and number', () => {
    expect(conversationRef(ds, conversationId(ds, 77, 0))).toEqual({ i: 77, k: 0 });
    expect(conversationRef(ds, conversationId(ds, 77, 3))).toBeUndefined();
    expect(conversationRef(ds, 'conv_31b75006-beac-49af-b3b3-b8591d3438e6')).toBeUndefined();
    expect(boardItemIndex(ds, boardItemId(ds, 25_000))).toBe(25_000);
  });

  it('files, comments and activities are spec-valid and newest first', () => {
    let files = 0;
    let comments = 0;
    for (const i of indices) {
      const contact = seededContact(ds, i);
      const list = seededFiles(ds, i, contact.id);
      files += list.length;
      expectValid('listContactFiles', list);
      expect(list.map((f) => f.created_at)).toEqual(
        list
          .map((f) => f.created_at)
          .sort()
          .reverse(),
      );
      const notes = seededComments(ds, i, contact);
      comments += notes.length;
      expectValid('listContactComments', { data: notes });
      for (let k = 0; k < conversationCount(ds, i); k++) {
        const activities = seededActivities(ds, i, k, contact);
        expectValid('getConversationActivities', { data: activities });
        expect(activities.map((a) => a.created_at)).toEqual(
          activities
            .map((a) => a.created_at)
            .sort()
            .reverse(),
        );
      }
    }
    expect(files).toBeGreaterThan(100);
    expect(comments).toBeGreaterThan(50);
  });

  it('notifications are spec-valid, newest first, mostly unread, titled like UNK#FR3184@16 Sep 2025', () => {
    const list = seededNotifications(ds);
    expect(list).toHaveLength(618);
    expectValid('listNotifications', {
      data: list,
      count: list.length,
      total: list.length,
      unread_count: 0,
      has_more: false,
    });
    expect(list.map((n) => n.created_at)).toEqual(
      list
        .map((n) => n.created_at)
        .sort()
        .reverse(),
    );
    const unread = list.filter((n) => !n.is_read).length;
    expect(unread).toBeGreaterThan(list.length * 0.85);
    expect(unread).toBeLessThan(list.length);
    for (const n of list) expect(n.title).toMatch(/^.+@\d{1,2} [A-Z][a-z]{2} \d{4}$/);
    expect(JSON.stringify(seededNotifications(ds))).toBe(JSON.stringify(list));
  });
});
