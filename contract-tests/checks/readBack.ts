import { bodyOf, type Exchange, type SuccessBody } from '../http.ts';

/** Operations whose 200 answer is a list envelope (`data`, `count`, …). */
type Listing =
  | 'listContacts'
  | 'searchContacts'
  | 'listContactComments'
  | 'getContactComment'
  | 'listNotifications';

/** The ids a list answer shows (`id`, or `_id` for comments), with its body; undefined when unreadable. */
export function listed(exchange: Exchange<Listing>):
  | {
      data: { id?: string; _id?: string; content?: string }[];
      count?: number;
      unread_count?: number;
    }
  | undefined {
  const body: SuccessBody<Listing> | undefined = bodyOf(exchange);
  if (!body) return undefined;
  const records: { id?: string; _id?: string; content?: string }[] = body.data;
  return {
    data: records,
    count: 'count' in body ? body.count : undefined,
    unread_count: 'unread_count' in body ? body.unread_count : undefined,
  };
}
