/**
 * A seeded contact's comments: notes on the contact, and comments on one of its messages (those carry
 * `message_id` and are what `message_comments` lists). Newest first.
 */
import type { Comment, Contact } from '../../openapi/types.ts';
import type { Dataset } from './dataset.ts';
import { hash } from './hash.ts';
import { hashedUuid } from './ids.ts';
import { LANE } from './lanes.ts';
import { REFERENCE_TIME, contactCreatedAt, iso } from './timeline.ts';

const MAX_COMMENTS = 4;

export function commentCount(ds: Dataset, i: number): number {
  if (i >= ds.size) return 0;
  const bucket = hash(ds.seed, i, LANE.commentCount) % 100;
  return bucket < 70 ? 0 : bucket < 88 ? 1 : bucket < 97 ? 2 : 3;
}

export function seededComments(ds: Dataset, i: number, contact: Contact): Comment[] {
  const count = commentCount(ds, i);
  const start = contactCreatedAt(ds.seed, i);
  const comments: Comment[] = [];
  for (let k = 0; k < count; k++) {
    const n = i * MAX_COMMENTS + k;
    const hv = hash(ds.seed, n, LANE.comment);
    const { remarks, messages, users } = ds.pools;
    const onMessage = hv % 3 === 0;
    const at = iso(
      start +
        Math.floor(((REFERENCE_TIME - start) * (count - k)) / (count + 1)) -
        (k === 0 ? 0 : (hv >>> 20) % 1000),
    );
    comments.push({
      _id: `cmc_${hashedUuid(ds.seed, LANE.commentId, n)}`,
      contact_id: contact.id,
      content: onMessage
        ? messages[(hv >>> 4) % messages.length]!
        : remarks[(hv >>> 4) % remarks.length]!,
      channel_type: contact.channel_type,
      ...(onMessage ? { message_id: `msg_${hashedUuid(ds.seed, LANE.messageId + 4, n)}` } : {}),
      created_by: users[(hv >>> 12) % users.length]!,
      created_at: at,
      updated_at: at,
    });
  }
  return comments;
}
