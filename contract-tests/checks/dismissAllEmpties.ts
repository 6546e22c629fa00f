import type { CheckContext } from '../check.ts';
import { failureAt, notAccepted } from '../judge.ts';
import { listed } from './readBack.ts';

/**
 * Dismiss-all (the SDK's form: `DELETE` with no `type`) answers 200, and the list is then empty with
 * `count` and `unread_count` 0. It dismisses every notification of the account and the API cannot
 * bring them back, so it runs last, and only where writes are allowed.
 */
export async function dismissAllEmpties(ctx: CheckContext): Promise<void> {
  ctx.need('writes');
  ctx.need('state');
  const list = () => ctx.send({ operationId: 'listNotifications', query: { limit: 100 } });
  const before = listed(await list());
  const dismiss = await ctx.send({ operationId: 'dismissAllNotifications' });
  const refused = notAccepted(dismiss, 'Dismiss-all not accepted', '200');
  if (refused) {
    ctx.fail(refused);
    return;
  }
  ctx.note(
    `every notification dismissed (${before?.count ?? '?'} before): the API cannot bring them back`,
  );
  const afterExchange = await list();
  const after = listed(afterExchange);
  if (after?.data.length !== 0 || after.count !== 0 || after.unread_count !== 0)
    ctx.fail(
      failureAt(
        afterExchange,
        'Dismiss-all left notifications',
        `${after?.data.length ?? '?'} listed, count ${after?.count}, unread_count ${after?.unread_count}`,
        'none listed, count 0, unread_count 0',
      ),
    );
}
