import { preview } from '../../openapi/failures.ts';
import type { CheckContext } from '../check.ts';
import { bodyOf, type Exchange, type SuccessBody } from '../http.ts';
import { failureAt } from '../judge.ts';

/** A page of any paged operation, as the spec documents it. */
type Envelope = SuccessBody<Paged>;

const PAGE = 4;
const MAX_SKIP = 100_000_000;

/**
 * `count`, `total` and `has_more` agree with `limit` and `skip` (`total` = records in the page,
 * `has_more` = `skip + total < count`); two consecutive pages are disjoint and together equal one page
 * twice as large; the last page has `has_more` false and the one before it true; a page past the end
 * is empty with the same `count`. For contacts, search and notifications.
 */
export async function paginationConsistency(ctx: CheckContext): Promise<void> {
  ctx.need('state');
  await paginate(ctx, (limit, skip) =>
    ctx.send({ operationId: 'listContacts', query: { limit, skip } }),
  );
  await paginate(ctx, (limit, skip) =>
    ctx.send({ operationId: 'listContacts', query: { sort: 'display_name', limit, skip } }),
  );
  // A one-letter query: enough hits on a small dataset for two pages.
  const q = (await ctx.samples.searchWord()).slice(0, 1);
  await paginate(ctx, (limit, skip) =>
    ctx.send({ operationId: 'searchContacts', query: { q, type: 'text', limit, skip } }),
  );
  await paginate(ctx, (limit, skip) =>
    ctx.send({ operationId: 'listNotifications', query: { limit, skip } }),
  );
}

type Paged = 'listContacts' | 'searchContacts' | 'listNotifications';

/** Sends one page of the operation being walked. */
type PageOf = (limit: number, skip: number) => Promise<Exchange<Paged>>;

async function paginate(ctx: CheckContext, page: PageOf): Promise<void> {
  const get = async (limit: number, skip: number) => {
    const exchange = await page(limit, skip);
    const envelope = bodyOf(exchange);
    if (!envelope) {
      ctx.fail(
        failureAt(
          exchange,
          'Page not readable',
          `${exchange.status} ${preview(exchange.text)}`,
          'a 200 list envelope',
        ),
      );
      return undefined;
    }
    checkEnvelope(ctx, exchange, envelope, limit, skip);
    return { exchange, envelope };
  };

  const first = await get(PAGE, 0);
  const second = await get(PAGE, PAGE);
  const both = await get(PAGE * 2, 0);
  if (!first || !second || !both) return;

  const counts = [first, second, both].map((p) => p.envelope.count);
  if (new Set(counts).size > 1) {
    ctx.fail(
      failureAt(
        both.exchange,
        'count changed between pages',
        `count ${counts.join(', ')} for skip 0, ${PAGE}, 0`,
        'the same count for the same query',
      ),
    );
  }
  const a = first.envelope.data.map((r) => r.id);
  const b = second.envelope.data.map((r) => r.id);
  const overlap = a.filter((id) => b.includes(id));
  if (overlap.length) {
    ctx.fail(
      failureAt(
        second.exchange,
        'Consecutive pages overlap',
        `ids on both pages: ${overlap.join(', ')}`,
        'disjoint pages',
      ),
    );
  }
  const joined = [...a, ...b];
  const larger = both.envelope.data.map((r) => r.id);
  if (joined.join() !== larger.join()) {
    ctx.fail(
      failureAt(
        both.exchange,
        'Pages differ from one larger page',
        `skip 0 + skip ${PAGE}: ${preview(joined)}`,
        `limit ${PAGE * 2}: ${preview(larger)}`,
      ),
    );
  }

  const count = first.envelope.count;
  // The last page (`has_more` false exactly there, `total` what is left) and the one before it.
  if (count > PAGE) {
    const lastSkip = Math.floor((count - 1) / PAGE) * PAGE;
    await get(PAGE, lastSkip - PAGE);
    await get(PAGE, lastSkip);
  }
  const beyond = await get(PAGE, Math.min(count + PAGE, MAX_SKIP));
  if (beyond && (beyond.envelope.data.length !== 0 || beyond.envelope.count !== count)) {
    ctx.fail(
      failureAt(
        beyond.exchange,
        'Page past the end not empty',
        `${beyond.envelope.data.length} records, count ${beyond.envelope.count}`,
        `no records, count ${count}`,
      ),
    );
  }
}

function checkEnvelope(
  ctx: CheckContext,
  exchange: Exchange,
  page: Envelope,
  limit: number,
  skip: number,
): void {
  const expectedTotal = Math.max(0, Math.min(limit, page.count - skip));
  const expectedMore = skip + page.data.length < page.count;
  const wrong: string[] = [];
  if (page.total !== page.data.length)
    wrong.push(`total ${page.total} but ${page.data.length} records in data`);
  if (page.data.length !== expectedTotal)
    wrong.push(
      `${page.data.length} records for limit ${limit}, skip ${skip}, count ${page.count}; expected ${expectedTotal}`,
    );
  if (page.has_more !== expectedMore)
    wrong.push(
      `has_more ${page.has_more} for skip ${skip} + ${page.data.length} records of count ${page.count}`,
    );
  if (wrong.length) {
    ctx.fail(
      failureAt(
        exchange,
        'Envelope disagrees with limit/skip',
        `count ${page.count}, total ${page.total}, has_more ${page.has_more}, ${page.data.length} records`,
        `total = records in the page = min(limit, count - skip) = ${expectedTotal}, has_more = skip + total < count = ${expectedMore}`,
        wrong,
      ),
    );
  }
}
