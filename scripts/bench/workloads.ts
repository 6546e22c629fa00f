/**
 * The traffic a UI sends, as request lists for wrk (issue 15): each list is seeded, and every
 * workload but the repeated URL sends different requests (pages, queries, ids), never one URL.
 */
import type { ContactList } from '../../openapi/types.ts';
import { exchange } from './http.ts';
import { BENCH_AUTH, LIST_PATH } from './servers.ts';
import type { Request } from './wrk.ts';
import { seededRandom } from '../../mock/data/hash.ts';

export const WORKLOADS = [
  'repeated URL',
  'pages and sorts',
  'search',
  'pages + 20% writes',
] as const;
export type Workload = (typeof WORKLOADS)[number];

/** The six sorts a contact list offers first. */
export const PAGE_SORTS = [
  '-created_at',
  'display_name',
  '-updated_at',
  'last_name',
  'email',
  '-last_seen',
] as const;
const LIMIT = 10;
/** Requests per list: wrk cycles through them, so a round sends few repeats. */
const LIST_LENGTH = 20_000;

/** What the lists are made of: some contacts read from the server, and its count. */
interface Sample {
  count: number;
  contacts: ContactList['data'];
}

async function sample(base: string, next: () => number): Promise<Sample> {
  const contacts: ContactList['data'] = [];
  let count = 0;
  for (let k = 0; k < 4; k++) {
    const skip = Math.floor(next() * Math.max(1, count - 1000));
    const answer = await exchange(`${base}/contacts?limit=1000&skip=${skip}&sort=-created_at`, {
      headers: BENCH_AUTH,
    });
    if (answer.status !== 200) throw new Error(`sampling contacts: status ${answer.status}`);
    const page = JSON.parse(answer.body) as ContactList;
    count = page.count;
    contacts.push(...page.data);
  }
  return { count, contacts };
}

/** A page of a random sort at a random skip. */
function pageRequest(prefix: string, count: number, next: () => number): Request {
  const sort = PAGE_SORTS[Math.floor(next() * PAGE_SORTS.length)]!;
  const skip = Math.floor(next() * Math.max(1, count - LIMIT));
  return { method: 'GET', path: `${prefix}/contacts?limit=${LIMIT}&skip=${skip}&sort=${sort}` };
}

/** What a user types: 1–3 letters, a prefix of a name or a piece of an email. */
export function searchQuery(contact: Sample['contacts'][number], next: () => number): string {
  const length = 1 + Math.floor(next() * 3);
  if (next() < 0.6) {
    const names = [contact.first_name, contact.last_name, contact.display_name].filter(Boolean);
    const name = names[Math.floor(next() * names.length)] ?? contact.display_name;
    return name.slice(0, length);
  }
  const email = contact.email || contact.display_name;
  const at = Math.floor(next() * Math.max(1, email.length - length));
  return email.slice(at, at + length);
}

/**
 * The request list of each workload against a server at `base` (origin + API prefix), whose path
 * prefix is `prefix`; seeded by `seed`.
 */
export async function workloadRequests(
  base: string,
  prefix: string,
  seed: number,
): Promise<Record<Workload, Request[]>> {
  const next = seededRandom(seed);
  const { count, contacts } = await sample(base, next);
  const list = (make: (k: number) => Request) =>
    Array.from({ length: LIST_LENGTH }, (_, k) => make(k));
  return {
    'repeated URL': [{ method: 'GET', path: `${prefix}${LIST_PATH}` }],
    'pages and sorts': list(() => pageRequest(prefix, count, next)),
    search: list(() => {
      const contact = contacts[Math.floor(next() * contacts.length)]!;
      const q = encodeURIComponent(searchQuery(contact, next).trim() || 'a');
      const sort = PAGE_SORTS[Math.floor(next() * PAGE_SORTS.length)]!;
      return {
        method: 'GET',
        path: `${prefix}/contacts/_search?q=${q}&type=text&limit=${LIMIT}&sort=${sort}`,
      };
    }),
    'pages + 20% writes': list((k) =>
      k % 5 === 4 ? writeRequest(prefix, contacts, next) : pageRequest(prefix, count, next),
    ),
  };
}

/** A `PUT` of a random sampled contact: new names and a remark. */
export function writeRequest(
  prefix: string,
  contacts: Sample['contacts'],
  next: () => number,
): Request {
  const contact = contacts[Math.floor(next() * contacts.length)]!;
  const tag = Math.floor(next() * 1e6).toString(36);
  return {
    method: 'PUT',
    path: `${prefix}/contacts/${contact.id}`,
    body: JSON.stringify({ first_name: `Bench${tag}`, remark: `written by the bench ${tag}` }),
  };
}

/** Only writes, for `--state` durability: 50 connections of `PUT`s of different contacts. */
export async function writeOnlyRequests(
  base: string,
  prefix: string,
  seed: number,
): Promise<Request[]> {
  const next = seededRandom(seed + 1);
  const { contacts } = await sample(base, next);
  return Array.from({ length: LIST_LENGTH }, () => writeRequest(prefix, contacts, next));
}
