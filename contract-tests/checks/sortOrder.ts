import { preview } from '../../openapi/validator.ts';
import type { ContactSort } from '../../openapi/types.ts';
import type { CheckContext } from '../check.ts';
import { bodyOf } from '../http.ts';
import { schemaOf } from '../documented.ts';
import { failureAt } from '../judge.ts';

const PAGE = 30;
/** Every sort the spec offers, ascending names only (`created_at`, `display_name`, …). */
type SortField = Exclude<ContactSort, `-${string}`>;
const SORT_FIELDS = ((schemaOf('ContactSort').enum ?? []) as ContactSort[]).filter(
  (s): s is SortField => !s.startsWith('-'),
);
const DATE_FIELDS = new Set(
  Object.entries(schemaOf('ContactFields').properties ?? {})
    .filter(([, p]) => p.format === 'date-time' || /DateTime/.test(p.$ref ?? ''))
    .map(([name]) => name),
);

type Compare = (a: string, b: string) => number;
const collator = new Intl.Collator('en');
/** Orders a server may reasonably use for text: code points (a database's binary order), case-blind, or a collation. */
const TEXT_ORDERS: Compare[] = [
  (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  (a, b) => {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  },
  collator.compare,
];
const DATE_ORDER: Compare = (a, b) => Date.parse(a) - Date.parse(b);

/**
 * The order requested by `sort` holds in both directions, for every sortable field of the spec: each
 * page of contacts is ascending for `field` and descending for `-field`. Empty values (`""`, `null`)
 * are left out of the comparison, since where a server puts them is not documented.
 */
export async function sortOrder(ctx: CheckContext): Promise<void> {
  ctx.need('state');
  for (const field of SORT_FIELDS) {
    for (const descending of [false, true]) {
      const sort: ContactSort = descending ? `-${field}` : field;
      const exchange = await ctx.send({
        operationId: 'listContacts',
        query: { sort, limit: PAGE },
      });
      const data = bodyOf(exchange)?.data;
      if (!data) {
        ctx.fail(
          failureAt(
            exchange,
            'Sorted page not readable',
            `${exchange.status} ${preview(exchange.text)}`,
            'a 200 list envelope',
          ),
        );
        continue;
      }
      const values = data
        .map((record) => record[field])
        .filter((v): v is string => typeof v === 'string' && v !== '');
      const orders = DATE_FIELDS.has(field) ? [DATE_ORDER] : TEXT_ORDERS;
      const sign = descending ? -1 : 1;
      if (orders.some((compare) => isMonotone(values, (a, b) => sign * compare(a, b)))) continue;
      const i = firstInversion(values, (a, b) => sign * orders[0]!(a, b));
      ctx.fail(
        failureAt(
          exchange,
          'Sort order not kept',
          `${field} ${preview(values[i])} before ${preview(values[i + 1])} (position ${i} of the page)`,
          `${descending ? 'descending' : 'ascending'} ${field}`,
        ),
      );
    }
  }
}

function isMonotone(values: string[], compare: Compare): boolean {
  return firstInversion(values, compare) === -1;
}

function firstInversion(values: string[], compare: Compare): number {
  for (let i = 0; i + 1 < values.length; i++) if (compare(values[i]!, values[i + 1]!) > 0) return i;
  return -1;
}
