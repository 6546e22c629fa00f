import { preview } from '../../openapi/failures.ts';
import type { CheckContext } from '../check.ts';
import { exampleBody } from '../documented.ts';
import type { Exchange, SendOptions } from '../http.ts';
import { answerOf, failureAt, schemaViolation } from '../judge.ts';

/** Fits the pattern of a real token, so that only its value is wrong. */
const WRONG_TOKEN = 'acc_00000000-0000-4000-8000-000000000000';

/**
 * Without credentials, and with a wrong token, every operation answers 401 with the documented body
 * (`{"message": "Unauthorized"}`).
 */
export async function authRequired(ctx: CheckContext): Promise<void> {
  const contactId = await ctx.samples.contactId();
  const requests: SendOptions[] = [
    { operationId: 'listContacts' },
    { operationId: 'searchContacts', query: { q: 'a', type: 'text' } },
    { operationId: 'listContactConversations', path: { contact_id: contactId } },
    { operationId: 'listNotifications' },
  ];
  const checkWrongToken = ctx.has('credentials');
  if (!checkWrongToken) ctx.note(`wrong token not tried: ${ctx.target.limits.credentials}`);
  const documented = exampleBody('Unauthorized');
  for (const request of requests) {
    expectUnauthorized(
      ctx,
      await ctx.send({ ...request, auth: 'none' }),
      documented,
      'no credentials',
    );
    if (checkWrongToken)
      expectUnauthorized(
        ctx,
        await ctx.send({ ...request, auth: { token: WRONG_TOKEN } }),
        documented,
        'a wrong token',
      );
  }
}

function expectUnauthorized(
  ctx: CheckContext,
  exchange: Exchange,
  documented: unknown,
  credentials: string,
): void {
  // The request line never shows headers, so the report says which credentials were sent.
  exchange = { ...exchange, request: `${exchange.request} (${credentials})` };
  if (exchange.status !== 401) {
    ctx.fail(
      failureAt(
        exchange,
        'Request without valid credentials not rejected',
        answerOf(exchange),
        `401 ${JSON.stringify(documented)}`,
      ),
    );
    return;
  }
  const invalid = schemaViolation(exchange);
  if (invalid) {
    ctx.fail({ ...invalid, title: 'Unauthorized body violates schema' });
    return;
  }
  if (JSON.stringify(exchange.json) !== JSON.stringify(documented)) {
    ctx.fail(
      failureAt(
        exchange,
        'Unauthorized body differs from the documented one',
        preview(exchange.json ?? exchange.text),
        JSON.stringify(documented),
      ),
    );
  }
}
