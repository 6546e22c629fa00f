// @vitest-environment jsdom
/**
 * The mock behind MSW in a jsdom test, as a component's unit test runs: the page's `XMLHttpRequest`
 * (what axios and older clients send with) and `fetch` reach the gateway's URL and get the seeded
 * data, and a write is seen by the next read.
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockApp } from './app.ts';
import { createMockHandlers } from './msw.ts';
import type { Contact, ContactList } from '../openapi/types.ts';

const TOKEN = 'jsdom-token';
const SEED = { seed: 4, contacts: 30, tokens: [TOKEN] };
const LIST = 'https://app-gateway.imbrace.co/v1/backend/contacts?limit=5';

const server = setupServer(...createMockHandlers(SEED));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

/** Sends with jsdom's XMLHttpRequest and answers the status and the parsed JSON body. */
function xhr<T>(method: string, url: string, body?: string): Promise<{ status: number; json: T }> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(method, url);
    request.setRequestHeader('x-access-token', TOKEN);
    if (body !== undefined) request.setRequestHeader('content-type', 'application/json');
    request.onload = () =>
      resolve({ status: request.status, json: JSON.parse(request.responseText) });
    request.onerror = () => reject(new Error(`${method} ${url} failed`));
    request.send(body);
  });
}

describe('createMockHandlers in jsdom', () => {
  it('runs in a DOM environment', () => {
    expect(typeof window).toBe('object');
    expect(window.navigator.userAgent).toMatch(/jsdom/);
  });

  it('answers XMLHttpRequest and fetch with the seeded data', async () => {
    const { app } = createMockApp(SEED);
    const direct = await (
      await app.request('/v1/backend/contacts?limit=5', { headers: { 'x-access-token': TOKEN } })
    ).json();
    const viaXhr = await xhr<ContactList>('GET', LIST);
    expect(viaXhr.status).toBe(200);
    expect(viaXhr.json).toEqual(direct);
    const viaFetch = await fetch(LIST, { headers: { 'x-access-token': TOKEN } });
    expect(await viaFetch.json()).toEqual(direct);
  });

  it('shows a write sent with XMLHttpRequest to the next read', async () => {
    const first = (await xhr<ContactList>('GET', LIST)).json.data[0]!;
    const url = `https://app-gateway.imbrace.co/v1/backend/contacts/${first.id}`;
    const put = await xhr('PUT', url, JSON.stringify({ first_name: 'FromJsdom' }));
    expect(put.status).toBe(200);
    expect((await xhr<Contact>('GET', url)).json.first_name).toBe('FromJsdom');
  });
});
