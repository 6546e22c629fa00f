/**
 * `createStore`: the mock's data and state. Seeded records are pure functions of (seed, index),
 * computed when a request needs them; writes are laid over them (see contacts.ts), so start-up costs
 * the same at 65,681 contacts as at a million.
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
import type { Store, StoreOptions } from './store.ts';
import { UploadShelf } from './uploads.ts';
import { WRITES_FORMAT, checkWrites, type StoreWrites } from './writes.ts';

export type * from './store.ts';
export { WRITES_FORMAT } from './writes.ts';

export function createStore(options: StoreOptions): Store {
  const ds = createDataset(options.seed, options.contacts);
  const now = options.now ?? (() => new Date());
  const contacts = new ContactTable(ds, now);
  const comments = new CommentBook(ds, now);
  const notifications = new NotificationBox(ds);
  const uploads = new UploadShelf(ds);

  /** A live contact by id, with its index. */
  const live = (id: string): { i: number; contact: Contact } | undefined => {
    const i = contacts.indexOf(id);
    const contact = i === undefined ? undefined : contacts.get(i);
    return contact && { i: i!, contact };
  };

  let version = 0;
  /** A write that moves `version` on, whatever it changed (or threw): caches keyed by it never go stale. */
  const write =
    <A extends unknown[], R>(change: (...args: A) => R) =>
    (...args: A): R => {
      try {
        return change(...args);
      } finally {
        version++;
      }
    };

  const store: Store = {
    seed: options.seed,
    size: ds.size,
    get version() {
      return version;
    },

    warmUp: (budgetMs) => contacts.warmUp(budgetMs),
    listContacts: ({ sort, skip, limit, q }) => contacts.page(sort, skip, limit, q),
    searchContacts: ({ sort, skip, limit, q }) => contacts.page(sort, skip, limit, q),
    getContact: (id) => live(id)?.contact,
    contactByBoardItem(boardItemId) {
      const i = boardItemIndex(ds, boardItemId);
      return i === undefined ? undefined : contacts.get(i);
    },
    createContact: write((input) => contacts.create(input)),
    updateContact: write((id, patch) => {
      const i = contacts.indexOf(id);
      return i === undefined ? undefined : contacts.update(i, patch);
    }),
    deleteContact: write((id) => {
      const i = contacts.indexOf(id);
      return i !== undefined && contacts.remove(i);
    }),
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
    addComment: write((contactId, content) => {
      const found = live(contactId);
      return found && comments.add(found.contact, content, ds.pools.users[0]!);
    }),
    comment(contactId, commentId) {
      const found = live(contactId);
      if (!found) return undefined;
      const comment = comments.find(found.i, found.contact, commentId);
      return comment ? [comment] : [];
    },
    deleteComment: write((contactId, commentId) => {
      const found = live(contactId);
      return found && comments.remove(found.i, found.contact, commentId);
    }),

    files(contactId) {
      const found = live(contactId);
      return found && seededFiles(ds, found.i, found.contact.id);
    },
    addUpload: write((file) => uploads.add(file)),
    upload: (id) => uploads.get(id),

    listNotifications: ({ skip, limit, type }) => notifications.list(skip, limit, type),
    markRead: write((ids) => notifications.markRead(ids)),
    dismiss: write((ids) => notifications.dismiss(ids)),
    dismissAll: write((type) => notifications.dismissAll(type)),

    reset: write(() => {
      contacts.reset();
      comments.reset();
      notifications.reset();
      uploads.reset();
    }),
    writes(): StoreWrites {
      return {
        format: WRITES_FORMAT,
        seed: options.seed,
        contacts: ds.size,
        contactWrites: contacts.writes(),
        commentWrites: comments.writes(),
        notificationWrites: notifications.writes(),
        uploadWrites: uploads.writes(),
      };
    },
    applyWrites: write((writes) => {
      // Checked whole before anything changes: a bad document leaves the store as it was.
      const doc = checkWrites(writes, options.seed, ds, (id) => notifications.isKnown(id));
      contacts.restore(doc.contactWrites);
      comments.restore(doc.commentWrites);
      notifications.restore(doc.notificationWrites);
      uploads.restore(doc.uploadWrites);
    }),
  };
  return Object.freeze(store);
}
