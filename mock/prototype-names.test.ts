/**
 * No value from a request reaches a plain-object lookup: every name of `Object.prototype`, sent as
 * every query value and name, path segment, body key and `Prefer` token of every spec operation,
 * gets an answer the mock means (never a 5xx from finding the prototype's member instead).
 */
import { describe, expect, it } from 'vitest';
import { operations, parameters } from '../openapi/validator.ts';
import { createMockApp, PREFIXES } from './app.ts';
import { AUTH } from './test-client.ts';

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

const { app, store } = createMockApp({ seed: 5, contacts: 30 });
const contactId = store.listContacts({ sort: '-created_at', skip: 0, limit: 1 }).data[0]!.id;

/** The operation's path with each parameter set: a real contact's id, or `name` everywhere. */
function pathOf(template: string, segment: (param: string) => string): string {
  return PREFIXES[0] + template.replace(/\{([^}]+)\}/g, (_, param: string) => segment(param));
}

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

function requestsFor(name: string): Sent[] {
  const sent: Sent[] = [];
  const encoded = encodeURIComponent(name);
  for (const op of operations) {
    const method = op.method.toUpperCase();
    const queryNames = parameters(op)
      .filter((p) => p.in === 'query')
      .map((p) => p.name);
    const realPath = pathOf(op.path, (param) => (param === 'contact_id' ? contactId : encoded));
    const headers = { ...AUTH };
    // The name as each query value (one at a time: another's 400 would hide it), as a query name,
    // and as every path segment.
    for (const q of queryNames) sent.push({ method, url: `${realPath}?${q}=${encoded}`, headers });
    sent.push({ method, url: `${realPath}?${encoded}=1&${encoded}[${encoded}]=1`, headers });
    sent.push({ method, url: pathOf(op.path, () => encoded), headers });
    // As a Prefer token, and as the value of the tokens the mock knows.
    sent.push({ method, url: realPath, headers: { ...headers, prefer: `${name}=1` } });
    sent.push({ method, url: realPath, headers: { ...headers, prefer: `code=${name}` } });
    // As a body key, at the top and one level down.
    if (method !== 'GET') {
      const json = { ...headers, 'content-type': 'application/json' };
      for (const body of [
        `{"${name}":1}`,
        `{"${name}":{"${name}":1}}`,
        `{"ids":{"${name}":1}}`,
        `{"additional_params":{"${name}":1}}`,
      ])
        sent.push({ method, url: realPath, headers: json, body });
    }
  }
  return sent;
}

describe('names of Object.prototype sent by a client', () => {
  it('are many', () => expect(PROTOTYPE_NAMES.length).toBeGreaterThanOrEqual(12));

  it.each(PROTOTYPE_NAMES)('%s never gets a 5xx, anywhere in any operation', async (name) => {
    const failures: string[] = [];
    for (const { method, url, headers, body } of requestsFor(name)) {
      const res = await app.request(url, { method, headers, body });
      if (res.status >= 500) failures.push(`${method} ${url} ${body ?? ''} -> ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('are unknown notification types, not members found on the prototype', async () => {
    const res = await app.request(`${PREFIXES[0]}/notifications?type=constructor`, {
      headers: AUTH,
    });
    expect(res.status).toBe(200);
    expect((await res.json()).data).toEqual([]);
  });
});
