import { describe, expect, it } from 'vitest';
import { headerViolations, judgeAnswer, type JudgedAnswer } from './judge.ts';

const list = { object_name: 'list', data: [], nested: {}, has_more: false, count: 0, total: 0 };
const answer = (
  status: number,
  body: unknown,
  contentType: string | null = 'application/json',
) => ({
  operationId: 'listContacts',
  status,
  contentType,
  text: typeof body === 'string' ? body : JSON.stringify(body),
});

const rows: [string, { given: JudgedAnswer; want: string[] }][] = [
  ['a conforming answer', { given: answer(200, list), want: [] }],
  [
    'a media type with parameters',
    { given: answer(200, list, 'application/json; charset=utf-8'), want: [] },
  ],
  [
    'a server error',
    {
      given: answer(500, { message: 'x' }),
      want: ['not_a_server_error', 'status_code_conformance'],
    },
  ],
  ['an undocumented status', { given: answer(201, list), want: ['status_code_conformance'] }],
  [
    'JSON labelled text/plain',
    { given: answer(200, list, 'text/plain'), want: ['content_type_conformance'] },
  ],
  [
    'CSV where JSON is documented',
    { given: answer(200, 'a,b', 'text/csv'), want: ['content_type_conformance'] },
  ],
  ['no content type', { given: answer(200, list, null), want: ['content_type_conformance'] }],
  [
    'a body that is not JSON',
    { given: answer(200, '{"data":'), want: ['response_schema_conformance'] },
  ],
  [
    'a body off the schema',
    { given: answer(200, { ...list, total: 'ten' }), want: ['response_schema_conformance'] },
  ],
  ['a documented error', { given: answer(401, { message: 'Unauthorized' }), want: [] }],
];

describe('judgeAnswer', () => {
  it.each(rows)('%s', (_, { given, want }) => {
    expect(judgeAnswer(given).map((v) => v.property)).toEqual(want);
  });

  it('says where a body breaks the schema, with the value cut short', () => {
    const [violation] = judgeAnswer(answer(200, { ...list, total: 'ten' }));
    expect(violation).toMatchObject({
      title: 'Response violates schema',
      received: '/total: "ten"',
    });
    expect(violation!.details!.join('\n')).toContain('/total');
  });
});

describe('headerViolations', () => {
  it.each([
    ['present', { 'x-request-id': 'r1' }, []],
    ['missing', {}, ['response_headers_conformance']],
    ['too long', { 'x-request-id': 'a'.repeat(256) }, ['response_headers_conformance']],
  ])('x-request-id %s', (_, headers, want) => {
    expect(
      headerViolations(answer(200, list), new Headers(headers)).map((v) => v.property),
    ).toEqual(want);
  });
});
