import type { CheckContext } from '../check.ts';
import { conformanceExchanges } from '../conformancePlan.ts';
import { undocumentedContentType } from '../judge.ts';

/** Every answer carries a `Content-Type` that the operation documents for its status. */
export async function contentTypeConformance(ctx: CheckContext): Promise<void> {
  for (const { exchange } of await conformanceExchanges(ctx)) {
    const failure = undocumentedContentType(exchange);
    if (failure) ctx.fail(failure);
  }
}
