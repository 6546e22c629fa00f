/**
 * The user's seeded notifications: one for each of the newest contacts' first conversation, newest
 * first, most of them unread (as in the published page: 595 unread of 618), and with the default seed
 * the published ones among them.
 */
import type { Notification } from '../../openapi/types.ts';
import type { Dataset } from './dataset.ts';
import { chance, hash } from './hash.ts';
import { hashedUuid } from './ids.ts';
import { LANE } from './lanes.ts';
import { seededField } from './contact.ts';
import { conversationCreatedAt, teamConversationUserId } from './conversations.ts';
import { dayLabel, iso } from './timeline.ts';

/** How many notifications the user has at most (the published account's count). */
export const NOTIFICATION_COUNT = 618;

/**
 * The API filters notifications by a type *name* (`?type=conversations`) but answers a numeric
 * `type`. The names we know and the numbers we generate under each:
 * - `conversations`: 201 new conversation (the published one), 202 conversation assigned to you,
 *   203 new message in a conversation;
 * - `comments`: 301 you were mentioned in a comment.
 * An unknown name selects nothing.
 */
export const NOTIFICATION_TYPES: Readonly<Record<string, readonly number[]>> = Object.freeze({
  conversations: [201, 202, 203],
  comments: [301],
});

export function seededNotifications(ds: Dataset): Notification[] {
  const { seed, pools } = ds;
  const count = Math.min(NOTIFICATION_COUNT, ds.size);
  const list: Notification[] = [];
  for (let j = 0; j < count; j++) {
    const hv = hash(seed, j, LANE.notification);
    const kind = hv % 100;
    const type = kind < 80 ? 201 : kind < 90 ? 202 : kind < 96 ? 203 : 301;
    const at = conversationCreatedAt(ds, j, 0) + 200 + ((hv >>> 8) % 2000);
    const displayName = seededField(ds, j, 'display_name');
    const content =
      type === 201
        ? ''
        : type === 202
          ? 'A conversation was assigned to you'
          : type === 203
            ? pools.messages[(hv >>> 8) % pools.messages.length]!
            : 'You were mentioned in a comment';
    list.push({
      object_name: 'notifications',
      id: `not_${hashedUuid(seed, LANE.notificationId, j)}`,
      title: `${displayName}@${dayLabel(at)}`,
      content,
      from: chance(hv >>> 4, 85)
        ? pools.teams[0]!.name
        : pools.teams[1 + ((hv >>> 12) % (pools.teams.length - 1))]!.name,
      type,
      action_to: { team_conversation_user_id: teamConversationUserId(ds, j, 0) },
      recipient: pools.users[0]!,
      is_read: chance(hv >>> 16, 4),
      created_at: iso(at),
      action_disable: false,
      channel_type: seededField(ds, j, 'channel_type'),
    });
  }
  // Newest first; ties (none expected) broken by id so the order never depends on the engine.
  const newestFirst = (a: Notification, b: Notification) =>
    a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : a.id < b.id ? -1 : 1;
  list.sort(newestFirst);
  // The published notifications (default seed) take the places of the oldest seeded ones.
  const published = ds.published.notifications.slice(0, count).map((n) => structuredClone(n));
  return [...list.slice(0, count - published.length), ...published].sort(newestFirst);
}
