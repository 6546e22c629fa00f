/**
 * The Node entry: serves the mock app over HTTP, optionally persisting its writes to a state file.
 */
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import { createMockApp, type MockOptions } from './app.ts';
import { nodeFastPath } from './node-fast-path.ts';
import { loadWrites, saveWrites } from './store/persist.ts';
import type { Store } from './store/store.ts';

export interface MockServerOptions extends MockOptions {
  /** Port to listen on; 0 picks a free one. Default: 4010. */
  port?: number;
  /** Interface to listen on. Default: 127.0.0.1. */
  host?: string;
  /**
   * A file that keeps the writes across restarts: loaded at start (a corrupt or foreign file is an
   * error and is left untouched), rewritten after each accepted write before its answer is sent.
   */
  statePath?: string;
  /**
   * Called each time the background build of the sort indexes and search text finishes (after start, after a reset),
   * with the milliseconds since it began.
   */
  onWarmedUp?: (ms: number) => void;
}

export interface MockServer {
  /** The origin, such as `http://127.0.0.1:4010`. */
  url: string;
  app: Hono;
  store: Store;
  close(): Promise<void>;
}

/** Slices of index building between requests: short enough not to be felt by a waiting request. */
const WARM_UP_SLICE_MS = 4;

/**
 * Builds the store's sort indexes and search text in the background (see Store.warmUp), a slice per
 * turn of the event loop, so that at a million contacts the first request of a sort, or the first
 * search, finds them built (a request arriving while one is still being built finishes that one).
 */
function warmingUp(store: Store, onWarmedUp?: (ms: number) => void) {
  let pending: NodeJS.Immediate | undefined;
  let stopped = false;
  let began = 0;
  let runs = 0;
  // Announced: the first run, and later ones (after a write) that had indexes to build.
  let announce = false;
  const slice = () => {
    const more = store.warmUp(WARM_UP_SLICE_MS);
    pending = more ? setImmediate(slice) : undefined;
    announce ||= more;
    if (!more && announce) onWarmedUp?.(performance.now() - began);
  };
  return {
    start() {
      if (stopped || pending !== undefined) return;
      began = performance.now();
      announce = runs++ === 0;
      pending = setImmediate(slice);
    },
    stop() {
      stopped = true;
      if (pending !== undefined) clearImmediate(pending);
      pending = undefined;
    },
  };
}

/**
 * Starts the mock and resolves once it listens.
 *
 * @example
 * const mock = await startMockServer({ port: 0, contacts: 300 })
 * await fetch(`${mock.url}/v1/backend/contacts`, { headers: { 'x-access-token': 'mock-token' } })
 * await mock.close()
 */
export async function startMockServer({
  port = 4010,
  host = '127.0.0.1',
  statePath,
  onWarmedUp,
  publicUrl,
  ...options
}: MockServerOptions = {}): Promise<MockServer> {
  // Known once the server listens (port 0): the uploads' URLs are built from it, never from `Host`.
  let ownUrl = '';
  const persisted = statePath === undefined ? undefined : loadWrites(statePath);
  const onWrite = (store: Store) => {
    if (statePath !== undefined) saveWrites(statePath, store.writes());
    options.onWrite?.(store);
    // A reset drops the sort indexes: build them again.
    warmUp.start();
  };
  const mock = createMockApp({ ...options, publicUrl: publicUrl ?? (() => ownUrl), onWrite });
  const { app, store } = mock;
  const warmUp = warmingUp(store, onWarmedUp);
  if (persisted) {
    try {
      store.applyWrites(persisted);
    } catch (error) {
      throw new Error(
        `state file ${statePath} does not fit this mock: ${(error as Error).message}`,
      );
    }
  }

  // Node's defaults keep a client that trickles its request head for a minute or more (Slowloris).
  const serverOptions = {
    headersTimeout: 10_000,
    requestTimeout: 60_000,
    connectionsCheckingInterval: 1_000,
  };
  const toApp = getRequestListener(app.fetch);
  const fastPath = nodeFastPath(mock);
  const server = createServer(serverOptions, (req, res) => {
    if (!fastPath(req, res)) void toApp(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  warmUp.start();
  const address = server.address() as AddressInfo;
  const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostname}:${address.port}`;
  ownUrl = reachableUrl(url);
  return {
    url,
    app,
    store,
    close: () =>
      new Promise<void>((resolve, reject) => {
        warmUp.stop();
        server.close((error) => (error ? reject(error) : resolve()));
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}

/** The URL to show, or to link to, for a server listening on every interface. */
export function reachableUrl(url: string): string {
  return url.replace('//0.0.0.0:', '//127.0.0.1:').replace('//[::]:', '//[::1]:');
}

/**
 * Whether a server's URL reaches this machine only (127.0.0.0/8, ::1): otherwise its data and
 * credentials are open to the network, which the CLI's banner warns about.
 */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  return /^127\./.test(host) || host === '::1' || /^::ffff:7f[0-9a-f]{2}:/i.test(host);
}
