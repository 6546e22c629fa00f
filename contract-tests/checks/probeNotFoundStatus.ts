import type { CheckContext } from '../check.ts';
import { describeAnswer } from '../judge.ts';
import { UNKNOWN_COMMENT_ID, UNKNOWN_CONTACT_ID } from '../samples.ts';

/**
 * Probe (findings, never failures): which status and body each operation on one contact answers for
 * an unknown contact. The published documentation says 400 `{"message":"Not Found"}`; a 404 is as likely.
 */
export async function probeNotFoundStatus(ctx: CheckContext): Promise<void> {
  const path = { contact_id: UNKNOWN_CONTACT_ID };
  const reads = [
    { operationId: 'listContactConversations', path },
    { operationId: 'getContactComment', path: { ...path, comment_id: UNKNOWN_COMMENT_ID } },
    { operationId: 'listContactFiles', path },
    { operationId: 'listContactFilesPlural', path },
    { operationId: 'getContact', path },
    { operationId: 'listContactComments', path },
    { operationId: 'listContactMessageComments', path },
  ];
  for (const options of reads) {
    const exchange = await ctx.send(options);
    ctx.find({ operation: exchange.operation, form: 'unknown contact', request: exchange.request, answer: describeAnswer(exchange) });
  }
}
