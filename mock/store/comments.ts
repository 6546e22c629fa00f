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
import type { Undo } from './types.ts';

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
  /** Added comments by contact id. */
  #added = new Map<string, Comment[]>();
  #deleted = new Set<string>();
  #addedCount = 0;
  /** How many added comments are kept (not deleted). */
  #kept = 0;

  constructor(ds: Dataset) {
    this.#ds = ds;
  }

  get kept(): number {
    return this.#kept;
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

  /** Adds a comment at time `ms`; its id follows from how many were ever added. */
  add(
    contact: Contact,
    content: string,
    createdBy: string,
    ms: number,
  ): { comment: Comment; undo: Undo } {
    const at = iso(ms);
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
    this.#kept++;
    const undo = () => {
      list.pop();
      this.#addedCount--;
      this.#kept--;
    };
    return { comment: structuredClone(comment), undo };
  }

  /** Undefined when the contact has no such comment. */
  remove(i: number, contact: Contact, commentId: string): Undo | undefined {
    const added = this.#added.get(contact.id);
    const at = added?.findIndex((c) => c._id === commentId) ?? -1;
    if (added && at >= 0) {
      const [removed] = added.splice(at, 1);
      this.#kept--;
      return () => {
        added.splice(at, 0, removed!);
        this.#kept++;
      };
    }
    // A seeded comment (find() builds the contact's list): only then is the whole list needed.
    if (!this.find(i, contact, commentId)) return undefined;
    this.#deleted.add(commentId);
    return () => this.#deleted.delete(commentId);
  }

  writes(): CommentWrites {
    return {
      addedCount: this.#addedCount,
      added: [...this.#added.values()].flat().map((c) => structuredClone(c)),
      deleted: [...this.#deleted].sort(),
    };
  }

  reset(): Undo {
    const before = [this.#added, this.#deleted, this.#addedCount, this.#kept] as const;
    this.#added = new Map();
    this.#deleted = new Set();
    this.#addedCount = 0;
    this.#kept = 0;
    return () => {
      [this.#added, this.#deleted, this.#addedCount, this.#kept] = before;
    };
  }

  restore(writes: CommentWrites): void {
    this.reset();
    this.#addedCount = writes.addedCount;
    for (const comment of writes.added) {
      const list = this.#added.get(comment.contact_id) ?? [];
      list.push(structuredClone(comment));
      this.#added.set(comment.contact_id, list);
      this.#kept++;
    }
    for (const id of writes.deleted) this.#deleted.add(id);
  }
}
