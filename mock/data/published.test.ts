/**
 * With the default seed and size, the records of the published examples are in the mock's data: a
 * curl copied from the documentation answers the published values, and every path parameter's
 * `example` in the spec names a record the mock has.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { operations, parameters } from '../../openapi/spec.ts';
import { examplesDir } from '../../openapi/published-examples.ts';
import { createMockApp } from '../app.ts';
import { contactId, contactIndex, seededContact } from './contact.ts';
import { createDataset } from './dataset.ts';
import { contactCreatedAt } from './timeline.ts';

type Json = Record<string, any>;
const published = (file: string): Json =>
  JSON.parse(readFileSync(`${examplesDir}${file}`, 'utf8')).value;

const { app } = createMockApp(); // the defaults: seed 1, 65,681 contacts
const get = async (path: string) => {
  const answer = await app.request(`/v1/backend${path}`, {
    headers: { 'x-access-token': 'mock-token' },
  });
  return { status: answer.status, body: (await answer.json()) as Json };
};

const listed = published('list-contacts.200.json').data as Json[];
const { action, ...updated } = published('update-contact.200.json');

describe('the published records, with the default seed', () => {
  it.each(listed.map((c) => [c.id, c] as const))(
    'GET /contacts/%s answers the published contact',
    async (id, record) => {
      expect(await get(`/contacts/${id}`)).toEqual({ status: 200, body: record });
    },
  );

  it('GET /contacts/{id} of the updated contact answers it as the update left it', async () => {
    expect(action).toBe('bu.contact_updated');
    expect(await get(`/contacts/${updated.id}`)).toEqual({ status: 200, body: updated });
  });

  it('PUT of the published request body answers the published contact, updated now', async () => {
    const { app: fresh } = createMockApp();
    const answer = await fresh.request(`/v1/backend/contacts/${updated.id}`, {
      method: 'PUT',
      headers: { 'x-access-token': 'mock-token', 'content-type': 'application/json' },
      body: JSON.stringify(published('update-contact.request.json')),
    });
    const body = (await answer.json()) as Json;
    expect(answer.status).toBe(200);
    expect({ ...body, updated_at: 'now' }).toEqual({
      ...published('update-contact.200.json'),
      updated_at: 'now',
    });
  });

  it("the updated contact's conversations are the published ones, for all channels and for one", async () => {
    expect(await get(`/contacts/${updated.id}/conversations`)).toEqual({
      status: 200,
      body: published('contact-conversations.all-channels.200.json'),
    });
    expect(await get(`/contacts/${updated.id}/conversations?channel_types=web`)).toEqual({
      status: 200,
      body: published('contact-conversations.web.200.json'),
    });
  });

  it('the board item of the published conversation leads to its contact', async () => {
    const conversation = published('contact-conversations.all-channels.200.json').data[0];
    expect(await get(`/contacts/by-board-item/${conversation.contact.board_item_id}`)).toEqual({
      status: 200,
      body: updated,
    });
  });

  it('the published notifications are in the list, with the published count', async () => {
    const { status, body } = await get('/notifications?limit=1000');
    expect(status).toBe(200);
    expect(body.count).toBe(published('list-notifications.200.json').count);
    for (const notification of published('list-notifications.200.json').data) {
      expect(body.data).toContainEqual(notification);
    }
  });

  it('the published page is a page of the -created_at order, in its order', async () => {
    const { body } = await get('/contacts?limit=200&skip=0&sort=-created_at');
    const ids = (body.data as Json[]).map((c) => c.id);
    const positions = listed.map((c) => ids.indexOf(c.id));
    expect(positions[0]).toBe(0);
    expect(positions.every((p, k) => p > (positions[k - 1] ?? -1))).toBe(true);
    expect(body.count).toBe(65_681);
  });
});

describe('the records they replace', () => {
  const ds = createDataset(1, 65_681);
  const replaced = [...ds.published.contacts.keys()];

  it('keep creation times falling strictly with the index, so index order stays -created_at', () => {
    for (const i of replaced) {
      const at = (k: number) => Date.parse(seededContact(ds, k).created_at);
      if (i > 0) expect(at(i - 1)).toBeGreaterThan(at(i));
      expect(at(i)).toBeGreaterThan(at(i + 1));
      if (!replaced.includes(i + 1)) expect(at(i + 1)).toBe(contactCreatedAt(ds.seed, i + 1));
    }
  });

  it('are gone: their generated ids no longer resolve, the published ids do', () => {
    const plain = createDataset(1, 65_681);
    // The same dataset with no published record: what the replaced ids were.
    const generated = { ...plain, published: createDataset(2, 0).published };
    for (const i of replaced) {
      expect(contactIndex(generated, contactId(generated, i))).toBe(i);
      expect(contactIndex(ds, contactId(generated, i))).toBeUndefined();
      expect(contactIndex(ds, contactId(ds, i))).toBe(i);
    }
    expect(replaced).toHaveLength(11);
  });

  it('only with the default seed: another seed has no published record', () => {
    const other = createDataset(2, 65_681);
    expect(other.published.contacts.size).toBe(0);
    expect(contactIndex(other, listed[0]!.id)).toBeUndefined();
  });
});

describe("the spec's path parameter examples", () => {
  const gets = operations.filter(
    (op) => op.method === 'get' && parameters(op).some((p) => p.in === 'path'),
  );

  it.each(gets.map((op) => [op.operationId, op] as const))(
    '%s answers 200 with them',
    async (_, op) => {
      let path = op.path;
      for (const p of parameters(op).filter((p) => p.in === 'path')) {
        const example = (p as { example?: string }).example;
        expect(example, p.name).toBeTypeOf('string');
        path = path.replace(`{${p.name}}`, example!);
      }
      expect(
        (await app.request(`/v1/backend${path}`, { headers: { 'x-access-token': 'mock-token' } }))
          .status,
      ).toBe(200);
    },
  );
});
