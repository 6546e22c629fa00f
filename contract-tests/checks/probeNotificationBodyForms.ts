import type { CheckContext } from '../check.ts';
import { bodyOf, type SendOptions } from '../http.ts';
import { describeAnswer, isSuccess } from '../judge.ts';

/** The body forms the sources use for a selection of notifications (see contacts-api.md). */
const FORMS: { name: string; body: (id: string) => unknown }[] = [
  { name: 'bare array (published doc)', body: (id) => [id] },
  { name: '{"ids": [...]} (service export)', body: (id) => ({ ids: [id] }) },
  { name: '{"notification_id": [...]} (SDK)', body: (id) => ({ notification_id: [id] }) },
  { name: '{"notification_id": "not_…"} (SDK, one id)', body: (id) => ({ notification_id: id }) },
];

/** A type no notification has, so that a dismiss-all probe dismisses nothing. */
const NO_SUCH_TYPE = 'contract_suite_none';

/**
 * Probe (findings, never failures): which body forms mark-read and dismiss accept, by `DELETE` and by
 * `POST`, and whether each had the documented effect; and which dismiss-all forms are accepted. Each
 * form acts on its own notification: up to 4 are marked read and 8 dismissed, which cannot be undone.
 * Dismiss-all is sent for a type no notification has (without a type it is `dismissAllEmpties`).
 */
export async function probeNotificationBodyForms(ctx: CheckContext): Promise<void> {
  ctx.need('writes');
  const stateful = ctx.has('state');
  if (!stateful) ctx.note(`effects not followed: ${ctx.target.limits.state}`);
  const list = async () =>
    bodyOf(await ctx.send({ operationId: 'listNotifications', query: { limit: 50 } }));
  const first = await list();
  if (!first?.data?.length) ctx.skip('no notifications to act on');
  // A stateless target answers the same list every time: one id serves every form.
  const ids = first.data.map((n) => n.id);
  const unread = stateful
    ? first.data.filter((n) => !n.is_read).map((n) => n.id)
    : FORMS.map(() => ids[0]!);
  // Dismiss the oldest, mark the newest unread: the two sets never meet.
  const dismissable = stateful
    ? ids.filter((id) => !unread.slice(0, FORMS.length).includes(id)).reverse()
    : FORMS.flatMap(() => [ids[0]!, ids[0]!]);

  for (const [i, form] of FORMS.entries()) {
    const id = unread[i];
    if (!id) {
      ctx.note(`mark read ${form.name} not probed: no unread notification left`);
      continue;
    }
    await probe(
      ctx,
      { operationId: 'markNotificationsRead', json: form.body(id) },
      form.name,
      stateful,
      async () => {
        const now = (await list())?.data?.find((n) => n.id === id);
        return now?.is_read === true
          ? `${id} is now read`
          : `${id} ${now ? 'still unread' : 'no longer listed'}`;
      },
    );
  }

  let next = 0;
  for (const operationId of ['dismissNotifications', 'dismissNotificationsByPost'] as const) {
    for (const form of FORMS) {
      const id = dismissable[next++];
      if (!id) {
        ctx.note(`dismiss ${form.name} not probed: no notification left`);
        continue;
      }
      await probe(ctx, { operationId, json: form.body(id) }, form.name, stateful, async () =>
        (await list())?.data?.some((n) => n.id === id) ? `${id} still listed` : `${id} is gone`,
      );
    }
  }

  for (const operationId of ['dismissAllNotifications', 'dismissAllNotificationsByPost'] as const) {
    const before = stateful ? (await list())?.count : undefined;
    await probe(
      ctx,
      { operationId, query: { type: NO_SUCH_TYPE } },
      `?type=${NO_SUCH_TYPE}`,
      stateful,
      async () => {
        const after = (await list())?.count;
        return after === before ? `count unchanged (${after})` : `count ${before} → ${after}`;
      },
    );
  }
  // Dismiss-all without a type empties the account: the check dismissAllEmpties does it, last.
}

async function probe(
  ctx: CheckContext,
  options: SendOptions,
  form: string,
  stateful: boolean,
  effect: () => Promise<string>,
): Promise<void> {
  const exchange = await ctx.send(options);
  const accepted = isSuccess(exchange);
  const seen = accepted && stateful ? `; ${await effect()}` : '';
  ctx.find({
    operation: exchange.operation,
    form,
    request: exchange.request,
    accepted,
    answer: `${describeAnswer(exchange)}${seen}`,
  });
}
