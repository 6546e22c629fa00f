import { preview } from '../../openapi/failures.ts';
import type { CheckContext } from '../check.ts';
import { bodyOf, type Exchange } from '../http.ts';
import { describeAnswer, isSuccess } from '../judge.ts';

type Listing = Exchange<'listContacts' | 'searchContacts' | 'searchContactsByBody'>;
const ids = (e: Listing) => (bodyOf(e)?.data ?? []).map((r) => r.id);
const countOf = (e: Listing) => bodyOf(e)?.count;

/**
 * Probe (findings, never failures): the request forms that clients send besides the published ones,
 * and whether each means what the published form means — `offset` for `skip`, `q` on the list, the
 * POST search, the plural files path.
 */
export async function probeAlternativeForms(ctx: CheckContext): Promise<void> {
  const contact = await ctx.samples.contact();
  const word = await ctx.samples.searchWord().catch(() => 'a');
  const same = (a: Listing, b: Listing) => JSON.stringify(ids(a)) === JSON.stringify(ids(b));
  const find = (form: string, exchange: Exchange, meaning: string) =>
    ctx.find({
      operation: exchange.operation,
      form,
      request: exchange.request,
      accepted: isSuccess(exchange),
      answer: `${describeAnswer(exchange)}; ${meaning}`,
    });

  const bySkip = await ctx.send({
    operationId: 'listContacts',
    query: { skip: 3, limit: 3, sort: 'id' },
  });
  const byOffset = await ctx.send({
    operationId: 'listContacts',
    query: { offset: 3, limit: 3, sort: 'id' },
  });
  find(
    'offset=3 (service export)',
    byOffset,
    same(bySkip, byOffset)
      ? 'the same page as skip=3'
      : `not the page of skip=3 (${preview(ids(bySkip))} vs ${preview(ids(byOffset))})`,
  );

  const all = await ctx.send({ operationId: 'listContacts', query: { limit: 1 } });
  const search = await ctx.send({
    operationId: 'searchContacts',
    query: { q: word, type: 'text', limit: 10 },
  });
  const filtered = await ctx.send({ operationId: 'listContacts', query: { q: word, limit: 10 } });
  find(
    `q=${word} on the list (service export)`,
    filtered,
    countOf(filtered) === countOf(all)
      ? `ignored: count ${countOf(filtered)} as unfiltered`
      : `count ${countOf(filtered)} of ${countOf(all)}; the GET search counts ${countOf(search)}`,
  );

  const posted = await ctx.send({
    operationId: 'searchContactsByBody',
    json: { query: word, limit: 10, offset: 0 },
  });
  find(
    'POST {query, limit, offset} (service export)',
    posted,
    same(search, posted)
      ? 'the same hits as GET _search'
      : `other hits than GET _search (count ${countOf(posted)} vs ${countOf(search)})`,
  );

  const singular = await ctx.send({
    operationId: 'listContactFiles',
    path: { contact_id: contact.id },
  });
  const plural = await ctx.send({
    operationId: 'listContactFilesPlural',
    path: { contact_id: contact.id },
  });
  find(
    'plural /contacts/{id}/files (service export)',
    plural,
    singular.text === plural.text
      ? 'the same answer as the singular path'
      : `another answer than the singular path (${singular.status})`,
  );
}
