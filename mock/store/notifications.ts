/** The user's notifications: the seeded list (made on first use) with read and dismissed marks. */
import type { Notification, NotificationList } from '../../openapi/types.ts';
import type { Dataset } from '../data/dataset.ts';
import { NOTIFICATION_TYPES, seededNotifications } from '../data/notifications.ts';
import type { Undo } from './types.ts';

export interface NotificationWrites {
  read: string[];
  dismissed: string[];
}

export class NotificationBox {
  readonly #ds: Dataset;
  #seeded: Notification[] | undefined;
  #byId: Map<string, Notification> | undefined;
  #read = new Set<string>();
  #dismissed = new Set<string>();

  constructor(ds: Dataset) {
    this.#ds = ds;
  }

  #all(): Notification[] {
    this.#seeded ??= seededNotifications(this.#ds);
    return this.#seeded;
  }

  #lookup(id: string): Notification | undefined {
    this.#byId ??= new Map(this.#all().map((n) => [n.id, n]));
    return this.#byId.get(id);
  }

  #isRead(n: Notification): boolean {
    return n.is_read || this.#read.has(n.id);
  }

  /** The visible (not dismissed) notifications of a type name, newest first; undefined type: all. */
  #visible(type?: string): Notification[] {
    // An own-property test: `type=constructor` must not find Object.prototype's member.
    const numbers =
      type === undefined
        ? undefined
        : Object.hasOwn(NOTIFICATION_TYPES, type)
          ? NOTIFICATION_TYPES[type]!
          : [];
    return this.#all().filter(
      (n) => !this.#dismissed.has(n.id) && (!numbers || numbers.includes(n.type)),
    );
  }

  /**
   * One page. `count` counts the notifications of the type asked for; `unread_count` all the user's
   * unread ones, whatever the type filter.
   */
  list(skip: number, limit: number, type?: string): NotificationList {
    const visible = this.#visible(type);
    const data = visible
      .slice(skip, skip + limit)
      .map((n) => ({ ...n, action_to: { ...n.action_to }, is_read: this.#isRead(n) }));
    const unread = this.#visible().reduce((sum, n) => sum + (this.#isRead(n) ? 0 : 1), 0);
    return {
      data,
      count: visible.length,
      total: data.length,
      unread_count: unread,
      has_more: skip + data.length < visible.length,
    };
  }

  /** Marks visible unread notifications read; returns the ids that changed, and how to undo it. */
  markRead(ids: readonly string[]): { changed: string[]; undo: Undo } {
    const changed: string[] = [];
    for (const id of new Set(ids)) {
      const n = this.#lookup(id);
      if (n && !this.#dismissed.has(id) && !this.#isRead(n)) {
        this.#read.add(id);
        changed.push(id);
      }
    }
    const undo = () => {
      for (const id of changed) this.#read.delete(id);
    };
    return { changed, undo };
  }

  dismiss(ids: readonly string[]): { changed: string[]; undo: Undo } {
    const changed: string[] = [];
    for (const id of new Set(ids)) {
      if (this.#lookup(id) && !this.#dismissed.has(id)) {
        this.#dismissed.add(id);
        changed.push(id);
      }
    }
    const undo = () => {
      for (const id of changed) this.#dismissed.delete(id);
    };
    return { changed, undo };
  }

  dismissAll(type?: string): { changed: string[]; undo: Undo } {
    return this.dismiss(this.#visible(type).map((n) => n.id));
  }

  writes(): NotificationWrites {
    return { read: [...this.#read].sort(), dismissed: [...this.#dismissed].sort() };
  }

  reset(): Undo {
    const before = [this.#read, this.#dismissed] as const;
    this.#read = new Set();
    this.#dismissed = new Set();
    return () => {
      [this.#read, this.#dismissed] = before;
    };
  }

  /** Replaces the marks; ids of other datasets are rejected by the caller's check (see `isKnown`). */
  restore(writes: NotificationWrites): void {
    this.reset();
    for (const id of writes.read) this.#read.add(id);
    for (const id of writes.dismissed) this.#dismissed.add(id);
  }

  isKnown(id: string): boolean {
    return this.#lookup(id) !== undefined;
  }
}
