import { describe, expect, it } from 'vitest';
import type { FuzzRequest } from '../../contract-tests/generate/requests.ts';
import { judge, type FuzzAnswer } from './judge.ts';

const list = { object_name: 'list', data: [], nested: {}, has_more: false, count: 0, total: 0 };

function request(overrides: Partial<FuzzRequest> = {}): FuzzRequest {
  return {
    kind: 'valid',
    detail: 'valid',
    operationId: 'listContacts',
    method: 'GET',
    url: '/v1/backend/contacts',
    headers: {},
    expect: 'accept',
    ...overrides,
  };
}

function answer(status: number, body: unknown, headers: Record<string, string> = {}): FuzzAnswer {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    status,
    text,
    headers: new Headers({ 'content-type': 'application/json', 'x-request-id': 'r1', ...headers }),
  };
}

const rows: [string, { given: [FuzzRequest, FuzzAnswer]; want: string[] }][] = [
  ['a conforming answer', { given: [request(), answer(200, list)], want: [] }],
  [
    'a server error',
    {
      given: [request(), answer(500, { message: 'Internal Server Error' })],
      want: ['not_a_server_error', 'status_code_conformance', 'positive_data_acceptance'],
    },
  ],
  [
    'an undocumented status',
    {
      given: [request({ expect: 'reject' }), answer(422, { message: 'x' })],
      want: ['status_code_conformance'],
    },
  ],
  [
    'an undocumented media type',
    {
      given: [request(), answer(200, 'a,b', { 'content-type': 'text/csv' })],
      want: ['content_type_conformance'],
    },
  ],
  [
    'a body off the schema',
    {
      given: [request(), answer(200, { ...list, total: 'ten' })],
      want: ['response_schema_conformance'],
    },
  ],
  [
    'a body that is not JSON',
    { given: [request(), answer(200, '{"data":')], want: ['response_schema_conformance'] },
  ],
  [
    'no x-request-id',
    {
      given: [
        request(),
        { ...answer(200, list), headers: new Headers({ 'content-type': 'application/json' }) },
      ],
      want: ['response_headers_conformance'],
    },
  ],
  [
    'an x-request-id longer than documented',
    {
      given: [request(), answer(200, list, { 'x-request-id': 'a'.repeat(256) })],
      want: ['response_headers_conformance'],
    },
  ],
  [
    'an invalid request accepted',
    {
      given: [request({ expect: 'reject', detail: 'query.limit.maximum' }), answer(200, list)],
      want: ['negative_data_rejection'],
    },
  ],
  [
    'a valid request refused',
    {
      given: [request(), answer(400, { message: 'query.limit: must be integer' })],
      want: ['positive_data_acceptance'],
    },
  ],
  [
    'a valid request for a missing record',
    {
      given: [request({ operationId: 'getContact' }), answer(400, { message: 'Not Found' })],
      want: [],
    },
  ],
  [
    'an unexpected status',
    {
      given: [request({ expect: 'reject', statuses: [401] }), answer(400, { message: 'x' })],
      want: ['expected_status'],
    },
  ],
  [
    '431 to a request head beyond the transport limit',
    {
      given: [
        request({ expect: 'reject', url: `/v1/backend/contacts?q=${'x'.repeat(20_000)}` }),
        answer(431, ''),
      ],
      want: [],
    },
  ],
  [
    '431 to a small request',
    { given: [request(), answer(431, '')], want: ['status_code_conformance'] },
  ],
];

describe('judge', () => {
  it.each(rows)('%s', (_, { given, want }) => {
    expect(judge(...given).map((p) => p.check)).toEqual(want);
  });
});
