/**
 * Concurrent writes through a real port: afterwards the state equals some serial order of the
 * accepted writes, nothing accepted is lost, and every read made during the storm is spec-valid.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../mock/server.ts';
import { formatFailures, mediaTypeOf, responseValidator } from '../../openapi/validator.ts';
import { deref, type Schema } from './schema-values.ts';
import { serialOrder, type Fields } from './serial-order.ts';
import { spec } from '../../openapi/validator.ts';
import { TEXT_FIELDS, tagged } from './tagged-writes.ts';

const TOKEN = 'mock-token';
const BASE = '/v1/backend';
let mock: MockServer;

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown; type: string }> {
  const res = await fetch(`${mock.url}${BASE}${path}`, {
    method,
    headers: { 'x-access-token': TOKEN, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, type: mediaTypeOf(res.headers.get('content-type')) };
}

/** A read that must be spec-valid; returns a problem or undefined. */
function checkRead(operationId: string, answer: { status: number; body: unknown; type: string }): string | undefined {
  if (answer.status !== 200) return `${operationId}: status ${answer.status}`;
  const result = responseValidator(operationId, 200, answer.type)?.(answer.body);
  if (!result) return `${operationId}: undocumented media type ${answer.type}`;
  return result.ok ? undefined : `${operationId}: ${formatFailures(result.failures)}`;
}

/** Reads of every kind, in a loop until `stop()` says so, collecting each problem. */
function readStorm(contactIds: string[], stopped: () => boolean): Promise<{ reads: number; problems: string[] }> {
  const problems: string[] = [];
  let reads = 0;
  const loop = async (n: number) => {
    while (!stopped()) {
      const id = contactIds[n % contactIds.length]!;
      const reads4: [string, string][] = [
        ['listContacts', '/contacts?limit=50&sort=-updated_at'],
        ['getContact', `/contacts/${id}`],
        ['searchContacts', '/contacts/_search?q=w&limit=20'],
        ['listNotifications', '/notifications?limit=100'],
      ];
      const [operationId, path] = reads4[n++ % reads4.length]!;
      const problem = checkRead(operationId, await call('GET', path));
      reads++;
      if (problem) problems.push(problem);
    }
  };
  return Promise.all([0, 1, 2, 3].map(loop)).then(() => ({ reads, problems }));
}

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

let contactIds: string[] = [];

beforeAll(async () => {
  mock = await startMockServer({ port: 0, host: '127.0.0.1', contacts: 300 });
  const list = await call('GET', '/contacts?limit=200');
  contactIds = (list.body as { data: { id: string }[] }).data.map((c) => c.id);
});

afterAll(async () => {
  await mock?.close();
});

describe('concurrent writes', () => {
  it('leaves one whole write, never a mix, when 150 updates of one contact race; every answer is that write', async () => {
    expect(TEXT_FIELDS.length).toBeGreaterThan(3);
    const id = contactIds[0]!;
    const initial = (await call('GET', `/contacts/${id}`)).body as Fields;
    const writes = Array.from({ length: 150 }, (_, i) => tagged(`same${i}`));
    let done = false;
    const storm = readStorm([id], () => done);
    const answers = await Promise.all(writes.map((w) => call('PUT', `/contacts/${id}`, w)));
    done = true;
    const { reads, problems } = await storm;

    const accepted = writes.filter((_, i) => answers[i]!.status === 200);
    expect(accepted.length).toBe(writes.length);
    for (const [i, answer] of answers.entries()) {
      expect(checkRead('updateContact', answer)).toBeUndefined();
      // Each answer is its own write applied whole, not a neighbour's half.
      expect(serialOrder(initial, [writes[i]!], answer.body as Fields)).toBeDefined();
    }
    const final = (await call('GET', `/contacts/${id}`)).body as Fields;
    const untouched = Object.keys(initial).filter((f) => !(f in writes[0]!) && !['updated_at', 'display_name'].includes(f));
    expect(serialOrder(initial, accepted, final, untouched), JSON.stringify(final)).toBeDefined();
    expect(final.display_name).toBe(`${final.first_name} ${final.last_name}`);
    expect(final.updated_at).not.toBeNull();
    expect(reads).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('keeps every accepted write when updates of 60 contacts, with overlapping fields, race', async () => {
    const ids = contactIds.slice(10, 70);
    const initial = new Map<string, Fields>();
    for (const id of ids) initial.set(id, (await call('GET', `/contacts/${id}`)).body as Fields);
    const [a, b, c] = [TEXT_FIELDS.slice(0, 2), TEXT_FIELDS.slice(2, 4), [TEXT_FIELDS[1]!, TEXT_FIELDS[2]!]];
    const plan = ids.flatMap((id, n) => [
      { id, write: tagged(`x${n}`, a) },
      { id, write: tagged(`y${n}`, b) },
      { id, write: tagged(`z${n}`, c) },
    ]);
    let done = false;
    const storm = readStorm(ids, () => done);
    const answers = await Promise.all(shuffled(plan, 42).map(async (p) => ({ ...p, answer: await call('PUT', `/contacts/${p.id}`, p.write) })));
    done = true;
    const { reads, problems } = await storm;

    const lost: string[] = [];
    for (const id of ids) {
      const accepted = answers.filter((x) => x.id === id && x.answer.status === 200).map((x) => x.write);
      expect(accepted.length).toBe(3);
      const final = (await call('GET', `/contacts/${id}`)).body as Fields;
      const untouched = Object.keys(initial.get(id)!).filter((f) => !TEXT_FIELDS.slice(0, 4).some((t) => t.name === f) && !['updated_at', 'display_name'].includes(f));
      if (!serialOrder(initial.get(id)!, accepted, final, untouched)) lost.push(`${id}: ${JSON.stringify(final)}`);
    }
    expect(lost).toEqual([]);
    expect(reads).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('keeps every contact created concurrently', async () => {
    const before = ((await call('GET', '/contacts?limit=1')).body as { count: number }).count;
    const channelType = (deref(spec.components.schemas.ChannelType as Schema).enum as string[])[0];
    const answers = await Promise.all(Array.from({ length: 80 }, (_, i) => call('POST', '/contacts', { channel_type: channelType, first_name: `created${i}` })));
    const created = answers.filter((x) => x.status === 200).map((x) => x.body as { id: string; first_name: string });
    expect(created.length).toBe(80);
    expect(new Set(created.map((c) => c.id)).size).toBe(80);
    for (const c of created) expect(((await call('GET', `/contacts/${c.id}`)).body as Fields).first_name).toBe(c.first_name);
    expect(((await call('GET', '/contacts?limit=1')).body as { count: number }).count).toBe(before + 80);
  });

  it('applies concurrent mark-read and dismiss of overlapping notifications as some serial order would', async () => {
    const before = (await call('GET', '/notifications?limit=1000')).body as { data: { id: string; is_read: boolean }[]; count: number; unread_count: number };
    const ids = before.data.map((n) => n.id);
    expect(ids.length).toBeGreaterThan(20);
    const toRead = ids.filter((_, i) => i % 2 === 0);
    const toDismiss = ids.filter((_, i) => i % 3 === 0);
    // The three body forms of the spec, each id in several overlapping requests.
    const requests = [
      ...toRead.map((id, i) => call('PUT', '/notifications/read', i % 3 === 0 ? [id] : i % 3 === 1 ? { ids: [id, toRead[(i + 1) % toRead.length]] } : { notification_id: [id] })),
      ...toDismiss.map((id, i) => call(i % 2 ? 'DELETE' : 'POST', '/notifications/dismiss', i % 2 ? { notification_id: id } : { ids: [id] })),
    ];
    let done = false;
    const storm = readStorm(contactIds.slice(0, 5), () => done);
    const answers = await Promise.all(shuffled(requests, 7));
    done = true;
    const { problems } = await storm;
    for (const answer of answers) expect(checkRead(answer.body && 'success' in (answer.body as object) ? 'markNotificationsRead' : 'markNotificationsRead', answer)).toBeUndefined();

    const after = (await call('GET', '/notifications?limit=1000')).body as typeof before;
    const left = new Map(after.data.map((n) => [n.id, n]));
    const dismissed = new Set(toDismiss);
    for (const id of ids) {
      if (dismissed.has(id)) expect(left.has(id), `${id} was dismissed`).toBe(false);
      else expect(left.has(id), `${id} was not dismissed`).toBe(true);
    }
    for (const id of toRead) if (!dismissed.has(id)) expect(left.get(id)!.is_read, `${id} was marked read`).toBe(true);
    expect(after.count).toBe(before.count - dismissed.size);
    expect(after.unread_count).toBe(after.data.filter((n) => !n.is_read).length);
    expect(problems).toEqual([]);
  });
});
