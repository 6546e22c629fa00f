/**
 * A contact's conversations and a conversation's activities.
 */
import type { RouteDeps } from './deps.ts';
import { NOT_FOUND } from './operation.ts';

export function conversationRoutes({ api, store, operation }: RouteDeps): void {
  api.get(
    '/contacts/:contact_id/conversations',
    operation('listContactConversations', ({ path, query }) => {
      const data = store.conversations(path.contact_id, query.channel_types);
      return data ? { data } : NOT_FOUND;
    }),
  );

  api.get(
    '/conversations_activities/:conversation_id',
    operation('getConversationActivities', ({ path }) => {
      const data = store.conversationActivities(path.conversation_id);
      return data ? { data } : NOT_FOUND;
    }),
  );
}
