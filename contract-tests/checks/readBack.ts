import type { Exchange } from '../http.ts';

/** A 200 list envelope as read-backs need it (`data` with ids, `count`), or undefined. */
export function listed(
  exchange: Exchange,
): { data: { id?: string; _id?: string }[]; count?: number; unread_count?: number } | undefined {
  const body = exchange.json as
    | { data?: unknown; count?: unknown; unread_count?: unknown }
    | undefined;
  if (exchange.status !== 200 || !body || !Array.isArray(body.data)) return undefined;
  return {
    data: body.data as { id?: string; _id?: string }[],
    count: typeof body.count === 'number' ? body.count : undefined,
    unread_count: typeof body.unread_count === 'number' ? body.unread_count : undefined,
  };
}
