import {
  createServer,
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockApp, type MockOptions } from './app.ts';
import { createStore } from './store/create-store.ts';
import { nodeFastPath, STOOD_IN_FOR } from './node-fast-path.ts';
import type { RequestLogEntry } from './middleware/request-log.ts';
import { startMockServer } from './server.ts';
import { AUTH } from './test-client.ts';

const LIST = '/v1/backend/contacts?limit=3&sort=display_name';
const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

async function listen(listener: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/**
 * The mock behind the fast path as server.ts wires it, recording which of the two answered, and
 * `appPort`, where the same mock's app answers every request.
 */
async function serve(options: MockOptions = {}, { writes = false } = {}) {
  const mock = createMockApp({ contacts: 200, ...options });
  const fastPath = nodeFastPath(mock, { writes });
  const toApp = getRequestListener(mock.app.fetch);
  const answeredBy: ('fast path' | 'app')[] = [];
  const port = await listen((req, res) => {
    if (fastPath(req, res)) answeredBy.push('fast path');
    else {
      answeredBy.push('app');
      void toApp(req, res);
    }
  });
  const appPort = await listen((req, res) => void toApp(req, res));
  return { mock, answeredBy, port, appPort };
}

/** Request headers; a list is sent as repeated lines. */
type SentHeaders = Record<string, string | string[]>;

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A raw request (repeated headers as arrays are sent as repeated lines, which fetch cannot do). */
function send(
  port: number,
  path: string,
  headers: SentHeaders = AUTH,
  method = 'GET',
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        headers: headers as OutgoingHttpHeaders,
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Asks for the list page twice: the app keeps an answer the second time it is asked for. */
async function keep(port: number): Promise<Answer> {
  await send(port, LIST);
  return send(port, LIST);
}

/** What a client can compare between two answers: all but the date and a fresh request id. */
function comparable({ status, headers, body }: Answer, sentId?: string) {
  const { date: _date, 'x-request-id': id, ...rest } = headers;
  if (sentId) expect(id).toBe(sentId);
  else expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  return { status, headers: rest, body };
}

const SEARCH = '/backend/v1/contacts/_search?q=an&type=text&limit=4&sort=-email&skip=1';
/** A search for text a URL carries percent-encoded: a space, a "#", a non-ASCII letter. */
const ENCODED_SEARCHES = [
  '/v1/backend/contacts/_search?q=a%20&type=text&limit=4&sort=email',
  '/v1/backend/contacts/_search?q=%23&type=text&limit=4',
  '/v1/backend/contacts/_search?q=%c3%a9&type=text&limit=4',
];

describe('the fast path for kept reads', () => {
  let log: RequestLogEntry[];
  beforeEach(() => {
    log = [];
  });

  it.each([
    ['no Origin and no request id', {}],
    ['an Origin', { origin: 'https://app.example' }],
    ['a request id of the caller', { 'x-request-id': 'trace-42_a=b' }],
    ['a request id that is not one', { 'x-request-id': 'not an id' }],
  ])(
    'answers a read, new and kept, with %s exactly as the app does',
    async (_name, extra: Record<string, string>) => {
      const { port, appPort, answeredBy } = await serve({ log: (e) => log.push(e) });
      const sentId = extra['x-request-id']?.includes(' ') ? undefined : extra['x-request-id'];
      for (const path of [LIST, SEARCH, ...ENCODED_SEARCHES]) {
        log = [];
        const fromApp = await send(appPort, path, { ...AUTH, ...extra });
        expect(fromApp.status).toBe(200);
        // Built, built and kept, then answered from the cache.
        for (let asked = 0; asked < 3; asked++) {
          const answer = await send(port, path, { ...AUTH, ...extra });
          expect(comparable(answer, sentId)).toEqual(comparable(fromApp, sentId));
        }
        const [appEntry, ...entries] = log.map(({ ms: _ms, requestId: _id, ...entry }) => entry);
        expect(appEntry).toEqual({ method: 'GET', path, status: 200 });
        expect(entries).toEqual([appEntry, appEntry, appEntry]);
        if (sentId) expect(log.map((e) => e.requestId)).toEqual(Array(4).fill(sentId));
      }
      expect(answeredBy).toEqual(Array(15).fill('fast path'));
    },
  );

  it('never serves an answer from before a write', async () => {
    const { port, appPort, answeredBy, mock } = await serve();
    await send(port, LIST);
    const before = JSON.parse((await send(port, LIST)).body);
    const id = before.data[0].id;
    await mock.app.request(`/v1/backend/contacts/${id}`, {
      method: 'PUT',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ display_name: 'Zz Renamed' }),
    });
    const after = (await send(port, LIST)).body;
    expect(JSON.parse(after).data.map((c: { id: string }) => c.id)).not.toContain(id);
    expect(after).toBe((await send(appPort, LIST)).body);
    expect((await send(port, LIST)).body).toBe(after);
    expect((await send(port, LIST)).body).toBe(after);
    expect(answeredBy).toEqual(Array(5).fill('fast path'));
  });

  it('answers only the reads it knows, on every prefix, in the workspace named once it exists', async () => {
    const { port, appPort, answeredBy } = await serve();
    const named = { ...AUTH, 'x-mock-workspace': 'team-a' };
    for (const path of [
      LIST.replace('/v1/backend', '/channel-service/v1'),
      '/v1/backend/contacts/_search?q=zzzzqqq&type=text',
    ])
      expect((await send(port, path)).body).toBe((await send(appPort, path)).body);
    await send(port, LIST, named);
    await send(port, LIST, named);
    expect(answeredBy).toEqual(['fast path', 'fast path', 'app', 'fast path']);
    const contact = JSON.parse((await send(port, LIST)).body).data[0];
    for (const path of [
      `/v1/backend/contacts/${contact.id}`,
      '/v1/backend/contacts/',
      '/v1/backend/notifications',
    ])
      expect((await send(port, path)).body).toBe((await send(appPort, path)).body);
    expect(answeredBy.slice(-3)).toEqual(['app', 'app', 'app']);
  });

  it.each<[string, SentHeaders]>([
    ['no credential', {}],
    ['a wrong token', { 'x-access-token': 'wrong' }],
    ['the token twice', { 'x-access-token': ['mock-token', 'mock-token'] }],
    ['a bearer token without an organization', { authorization: 'Bearer mock-token' }],
    [
      'two Authorization headers',
      { authorization: ['Bearer mock-token', 'Bearer other'], 'x-organization-id': 'org_1' },
    ],
  ])('lets the app refuse %s, even for a kept answer', async (_name, headers) => {
    const { port, answeredBy } = await serve({ tokens: ['mock-token'] });
    await keep(port);
    const refused = await send(port, LIST, headers);
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toEqual({ message: 'Unauthorized' });
    expect(answeredBy).toEqual(['fast path', 'fast path', 'app']);
  });

  it.each<[string, SentHeaders]>([
    ['x-api-key', { 'x-api-key': 'mock-token' }],
    [
      'a bearer token with an organization',
      { authorization: 'Bearer mock-token', 'x-organization-id': 'org_1' },
    ],
  ])('accepts %s as the app does', async (_name, headers) => {
    const { port, answeredBy } = await serve();
    const first = await keep(port);
    const third = await send(port, LIST, headers);
    expect(answeredBy).toEqual(['fast path', 'fast path', 'fast path']);
    expect(third.body).toBe(first.body);
  });

  it('leaves requests it cannot answer the same way to the app', async () => {
    const { port, appPort, answeredBy } = await serve();
    await keep(port);
    expect((await send(port, LIST, { ...AUTH, prefer: 'code=401' })).status).toBe(401);
    expect((await send(port, LIST, AUTH, 'HEAD')).status).toBe(200);
    expect((await send(port, LIST.replace('contacts', '%63ontacts'))).status).toBe(200);
    const invalid = await send(port, `${LIST}&limit=x`);
    expect(invalid.status).toBe(400);
    expect(invalid.body).toBe((await send(appPort, `${LIST}&limit=x`)).body);
    const clash = await send(port, '/v1/backend/contacts?skip=1&offset=2');
    expect(clash.status).toBe(400);
    expect(JSON.parse(clash.body).message).toMatch(/^query\.offset: must equal query\.skip/);
    expect(answeredBy).toEqual(['fast path', 'fast path', 'app', 'app', 'app', 'app', 'app']);
  });

  it("hands a request to the app when Node refuses to write its answer's headers, instead of throwing", async () => {
    const { port, mock } = await serve();
    await keep(port);
    const req = {
      method: 'GET',
      url: LIST,
      headers: { ...AUTH, origin: 'https://app.example\n' },
      headersDistinct: {},
    } as unknown as IncomingMessage;
    let ended = false;
    const res = {
      writeHead: () => {
        throw new TypeError('Invalid character in header content ["access-control-allow-origin"]');
      },
      end: () => (ended = true),
    } as unknown as ServerResponse;
    expect(nodeFastPath(mock)(req, res)).toBe(false);
    expect(ended).toBe(false);
  });

  it("leaves a write to the app when Node would refuse its answer's headers, before writing", async () => {
    const { mock } = await serve({}, { writes: true });
    const before = mock.store.version;
    const req = {
      method: 'PUT',
      url: '/v1/backend/contacts/con_x',
      headers: {
        ...AUTH,
        host: 'localhost',
        'content-type': 'application/json',
        'content-length': '2',
        origin: 'https://app.example\n',
      },
      headersDistinct: {},
    } as unknown as IncomingMessage;
    expect(nodeFastPath(mock, { writes: true })(req, {} as ServerResponse)).toBe(false);
    expect(mock.store.version).toBe(before);
  });

  it('is off when every answer is delayed', async () => {
    const { port, answeredBy } = await serve({ latency: 30 });
    await keep(port);
    const started = performance.now();
    await send(port, LIST);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    expect(answeredBy).toEqual(['app', 'app', 'app']);
  });
});

describe('the fast path against the app', () => {
  it('knows every middleware the app runs (a new one would be skipped for kept reads)', () => {
    const { app } = createMockApp({ contacts: 3, log: () => {} });
    const middleware = app.routes.filter((r) => r.method === 'ALL').map((r) => r.handler.name);
    expect([...new Set(middleware)]).toEqual([...STOOD_IN_FOR]);
  });

  /** A raw request, written as is: what fetch and http.request cannot send (no Host, HTTP/1.0). */
  function rawRequest(port: number, head: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.end(head));
      let answer = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (answer += chunk));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });
  }

  it.each([
    ['HTTP/1.0 with no Host', `GET ${LIST} HTTP/1.0\r\nx-access-token: mock-token\r\n\r\n`],
    [
      'a Host the app cannot parse',
      `GET ${LIST} HTTP/1.1\r\nHost: [bad\r\nx-access-token: mock-token\r\nConnection: close\r\n\r\n`,
    ],
  ])('refuses %s as the app does, even for a kept answer', async (_name, head) => {
    const { port, answeredBy } = await serve();
    await keep(port);
    const answer = await rawRequest(port, head);
    expect(answer).toMatch(/^HTTP\/1\.[01] 400 /);
    expect(answeredBy).toEqual(['fast path', 'fast path', 'app']);
  });
});

describe('the fast path for direct writes', () => {
  const NOW = new Date('2026-05-01T10:00:00.000Z');
  /** Two mocks on the same seed and clock: one behind the fast path with writes on, one app alone. */
  async function twoMocks() {
    const log: RequestLogEntry[] = [];
    const options = { store: createStore({ seed: 1, contacts: 200, now: () => NOW }) };
    const fast = await serve({ ...options, log: (entry) => log.push(entry) }, { writes: true });
    const alone = await serve({ store: createStore({ seed: 1, contacts: 200, now: () => NOW }) });
    const id = JSON.parse((await send(alone.appPort, LIST)).body).data[0].id as string;
    return { fast, alone, id, log };
  }
  const json = { ...AUTH, 'content-type': 'application/json' };

  it('answers an update exactly as the app does, and every read shows it', async () => {
    const { fast, alone, id, log } = await twoMocks();
    const path = `/v1/backend/contacts/${id}`;
    const body = JSON.stringify({ first_name: 'Zoë "Q"', labels: ['VIP'] });
    const answers = [
      await send(fast.port, path, json, 'PUT', body),
      await send(alone.appPort, path, json, 'PUT', body),
    ];
    expect(answers[0]!.status).toBe(200);
    expect(comparable(answers[0]!)).toEqual(comparable(answers[1]!));
    expect(fast.answeredBy).toEqual(['fast path']);
    expect(log.map(({ ms: _ms, requestId: _id, ...entry }) => entry)).toEqual([
      { method: 'PUT', path, status: 200 },
    ]);
    for (const read of [path, LIST, `/v1/backend/contacts/_search?q=zo&type=text`])
      expect((await send(fast.port, read)).body).toBe((await send(alone.appPort, read)).body);
  });

  it.each([
    ['a body that is not JSON', json, '{"first_name":', 'fast path'],
    ['a body the spec refuses', json, '{"first_name":7}', 'fast path'],
    ['an empty body', json, '', 'fast path'],
    ['another media type', { ...AUTH, 'content-type': 'text/plain' }, '{}', 'fast path'],
    ['a contact that does not exist', json, '{"first_name":"A"}', 'fast path', 'con_nobody'],
    ['a body past the limit', json, `{"remark":"${'x'.repeat(2 * 1024 * 1024)}"}`, 'app'],
    ['a fault asked for', { ...json, prefer: 'code=500' }, '{"first_name":"A"}', 'app'],
    ['no credential', { 'content-type': 'application/json' }, '{"first_name":"A"}', 'app'],
  ])(
    'leaves %s to the app: the same answer, with its reason, and nothing written',
    async (_name, headers: SentHeaders, body, takenBy, contact?: string) => {
      const { fast, alone, id, log } = await twoMocks();
      const path = `/v1/backend/contacts/${contact ?? id}`;
      const before = (await send(fast.port, LIST)).body;
      const answer = await send(fast.port, path, headers, 'PUT', body);
      const fromApp = await send(alone.appPort, path, headers, 'PUT', body);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      const { 'x-request-id': _a, date: _b, ...answerHeaders } = answer.headers;
      const { 'x-request-id': _c, date: _d, ...appHeaders } = fromApp.headers;
      expect({ ...answer, headers: answerHeaders }).toEqual({ ...fromApp, headers: appHeaders });
      expect(fast.answeredBy).toEqual(['fast path', takenBy]);
      expect(log.at(-1)).toMatchObject({ method: 'PUT', path, status: answer.status });
      expect((await send(fast.port, LIST)).body).toBe(before);
    },
  );
});

describe('the fast path under load', () => {
  /**
   * `paths` sent pipelined on one connection, read only once all are sent: the later answers wait in
   * Node's queue and the socket while earlier ones go out, so an answer's buffer given back for
   * reuse before it was sent would show up as another answer's bytes.
   */
  async function pipelined(port: number, paths: string[]): Promise<string[]> {
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const head = Object.entries(AUTH)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.write(
      paths.map((path) => `GET ${path} HTTP/1.1\r\nhost: localhost\r\n${head}\r\n`).join(''),
    );
    // Nothing is read for a while: the answers pile up behind a full socket.
    socket.pause();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const bodies: string[] = [];
    let buffered = Buffer.alloc(0);
    await new Promise<void>((resolve, reject) => {
      socket.on('error', reject);
      socket.on('data', (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        for (;;) {
          const end = buffered.indexOf('\r\n\r\n');
          if (end === -1) return;
          const length = Number(
            /content-length: (\d+)/i.exec(buffered.subarray(0, end).toString())![1],
          );
          if (buffered.length < end + 4 + length) return;
          bodies.push(buffered.subarray(end + 4, end + 4 + length).toString('utf8'));
          buffered = buffered.subarray(end + 4 + length);
          if (bodies.length === paths.length) {
            socket.end();
            resolve();
          }
        }
      });
      socket.resume();
    });
    return bodies;
  }

  it('sends every answer whole and its own, however many are waiting to be sent', async () => {
    const { port, appPort, answeredBy } = await serve({ contacts: 2_000 });
    // Sizes in each of answer-bytes.ts's buffer sizes (8 to 128 KB), and one past them.
    const pages = Array.from({ length: 120 }, (_, k) => {
      const limit = [1, 10, 20, 40, 80, 150, 200][k % 7]!;
      const sort = ['email', '-created_at', 'display_name'][k % 3]!;
      return k % 5 === 4
        ? `/v1/backend/contacts/_search?q=a&type=text&limit=${limit}&skip=${k}&sort=${sort}`
        : `/v1/backend/contacts?limit=${limit}&skip=${k * 13}&sort=${sort}`;
    });
    // Asked for three times: built, built and kept, then answered from the cache while later ones
    // push it out (more than its 4 MB): its buffers are used again only once no answer reads them.
    const paths = [...pages, ...pages, ...pages];
    const bodies = await pipelined(port, paths);
    expect(answeredBy.filter((by) => by === 'fast path')).toHaveLength(paths.length);
    const expected = new Map<string, string>();
    for (const path of pages) expected.set(path, (await send(appPort, path)).body);
    for (const [k, path] of paths.entries())
      expect(bodies[k], `${k}: ${path}`).toBe(expected.get(path));
  });
});

describe('startMockServer', () => {
  it('answers repeated reads from the fast path and shows a write at once', async () => {
    const server = await startMockServer({ port: 0, contacts: 200 });
    try {
      const page = async () =>
        (await (await fetch(`${server.url}${LIST}`, { headers: AUTH })).json()) as {
          data: { id: string; display_name: string }[];
        };
      const first = await page();
      expect(await page()).toEqual(first);
      const updated = await fetch(`${server.url}/v1/backend/contacts/${first.data[0]!.id}`, {
        method: 'PUT',
        headers: { ...AUTH, 'content-type': 'application/json' },
        body: JSON.stringify({ display_name: '!! First Now' }),
      });
      expect(updated.status).toBe(200);
      expect((await page()).data[0]).toMatchObject({
        id: first.data[0]!.id,
        display_name: '!! First Now',
      });
    } finally {
      await server.close();
    }
  });
});
