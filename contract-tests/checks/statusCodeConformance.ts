import type { CheckContext } from '../check.ts';
import { conformanceExchanges } from '../conformancePlan.ts';
import { answerOf, failureAt, isSuccess, undocumentedStatus } from '../judge.ts';

/**
 * Every answer's status is one the operation documents; a valid request is answered with a 2xx and
 * a documented error case (no credentials, a bad parameter, an unknown contact) with a 4xx.
 */
export async function statusCodeConformance(ctx: CheckContext): Promise<void> {
  for (const { exchange, expect } of await conformanceExchanges(ctx)) {
    const undocumented = undocumentedStatus(exchange);
    if (undocumented) {
      ctx.fail(undocumented);
      continue;
    }
    if (expect === 'success' && !isSuccess(exchange))
      ctx.fail(failureAt(exchange, 'Valid request rejected', answerOf(exchange), 'a 2xx'));
    if (expect === 'error' && (exchange.status < 400 || exchange.status >= 500)) {
      ctx.fail(
        failureAt(exchange, 'Invalid request accepted', answerOf(exchange), 'a documented 4xx'),
      );
    }
  }
}
