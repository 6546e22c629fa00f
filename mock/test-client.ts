/**
 * For tests: requests to a mock app that check every answer against the spec, so that no test can
 * forget to. An answer of a spec operation must be a documented status and media type with a body
 * that its schema accepts; any other answer (unknown path, preflight, `/__mock/*`, docs) must at least
 * carry `x-request-id` and, when it is a JSON error, be `{message}` (so must a fault asked for with
 * `Prefer: code=` that the operation does not document).
 */
import type { Hono } from 'hono';
import { formatViolation, judgeAnswer } from '../openapi/judge.ts';
import { mediaTypeOf, operations } from '../openapi/validator.ts';
import { createMockApp, PREFIXES, type MockOptions } from './app.ts';
import { UNDOCUMENTED_HEADER } from './middleware/errors.ts';

export const AUTH = Object.freeze({ 'x-access-token': 'mock-token' });

export interface CheckedAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text of any other media type. */
  body: any;
  /** The spec operation that answered, when the path and method are one. */
  operationId?: string;
}

export interface CheckedInit extends RequestInit {
  /** Sent as `application/json`. */
  json?: unknown;
}

// Paths with fewer parameters first, so that `/contacts/_search` is not taken for `/contacts/{contact_id}`.
const routes = operations
  .map((op) => ({
    op,
    params: (op.path.match(/\{/g) ?? []).length,
    pattern: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }))
  .sort((a, b) => a.params - b.params);

/** The spec operation a request reaches, if any. */
function operationOf(method: string, url: string): string | undefined {
  const path = new URL(url, 'http://mock').pathname;
  const prefix = PREFIXES.find((p) => path.startsWith(`${p}/`));
  if (!prefix) return undefined;
  const rest = path.slice(prefix.length);
  return routes.find((r) => r.op.method === method.toLowerCase() && r.pattern.test(rest))?.op
    .operationId;
}

export function checkedClient(app: Hono) {
  return async function request(
    path: string,
    { json, ...init }: CheckedInit = {},
  ): Promise<CheckedAnswer> {
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = new Headers(init.headers);
    if (json !== undefined) headers.set('content-type', 'application/json');
    const response = await app.request(path, {
      ...init,
      method,
      headers,
      body: json !== undefined ? JSON.stringify(json) : init.body,
    });
    const text = await response.text();
    const mediaType = mediaTypeOf(response.headers.get('content-type'));
    const where = `${method} ${path} → ${response.status}`;
    let body: unknown = text;
    if (mediaType === 'application/json') {
      try {
        body = JSON.parse(text);
      } catch {
        throw new Error(`${where}: the body is not JSON: ${text.slice(0, 200)}`);
      }
    }
    if (!response.headers.get('x-request-id')) throw new Error(`${where}: no x-request-id`);
    const operationId = operationOf(method, path);
    // A fault that `Prefer: code=` asked for outside the spec must still be the gateway's {message}.
    const undocumented = response.headers.get(UNDOCUMENTED_HEADER) === 'true';
    if (operationId && method !== 'HEAD' && !undocumented) {
      // The spec's one judge; a test that gets an off-spec answer fails here, whatever it asserts.
      const violations = judgeAnswer({
        operationId,
        status: response.status,
        contentType: response.headers.get('content-type'),
        text,
      });
      if (violations.length)
        throw new Error(`${where}: ${violations.map(formatViolation).join('; ')}`);
    } else if (mediaType === 'application/json' && response.status >= 400 && !isPlainAnswer(body)) {
      throw new Error(
        `${where}: an error outside the spec must be {message}: ${text.slice(0, 200)}`,
      );
    }
    return { status: response.status, headers: response.headers, body, operationId };
  };
}

function isPlainAnswer(body: unknown): boolean {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  const keys = Object.keys(body);
  return (
    keys.length === 1 &&
    keys[0] === 'message' &&
    typeof (body as Record<string, unknown>).message === 'string'
  );
}

/**
 * A mock with a small dataset and a checked client for it. Its token is given explicitly, so that a
 * wrong token stays wrong whatever the mock's default.
 */
export function testMock(options: MockOptions = {}) {
  const mock = createMockApp({ contacts: 300, tokens: [AUTH['x-access-token']], ...options });
  return { ...mock, request: checkedClient(mock.app) };
}

/** Ids to call the operations with, found through the API itself. */
export interface MockSamples {
  contactId: string;
  otherContactId: string;
  conversationId: string;
  boardItemId: string;
  notificationIds: string[];
}

export async function findSamples(
  request: ReturnType<typeof checkedClient>,
  prefix: string = PREFIXES[0],
  headers: Record<string, string> = AUTH,
): Promise<MockSamples> {
  const contacts = (await request(`${prefix}/contacts?limit=100`, { headers })).body.data as {
    id: string;
  }[];
  for (const { id } of contacts) {
    const items = (await request(`${prefix}/contacts/${id}/conversations`, { headers })).body
      .data as {
      conversation: { _id: string };
      contact?: { board_item_id?: string };
    }[];
    const item = items.find((i) => i.contact?.board_item_id);
    if (!item) continue;
    const notifications = (await request(`${prefix}/notifications?limit=5`, { headers })).body
      .data as { id: string }[];
    return {
      contactId: id,
      otherContactId: contacts.find((c) => c.id !== id)!.id,
      conversationId: item.conversation._id,
      boardItemId: item.contact!.board_item_id!,
      notificationIds: notifications.map((n) => n.id),
    };
  }
  throw new Error('no contact with a conversation and a board item among the first 100');
}
