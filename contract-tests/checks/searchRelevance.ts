import { preview } from '../../openapi/validator.ts';
import type { ContactList } from '../../openapi/types.ts';
import type { CheckContext } from '../check.ts';
import { bodyOf, type Exchange } from '../http.ts';
import { failureAt } from '../judge.ts';

const NO_MATCH = 'zqxjcontractsuitenomatch';

/**
 * Every hit of a text search matches `q` in one of its text fields; a search never counts more than
 * the list; a word taken from a contact finds at least that many; an empty `q` and a word no contact
 * has find nothing.
 */
export async function searchRelevance(ctx: CheckContext): Promise<void> {
  ctx.need('state');
  const word = await ctx.samples.searchWord();

  const list = await ctx.send({ operationId: 'listContacts', query: { limit: 1 } });
  const listCount = bodyOf(list)?.count;
  const hits = await ctx.send({
    operationId: 'searchContacts',
    query: { q: word, type: 'text', limit: 50 },
  });
  const page = pageOf(ctx, hits);
  if (page) {
    const misses = page.data.filter((record) => !matches(record, word));
    if (misses.length) {
      ctx.fail(
        failureAt(
          hits,
          'Search hit does not match q',
          `${misses.length} of ${page.data.length} hits without "${word}": ${misses
            .slice(0, 3)
            .map((r) => String(r.id))
            .join(', ')}`,
          `every hit contains "${word}" in a text field`,
        ),
      );
    }
    if (page.count < 1)
      ctx.fail(
        failureAt(
          hits,
          'Search misses a contact',
          `count ${page.count}`,
          `at least the contact whose name has "${word}"`,
        ),
      );
    if (typeof listCount === 'number' && page.count > listCount) {
      ctx.fail(
        failureAt(
          hits,
          'Search counts more than the list',
          `search count ${page.count}`,
          `≤ list count ${listCount}`,
        ),
      );
    }
  }

  for (const q of ['', NO_MATCH]) {
    const none = await ctx.send({ operationId: 'searchContacts', query: { q, type: 'text' } });
    const empty = pageOf(ctx, none);
    if (empty && (empty.count !== 0 || empty.data.length !== 0)) {
      ctx.fail(
        failureAt(
          none,
          'Search finds what it should not',
          `count ${empty.count}, ${empty.data.length} records`,
          q === '' ? 'nothing for an empty q' : `nothing for "${q}"`,
        ),
      );
    }
  }
}

function pageOf(ctx: CheckContext, exchange: Exchange<'searchContacts'>): ContactList | undefined {
  const body = bodyOf(exchange);
  if (body) return body;
  ctx.fail(
    failureAt(
      exchange,
      'Search page not readable',
      `${exchange.status} ${preview(exchange.text)}`,
      'a 200 list envelope',
    ),
  );
  return undefined;
}

/** Case- and accent-blind: how a text search is expected to compare. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function matches(record: Record<string, unknown>, q: string): boolean {
  const needle = fold(q);
  return Object.values(record).some(
    (value) => typeof value === 'string' && fold(value).includes(needle),
  );
}
