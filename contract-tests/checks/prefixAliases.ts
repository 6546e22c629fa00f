import type { CheckContext } from '../check.ts';
import { PREFIXES } from '../documented.ts';
import type { Exchange, SendOptions } from '../http.ts';
import { answerOf, failureAt } from '../judge.ts';

/**
 * The three prefixes of the spec's servers (`/v1/backend`, `/backend/v1`, `/channel-service/v1`)
 * answer the same request with the same status and the same body.
 */
export async function prefixAliases(ctx: CheckContext): Promise<void> {
  ctx.need('prefixes');
  const contactId = await ctx.samples.contactId();
  const requests: SendOptions[] = [
    { operationId: 'listContacts', query: { limit: 3, sort: 'id' } },
    { operationId: 'searchContacts', query: { q: 'a', type: 'text', limit: 3 } },
    { operationId: 'listContactConversations', path: { contact_id: contactId } },
    { operationId: 'listContactFiles', path: { contact_id: contactId } },
    { operationId: 'listNotifications', query: { limit: 3 } },
    { operationId: 'listContacts', auth: 'none' },
  ];
  const prefixes = [ctx.target.prefix, ...PREFIXES.filter((p) => p !== ctx.target.prefix)];
  for (const request of requests) {
    const [reference, ...aliases] = await Promise.all(
      prefixes.map((prefix) => ctx.send({ ...request, prefix })),
    );
    for (const alias of aliases) {
      if (!sameAnswer(reference!, alias)) {
        ctx.fail(
          failureAt(
            alias,
            'Alias prefix answers differently',
            answerOf(alias),
            `as ${reference!.request}: ${answerOf(reference!)}`,
          ),
        );
      }
    }
  }
}

function sameAnswer(a: Exchange, b: Exchange): boolean {
  return a.status === b.status && a.mediaType === b.mediaType && a.text === b.text;
}
