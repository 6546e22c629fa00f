/**
 * The Node entry: serves the mock app over HTTP, optionally persisting its writes to a state file.
 */
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import { compileRequestValidators } from '../openapi/validate-request.ts';
import { spec } from '../openapi/spec.ts';
import type { ContactSort } from '../openapi/types.ts';
import { createMockApp, resolveMockOptions, type MockOptions } from './app.ts';
import { nodeFastPath } from './node-fast-path.ts';
import type { FileLayer } from './store/file-layer.ts';
import { openStateFiles, type StateFiles } from './store/state-files.ts';
import { type Store, WriteRefused } from './store/types.ts';
import { WORKSPACE_HEADER, type Workspaces } from './workspaces.ts';

export interface MockServerOptions extends MockOptions {
  /** Port to listen on; 0 picks a free one. Default: 4010. */
  port?: number;
  /** Interface to listen on. Default: 127.0.0.1. */
  host?: string;
  /**
   * A file that keeps the writes across restarts (see docs/reliability.md, "Durability"): loaded at
   * start (a corrupt or foreign file is an error and is left untouched; its folder is created 0700
   * when missing; a second process on it is refused), and every write is journalled and flushed to
   * disk before its answer is sent. Beside it: `FILE.journal`, `FILE.uploads/`, `FILE.lock`, and
   * each named workspace's own state file, `FILE.workspaces/<name>/state`, opened (and its writes
   * loaded) when the workspace is first used.
   */
  statePath?: string;
  /** The file calls `--state` makes. Default: node:fs. For tests that inject a failing disk. */
  stateFiles?: FileLayer;
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
  /** The named workspaces made so far (`x-mock-workspace`). */
  workspaces: Workspaces;
  /** With `statePath`: the file written, its lock, the writes loaded at start and what the start did. */
  state?: Pick<StateFiles, 'path' | 'lockPath' | 'writesLoaded' | 'notes'>;
  close(): Promise<void>;
}

/**
 * Slices of index building between requests: short enough not to be felt by a waiting request (with
 * 4 ms slices, pages in the first moments at 1,000,000 contacts waited 5-15 ms behind them).
 */
const WARM_UP_SLICE_MS = 1;
/**
 * While requests keep coming (one in the last this many ms), at most one slice per this many ms: the
 * requests come first. Building flat out beside them (its slices and the garbage collections of what
 * it allocates) made the pages of the first moments at 1,000,000 contacts take 3-5 ms typically and
 * up to 12-24 ms, against under 1 ms and at most ~3 ms with no build.
 */
const BUSY_SLICE_GAP_MS = 10;

/**
 * Builds the store's sort indexes and search text in the background (see Store.warmUp), a slice per
 * turn of the event loop when the server is idle or a search waited for the index, one per
 * {@link BUSY_SLICE_GAP_MS} while other requests arrive (tell it of each with `requested()`), so that at a million contacts the first request of a
 * sort, or the first search, finds them built (a request arriving while one is still being built
 * finishes that one) without the build slowing the requests before then.
 */
function warmingUp(store: Store, onWarmedUp?: (ms: number) => void) {
  let pending: { immediate: NodeJS.Immediate } | { timeout: NodeJS.Timeout } | undefined;
  let stopped = false;
  let began = 0;
  let runs = 0;
  let lastRequest = Number.NEGATIVE_INFINITY;
  let lastSlice = Number.NEGATIVE_INFINITY;
  // Announced: the first run, and later ones (after a write) that had indexes to build.
  let announce = false;
  const slice = () => {
    const now = performance.now();
    const wait = lastSlice + BUSY_SLICE_GAP_MS - now;
    // A search that scanned the text for want of the index (~1 ms at the default size, ~15 ms at
    // 1,000,000 contacts) does not hold the build back: the sooner it is built the better.
    if (now - lastRequest < BUSY_SLICE_GAP_MS && wait > 0 && !store.searchWaited()) {
      pending = { timeout: setTimeout(slice, wait) };
      return;
    }
    lastSlice = now;
    const more = store.warmUp(WARM_UP_SLICE_MS);
    pending = more ? { immediate: setImmediate(slice) } : undefined;
    announce ||= more;
    if (!more && announce) onWarmedUp?.(performance.now() - began);
  };
  const cancel = () => {
    if (pending && 'immediate' in pending) clearImmediate(pending.immediate);
    else if (pending) clearTimeout(pending.timeout);
    pending = undefined;
  };
  return {
    start() {
      if (stopped || pending !== undefined) return;
      began = performance.now();
      announce = runs++ === 0;
      pending = { immediate: setImmediate(slice) };
    },
    stop() {
      stopped = true;
      cancel();
    },
    requested() {
      lastRequest = performance.now();
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
  stateFiles,
  onWarmedUp,
  publicUrl,
  ...options
}: MockServerOptions = {}): Promise<MockServer> {
  const { store } = resolveMockOptions(options);
  // Loaded before the app subscribes to the store: the replayed writes are not new writes.
  const state =
    statePath === undefined
      ? undefined
      : openStateFiles(statePath, store, {
          files: stateFiles,
          onProblem: (message) => process.stderr.write(`${message}\n`),
        });
  const workspaceStates: StateFiles[] = [];
  const onWorkspace =
    statePath === undefined
      ? options.onWorkspace
      : (name: string, own: Store) => {
          let opened: StateFiles;
          try {
            opened = openStateFiles(workspaceStatePath(statePath, name), own, {
              files: stateFiles,
              onProblem: (message) => process.stderr.write(`${message}\n`),
            });
          } catch (error) {
            // Answered to the request that named the workspace (a 500 would hide why).
            throw new WriteRefused(503, `${WORKSPACE_HEADER} ${name}: ${(error as Error).message}`);
          }
          workspaceStates.push(opened);
          options.onWorkspace?.(name, own);
        };
  const closeStates = () => {
    for (const opened of [state, ...workspaceStates]) opened?.close();
  };
  try {
    return await serve(store, closeStates, state, {
      port,
      host,
      onWarmedUp,
      publicUrl,
      ...options,
      onWorkspace,
    });
  } catch (error) {
    closeStates();
    throw error;
  }
}

/** Where `--state FILE` keeps the named workspace's writes (a name is never `.` or `..`). */
export function workspaceStatePath(statePath: string, name: string): string {
  return `${statePath}.workspaces/${name}/state`;
}

async function serve(
  store: Store,
  closeStates: () => void,
  state: StateFiles | undefined,
  {
    port,
    host,
    onWarmedUp,
    publicUrl,
    ...options
  }: MockServerOptions & { port: number; host: string },
): Promise<MockServer> {
  // Known once the server listens (port 0): the uploads' URLs are built from it, never from `Host`.
  let ownUrl = '';
  const mock = createMockApp({ ...options, store, publicUrl: publicUrl ?? (() => ownUrl) });
  const { app } = mock;
  // Every sort ready before the first request (about a second at 1,000,000 contacts, a fifth at the
  // default size): otherwise the first page of a sort whose index is not built yet waits for it.
  store.buildSortIndexes();
  // Nor does the first request of an operation wait for its validator to compile, nor the first
  // page for the JSON writer's one check of the data's word pools (1-5 ms).
  compileRequestValidators();
  store.listContactsJson({
    sort: spec.components.schemas.ContactSort.default as ContactSort,
    skip: 0,
    limit: 1,
  });
  const warmUp = warmingUp(store, onWarmedUp);
  // A reset drops the sort indexes: build them again.
  store.subscribe(() => warmUp.start());

  // Node's defaults keep a client that trickles its request head for a minute or more (Slowloris).
  const serverOptions = {
    headersTimeout: 10_000,
    requestTimeout: 60_000,
    connectionsCheckingInterval: 1_000,
  };
  const toApp = getRequestListener(app.fetch);
  // With state, a write waits for the disk and may be refused once applied: the app answers it.
  const fastPath = nodeFastPath(mock, { writes: state === undefined });
  const server = createServer(serverOptions, (req, res) => {
    warmUp.requested();
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
    workspaces: mock.workspaces,
    state: state && {
      path: state.path,
      lockPath: state.lockPath,
      writesLoaded: state.writesLoaded,
      notes: state.notes,
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        warmUp.stop();
        server.close((error) => {
          closeStates();
          if (error) reject(error);
          else resolve();
        });
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
