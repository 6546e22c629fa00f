/**
 * `createStore`: the mock's data and state. Seeded records are pure functions of (seed, index),
 * computed when a request needs them; writes are laid over them (see contacts.ts), so start-up costs
 * the same at 65,681 contacts as at a million.
 *
 * Every write goes one way: the method builds its journal record (inputs, plus the time and ids it
 * generates), `apply` carries it out and returns how to undo it, and the record is emitted to the
 * subscribers (persistence, the index warm-up). Replaying the records in order rebuilds the state.
 *
 * @example
 * const store = createStore({ seed: 1, contacts: 65_681 })
 * store.listContacts({ sort: '-created_at', skip: 0, limit: 10 }) // { data: [10 contacts], count: 65681 }
 */
import type { Contact, TeamConversationUser } from '../../openapi/types.ts';
import { seededActivities } from '../data/activities.ts';
import {
  boardItemIndex,
  conversationCount,
  conversationOf,
  conversationRef,
} from '../data/conversations.ts';
import { createDataset } from '../data/dataset.ts';
import { seededFiles } from '../data/files.ts';
import { CommentBook } from './comments.ts';
import { ContactTable } from './contacts.ts';
import { NotificationBox } from './notifications.ts';
import { STATE_FORMAT, checkWrites, type StoreWrites } from './state-document.ts';
import {
  WriteRefused,
  type Store,
  type StoreOptions,
  type Undo,
  type WriteEvent,
  type WriteListener,
  type WriteRecord,
} from './types.ts';
import { UploadShelf } from './uploads.ts';

export type * from './types.ts';
export { WriteRefused } from './types.ts';
export { STATE_FORMAT } from './state-document.ts';

/** Default bound of `maxUploadBytes`: 256 MiB. */
export const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;
/** Default bound of `maxRecords`: created contacts plus added comments. */
export const MAX_RECORDS = 100_000;

/** A record as a write method builds it, before the store numbers it. */
type NewRecord = WriteRecord extends infer R
  ? R extends WriteRecord
    ? Omit<R, 'seq'>
    : never
  : never;

export function createStore(options: StoreOptions): Store {
  const ds = createDataset(options.seed, options.contacts);
  const now = options.now ?? (() => new Date());
  const maxUploadBytes = options.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  const maxRecords = options.maxRecords ?? MAX_RECORDS;
  let version = 0;
  let seq = 0;
  const contacts = new ContactTable(ds);
  const comments = new CommentBook(ds);
  const notifications = new NotificationBox(ds);
  const uploads = new UploadShelf();
  const listeners = new Set<WriteListener>();
  /** Writes applied but not yet durable, oldest first, with how to undo each. */
  let unsaved: { seq: number; undo: Undo }[] = [];
  let lastSaved: Promise<void> = Promise.resolve();

  /** A live contact by id, with its index. */
  const live = (id: string): { i: number; contact: Contact } | undefined => {
    const i = contacts.indexOf(id);
    const contact = i === undefined ? undefined : contacts.get(i);
    return contact && { i: i!, contact };
  };

  const records = () => contacts.createdAlive + comments.kept;
  const roomForRecord = () => {
    if (records() >= maxRecords)
      throw new WriteRefused(
        507,
        `records: the mock keeps at most ${maxRecords} created contacts and comments (--max-records); delete some or POST /__mock/reset`,
      );
  };

  /**
   * Carries out a record; `result` is what the API answers, `undo` undefined when nothing changed.
   * `checked` applies the memory bounds (a replay of writes already accepted skips them).
   */
  function apply(
    record: NewRecord,
    bytes: Uint8Array | undefined,
    checked: boolean,
  ): { result: unknown; undo?: Undo } {
    switch (record.op) {
      case 'createContact': {
        if (checked) roomForRecord();
        const { contact, undo } = contacts.create(record.input, record.at);
        return { result: contact, undo };
      }
      case 'updateContact': {
        const i = contacts.indexOf(record.id);
        const done = i === undefined ? undefined : contacts.update(i, record.patch, record.at);
        return { result: done?.contact, undo: done?.undo };
      }
      case 'deleteContact': {
        const i = contacts.indexOf(record.id);
        const undo = i === undefined ? undefined : contacts.remove(i);
        return { result: undo !== undefined, undo };
      }
      case 'addComment': {
        const found = live(record.contactId);
        if (!found) return { result: undefined };
        if (checked) roomForRecord();
        const { comment, undo } = comments.add(
          found.contact,
          record.content,
          ds.pools.users[0]!,
          record.at,
        );
        return { result: comment, undo };
      }
      case 'deleteComment': {
        const found = live(record.contactId);
        if (!found) return { result: undefined };
        const undo = comments.remove(found.i, found.contact, record.commentId);
        return { result: undo !== undefined, undo };
      }
      case 'addUpload': {
        if (bytes === undefined || bytes.byteLength !== record.size)
          throw new Error(`upload ${record.id}: its ${record.size} bytes are missing`);
        if (checked && uploads.bytes + record.size > maxUploadBytes)
          throw new WriteRefused(
            507,
            `uploads: the mock keeps at most ${maxUploadBytes} bytes of uploaded files (--max-uploads); ${uploads.bytes} are kept and this file has ${record.size}`,
          );
        const { id, name, type } = record;
        return { result: { id, name, type }, undo: uploads.add({ id, name, type }, bytes) };
      }
      case 'markRead':
      case 'dismiss':
      case 'dismissAll': {
        const { changed, undo } =
          record.op === 'markRead'
            ? notifications.markRead(record.ids)
            : record.op === 'dismiss'
              ? notifications.dismiss(record.ids)
              : notifications.dismissAll(record.type);
        return { result: changed.length, undo: changed.length > 0 ? undo : undefined };
      }
      case 'reset': {
        const undos = [contacts.reset(), comments.reset(), notifications.reset(), uploads.reset()];
        return {
          result: undefined,
          undo: () => {
            for (const undo of undos.reverse()) undo();
          },
        };
      }
    }
  }

  /** Undoes every write not yet durable, newest first: memory as it was before the first of them. */
  function undoUnsaved(): void {
    // Their records were never written: the sequence numbers are free again.
    seq = unsaved[0]!.seq - 1;
    for (const { undo } of unsaved.reverse()) undo();
    unsaved = [];
    version++;
  }

  /**
   * A write: applied now, emitted when it changed something. `version` moves on whatever happened
   * (or was thrown), so caches keyed by it never go stale.
   */
  function write<R>(record: NewRecord, bytes?: Uint8Array): R {
    try {
      const { result, undo } = apply(record, bytes, true);
      if (undo) emit({ ...record, seq: ++seq } as WriteRecord, undo, bytes);
      return result as R;
    } finally {
      version++;
    }
  }

  function emit(record: WriteRecord, undo: Undo, bytes: Uint8Array | undefined): void {
    const event: WriteEvent = { record, bytes };
    const pending: Promise<void>[] = [];
    for (const listener of listeners) {
      try {
        const saving = listener(event);
        if (saving) pending.push(saving);
      } catch (error) {
        pending.push(Promise.reject(error));
      }
    }
    if (pending.length === 0) return;
    unsaved.push({ seq: record.seq, undo });
    lastSaved = Promise.all(pending).then(
      () => {
        if (unsaved[0]?.seq === record.seq) unsaved.shift();
      },
      (error: unknown) => {
        // The first failure undoes it and every later unsaved write; the later failures find them gone.
        if (unsaved.some((u) => u.seq === record.seq)) undoUnsaved();
        throw error instanceof WriteRefused
          ? error
          : new WriteRefused(503, `state: the write could not be saved (${String(error)})`);
      },
    );
    // Rejections are answered by whoever awaits saved(); none goes unhandled meanwhile.
    lastSaved.catch(() => {});
  }

  const store: Store = {
    seed: options.seed,
    size: ds.size,
    get version() {
      return version;
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    saved: () => (unsaved.length > 0 ? lastSaved : Promise.resolve()),
    replay(record, bytes) {
      try {
        apply(record, bytes, false);
        seq = Math.max(seq, record.seq);
      } finally {
        version++;
      }
    },
    usage: () => ({
      uploadBytes: uploads.bytes,
      maxUploadBytes,
      records: records(),
      maxRecords,
    }),

    warmUp: (budgetMs) => contacts.warmUp(budgetMs),
    searchWaited: () => contacts.searchWaited(),
    buildSortIndexes: () => contacts.buildSortIndexes(),
    listContacts: ({ sort, skip, limit, q }) => contacts.page(sort, skip, limit, q),
    searchContacts: ({ sort, skip, limit, q }) => contacts.page(sort, skip, limit, q),
    listContactsJson: ({ sort, skip, limit, q }) => contacts.pageJson(sort, skip, limit, q),
    searchContactsJson: ({ sort, skip, limit, q }) => contacts.pageJson(sort, skip, limit, q),
    getContact: (id) => live(id)?.contact,
    contactByBoardItem(boardItemId) {
      const i = boardItemIndex(ds, boardItemId);
      return i === undefined ? undefined : contacts.get(i);
    },
    createContact: (input) => write({ op: 'createContact', at: now().getTime(), input }),
    updateContact: (id, patch) => write({ op: 'updateContact', at: now().getTime(), id, patch }),
    deleteContact: (id) => write({ op: 'deleteContact', id }),
    contactsInOrder: (sort) => contacts.inOrder(sort),

    conversations(contactId, channelTypes) {
      const found = live(contactId);
      if (!found) return undefined;
      // Filtered to one channel type, the gateway answers the conversations alone.
      const full = channelTypes?.length !== 1;
      const items: TeamConversationUser[] = [];
      for (let k = 0; k < conversationCount(ds, found.i); k++) {
        const item = conversationOf(ds, found.i, k, found.contact, full);
        if (!channelTypes?.length || channelTypes.includes(item.conversation.channel_type))
          items.push(item);
      }
      return items;
    },
    conversationActivities(conversationId) {
      const ref = conversationRef(ds, conversationId);
      const contact = ref && contacts.get(ref.i);
      return contact && seededActivities(ds, ref.i, ref.k, contact);
    },

    comments(contactId, { skip, limit, channelTypes }) {
      const found = live(contactId);
      return found && comments.list(found.i, found.contact, skip, limit, channelTypes);
    },
    messageComments(contactId) {
      const found = live(contactId);
      return found && comments.onMessages(found.i, found.contact);
    },
    addComment: (contactId, content) =>
      write({ op: 'addComment', at: now().getTime(), contactId, content }),
    comment(contactId, commentId) {
      const found = live(contactId);
      if (!found) return undefined;
      const comment = comments.find(found.i, found.contact, commentId);
      return comment ? [comment] : [];
    },
    deleteComment: (contactId, commentId) => write({ op: 'deleteComment', contactId, commentId }),

    files(contactId) {
      const found = live(contactId);
      return found && seededFiles(ds, found.i, found.contact.id);
    },
    addUpload(file) {
      const upload = uploads.describe(file);
      return write({ op: 'addUpload', ...upload, size: file.bytes.byteLength }, file.bytes.slice());
    },
    upload: (id) => uploads.get(id),

    listNotifications: ({ skip, limit, type }) => notifications.list(skip, limit, type),
    markRead: (ids) => write({ op: 'markRead', ids: [...ids] }),
    dismiss: (ids) => write({ op: 'dismiss', ids: [...ids] }),
    dismissAll: (type) =>
      write(type === undefined ? { op: 'dismissAll' } : { op: 'dismissAll', type }),

    reset: () => write({ op: 'reset' }),
    writes(): StoreWrites {
      return {
        format: STATE_FORMAT,
        seed: options.seed,
        contacts: ds.size,
        seq,
        contactWrites: contacts.writes(),
        commentWrites: comments.writes(),
        notificationWrites: notifications.writes(),
        uploadWrites: uploads.writes(),
      };
    },
    applyWrites(writes) {
      try {
        // Checked whole before anything changes: a bad document leaves the store as it was.
        const doc = checkWrites(writes, options.seed, ds, (id) => notifications.isKnown(id));
        contacts.restore(doc.contactWrites);
        comments.restore(doc.commentWrites);
        notifications.restore(doc.notificationWrites);
        uploads.restore(doc.uploadWrites);
        seq = doc.seq;
      } finally {
        version++;
      }
    },
  };
  return Object.freeze(store);
}
