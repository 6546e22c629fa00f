import type { CheckContext } from '../check.ts';
import { bodyOf, type Exchange } from '../http.ts';
import { answerOf, failureAt, nonConformance, notAccepted } from '../judge.ts';
import { listed } from './readBack.ts';

/**
 * An added comment is proven by reading it back: the contact's comments list and `get` of the
 * comment show it with its content. Deleting it (the suite always does) is proven the same way: gone
 * from both.
 */
export async function commentReadBack(ctx: CheckContext): Promise<void> {
  ctx.need('writes');
  ctx.need('state');
  const contact_id = await ctx.samples.contactId();
  const content = `contract suite comment ${new Date().toISOString()}`;
  const create = await ctx.send({
    operationId: 'createContactComment',
    path: { contact_id },
    json: { content },
  });
  const id = bodyOf(create)?._id;
  const refused = nonConformance(create);
  if (refused || create.status !== 200 || typeof id !== 'string') {
    ctx.fail(
      refused ??
        failureAt(create, 'Comment not accepted', answerOf(create), '200 and the new comment'),
    );
    return;
  }
  ctx.note(`added comment ${id} to ${contact_id} and deleted it again`);

  const shown = async (expected: boolean) => {
    const list = await ctx.send({
      operationId: 'listContactComments',
      path: { contact_id },
      query: { limit: 100 },
    });
    const one = await ctx.send({
      operationId: 'getContactComment',
      path: { contact_id, comment_id: id },
    });
    const check = (
      exchange: Exchange<'listContactComments' | 'getContactComment'>,
      what: string,
    ) => {
      const found = listed(exchange)?.data.find((c) => c._id === id) as
        | { content?: unknown }
        | undefined;
      const ok = expected ? found?.content === content : found === undefined;
      if (!ok)
        ctx.fail(
          failureAt(
            exchange,
            expected
              ? `Added comment not shown by ${what}`
              : `Deleted comment still shown by ${what}`,
            answerOf(exchange),
            expected ? `${id} with its content` : `no ${id}`,
          ),
        );
    };
    check(list, 'the comments list');
    // An unknown comment may also be answered as not found (400 or 404) once deleted.
    if (expected || one.status === 200) check(one, 'get');
  };

  try {
    await shown(true);
  } finally {
    const remove = await ctx.send({
      operationId: 'deleteContactComment',
      path: { contact_id, comment_id: id },
    });
    const refused = notAccepted(remove, 'Delete not accepted', '200');
    if (refused) ctx.fail(refused);
    else await shown(false);
  }
}
