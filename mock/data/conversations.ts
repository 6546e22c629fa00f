/**
 * A contact's conversations (the TeamConversationUser items of `GET /contacts/{id}/conversations`),
 * as a pure function of (dataset, contact index), with the contact embedded as it is now.
 */
import type {
  Contact,
  EmbeddedContact,
  Message,
  TeamConversationUser,
} from '../../openapi/types.ts';
import type { Dataset } from './dataset.ts';
import { chance, hash } from './hash.ts';
import { hashedUuid, indexOfKeyedUuid, keyedUuid } from './ids.ts';
import { LANE } from './lanes.ts';
import { BUSINESS_UNIT_ID, ORGANIZATION_ID } from './pools.ts';
import { CHANNEL_TYPES, EMBEDDED_CONTACT_PROPERTIES } from './spec-lists.ts';
import { REFERENCE_TIME, contactCreatedAt, dayLabel, iso } from './timeline.ts';

export const CONVERSATION_PREFIX = 'conv_';
const BOARD_ITEM_PREFIX = 'bi_';
/** Conversations per contact are numbered 0..MAX-1 inside the conversation id's index. */
const MAX_CONVERSATIONS = 4;

/** Conversation k of contact i, numbered across the dataset: what its seeds and ids derive from. */
export function conversationNumber(i: number, k: number): number {
  return i * MAX_CONVERSATIONS + k;
}
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const WIDGET_URL = 'https://dev-chat-widget.imbrace.co/test.html';

/** How many conversations contact `i` has: one to three when seeded; none when created through the API. */
export function conversationCount(ds: Dataset, i: number): number {
  if (i >= ds.size) return 0;
  const published = ds.published.conversations.get(i);
  if (published) return published.full.length;
  const hv = hash(ds.seed, i, LANE.conversationCount) % 100;
  return hv < 70 ? 1 : hv < 92 ? 2 : 3;
}

export function conversationId(ds: Dataset, i: number, k: number): string {
  const published = ds.published.conversations.get(i)?.full[k];
  if (published) return published.conversation._id;
  return CONVERSATION_PREFIX + keyedUuid(ds.seed, LANE.conversationId, conversationNumber(i, k));
}

/** The contact index and number of a conversation id, or undefined when no seeded conversation has it. */
export function conversationRef(ds: Dataset, id: string): { i: number; k: number } | undefined {
  if (!id.startsWith(CONVERSATION_PREFIX)) return undefined;
  for (const [i, { full }] of ds.published.conversations) {
    const k = full.findIndex((item) => item.conversation._id === id);
    if (k >= 0 && i < ds.size) return { i, k };
  }
  const n = indexOfKeyedUuid(ds.seed, LANE.conversationId, id.slice(CONVERSATION_PREFIX.length));
  if (n === undefined) return undefined;
  const i = Math.floor(n / MAX_CONVERSATIONS);
  const k = n % MAX_CONVERSATIONS;
  if (ds.published.conversations.has(i)) return undefined; // replaced by the published ones
  return k < conversationCount(ds, i) ? { i, k } : undefined;
}

/** The `tcu_` id under which the user sees conversation k of contact i (notifications point at it). */
export function teamConversationUserId(ds: Dataset, i: number, k: number): string {
  return `tcu_${hashedUuid(ds.seed, LANE.tcuId, conversationNumber(i, k))}`;
}

export function boardItemId(ds: Dataset, i: number): string {
  return (
    ds.published.boardItems.get(i) ?? BOARD_ITEM_PREFIX + keyedUuid(ds.seed, LANE.boardItemId, i)
  );
}

/** The contact index of a board item id (seeded or created contact), or undefined for a foreign id. */
export function boardItemIndex(ds: Dataset, id: string): number | undefined {
  for (const [i, published] of ds.published.boardItems) if (published === id) return i;
  if (!id.startsWith(BOARD_ITEM_PREFIX)) return undefined;
  const i = indexOfKeyedUuid(ds.seed, LANE.boardItemId, id.slice(BOARD_ITEM_PREFIX.length));
  return i !== undefined && ds.published.boardItems.has(i) ? undefined : i;
}

/** When conversation k of seeded contact i started (ms). */
export function conversationCreatedAt(ds: Dataset, i: number, k: number): number {
  const contactCreated = contactCreatedAt(ds.seed, i);
  const later =
    k === 0
      ? 40 + (hash(ds.seed, i, LANE.conversation) % 400)
      : hash(ds.seed, conversationNumber(i, k), LANE.conversation) % (60 * DAY);
  return Math.min(REFERENCE_TIME, contactCreated + later);
}

/** The contact as a conversation embeds it (the service's document form), in the spec's field order. */
export function embeddedContact(ds: Dataset, i: number, contact: Contact): EmbeddedContact {
  const special: Record<string, unknown> = {
    _id: contact.id,
    doc_name: 'contact',
    public_id: contact.id,
    provider_user_id:
      contact.channel_type === 'web' ? hashedUuid(ds.seed, LANE.providerId, i) : undefined,
    _language: contact.language || 'en',
    board_id: ds.pools.boards[hash(ds.seed, i, LANE.board) % ds.pools.boards.length],
    board_item_id: boardItemId(ds, i),
  };
  const record: Record<string, unknown> = {};
  for (const field of EMBEDDED_CONTACT_PROPERTIES) {
    const value = field in special ? special[field] : (contact as Record<string, unknown>)[field];
    if (value !== undefined) record[field] = value;
  }
  return record as EmbeddedContact;
}

function message(
  ds: Dataset,
  n: number,
  lane: number,
  createdAt: number,
  isMail: boolean,
  parentUrl: string,
): Message {
  const { messages } = ds.pools;
  return {
    _id: `msg_${hashedUuid(ds.seed, LANE.messageId, n * 2 + lane)}`,
    type: 'text',
    content: {
      text: messages[hash(ds.seed, n, LANE.message + lane * 1000) % messages.length]!,
      is_mail: isMail,
      parent_url: parentUrl,
    },
    created_at: iso(createdAt),
  };
}

/**
 * Conversation k of contact i. `full` false gives only the conversation, as the gateway answers a
 * filter to one channel type (`contact-conversations.web.200.json`).
 */
export function conversationOf(
  ds: Dataset,
  i: number,
  k: number,
  contact: Contact,
  full: boolean,
): TeamConversationUser {
  const published = ds.published.conversations.get(i);
  if (published) return structuredClone((full ? published.full : published.alone)[k]!);
  const { seed, pools } = ds;
  const n = conversationNumber(i, k);
  const hv = hash(seed, n, LANE.conversation + 1);
  // The first conversation is on the contact's own channel; later ones (named contacts only) on any.
  const channelType = k === 0 ? contact.channel_type : CHANNEL_TYPES[hv % CHANNEL_TYPES.length]!;
  const channelId =
    k === 0
      ? contact.channel_id
      : pools.channels[channelType][hv % pools.channels[channelType].length]!;
  const created = conversationCreatedAt(ds, i, k);
  const lastMessageAt = Math.min(
    REFERENCE_TIME,
    created + (hash(seed, n, LANE.conversation + 2) % (30 * DAY)),
  );
  const updated = Math.min(
    REFERENCE_TIME,
    lastMessageAt + (hash(seed, n, LANE.conversation + 3) % (300 * DAY)),
  );
  const id = conversationId(ds, i, k);
  const statuses = ['pending', 'pending', 'active', 'closed'];
  const item: TeamConversationUser = {
    _id: id,
    doc_name: 'team_conversation_user',
    public_id: teamConversationUserId(ds, i, k),
    organization_id: ORGANIZATION_ID,
    business_unit_id: BUSINESS_UNIT_ID,
    assign_from: '',
    created_at: iso(created + 40),
    updated_at: iso(created + 40),
    conversation: {
      _id: id,
      doc_name: 'conversation',
      public_id: id,
      organization_id: ORGANIZATION_ID,
      business_unit_id: BUSINESS_UNIT_ID,
      channel_id: channelId,
      channel_type: channelType,
      contact_id: contact.id,
      status: statuses[hv % statuses.length]!,
      name: `${contact.display_name}@${dayLabel(created)}`,
      timestamp: iso(lastMessageAt),
      is_ready: true,
      is_agent_joined: chance(hv >>> 8, 70),
      created_at: iso(created),
      updated_at: iso(updated),
      _language: contact.language || 'en',
      mode: chance(hv >>> 16, 70) ? 'hybrid' : 'human',
    },
  };
  if (!full) return item;
  const isMail = channelType === 'email';
  const parentUrl = channelType === 'web' ? WIDGET_URL : '';
  const latest = message(ds, n, 0, lastMessageAt, isMail, parentUrl);
  // Half the time the agent wrote last, so the contact's latest message is an earlier one.
  const contactsLatest = chance(hv >>> 4, 50)
    ? latest
    : message(
        ds,
        n,
        1,
        Math.max(created, lastMessageAt - (hv % (3 * 60 * MINUTE))),
        isMail,
        parentUrl,
      );
  const users = pools.users;
  const team = pools.teams[1 + (hv % (pools.teams.length - 1))]!;
  return {
    ...item,
    contact: embeddedContact(ds, i, contact),
    latest_message: latest,
    contacts_latest_message: contactsLatest,
    available_team_conversations: Array.from({ length: 1 + ((hv >>> 12) % 2) }, (_, a) => ({
      _id: `tcu_${hashedUuid(seed, LANE.tcuId + 4, n * 2 + a)}`,
      user_id: users[(hv >>> (a + 3)) % users.length]!,
    })),
    teams: chance(hv >>> 20, 60) ? [team, pools.teams[0]!] : [pools.teams[0]!],
  };
}
