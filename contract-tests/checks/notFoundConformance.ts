import type { CheckContext } from '../check.ts';
import { isPublished } from '../conformancePlan.ts';
import { exampleBody } from '../documented.ts';
import { bodyOf, type OperationRequest, type SendOptions } from '../http.ts';
import { answerOf, failureAt, undocumentedStatus } from '../judge.ts';
import { UNKNOWN_COMMENT_ID, UNKNOWN_CONTACT_ID, UNKNOWN_CONTACT_READS } from '../samples.ts';

/**
 * An unknown contact is answered with a documented not-found status (400 as published, or 404) and
 * the documented body `{"message": "Not Found"}`, by every operation on one contact; an unknown
 * comment of a known contact is an empty `data`, as published.
 */
export async function notFoundConformance(ctx: CheckContext): Promise<void> {
  ctx.need('state');
  const path = { contact_id: UNKNOWN_CONTACT_ID };
  const byChannel: OperationRequest<'listContactConversations'> = {
    operationId: 'listContactConversations',
    path,
    query: { channel_types: ['web'] },
  };
  const requests: SendOptions[] = [...UNKNOWN_CONTACT_READS, byChannel].filter(
    (r) => ctx.has('extras') || isPublished(r.operationId),
  );
  if (!ctx.has('extras')) ctx.note(`only the published operations: ${ctx.target.limits.extras}`);
  if (ctx.has('writes'))
    requests.push({ operationId: 'updateContact', path, json: { remark: 'contract suite' } });
  else ctx.note(`PUT of an unknown contact not sent: ${ctx.target.limits.writes}`);

  const documented = exampleBody('NotFound');
  for (const request of requests) {
    const exchange = await ctx.send(request);
    const undocumented = undocumentedStatus(exchange);
    if (exchange.status < 400 || exchange.status >= 500 || undocumented) {
      ctx.fail(
        failureAt(
          exchange,
          'Unknown contact not answered as not found',
          answerOf(exchange),
          `400 or 404 ${JSON.stringify(documented)}`,
        ),
      );
    } else if (JSON.stringify(exchange.json) !== JSON.stringify(documented)) {
      ctx.fail(
        failureAt(
          exchange,
          'Not-found body differs from the documented one',
          answerOf(exchange),
          JSON.stringify(documented),
        ),
      );
    }
  }

  const contactId = await ctx.samples.contactId();
  const comment = await ctx.send({
    operationId: 'getContactComment',
    path: { contact_id: contactId, comment_id: UNKNOWN_COMMENT_ID },
  });
  const data = bodyOf(comment)?.data;
  if (data?.length !== 0) {
    ctx.fail(
      failureAt(
        comment,
        'Unknown comment not answered as published',
        answerOf(comment),
        '200 {"data":[]}',
      ),
    );
  }
}
