/** The events of a seeded conversation (`GET /conversations_activities/{id}`), newest first. */
import type { Activity, Contact } from '../../openapi/types.ts';
import type { Dataset } from './dataset.ts';
import { hash } from './hash.ts';
import { hashedUuid } from './ids.ts';
import { LANE } from './lanes.ts';
import { conversationCreatedAt, conversationId, conversationNumber } from './conversations.ts';
import { REFERENCE_TIME, iso } from './timeline.ts';

const FOLLOW_UPS = [
  'message_received',
  'message_sent',
  'assigned',
  'message_received',
  'status_changed',
  'message_sent',
];

export function seededActivities(ds: Dataset, i: number, k: number, contact: Contact): Activity[] {
  const n = conversationNumber(i, k);
  const count = 2 + (hash(ds.seed, n, LANE.activity) % 5);
  const conversation = conversationId(ds, i, k);
  const start = conversationCreatedAt(ds, i, k);
  const step = Math.max(
    1,
    Math.floor(Math.min(REFERENCE_TIME - start, 7 * 24 * 3600 * 1000) / count),
  );
  const { users } = ds.pools;
  const activities: Activity[] = [];
  for (let a = 0; a < count; a++) {
    const hv = hash(ds.seed, n * 8 + a, LANE.activity + 1);
    const type = a === 0 ? 'conversation_created' : FOLLOW_UPS[hv % FOLLOW_UPS.length]!;
    const byContact = type === 'conversation_created' || type === 'message_received';
    activities.push({
      _id: `act_${hashedUuid(ds.seed, LANE.activityId, n * 8 + a)}`,
      conversation_id: conversation,
      type,
      from: byContact ? contact.id : users[(hv >>> 8) % users.length]!,
      created_at: iso(start + a * step + (a === 0 ? 0 : (hv >>> 12) % step)),
    });
  }
  return activities.reverse();
}
