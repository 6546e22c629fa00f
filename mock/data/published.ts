/**
 * The records of the API's published examples, in the mock's data for the default seed: a curl copied
 * from the documentation finds them, and spec-driven tools find the ids the spec gives as examples.
 *
 * Each published contact takes the place of the seeded contact whose creation slot holds its
 * `created_at` (the next free index when two share a slot), so that index order stays the
 * `-created_at` order (see timeline.ts) and everything else stays as generated. The replaced
 * records' ids no longer resolve. Pure data, computed once per seed: the same on every run.
 */
import type { Contact, Notification, TeamConversationUser } from '../../openapi/types.ts';
import listContacts from '../../openapi/examples/list-contacts.200.json' with { type: 'json' };
import updatedContact from '../../openapi/examples/update-contact.200.json' with { type: 'json' };
import allChannels from '../../openapi/examples/contact-conversations.all-channels.200.json' with {
  type: 'json',
};
import oneChannel from '../../openapi/examples/contact-conversations.web.200.json' with {
  type: 'json',
};
import notifications from '../../openapi/examples/list-notifications.200.json' with {
  type: 'json',
};
import { contactCreatedAt } from './timeline.ts';

/** The seed whose data holds the published records: the mock's default. */
export const PUBLISHED_SEED = 1;

export interface PublishedConversations {
  /** As `GET /contacts/{id}/conversations` answers them for all channels. */
  full: readonly TeamConversationUser[];
  /** As it answers them filtered to one channel type: the conversation alone. */
  alone: readonly TeamConversationUser[];
}

export interface Published {
  /** Contact index → the published record that takes its place. */
  readonly contacts: ReadonlyMap<number, Contact>;
  /** Contact id → index, for the published ids. */
  readonly indexOfId: ReadonlyMap<string, number>;
  /** The number ordering a published id among the keyed ids (its first 8 hex digits) → index. */
  readonly indexOfIdOrder: ReadonlyMap<number, number>;
  /** Contact index → its published conversations. */
  readonly conversations: ReadonlyMap<number, PublishedConversations>;
  /** Contact index → the board item its published conversation names. */
  readonly boardItems: ReadonlyMap<number, string>;
  readonly notifications: readonly Notification[];
}

const NONE: Published = Object.freeze({
  contacts: new Map(),
  indexOfId: new Map(),
  indexOfIdOrder: new Map(),
  conversations: new Map(),
  boardItems: new Map(),
  notifications: [],
});

/** The contact as `GET /contacts/{id}` answers it: the update's answer without its `action`. */
function asStored(record: Contact & { action?: string }): Contact {
  const { action: _action, ...contact } = record;
  return contact;
}

/** The first index created no later than `at` (seeded creation times fall as the index grows). */
function slotOf(seed: number, at: number): number {
  let low = 0;
  let high = 10_000_000;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (contactCreatedAt(seed, mid) > at) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The ordering number of a keyed id: its first 8 hex digits (see ids.ts). */
export const idOrderOf = (id: string): number =>
  Number.parseInt(id.slice(id.indexOf('_') + 1, id.indexOf('_') + 9), 16);

let published: Published | undefined;

function build(): Published {
  const records = [
    ...(listContacts.value.data as Contact[]),
    asStored(updatedContact.value as Contact),
  ].sort((a, b) => (a.created_at < b.created_at ? 1 : -1));
  const contacts = new Map<number, Contact>();
  let previous = -1;
  for (const record of records) {
    const i = Math.max(slotOf(PUBLISHED_SEED, Date.parse(record.created_at)), previous + 1);
    contacts.set(i, Object.freeze(record));
    previous = i;
  }
  const indexOfId = new Map([...contacts].map(([i, c]) => [c.id, i]));
  const conversations = new Map<number, PublishedConversations>();
  const boardItems = new Map<number, string>();
  const full = allChannels.value.data as TeamConversationUser[];
  const owner = indexOfId.get(full[0]!.conversation.contact_id)!;
  conversations.set(owner, {
    full,
    alone: oneChannel.value.data as TeamConversationUser[],
  });
  boardItems.set(owner, full[0]!.contact!.board_item_id!);
  return {
    contacts,
    indexOfId,
    indexOfIdOrder: new Map([...contacts].map(([i, c]) => [idOrderOf(c.id), i])),
    conversations,
    boardItems,
    notifications: notifications.value.data as Notification[],
  };
}

/** The published records in the data of `seed` (none but for the default seed). */
export function publishedFor(seed: number): Published {
  if (seed !== PUBLISHED_SEED) return NONE;
  published ??= build();
  return published;
}
