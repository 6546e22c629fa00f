/**
 * The mock's data: what the routes may ask of it. The seeded dataset is derived from (seed, size) and
 * never changes; every accepted write is recorded on top of it, so `reset()` and persistence only
 * deal with the writes.
 */
import type { LEGACY_FORMAT, STATE_FORMAT } from './state-document.ts';
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
  /** Most bytes of uploaded files kept; an upload past it is refused (507). Default: 256 MiB. */
  maxUploadBytes?: number;
  /** Most created contacts plus added comments kept; a write past it is refused (507). Default: 100,000. */
  maxRecords?: number;
}

/**
 * One write as the journal keeps it: the operation, its inputs, and what the write generated (the
 * time it ran at, an upload's id), so that replaying the records in order rebuilds the same state.
 * `seq` numbers the writes since the store was created or loaded (the snapshot says up to which one
 * it holds).
 */
export type WriteRecord = { seq: number } & (
  | { op: 'createContact'; at: number; input: ContactCreate }
  | { op: 'updateContact'; at: number; id: string; patch: ContactUpdate }
  | { op: 'deleteContact'; id: string }
  | { op: 'addComment'; at: number; contactId: string; content: string }
  | { op: 'deleteComment'; contactId: string; commentId: string }
  | { op: 'addUpload'; id: string; name: string; type: string; size: number }
  | { op: 'markRead'; ids: string[] }
  | { op: 'dismiss'; ids: string[] }
  | { op: 'dismissAll'; type?: string }
  | { op: 'reset' }
);

/** Puts a write back as it was, for a write that could not be saved. */
export type Undo = () => void;

/** A write as the store emits it: its record, and an upload's bytes (kept beside the journal). */
export interface WriteEvent {
  record: WriteRecord;
  bytes?: Uint8Array;
}

/**
 * A subscriber to the store's writes. A promise it returns is the write's durability: the store
 * undoes the write (and every later one not yet durable) when it rejects.
 */
export type WriteListener = (write: WriteEvent) => void | Promise<void>;

/**
 * A write the store refuses or cannot keep, with the HTTP status that says why: 507 when there is no
 * room (a memory bound, a full disk), 503 when the state cannot be saved for another reason.
 */
export class WriteRefused extends Error {
  readonly status: 503 | 507;
  constructor(status: 503 | 507, message: string) {
    super(message);
    this.name = 'WriteRefused';
    this.status = status;
  }
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

/** A page as JSON: its records' UTF-8 JSON, with the counts of its envelope. */
export interface ContactPageJson {
  /** Each record's JSON as UTF-8 (joined by commas: what `JSON.stringify(page.data)` holds between its brackets). */
  records: Uint8Array[];
  /** All records matching, not just this page (`page.count`). */
  count: number;
}

export interface StoredFile {
  name: string;
  type: string;
  bytes: Uint8Array;
}

/** An upload as kept: its unguessable id, and the name and media type it is served with. */
export interface StoredUpload {
  id: string;
  name: string;
  type: string;
}

/**
 * Everything written since the seed: what a `--state FILE` snapshot holds. Uploads carry their bytes
 * in memory; the snapshot on disk keeps them as files beside it.
 */
export interface Writes {
  format: typeof STATE_FORMAT | typeof LEGACY_FORMAT;
  seed: number;
  contacts: number;
  [key: string]: unknown;
}

export interface Store {
  readonly seed: number;
  readonly size: number;
  /**
   * Moves on with every write (and reset, applyWrites, and the undoing of a write that could not be
   * saved), whether or not it changed anything; reads never move it. An answer cached under one
   * version is exactly what a read would give while the version stays the same.
   */
  readonly version: number;

  /**
   * Calls `listener` with every write that changed something, right after it is applied in memory
   * (a write that changes nothing, such as deleting a missing contact, emits nothing). Returns the
   * unsubscribe function.
   */
  subscribe(listener: WriteListener): () => void;
  /**
   * Resolves once every write made so far is durable (at once when no subscriber saves them); rejects
   * with a `WriteRefused` when one could not be saved, after the store has undone it and every later
   * write not yet durable, in reverse order, so memory is exactly as before them.
   */
  saved(): Promise<void>;
  /** Applies a journal record as its write did (its time, its ids); emits nothing. */
  replay(record: WriteRecord, bytes?: Uint8Array): void;
  /** Bytes of uploads kept and records (created contacts plus added comments) kept, against their bounds. */
  usage(): { uploadBytes: number; maxUploadBytes: number; records: number; maxRecords: number };

  /**
   * Builds, for about `budgetMs`, what the first request of a sort or the first search would otherwise
   * build (sort indexes, the search text); false once nothing is left. The Node server calls it
   * between requests after it starts.
   */
  warmUp(budgetMs: number): boolean;
  /**
   * Whether a search, since the last call, scanned the text because the search index warmUp()
   * builds was not built yet: the build is then wanted at once.
   */
  searchWaited(): boolean;
  /**
   * Builds every sort index now (about a second at 1,000,000 contacts): a page of any sort is then
   * answered at once. The Node server calls it before it listens; the search is left to warmUp().
   */
  buildSortIndexes(): void;

  listContacts(query: ContactQuery): ContactPage;
  /** An empty or blank `q` matches nothing, as the published call shows. */
  searchContacts(query: ContactQuery & { q: string }): ContactPage;
  /**
   * `listContacts` as UTF-8 JSON, for the same query and state: `records` decoded, joined by commas
   * and bracketed is `JSON.stringify(page.data)`. Seeded records are written without building them, once, and then
   * copied as bytes (see data/contact-json.ts, data/contact-json-bytes.ts).
   */
  listContactsJson(query: ContactQuery): ContactPageJson;
  /** `searchContacts` as UTF-8 JSON, as `listContactsJson` is `listContacts`. */
  searchContactsJson(query: ContactQuery & { q: string }): ContactPageJson;
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
   * Keeps an uploaded file (bytes copied; name and media type made safe by file-name.ts's one rule);
   * returns what it is served under: an unguessable id (128+ random bits) like
   * `file_5W9XPQ96XguTW4jhh5dca15rQU.png`, and the safe name. Throws `WriteRefused` (507) past
   * `maxUploadBytes`.
   */
  addUpload(file: StoredFile): StoredUpload;
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

  /** Back to the seeded state (a write: it is journalled like the others). */
  reset(): void;
  /** The writes since the seed (for `--state FILE`). */
  writes(): Writes;
  /**
   * Replaces the writes since the seed with persisted ones (as `writes()` made them, or a state file
   * of the first format, `imbrace-contacts-mock/writes@1`); throws a clear Error, changing nothing,
   * when they are not this store's (other seed/size/format) or are damaged. Emits nothing.
   */
  applyWrites(writes: Writes): void;
}
