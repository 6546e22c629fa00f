/**
 * The user's notifications: list, mark read, dismiss, dismiss all — each in every form the sources use.
 */
import type { NotificationSelection } from '../../openapi/types.ts';
import type { RouteDeps } from './deps.ts';

/** The ids of any of the three body forms: a bare array, `{ids}` or `{notification_id}` (array or one id). */
export function selectedIds(selection: NotificationSelection): string[] {
  if (Array.isArray(selection)) return selection;
  if ('ids' in selection) return selection.ids;
  return [selection.notification_id].flat();
}

export function notificationRoutes({ api, store, operation }: RouteDeps): void {
  api.get(
    '/notifications',
    operation('listNotifications', ({ query }) =>
      store.listNotifications({ limit: query.limit!, skip: query.skip!, type: query.type }),
    ),
  );

  api.put(
    '/notifications/read',
    operation('markNotificationsRead', ({ body }) => {
      store.markRead(selectedIds(body));
      return { success: true };
    }),
  );

  const dismiss = (body: NotificationSelection) => {
    store.dismiss(selectedIds(body));
    return { success: true };
  };
  api.delete(
    '/notifications/dismiss',
    operation('dismissNotifications', ({ body }) => dismiss(body)),
  );
  api.post(
    '/notifications/dismiss',
    operation('dismissNotificationsByPost', ({ body }) => dismiss(body)),
  );

  const dismissAll = (type: string | undefined) => {
    store.dismissAll(type);
    return { success: true };
  };
  api.delete(
    '/notifications/dismiss/all',
    operation('dismissAllNotifications', ({ query }) => dismissAll(query.type)),
  );
  api.post(
    '/notifications/dismiss/all',
    operation('dismissAllNotificationsByPost', ({ query }) => dismissAll(query.type)),
  );
}
