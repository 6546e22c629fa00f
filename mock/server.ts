/**
 * The Node entry: serves the mock app over HTTP, optionally persisting its writes to a state file.
 */
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import { createMockApp, type MockOptions } from './app.ts';
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
}

export interface MockServer {
  /** The origin, such as `http://127.0.0.1:4010`. */
  url: string;
  app: Hono;
  store: Store;
  close(): Promise<void>;
}

/**
 * Starts the mock and resolves once it listens.
 *
 * @example
 * const mock = await startMockServer({ port: 0, contacts: 300 })
 * await fetch(`${mock.url}/v1/backend/contacts`, { headers: { 'x-access-token': 'mock-token' } })
 * await mock.close()
 */
export async function startMockServer({ port = 4010, host = '127.0.0.1', statePath, ...options }: MockServerOptions = {}): Promise<MockServer> {
  const persisted = statePath === undefined ? undefined : loadWrites(statePath);
  const onWrite =
    statePath === undefined
      ? options.onWrite
      : (store: Store) => {
          saveWrites(statePath, store.writes());
          options.onWrite?.(store);
        };
  const { app, store } = createMockApp({ ...options, onWrite });
  if (persisted) {
    try {
      store.applyWrites(persisted);
    } catch (error) {
      throw new Error(`state file ${statePath} does not fit this mock: ${(error as Error).message}`);
    }
  }

  // Node's defaults keep a client that trickles its request head for a minute or more (Slowloris).
  const server = createAdaptorServer({
    fetch: app.fetch,
    serverOptions: { headersTimeout: 10_000, requestTimeout: 60_000, connectionsCheckingInterval: 1_000 },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostname}:${address.port}`,
    app,
    store,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
