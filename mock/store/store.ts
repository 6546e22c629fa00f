/**
 * The mock's data: what the routes may ask of it. The seeded dataset is derived from (seed, size) and
 * never changes; every accepted write is recorded on top of it, so `reset()` and persistence only
 * deal with the writes.
 */
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
  sort: ContactSort;
  /** Text filter as the search applies it; undefined lists everything. */
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
  format: 'imbrace-contacts-mock/writes@1';
  seed: number;
  contacts: number;
  [key: string]: unknown;
}

export interface Store {
  readonly seed: number;
  readonly size: number;

  listContacts(query: ContactQuery): ContactPage;
  /** An empty or blank `q` matches nothing, as the published call shows. */
  searchContacts(query: ContactQuery & { q: string }): ContactPage;
  getContact(id: string): Contact | undefined;
  contactByBoardItem(boardItemId: string): Contact | undefined;
  createContact(input: ContactCreate): Contact;
  /** undefined: no such contact. */
  updateContact(id: string, patch: ContactUpdate): UpdatedContact | undefined;
  deleteContact(id: string): boolean;
  /** Every contact in `sort` order, produced lazily (the CSV export streams it). */
  contactsInOrder(sort: ContactSort): Iterable<Contact>;

  /** undefined: no such contact. */
  conversations(contactId: string, channelTypes?: ChannelType[]): TeamConversationUser[] | undefined;
  /** undefined: no such conversation. */
  conversationActivities(conversationId: string): Activity[] | undefined;

  /** undefined: no such contact. */
  comments(contactId: string, query: Page & { channelTypes?: ChannelType[] }): Comment[] | undefined;
  messageComments(contactId: string): Comment[] | undefined;
  addComment(contactId: string, content: string): Comment | undefined;
  /** undefined: no such contact; an empty list: no such comment (as published). */
  comment(contactId: string, commentId: string): Comment[] | undefined;
  /** undefined: no such contact; false: no such comment. */
  deleteComment(contactId: string, commentId: string): boolean | undefined;

  /** undefined: no such contact. */
  files(contactId: string): FileMessage[] | undefined;
  /** Keeps an uploaded file; returns the id it is served under. */
  addUpload(file: StoredFile): string;
  upload(id: string): StoredFile | undefined;

  listNotifications(query: Page & { type?: string }): NotificationList;
  /** Each returns how many notifications changed. */
  markRead(ids: string[]): number;
  dismiss(ids: string[]): number;
  dismissAll(type?: string): number;

  /** Back to the seeded state. */
  reset(): void;
  /** The writes since the seed (for `--state FILE`). */
  writes(): Writes;
  /** Replays persisted writes; throws a clear Error when they are not this store's (other seed/size/format). */
  applyWrites(writes: Writes): void;
}
