import { preview } from '../../openapi/validator.ts';
import type { CheckContext } from '../check.ts';
import { bodyOf, type Exchange } from '../http.ts';
import { answerOf, failureAt, isSuccess, nonConformance, notAccepted } from '../judge.ts';
import { listed } from './readBack.ts';

/**
 * A created contact is proven by reading it back: `get` returns it, the newest page of the list and
 * a search for its name show it, and `count` grows by one. Deleting it (the suite always does) is
 * proven the same way: `get` answers not found, list and search no longer show it, `count` is back.
 */
export async function contactLifecycle(ctx: CheckContext): Promise<void> {
  ctx.need('writes');
  ctx.need('state');
  // Letters only, so that a text search finds it by this word.
  const name = `Contractsuite${Date.now()
    .toString(36)
    .replace(/\d/g, (d) => 'abcdefghij'[+d]!)}`;
  const count = async () =>
    listed(await ctx.send({ operationId: 'listContacts', query: { limit: 1 } }))?.count;
  const before = await count();

  const create = await ctx.send({
    operationId: 'createContact',
    json: { channel_type: 'web', first_name: 'Contract', last_name: name },
  });
  const id = bodyOf(create)?.id;
  const refused = nonConformance(create);
  if (refused || create.status !== 200 || typeof id !== 'string') {
    ctx.fail(
      refused ??
        failureAt(create, 'Create not accepted', answerOf(create), '200 and the new contact'),
    );
    return;
  }
  ctx.note(`created contact ${id} (${name}) and deleted it again`);

  const wrong = (exchange: Exchange, title: string, received: string, documented: string) =>
    ctx.fail(failureAt(exchange, title, received, documented));
  const shown = async (expected: boolean) => {
    const state = expected ? 'created' : 'deleted';
    const get = await ctx.send({ operationId: 'getContact', path: { contact_id: id } });
    if (expected && bodyOf(get)?.id !== id)
      wrong(get, `Created contact not readable`, answerOf(get), `200 with ${id}`);
    if (!expected && isSuccess(get))
      wrong(get, 'Deleted contact still readable', answerOf(get), 'a not-found answer');
    for (const exchange of [
      await ctx.send({ operationId: 'listContacts', query: { sort: '-created_at', limit: 20 } }),
      await ctx.send({ operationId: 'searchContacts', query: { q: name, type: 'text' } }),
    ]) {
      const ids = listed(exchange)?.data.map((c) => c.id) ?? [];
      if (ids.includes(id) !== expected)
        wrong(
          exchange,
          `${state === 'created' ? 'Created' : 'Deleted'} contact ${expected ? 'not listed' : 'still listed'}`,
          `${exchange.status}, ids ${preview(ids)}`,
          `${id} ${expected ? 'among' : 'not among'} them`,
        );
    }
    const now = await count();
    const want = before === undefined ? undefined : before + (expected ? 1 : 0);
    if (now !== want)
      wrong(
        create,
        `count wrong after the contact was ${state}`,
        `count ${now}`,
        `count ${want} (${before} before)`,
      );
  };

  try {
    await shown(true);
  } finally {
    const remove = await ctx.send({ operationId: 'deleteContact', path: { contact_id: id } });
    const refused = notAccepted(remove, 'Delete not accepted', '200');
    if (refused) ctx.fail(refused);
    else await shown(false);
  }
}
