import type { CheckContext } from '../check.ts';
import { conformanceExchanges } from '../conformancePlan.ts';
import { schemaViolation } from '../judge.ts';

/** Every answer's body fits the schema the spec documents for its status, checked by the shared ajv validators. */
export async function responseSchemaConformance(ctx: CheckContext): Promise<void> {
  for (const { exchange } of await conformanceExchanges(ctx)) {
    const failure = schemaViolation(exchange);
    if (failure) ctx.fail(failure);
  }
}
