import type { CheckContext } from '../check.ts';
import { describeAnswer } from '../judge.ts';
import { UNKNOWN_CONTACT_READS } from '../samples.ts';

/**
 * Probe (findings, never failures): which status and body each operation on one contact answers for
 * an unknown contact. The published documentation says 400 `{"message":"Not Found"}`; a 404 is as likely.
 */
export async function probeNotFoundStatus(ctx: CheckContext): Promise<void> {
  for (const options of UNKNOWN_CONTACT_READS) {
    const exchange = await ctx.send(options);
    ctx.find({
      operation: exchange.operation,
      form: 'unknown contact',
      request: exchange.request,
      answer: describeAnswer(exchange),
    });
  }
}
