/**
 * Comments on a contact: list, add, get one, delete; comments on its messages.
 */
import type { RouteDeps } from './deps.ts';
import { NOT_FOUND } from './operation.ts';

export function commentRoutes({ api, store, operation }: RouteDeps): void {
  api.get(
    '/contacts/:contact_id/comments',
    operation('listContactComments', ({ path, query }) => {
      const data = store.comments(path.contact_id, {
        limit: query.limit!,
        skip: query.skip!,
        channelTypes: query.channel_types,
      });
      return data ? { data } : NOT_FOUND;
    }),
  );

  api.post(
    '/contacts/:contact_id/comments',
    operation(
      'createContactComment',
      ({ path, body }) => store.addComment(path.contact_id, body.content) ?? NOT_FOUND,
    ),
  );

  api.get(
    '/contacts/:contact_id/comment/:comment_id',
    operation('getContactComment', ({ path }) => {
      const data = store.comment(path.contact_id, path.comment_id);
      return data ? { data } : NOT_FOUND;
    }),
  );

  api.delete(
    '/contacts/:contact_id/comment/:comment_id',
    operation('deleteContactComment', ({ path }) =>
      store.deleteComment(path.contact_id, path.comment_id) ? { success: true } : NOT_FOUND,
    ),
  );

  api.get(
    '/contacts/:contact_id/message_comments',
    operation('listContactMessageComments', ({ path }) => {
      const data = store.messageComments(path.contact_id);
      return data ? { data } : NOT_FOUND;
    }),
  );
}
