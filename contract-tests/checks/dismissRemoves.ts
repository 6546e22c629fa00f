import { preview } from '../../openapi/validator.ts';
import type { CheckContext } from '../check.ts';
import { bodyOf } from '../http.ts';
import { answerOf, failureAt, notAccepted } from '../judge.ts';

/**
 * Dismissing a notification (the published form: `DELETE` with a bare array of ids) answers a
 * documented 200, and the list then no longer has it and counts one fewer. A dismissed notification
 * cannot be brought back.
 */
export async function dismissRemoves(ctx: CheckContext): Promise<void> {
  ctx.need('writes');
  ctx.need('state');
  const list = () => ctx.send({ operationId: 'listNotifications', query: { limit: 100 } });
  const beforeExchange = await list();
  const before = bodyOf(beforeExchange);
  // The last one listed: the oldest, the least likely to matter to the account's user.
  const victim = before?.data?.at(-1);
  if (!before || !victim) ctx.skip(`no notification to dismiss (${answerOf(beforeExchange)})`);

  const dismiss = await ctx.send({ operationId: 'dismissNotifications', json: [victim.id] });
  const refused = notAccepted(dismiss, 'Dismiss not accepted', '200');
  if (refused) {
    ctx.fail(refused);
    return;
  }
  ctx.note(`notification ${victim.id} dismissed: the API cannot bring it back`);

  const afterExchange = await list();
  const after = bodyOf(afterExchange);
  const wrong: string[] = [];
  if (!after || after.data?.some((n) => n.id === victim.id))
    wrong.push(`${victim.id} still listed`);
  if (after?.count !== before.count - 1)
    wrong.push(`count ${preview(after?.count)}, was ${before.count}`);
  if (wrong.length) {
    ctx.fail(
      failureAt(
        afterExchange,
        'Dismissed notification not removed',
        wrong.join('; '),
        `${victim.id} gone, count ${before.count - 1}`,
      ),
    );
  }
}
