/**
 * Heap growth per request, measured where the RSS of a soak cannot see it: the mock listens in this
 * process, a keep-alive client sends each kind of request thousands of times, and the live heap is read
 * after forced garbage collections. A leak of a few hundred bytes per request shows as a steady slope.
 *
 * Needs `--expose-gc`: `node --expose-gc --import tsx scripts/reliability/heap-growth.ts [--requests 3000]`.
 * Prints one JSON object: bytes of heap kept per request, by kind of request.
 */
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startMockServer } from '../../mock/server.ts';
import type { ContactList } from '../../openapi/types.ts';

export interface HeapGrowth {
  requests: number;
  /** Heap bytes still live per request after garbage collection, by kind of request (`… over HTTP`, `… in process`). */
  bytesPerRequest: Record<string, number>;
}

type Sender = (method: string, path: string, body?: string) => Promise<number>;

const TOKEN = 'mock-token';

function send(
  agent: http.Agent,
  origin: string,
  method: string,
  path: string,
  body?: string,
): Promise<number> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'x-access-token': TOKEN };
    if (body !== undefined)
      Object.assign(headers, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      });
    const req = http.request({ host: hostname, port, path, method, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const STEPS = 8;

/** The least-squares slope of y over x. */
export function slope(points: readonly [number, number][]): number {
  const mx = points.reduce((sum, [x]) => sum + x, 0) / points.length;
  const my = points.reduce((sum, [, y]) => sum + y, 0) / points.length;
  const sxy = points.reduce((sum, [x, y]) => sum + (x - mx) * (y - my), 0);
  const sxx = points.reduce((sum, [x]) => sum + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

function collect(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * Sends `requests` of each kind to a fresh mock in this process, over HTTP (a keep-alive client) and
 * through `app.request` (as a consumer's test suite embeds the mock), and returns the heap kept per request.
 */
export async function heapGrowth(requests = 3000, only?: readonly string[]): Promise<HeapGrowth> {
  const mock = await startMockServer({ port: 0, contacts: 1000 });
  // A fresh keep-alive connection per kind: one left idle during an in-process run would be closed
  // by the server's keep-alive timeout just as it is reused.
  let agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const overHttp: Sender = (method, path, body) => send(agent, mock.url, method, path, body);
  const inProcess: Sender = async (method, path, body) => {
    const headers: Record<string, string> = {
      'x-access-token': TOKEN,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    };
    const res = await mock.app.request(path, { method, headers, body });
    await res.arrayBuffer();
    return res.status;
  };
  try {
    const list = await fetch(`${mock.url}/v1/backend/contacts?limit=50`, {
      headers: { 'x-access-token': TOKEN },
    });
    const ids = ((await list.json()) as ContactList).data.map((c) => c.id);
    let n = 0;
    const kinds: Record<string, () => [string, string, string?]> = {
      'GET one contact': () => ['GET', `/v1/backend/contacts/${ids[n++ % ids.length]}`],
      'GET a page of contacts': () => ['GET', `/v1/backend/contacts?limit=20&skip=${n++ % 100}`],
      'PUT a contact (same 50 contacts)': () => [
        'PUT',
        `/v1/backend/contacts/${ids[n % ids.length]}`,
        JSON.stringify({ remark: `heap ${n++}` }),
      ],
      'PUT an invalid body (400)': () => [
        'PUT',
        `/v1/backend/contacts/${ids[n % ids.length]}`,
        JSON.stringify({ not_a_field: n++ }),
      ],
      'POST a search body': () => [
        'POST',
        '/v1/backend/contacts/_search',
        JSON.stringify({ query: `a${n++ % 5}`, limit: 5 }),
      ],
    };
    const bytesPerRequest: Record<string, number> = {};
    const runs = Object.entries(kinds)
      .filter(([k]) => !only || only.includes(k))
      .flatMap(
        ([kind, make]) =>
          [
            [`${kind} over HTTP`, make, overHttp],
            [`${kind} in process`, make, inProcess],
          ] as const,
      );
    for (const [kind, make, sender] of runs) {
      agent.destroy();
      agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const run = async (count: number) => {
        for (let i = 0; i < count; i++) {
          const [method, path, body] = make();
          await sender(method, path, body);
        }
      };
      // Warm-up (caches, JIT, lazily built indexes), then the heap after each of eight equal steps: the
      // least-squares slope through those points, so that neither a one-off allocation nor one
      // collection's luck decides the figure.
      await run(Math.ceil(requests / 5));
      const step = Math.ceil(requests / STEPS);
      const points: [number, number][] = [[0, collect()]];
      for (let k = 1; k <= STEPS; k++) {
        await run(step);
        points.push([k * step, collect()]);
      }
      bytesPerRequest[kind] = Math.round(slope(points));
    }
    return { requests, bytesPerRequest };
  } finally {
    agent.destroy();
    await mock.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { requests: { type: 'string', default: '3000' } } });
  console.log(JSON.stringify(await heapGrowth(Number(values.requests))));
}
