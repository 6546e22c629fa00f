import { preview } from '../../openapi/validator.ts';
import type { CheckContext } from '../check.ts';
import { bodyOf } from '../http.ts';
import { answerOf, failureAt, notAccepted } from '../judge.ts';

/**
 * Marking an unread notification read (the published body, a bare array of ids) answers a documented
 * 200, and the list then shows it `is_read` with `unread_count` one lower. The API cannot mark a
 * notification unread again, so this change stays.
 */
export async function markReadEffect(ctx: CheckContext): Promise<void> {
  ctx.need('writes');
  ctx.need('state');
  const list = () => ctx.send({ operationId: 'listNotifications', query: { limit: 100 } });
  const beforeExchange = await list();
  const before = bodyOf(beforeExchange);
  const unread = before?.data?.find((n) => n.is_read === false);
  if (!before || !unread)
    ctx.skip(`no unread notification on the first page (${answerOf(beforeExchange)})`);

  const mark = await ctx.send({ operationId: 'markNotificationsRead', json: [unread.id] });
  const refused = notAccepted(mark, 'Mark read not accepted', '200');
  if (refused) {
    ctx.fail(refused);
    return;
  }
  ctx.note(`notification ${unread.id} left read: the API has no way to mark it unread`);

  const afterExchange = await list();
  const after = bodyOf(afterExchange);
  const now = after?.data?.find((n) => n.id === unread.id);
  const wrong: string[] = [];
  if (!now) wrong.push(`${unread.id} no longer listed`);
  else if (now.is_read !== true) wrong.push(`${unread.id} is_read ${preview(now.is_read)}`);
  if (after?.unread_count !== before.unread_count - 1)
    wrong.push(`unread_count ${preview(after?.unread_count)}, was ${before.unread_count}`);
  if (wrong.length) {
    ctx.fail(
      failureAt(
        afterExchange,
        'Mark read has no effect on the list',
        wrong.join('; '),
        `${unread.id} is_read true, unread_count ${before.unread_count - 1}`,
      ),
    );
  }
}
