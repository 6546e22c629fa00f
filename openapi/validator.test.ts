import { describe, expect, it } from 'vitest';
import { formatFailures, preview } from './failures.ts';
import { documentedResponses, operations } from './spec.ts';
import { requestValidator, type RequestInput } from './validate-request.ts';
import { responseValidator } from './validate-response.ts';

const CONTACT = 'con_66d67483-8982-43d6-acbe-139568688add';

describe('requestValidator', () => {
  const accepted: [string, string, RequestInput, Record<string, unknown>][] = [
    [
      'defaults come from the spec',
      'listContacts',
      { query: {} },
      { limit: 10, skip: 0, sort: '-created_at' },
    ],
    [
      'URL strings become integers',
      'listContacts',
      { query: { limit: '25', skip: '50' } },
      { limit: 25, skip: 50 },
    ],
    [
      'a descending sort',
      'listContacts',
      { query: { sort: '-display_name' } },
      { sort: '-display_name' },
    ],
    [
      'one channel type becomes a list',
      'listContactConversations',
      { path: { contact_id: CONTACT }, query: { channel_types: 'web' } },
      { channel_types: ['web'] },
    ],
    [
      'repeated channel types',
      'listContactConversations',
      { path: { contact_id: CONTACT }, query: { channel_types: ['web', 'whatsapp'] } },
      { channel_types: ['web', 'whatsapp'] },
    ],
    [
      'search type text',
      'searchContacts',
      { query: { q: 'ann', type: 'text' } },
      { q: 'ann', type: 'text' },
    ],
  ];
  it.each(accepted)('accepts: %s', (_, operationId, input, query) => {
    const result = requestValidator(operationId)(input);
    expect(result.ok ? result.value.query : formatFailures(result.failures)).toMatchObject(query);
  });

  const rejected: [string, string, RequestInput, string][] = [
    [
      'limit above its maximum',
      'listContacts',
      { query: { limit: '5000' } },
      'query.limit: must be <= 1000 (got 5000)',
    ],
    ['limit zero', 'listContacts', { query: { limit: '0' } }, 'query.limit: must be >= 1 (got 0)'],
    [
      'limit not a number',
      'listContacts',
      { query: { limit: 'ten' } },
      'query.limit: must be integer (got "ten")',
    ],
    [
      'limit a fraction',
      'listContacts',
      { query: { limit: '1.5' } },
      'query.limit: must be integer (got "1.5")',
    ],
    [
      'limit in hex',
      'listContacts',
      { query: { limit: '0x10' } },
      'query.limit: must be integer (got "0x10")',
    ],
    [
      'limit in exponent form',
      'listContacts',
      { query: { limit: '1e3' } },
      'query.limit: must be integer (got "1e3")',
    ],
    [
      'limit with a leading space',
      'listContacts',
      { query: { limit: ' 5' } },
      'query.limit: must be integer (got " 5")',
    ],
    [
      'limit Infinity',
      'listContacts',
      { query: { limit: 'Infinity' } },
      'query.limit: must be integer (got "Infinity")',
    ],
    [
      'skip past the safe integers',
      'listContacts',
      { query: { skip: '9'.repeat(400) } },
      'query.skip: must be integer',
    ],
    [
      'negative skip',
      'listContacts',
      { query: { skip: '-1' } },
      'query.skip: must be >= 0 (got -1)',
    ],
    [
      'a repeated scalar',
      'listContacts',
      { query: { limit: ['1', '2'] } },
      'query.limit: must be integer',
    ],
    [
      'an unknown sort field',
      'listContacts',
      { query: { sort: 'password' } },
      'query.sort: must be one of created_at, -created_at',
    ],
    [
      'an unknown channel type',
      'listContactConversations',
      { path: { contact_id: CONTACT }, query: { channel_types: ['web', 'telegram'] } },
      'query.channel_types.1: must be one of web',
    ],
    [
      'a contact id without its prefix',
      'updateContact',
      { path: { contact_id: '66d67483' }, body: {} },
      'path.contact_id: must match pattern',
    ],
    [
      'an unknown search type',
      'searchContacts',
      { query: { type: 'fuzzy' } },
      'query.type: must be one of text (got "fuzzy")',
    ],
    [
      'an unknown body field',
      'updateContact',
      { path: { contact_id: CONTACT }, body: { nickname: 'x' } },
      'body.nickname: is not allowed',
    ],
    [
      'a gender word instead of a code',
      'updateContact',
      { path: { contact_id: CONTACT }, body: { gender: 'Male' } },
      'body.gender: must be one of m, f, o, ""',
    ],
    [
      'a malformed email',
      'updateContact',
      { path: { contact_id: CONTACT }, body: { email: 'nope' } },
      'body.email: must NOT have more than 0 characters or must match format "email"',
    ],
    ['a missing body', 'updateContact', { path: { contact_id: CONTACT } }, 'body: is required'],
    [
      'a body of the wrong type',
      'updateContact',
      { path: { contact_id: CONTACT }, body: ['x'] },
      'body: must be object',
    ],
    [
      'an empty id list',
      'markNotificationsRead',
      { body: [] },
      'body: must NOT have fewer than 1 items',
    ],
    [
      'ids without their prefix',
      'markNotificationsRead',
      { body: ['123'] },
      'body.0: must match pattern',
    ],
    [
      'a search body without query',
      'searchContactsByBody',
      { body: { limit: 5 } },
      'body.query: is required',
    ],
  ];
  it.each(rejected)('rejects %s, naming it', (_, operationId, input, message) => {
    const result = requestValidator(operationId)(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(formatFailures(result.failures)).toContain(message);
  });

  it.each([
    ['the published bare array', ['not_a3bd1037-d190-4195-8071-0673b1ed3f97']],
    ["the service export's ids object", { ids: ['not_a3bd1037-d190-4195-8071-0673b1ed3f97'] }],
    ["the SDK's id list", { notification_id: ['not_a3bd1037-d190-4195-8071-0673b1ed3f97'] }],
    ["the SDK's single id", { notification_id: 'not_a3bd1037-d190-4195-8071-0673b1ed3f97' }],
  ])('accepts %s as a notification selection', (_, body) => {
    for (const operationId of [
      'markNotificationsRead',
      'dismissNotifications',
      'dismissNotificationsByPost',
    ]) {
      expect(requestValidator(operationId)({ body }).ok).toBe(true);
    }
  });

  it('reports each failure as place, rule and value', () => {
    const result = requestValidator('listContacts')({ query: { limit: '5000' } });
    expect(result).toEqual({
      ok: false,
      failures: [{ at: 'query.limit', rule: 'maximum', expected: 'must be <= 1000', actual: 5000 }],
    });
  });

  it('hands out one compiled validator per operation', () => {
    expect(requestValidator('listContacts')).toBe(requestValidator('listContacts'));
  });
});

describe('responseValidator', () => {
  it('exists for every documented status and media type, and only for those', () => {
    for (const op of operations) {
      for (const [status, mediaTypes] of documentedResponses(op.operationId)) {
        for (const mediaType of mediaTypes)
          expect(
            responseValidator(op.operationId, status, mediaType),
            `${op.operationId} ${status}`,
          ).toBeTypeOf('function');
      }
      expect(responseValidator(op.operationId, 500, 'application/json')).toBeUndefined();
      expect(responseValidator(op.operationId, 200, 'text/html')).toBeUndefined();
    }
  });

  it('names the JSON pointer of a drifted field', () => {
    const result = responseValidator('listContacts', 401, 'application/json')!({ message: 1 });
    expect(result.ok ? '' : formatFailures(result.failures)).toBe(
      '/message: must be string (got 1)',
    );
  });
});

describe('operations', () => {
  it('lists every operation once, each with a unique id', () => {
    const ids = operations.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('listContacts');
  });
});

it('preview cuts long values short and never throws', () => {
  let deep: unknown = 1;
  for (let i = 0; i < 20_000; i++) deep = { a: deep };
  expect(preview(deep)).toBe('{…}');
  expect(preview('x'.repeat(500))).toHaveLength(80);
  expect(preview({ a: 1 })).toBe('{"a":1}');
});
