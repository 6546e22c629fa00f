/**
 * The mock as MSW request handlers: every request to the gateway's origins (and to any base URL
 * given) is answered by one `createMockApp`, in the same process, with no port. The same handlers
 * serve `msw/node` (vitest, jsdom, happy-dom) and `msw/browser` (a service worker, Storybook).
 */
import { type HttpHandler, http } from 'msw';
import { spec } from '../openapi/validator.ts';
import { createMockApp, type MockApp, type MockOptions } from './app.ts';

export interface MockHandlersOptions extends MockOptions {
  /**
   * More places the API is called at, such as `http://localhost:5173/api` (a dev server's proxy) or
   * `https://contacts.test`: each answers like the gateway, with its path taken off before the
   * mock's routes see the request. Default: none.
   */
  baseUrls?: readonly string[];
  /**
   * The mock to answer from, to share one store with a server or to read it in a test. Default: a
   * new `createMockApp(options)`, kept as long as the handlers are.
   */
  mock?: MockApp;
}

/**
 * The gateway's real origins (production, demo, dev), read from the spec's `servers`; the spec's
 * loopback entry (a local mock on a port) is left out, so that a real server there stays reachable.
 */
export const GATEWAY_ORIGINS: readonly string[] = Object.freeze(
  (spec.servers ?? [])
    .map((server) => new URL(server.url))
    .filter((url) => !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
    .map((url) => url.origin),
);

/**
 * MSW handlers that answer every operation of the API from one stateful, seeded mock: a write is
 * seen by every later read until `POST /__mock/reset` (or until the handlers are dropped).
 *
 * @example
 * import { setupServer } from 'msw/node'
 * const server = setupServer(...createMockHandlers({ contacts: 200, tokens: ['test-token'] }))
 * server.listen({ onUnhandledRequest: 'error' })
 * await fetch('https://app-gateway.imbrace.co/v1/backend/contacts?limit=5', {
 *   headers: { 'x-access-token': 'test-token' },
 * })
 */
export function createMockHandlers(options: MockHandlersOptions = {}): HttpHandler[] {
  const { baseUrls = [], mock: given, ...mockOptions } = options;
  const { app } = given ?? createMockApp(mockOptions);
  const bases = baseUrls.map(baseOf);
  const atGateway = GATEWAY_ORIGINS.map((origin) =>
    http.all(`${origin}/*`, ({ request }) => app.fetch(request)),
  );
  const atBases = bases.flatMap((base) => {
    if (base.pathname === '/')
      return [http.all(`${base.href}*`, ({ request }) => app.fetch(request))];
    return [
      http.all(`${base.href}*`, async ({ request }) =>
        app.fetch(await withoutBasePath(request, base)),
      ),
      // The mock's own routes (reset, the URLs uploads answer) sit at the root of the origin.
      http.all(`${base.origin}/__mock/*`, ({ request }) => app.fetch(request)),
    ];
  });
  return [...atGateway, ...atBases];
}

/** `base` as a URL whose path ends with one `/`; a relative or non-http URL is refused at once. */
function baseOf(base: string): URL {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new TypeError(`baseUrls: ${JSON.stringify(base)} is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TypeError(`baseUrls: ${JSON.stringify(base)} is not an http(s) URL`);
  if (url.search || url.hash)
    throw new TypeError(`baseUrls: ${JSON.stringify(base)} must have no query or fragment`);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/`;
  return url;
}

/** The request as the mock's routes expect it: `/api/v1/backend/contacts` becomes `/v1/backend/contacts`. */
async function withoutBasePath(request: Request, base: URL): Promise<Request> {
  const url = new URL(request.url);
  url.pathname = url.pathname.slice(base.pathname.length - 1);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return new Request(url, {
    method: request.method,
    headers: request.headers,
    body: hasBody ? await request.arrayBuffer() : null,
    signal: request.signal,
  });
}
