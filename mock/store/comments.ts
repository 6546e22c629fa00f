/**
 * Comments on contacts: the seeded ones (computed per contact) with the added and deleted ones laid
 * over them. A comment with `message_id` is a comment on one of the contact's messages.
 */
import type { ChannelType, Comment, Contact } from '../../openapi/types.ts';
import { seededComments } from '../data/comments.ts';
import type { Dataset } from '../data/dataset.ts';
import { hashedUuid } from '../data/ids.ts';
import { LANE } from '../data/lanes.ts';
import { iso } from '../data/timeline.ts';

export interface CommentWrites {
  /** How many comments were ever added (the next one's id follows from it). */
  addedCount: number;
  added: Comment[];
  deleted: string[];
}

function newestFirst(a: Comment, b: Comment): number {
  return a.created_at < b.created_at
    ? 1
    : a.created_at > b.created_at
      ? -1
      : a._id < b._id
        ? -1
        : a._id > b._id
          ? 1
          : 0;
}

export class CommentBook {
  readonly #ds: Dataset;
  readonly #now: () => Date;
  /** Added comments by contact id. */
  #added = new Map<string, Comment[]>();
  #deleted = new Set<string>();
  #addedCount = 0;

  constructor(ds: Dataset, now: () => Date) {
    this.#ds = ds;
    this.#now = now;
  }

  /** Every comment of a live contact (index i), newest first. */
  all(i: number, contact: Contact): Comment[] {
    const seeded = seededComments(this.#ds, i, contact).filter((c) => !this.#deleted.has(c._id));
    const added = this.#added.get(contact.id) ?? [];
    return [...seeded, ...added.map((c) => structuredClone(c))].sort(newestFirst);
  }

  /** Comments on the contact itself (not on a message), optionally only on some channel types. */
  list(
    i: number,
    contact: Contact,
    skip: number,
    limit: number,
    channelTypes?: readonly ChannelType[],
  ): Comment[] {
    return this.all(i, contact)
      .filter(
        (c) =>
          c.message_id === undefined &&
          (!channelTypes?.length ||
            (c.channel_type !== undefined && channelTypes.includes(c.channel_type))),
      )
      .slice(skip, skip + limit);
  }

  onMessages(i: number, contact: Contact): Comment[] {
    return this.all(i, contact).filter((c) => c.message_id !== undefined);
  }

  find(i: number, contact: Contact, commentId: string): Comment | undefined {
    return this.all(i, contact).find((c) => c._id === commentId);
  }

  add(contact: Contact, content: string, createdBy: string): Comment {
    const at = iso(this.#now().getTime());
    const comment: Comment = {
      _id: `cmc_${hashedUuid(this.#ds.seed, LANE.createdComment, this.#addedCount++)}`,
      contact_id: contact.id,
      content,
      channel_type: contact.channel_type,
      created_by: createdBy,
      created_at: at,
      updated_at: at,
    };
    const list = this.#added.get(contact.id) ?? [];
    list.push(comment);
    this.#added.set(contact.id, list);
    return structuredClone(comment);
  }

  /** False when the contact has no such comment. */
  remove(i: number, contact: Contact, commentId: string): boolean {
    if (!this.find(i, contact, commentId)) return false;
    const added = this.#added.get(contact.id);
    const at = added?.findIndex((c) => c._id === commentId) ?? -1;
    if (added && at >= 0) added.splice(at, 1);
    else this.#deleted.add(commentId);
    return true;
  }

  writes(): CommentWrites {
    return {
      addedCount: this.#addedCount,
      added: [...this.#added.values()].flat().map((c) => structuredClone(c)),
      deleted: [...this.#deleted].sort(),
    };
  }

  reset(): void {
    this.#added = new Map();
    this.#deleted = new Set();
    this.#addedCount = 0;
  }

  restore(writes: CommentWrites): void {
    this.reset();
    this.#addedCount = writes.addedCount;
    for (const comment of writes.added) {
      const list = this.#added.get(comment.contact_id) ?? [];
      list.push(structuredClone(comment));
      this.#added.set(comment.contact_id, list);
    }
    for (const id of writes.deleted) this.#deleted.add(id);
  }
}
