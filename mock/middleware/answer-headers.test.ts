import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { describe, expect, it } from 'vitest';
import { CORS_OPTIONS, answerHeaders, jsonAnswer } from './answer-headers.ts';
import { onError } from './errors.ts';

/** The same routes behind Hono's own two middlewares or behind answerHeaders(). */
function appWith(middleware: 'hono' | 'ours') {
  const app = new Hono();
  app.onError(onError());
  if (middleware === 'hono') app.use('*', requestId(), cors(CORS_OPTIONS));
  else app.use('*', answerHeaders());
  app.get('/json', (c) => c.json({ ok: true }));
  // A route's answer built with the request's headers from the start, against c.json() under Hono's.
  app.get('/answer', (c) =>
    middleware === 'ours' ? jsonAnswer(c, '{"ok":true}') : c.json({ ok: true }),
  );
  app.get('/own-headers', (c) => c.json({ ok: true }, 200, { 'x-extra': 'kept', vary: 'Accept' }));
  app.get('/raw', () => new Response('raw', { headers: { 'content-type': 'text/plain' } }));
  app.get('/fetched', () => Response.redirect('http://127.0.0.1/elsewhere', 302));
  app.get('/fails', () => {
    throw new HTTPException(400, { message: 'bad' });
  });
  app.get('/id', (c) => c.text(String(c.get('requestId'))));
  return app;
}

async function headersOf(middleware: 'hono' | 'ours', path: string, init: RequestInit = {}) {
  const response = await appWith(middleware).request(path, init);
  const headers = Object.fromEntries(response.headers);
  // A fresh id differs between the two runs; its presence is compared, not its value.
  if (headers['x-request-id']?.match(/^[0-9a-f-]{36}$/)) headers['x-request-id'] = '<uuid>';
  return { status: response.status, headers, body: await response.text() };
}

describe('answerHeaders', () => {
  const cases: [string, string, RequestInit][] = [
    ['a JSON answer with an Origin', '/json', { headers: { origin: 'https://app.example' } }],
    ['a JSON answer without an Origin', '/json', {}],
    ['a jsonAnswer() with an Origin', '/answer', { headers: { origin: 'https://app.example' } }],
    ['a jsonAnswer() without an Origin', '/answer', { headers: { 'x-request-id': 'trace-2' } }],
    [
      'an answer with headers of its own',
      '/own-headers',
      { headers: { origin: 'https://app.example' } },
    ],
    ['a raw Response', '/raw', { headers: { origin: 'https://app.example' } }],
    [
      'a Response with immutable headers',
      '/fetched',
      { headers: { origin: 'https://app.example' } },
    ],
    ['an error', '/fails', { headers: { origin: 'https://app.example' } }],
    ['a path nothing serves', '/nowhere', { headers: { origin: 'https://app.example' } }],
    ["a caller's request id", '/json', { headers: { 'x-request-id': 'trace-1_a=b' } }],
    ['a bad request id', '/json', { headers: { 'x-request-id': 'a b' } }],
    ['an empty Origin', '/json', { headers: { origin: '' } }],
    [
      'a preflight',
      '/json',
      {
        method: 'OPTIONS',
        headers: {
          origin: 'https://app.example',
          'access-control-request-method': 'PUT',
          'access-control-request-headers': 'x-access-token',
        },
      },
    ],
  ];
  it.each(cases)(
    "gives %s the headers Hono's requestId() and cors() give",
    async (_name, path, init) => {
      expect(await headersOf('ours', path, init)).toEqual(await headersOf('hono', path, init));
    },
  );

  it('exposes the request id to the route', async () => {
    const response = await appWith('ours').request('/id', {
      headers: { 'x-request-id': 'trace-7' },
    });
    expect(await response.text()).toBe('trace-7');
    expect(response.headers.get('vary')).toBe('Origin');
  });
});
