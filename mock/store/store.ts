/**
 * The mock's data: what the routes may ask of it. The seeded dataset is derived from (seed, size) and
 * never changes; every accepted write is recorded on top of it, so `reset()` and persistence only
 * deal with the writes.
 */
import type { WRITES_FORMAT } from './writes.ts';
import type {
  Activity,
  ChannelType,
  Comment,
  Contact,
  ContactCreate,
  ContactSort,
  ContactUpdate,
  FileMessage,
  NotificationList,
  TeamConversationUser,
  UpdatedContact,
} from '../../openapi/types.ts';

export interface StoreOptions {
  /** The seed of the generated data; the same seed and size give byte-identical data. */
  seed: number;
  /** How many seeded contacts. */
  contacts: number;
  /** The clock used for `updated_at` and new records' `created_at`. Default: `() => new Date()`. */
  now?: () => Date;
}

export interface Page {
  limit: number;
  skip: number;
}

export interface ContactQuery extends Page {
  /**
   * A field, descending with a leading `-`. Ties are broken by `id`; a descending sort is the exact
   * reverse of the ascending one (so ties run by descending id). `null` and `""` sort first ascending.
   */
  sort: ContactSort;
  /**
   * Text filter as the search applies it: trimmed, case-insensitive substring of one of the text
   * fields (display_name, first_name, last_name, email, phone_number, remark, company_name,
   * position, title, location); blank matches nothing. Undefined lists everything.
   */
  q?: string;
}

export interface ContactPage {
  data: Contact[];
  /** All records matching, not just this page. */
  count: number;
}

export interface StoredFile {
  name: string;
  type: string;
  bytes: Uint8Array;
}

/** Everything written since the seed, as plain JSON: what `--state FILE` persists. */
export interface Writes {
  format: typeof WRITES_FORMAT;
  seed: number;
  contacts: number;
  [key: string]: unknown;
}

export interface Store {
  readonly seed: number;
  readonly size: number;
  /**
   * Moves on with every write (and reset, applyWrites), whether or not it changed anything; reads
   * never move it. An answer cached under one version is exactly what a read would give while the
   * version stays the same.
   */
  readonly version: number;

  /**
   * Builds, for about `budgetMs`, what the first request of a sort or the first search would otherwise
   * build (sort indexes, the search text); false once nothing is left. The Node server calls it
   * between requests after it starts.
   */
  warmUp(budgetMs: number): boolean;

  listContacts(query: ContactQuery): ContactPage;
  /** An empty or blank `q` matches nothing, as the published call shows. */
  searchContacts(query: ContactQuery & { q: string }): ContactPage;
  getContact(id: string): Contact | undefined;
  contactByBoardItem(boardItemId: string): Contact | undefined;
  createContact(input: ContactCreate): Contact;
  /** undefined: no such contact. */
  updateContact(id: string, patch: ContactUpdate): UpdatedContact | undefined;
  deleteContact(id: string): boolean;
  /**
   * Every contact in `sort` order, produced lazily (the CSV export streams it). The order is taken when
   * iteration starts; a contact deleted meanwhile is skipped, one updated meanwhile comes as it is then.
   */
  contactsInOrder(sort: ContactSort): Iterable<Contact>;

  /**
   * undefined: no such contact. With exactly one channel type, items carry only the conversation
   * (as the gateway's published answer for `?channel_types=web`). The embedded contact is the
   * contact as it is now. Contacts created through the API have no conversations.
   */
  conversations(
    contactId: string,
    channelTypes?: ChannelType[],
  ): TeamConversationUser[] | undefined;
  /** undefined: no such conversation. */
  conversationActivities(conversationId: string): Activity[] | undefined;

  /** Comments on the contact itself (not on a message), newest first; undefined: no such contact. */
  comments(
    contactId: string,
    query: Page & { channelTypes?: ChannelType[] },
  ): Comment[] | undefined;
  /** Comments on the contact's messages (they carry `message_id`), newest first; undefined: no such contact. */
  messageComments(contactId: string): Comment[] | undefined;
  addComment(contactId: string, content: string): Comment | undefined;
  /** undefined: no such contact; an empty list: no such comment (as published). */
  comment(contactId: string, commentId: string): Comment[] | undefined;
  /** undefined: no such contact; false: no such comment. */
  deleteComment(contactId: string, commentId: string): boolean | undefined;

  /** undefined: no such contact. */
  files(contactId: string): FileMessage[] | undefined;
  /**
   * Keeps an uploaded file (bytes copied, name sanitised: no path, only [A-Za-z0-9._ -]); returns the id
   * it is served under, like `file_5W9XPQ96XguTW4jhh5dca15rQU.png`.
   */
  addUpload(file: StoredFile): string;
  upload(id: string): StoredFile | undefined;

  /**
   * Newest first. `type` is a type name (`conversations`: numeric types 201–203; `comments`: 301; any
   * other name: none). `count` counts the notifications of that type; `unread_count` all the user's
   * unread ones, whatever the filter. Dismissed notifications are gone from every list.
   */
  listNotifications(query: Page & { type?: string }): NotificationList;
  /** Each returns how many notifications changed (unknown, already read or dismissed ids change nothing). */
  markRead(ids: string[]): number;
  dismiss(ids: string[]): number;
  dismissAll(type?: string): number;

  /** Back to the seeded state. */
  reset(): void;
  /** The writes since the seed (for `--state FILE`). */
  writes(): Writes;
  /**
   * Replaces the writes since the seed with persisted ones (as `writes()` made them); throws a clear
   * Error, changing nothing, when they are not this store's (other seed/size/format) or are damaged.
   */
  applyWrites(writes: Writes): void;
}
