/**
 * Checks that an accepted write is what every later read sees: speed must never come from a cached
 * page that a write did not invalidate.
 */
import type { Contact, ContactList, NotificationList } from '../../openapi/types.ts';
import { exchange } from './http.ts';
import { BENCH_AUTH } from './servers.ts';
import type { BehaviourCheck } from './types.ts';

async function json<T>(
  url: string,
  options: Parameters<typeof exchange>[1] = {},
): Promise<{ status: number; body: T }> {
  const answer = await exchange(url, {
    ...options,
    headers: { ...BENCH_AUTH, ...options.headers },
  });
  return {
    status: answer.status,
    body: (answer.status < 300 ? JSON.parse(answer.body) : answer.body) as T,
  };
}

/** Updates the first contact of the page at `skip`, then reads that page, the contact and a search back. */
export async function checkContactWrite(
  base: string,
  skip: number,
  tag: string,
): Promise<BehaviourCheck> {
  const what = `update at skip ${skip}: page, contact and search show it`;
  const page = `${base}/contacts?limit=10&skip=${skip}`;
  const before = await json<ContactList>(page);
  const target = before.body.data?.[0];
  if (before.status !== 200 || !target)
    return { what, ok: false, detail: `no contact at skip ${skip} (status ${before.status})` };

  const lastName = `Bench${tag}`;
  const put = await json<Contact>(`${base}/contacts/${target.id}`, {
    method: 'PUT',
    body: JSON.stringify({ first_name: 'Visible', last_name: lastName }),
  });
  const wanted = `Visible ${lastName}`;
  const after = await json<ContactList>(page);
  const one = await json<Contact>(`${base}/contacts/${target.id}`);
  const found = await json<ContactList>(
    `${base}/contacts/_search?q=${lastName}&type=text&limit=10`,
  );

  const onPage = after.body.data?.find((c) => c.id === target.id)?.display_name;
  const inSearch = found.body.data?.some((c) => c.id === target.id) ?? false;
  const ok =
    put.status === 200 && onPage === wanted && one.body.display_name === wanted && inSearch;
  return {
    what,
    ok,
    detail: `${target.id}: PUT ${put.status}; page shows "${onPage}", GET shows "${one.body.display_name}", search ${inSearch ? 'finds' : 'misses'} it`,
  };
}

/** Marks one unread notification read and reads the list back. */
export async function checkMarkRead(base: string): Promise<BehaviourCheck> {
  const what = 'mark read: the list and unread_count show it';
  const list = `${base}/notifications?limit=100`;
  const before = await json<NotificationList>(list);
  const unread = before.body.data?.find((n) => !n.is_read);
  if (before.status !== 200 || !unread)
    return { what, ok: false, detail: `no unread notification (status ${before.status})` };

  const put = await exchange(`${base}/notifications/read`, {
    method: 'PUT',
    headers: BENCH_AUTH,
    body: JSON.stringify([unread.id]),
  });
  const after = await json<NotificationList>(list);
  const nowRead = after.body.data?.find((n) => n.id === unread.id)?.is_read;
  const ok =
    put.status === 200 &&
    nowRead === true &&
    after.body.unread_count === before.body.unread_count - 1;
  return {
    what,
    ok,
    detail: `${unread.id}: PUT ${put.status}; is_read ${String(nowRead)}, unread_count ${before.body.unread_count} → ${after.body.unread_count}`,
  };
}
