/** Reads that cover every kind of seeded data, as one string (used by determinism.test.ts in two processes). */
import type { Store } from './types.ts';

export function reads(store: Store): string {
  const first = store.listContacts({ sort: '-created_at', skip: 0, limit: 5 }).data;
  return JSON.stringify([
    store.listContacts({ sort: '-created_at', skip: 7_000, limit: 20 }),
    store.listContacts({ sort: 'email', skip: 2_000, limit: 20 }),
    store.searchContacts({ q: 'ann', sort: 'display_name', skip: 0, limit: 20 }),
    first.map((c) => [
      store.conversations(c.id),
      store.files(c.id),
      store.comments(c.id, { skip: 0, limit: 10 }),
    ]),
    store.listNotifications({ skip: 0, limit: 50 }),
  ]);
}
