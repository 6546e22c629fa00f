/**
 * Concurrent writes through a real port (`startMockServer`): afterwards the state equals some serial
 * order of the accepted writes, nothing accepted is lost, and every read during the storm is spec-valid.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../mock/server.ts';
import {
  caller,
  createStorm,
  manyContactsStorm,
  notificationStorm,
  sameContactStorm,
} from './concurrency.ts';
import type { ContactList } from '../../openapi/types.ts';

let mock: MockServer;
let contactIds: string[] = [];

beforeAll(async () => {
  mock = await startMockServer({ port: 0, host: '127.0.0.1', contacts: 300 });
  const list = await caller(mock.url)('GET', '/contacts?limit=200');
  contactIds = (list.body as ContactList).data.map((c) => c.id);
});

afterAll(async () => {
  await mock?.close();
});

describe('concurrent writes', () => {
  it('150 racing updates of one contact leave one whole write, never a mix; each answer is its own write', async () => {
    const storm = await sameContactStorm(mock.url, contactIds[0]!, 150);
    expect(storm.problems).toEqual([]);
    expect(storm.reads).toBeGreaterThan(0);
  });

  it('racing updates of 60 contacts over overlapping fields keep every accepted write', async () => {
    const storm = await manyContactsStorm(mock.url, contactIds.slice(10, 70));
    expect(storm.problems).toEqual([]);
    expect(storm.writes).toBe(180);
  });

  it('80 concurrent creates are all kept, each with its own id', async () => {
    const storm = await createStorm(mock.url, 80);
    expect(storm.problems).toEqual([]);
  });

  it('concurrent mark-read and dismiss of overlapping notifications end as some serial order would', async () => {
    const storm = await notificationStorm(mock.url, contactIds.slice(0, 5));
    expect(storm.problems).toEqual([]);
    expect(storm.writes).toBeGreaterThan(10);
  });
});
