/**
 * Concurrent writes through a real port. Each storm returns what it sent and the problems it saw:
 * afterwards the state must equal some serial order of the accepted writes, nothing accepted may be
 * lost, and every read made during the storm must be spec-valid.
 */
import type { NotificationList } from '../../openapi/types.ts';
import {
  deref,
  formatFailures,
  mediaTypeOf,
  responseValidator,
  spec,
} from '../../openapi/validator.ts';
import { prefixes } from '../../contract-tests/generate/requests.ts';
import type { Schema } from '../../contract-tests/generate/schema-values.ts';
import { serialOrder, type Fields } from './serial-order.ts';
import { TEXT_FIELDS, tagged } from './tagged-writes.ts';

const TOKEN = 'mock-token';

export interface Storm {
  name: string;
  writes: number;
  reads: number;
  problems: string[];
}

type Answer = { status: number; body: unknown; type: string };
type Call = (method: string, path: string, body?: unknown) => Promise<Answer>;

/** JSON calls to a mock at `origin`, under one of the gateway prefixes in turn. */
export function caller(origin: string): Call {
  let n = 0;
  return async (method, path, body) => {
    const prefix = prefixes[n++ % prefixes.length];
    const res = await fetch(`${origin}/${prefix}${path}`, {
      method,
      headers: {
        'x-access-token': TOKEN,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Kept as text; checkAnswer reports it.
    }
    return { status: res.status, body: parsed, type: mediaTypeOf(res.headers.get('content-type')) };
  };
}

/** A 200 answer with a spec-valid body; returns the problem or undefined. */
export function checkAnswer(operationId: string, answer: Answer): string | undefined {
  if (answer.status !== 200)
    return `${operationId}: status ${answer.status} ${JSON.stringify(answer.body)?.slice(0, 120)}`;
  const result = responseValidator(operationId, 200, answer.type)?.(answer.body);
  if (!result) return `${operationId}: undocumented media type ${answer.type}`;
  return result.ok ? undefined : `${operationId}: ${formatFailures(result.failures)}`;
}

/** Reads of every kind in four loops until `stopped()`, each answer checked against the spec. */
async function readDuring(
  call: Call,
  contactIds: string[],
  stopped: () => boolean,
): Promise<{ reads: number; problems: string[] }> {
  const problems: string[] = [];
  let reads = 0;
  const loop = async (n: number) => {
    while (!stopped()) {
      const id = contactIds[n % contactIds.length]!;
      const kinds: [string, string][] = [
        ['listContacts', '/contacts?limit=50&sort=-updated_at'],
        ['getContact', `/contacts/${id}`],
        ['searchContacts', '/contacts/_search?q=w&limit=20'],
        ['listNotifications', '/notifications?limit=100'],
      ];
      const [operationId, path] = kinds[n++ % kinds.length]!;
      const problem = checkAnswer(operationId, await call('GET', path));
      reads++;
      if (problem) problems.push(`read during the storm: ${problem}`);
    }
  };
  await Promise.all([0, 1, 2, 3].map(loop));
  return { reads, problems };
}

/** Runs `writes()` while reads loop; adds the reads' problems to `problems` and returns the writes' result with the read count. */
async function withReads<T>(
  call: Call,
  contactIds: string[],
  problems: string[],
  writes: () => Promise<T>,
): Promise<{ result: T; reads: number }> {
  let done = false;
  const reading = readDuring(call, contactIds, () => done).catch((e: Error) => ({
    reads: 0,
    problems: [`reads failed: ${e.message}`],
  }));
  let result: T;
  try {
    result = await writes();
  } finally {
    done = true;
  }
  const read = await reading;
  problems.push(...read.problems);
  return { result, reads: read.reads };
}

export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Fields an update changes beside the ones it sends. */
const DERIVED = ['updated_at', 'display_name'];

/** `count` updates of one contact, each setting every free-text field to its own tag, all at once. */
export async function sameContactStorm(
  origin: string,
  contactId: string,
  count = 150,
): Promise<Storm> {
  const call = caller(origin);
  const problems: string[] = [];
  const initial = (await call('GET', `/contacts/${contactId}`)).body as Fields;
  const writes = Array.from({ length: count }, (_, i) => tagged(`same${i}`));
  const { result: answers, reads } = await withReads(call, [contactId], problems, () =>
    Promise.all(writes.map((w) => call('PUT', `/contacts/${contactId}`, w))),
  );
  const accepted: Fields[] = [];
  for (const [i, answer] of answers.entries()) {
    const problem = checkAnswer('updateContact', answer);
    if (problem) {
      problems.push(`write ${i}: ${problem}`);
      continue;
    }
    accepted.push(writes[i]!);
    // Each answer is its own write applied whole, not a neighbour's half.
    if (!serialOrder(initial, [writes[i]!], answer.body as Fields))
      problems.push(`write ${i} was answered with another write's fields`);
  }
  const final = (await call('GET', `/contacts/${contactId}`)).body as Fields;
  const untouched = Object.keys(initial).filter((f) => !(f in writes[0]!) && !DERIVED.includes(f));
  if (!serialOrder(initial, accepted, final, untouched))
    problems.push(`the final record is no single write: ${JSON.stringify(final).slice(0, 300)}`);
  if (final.display_name !== `${final.first_name} ${final.last_name}`)
    problems.push(
      `display_name ${JSON.stringify(final.display_name)} is not first_name + last_name`,
    );
  if (final.updated_at === null) problems.push('updated_at is still null');
  return { name: 'updates of one contact', writes: count, reads, problems };
}

/** Three updates of each contact, over overlapping fields, shuffled and sent at once. */
export async function manyContactsStorm(origin: string, contactIds: string[]): Promise<Storm> {
  const call = caller(origin);
  const problems: string[] = [];
  const initial = new Map<string, Fields>();
  for (const id of contactIds)
    initial.set(id, (await call('GET', `/contacts/${id}`)).body as Fields);
  const [a, b, c] = [
    TEXT_FIELDS.slice(0, 2),
    TEXT_FIELDS.slice(2, 4),
    [TEXT_FIELDS[1]!, TEXT_FIELDS[2]!],
  ];
  const plan = contactIds.flatMap((id, n) => [
    { id, write: tagged(`x${n}`, a) },
    { id, write: tagged(`y${n}`, b) },
    { id, write: tagged(`z${n}`, c) },
  ]);
  const { result: answers, reads } = await withReads(call, contactIds, problems, () =>
    Promise.all(
      shuffled(plan, 42).map(async (p) => ({
        ...p,
        answer: await call('PUT', `/contacts/${p.id}`, p.write),
      })),
    ),
  );
  const written = new Set(TEXT_FIELDS.slice(0, 4).map((f) => f.name));
  for (const id of contactIds) {
    const mine = answers.filter((x) => x.id === id);
    for (const x of mine) {
      const problem = checkAnswer('updateContact', x.answer);
      if (problem) problems.push(`${id}: ${problem}`);
    }
    const accepted = mine.filter((x) => x.answer.status === 200).map((x) => x.write);
    const final = (await call('GET', `/contacts/${id}`)).body as Fields;
    const untouched = Object.keys(initial.get(id)!).filter(
      (f) => !written.has(f) && !DERIVED.includes(f),
    );
    if (!serialOrder(initial.get(id)!, accepted, final, untouched))
      problems.push(
        `${id}: no serial order of its ${accepted.length} accepted writes gives ${JSON.stringify(final).slice(0, 300)}`,
      );
  }
  return { name: 'updates of many contacts', writes: plan.length, reads, problems };
}

/** Contacts created at once: every acknowledged one is kept, with its own id. */
export async function createStorm(origin: string, count = 80): Promise<Storm> {
  const call = caller(origin);
  const problems: string[] = [];
  const before = ((await call('GET', '/contacts?limit=1')).body as { count: number }).count;
  const channelType = (deref(spec.components.schemas.ChannelType as Schema).enum as string[])[0];
  const answers = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      call('POST', '/contacts', { channel_type: channelType, first_name: `created${i}` }),
    ),
  );
  const created: { id: string; first_name: string }[] = [];
  for (const answer of answers) {
    const problem = checkAnswer('createContact', answer);
    if (problem) problems.push(problem);
    else created.push(answer.body as { id: string; first_name: string });
  }
  if (new Set(created.map((c) => c.id)).size !== created.length)
    problems.push('two created contacts got the same id');
  for (const c of created) {
    const got = await call('GET', `/contacts/${c.id}`);
    if ((got.body as Fields)?.first_name !== c.first_name)
      problems.push(`${c.id}: created, then lost (${got.status})`);
  }
  const after = ((await call('GET', '/contacts?limit=1')).body as { count: number }).count;
  if (after !== before + created.length)
    problems.push(`count went from ${before} to ${after} after ${created.length} creates`);
  return { name: 'creates', writes: count, reads: created.length + 2, problems };
}

/** Mark-read and dismiss of overlapping notifications, in the spec's three body forms, at once. */
export async function notificationStorm(origin: string, contactIds: string[]): Promise<Storm> {
  const call = caller(origin);
  const problems: string[] = [];
  const before = (await call('GET', '/notifications?limit=1000')).body as NotificationList;
  const ids = before.data.map((n) => n.id);
  if (ids.length < 10)
    return {
      name: 'mark-read and dismiss',
      writes: 0,
      reads: 1,
      problems: [`only ${ids.length} notifications to work on`],
    };
  const toRead = ids.filter((_, i) => i % 2 === 0);
  const toDismiss = ids.filter((_, i) => i % 3 === 0);
  const requests: [string, string, string, unknown][] = [
    ...toRead.map((id, i): [string, string, string, unknown] => [
      'markNotificationsRead',
      'PUT',
      '/notifications/read',
      i % 3 === 0
        ? [id]
        : i % 3 === 1
          ? { ids: [id, toRead[(i + 1) % toRead.length]] }
          : { notification_id: [id] },
    ]),
    ...toDismiss.map((id, i): [string, string, string, unknown] =>
      i % 2
        ? ['dismissNotifications', 'DELETE', '/notifications/dismiss', { notification_id: id }]
        : ['dismissNotificationsByPost', 'POST', '/notifications/dismiss', { ids: [id] }],
    ),
  ];
  const { result: answers, reads } = await withReads(call, contactIds, problems, () =>
    Promise.all(
      shuffled(requests, 7).map(async ([operationId, method, path, body]) => ({
        operationId,
        answer: await call(method, path, body),
      })),
    ),
  );
  for (const { operationId, answer } of answers) {
    const problem = checkAnswer(operationId, answer);
    if (problem) problems.push(problem);
  }
  const after = (await call('GET', '/notifications?limit=1000')).body as NotificationList;
  const left = new Map(after.data.map((n) => [n.id, n]));
  const dismissed = new Set(toDismiss);
  for (const id of ids) {
    if (dismissed.has(id) && left.has(id)) problems.push(`${id}: dismissed, still listed`);
    if (!dismissed.has(id) && !left.has(id) && !after.has_more)
      problems.push(`${id}: not dismissed, gone`);
  }
  for (const id of toRead)
    if (!dismissed.has(id) && left.has(id) && !left.get(id)!.is_read)
      problems.push(`${id}: marked read, still unread`);
  if (after.count !== before.count - dismissed.size)
    problems.push(
      `count went from ${before.count} to ${after.count} after ${dismissed.size} dismissals`,
    );
  if (!after.has_more && after.unread_count !== after.data.filter((n) => !n.is_read).length) {
    problems.push(
      `unread_count ${after.unread_count}, but ${after.data.filter((n) => !n.is_read).length} listed unread`,
    );
  }
  return { name: 'mark-read and dismiss', writes: requests.length, reads: reads + 2, problems };
}
