/**
 * The mock of the iMBRACE Contacts API as a Hono app, with no Node-only API in it: it runs wherever
 * Hono runs. `server.ts` is the Node entry that listens.
 */
import { Hono } from 'hono';
import { answerHeaders } from './middleware/answer-headers.ts';
import { auth } from './middleware/auth.ts';
import { notFound, onError } from './middleware/errors.ts';
import { requestLog, type RequestLogEntry } from './middleware/request-log.ts';
import { AnswerCache } from './answer-cache.ts';
import { type DirectWriteRoute, apiRoutes } from './routes/api.ts';
import type { KeptAnswer } from './routes/operation.ts';
import { DOCS_PATHS, docsRoutes } from './routes/docs.ts';
import { uploadedFileRoutes } from './routes/files.ts';
import { resetRoute } from './routes/reset.ts';
import { MAX_WORKSPACES, workspace, type WorkspaceBindings, Workspaces } from './workspaces.ts';
import { rootRoute } from './routes/root.ts';
import { DEFAULT_CONTACTS } from './data/dataset.ts';
import { MAX_RECORDS, MAX_UPLOAD_BYTES, createStore } from './store/create-store.ts';
import type { Store } from './store/types.ts';
import { PREFIXES } from '../openapi/spec.ts';

/** The gateway's three mounts of the same endpoints. */
export { PREFIXES };

export interface MockOptions {
  /** Seed of the generated data. Default: 1. */
  seed?: number;
  /** Number of seeded contacts. Default: 65681, the size of the real dev account. */
  contacts?: number;
  /**
   * The only credentials accepted, in every auth scheme. Default: any non-empty credential (a Bearer
   * token still needs `x-organization-id`, as at the gateway).
   */
  tokens?: readonly string[];
  /**
   * Where clients reach the mock (`https://mock.example.com`, a path for a reverse proxy), or a
   * function giving it: the base of the upload URLs answered. Default: the origin of the request's
   * URL, which in process, under MSW or in a Worker is what the client addressed; `startMockServer`
   * gives its own address instead, since a Node server's request URL comes from the `Host` header
   * that any client can forge.
   */
  publicUrl?: string | (() => string);
  /** Delay of every API answer in ms (`Prefer: latency=` overrides it per request). Default: 0. */
  latency?: number;
  /** Status of the not-found answer: 400 as the published documentation says, or 404. Default: 400. */
  notFoundStatus?: 400 | 404;
  /** Largest JSON body in bytes; larger answers 413. Default: 1 MiB. */
  bodyLimit?: number;
  /** Largest upload in bytes; larger answers 413. Default: 10 MiB. */
  uploadLimit?: number;
  /** Most bytes of uploaded files kept; past it an upload answers 507. Default: 256 MiB. */
  maxUploadBytes?: number;
  /** Most created contacts plus added comments kept; past it such a write answers 507. Default: 100,000. */
  maxRecords?: number;
  /** An existing store to serve (then `seed`, `contacts` and the bounds are the store's). Default: a new one. */
  store?: Store;
  /**
   * Most named workspaces kept besides the default one (`x-mock-workspace`, see workspaces.ts); past
   * it a request naming a new one answers 507. Default: 100.
   */
  maxWorkspaces?: number;
  /**
   * Called when a named workspace is made, with its new store, before it serves a request or
   * announces a write (the Node server loads the workspace's `--state` file here).
   */
  onWorkspace?: (name: string, store: Store) => void;
  /** Called after each accepted write (and reset), before its answer is sent (a `store.subscribe`). */
  onWrite?: (store: Store) => void;
  /** Called once per answered request. Default: no log. */
  log?: (entry: RequestLogEntry) => void;
}

export type ResolvedMockOptions = Readonly<
  Required<Omit<MockOptions, 'onWrite' | 'log' | 'tokens' | 'publicUrl' | 'onWorkspace'>> &
    Pick<MockOptions, 'onWrite' | 'log' | 'publicUrl' | 'onWorkspace'> & {
      /** Undefined: any non-empty credential is accepted. */
      tokens: readonly string[] | undefined;
    }
>;

export interface MockApp {
  app: Hono;
  store: Store;
  options: ResolvedMockOptions;
  /** The read answers kept until the next write (see answer-cache.ts). */
  answers: AnswerCache;
  /** The named workspaces made so far, each with its own store and answers. */
  workspaces: Workspaces;
  /** The kept reads by full path (every prefix), answered by the Node fast path (see operation.ts). */
  reads: KeptReads;
  /** The direct writes by full path up to their parameter, answered by the Node fast path. */
  writes: DirectWrites;
}

/** The kept reads' answers by the path they answer, with its prefix. */
export type KeptReads = ReadonlyMap<string, KeptAnswer>;
/** The direct writes by the path they answer up to their parameter, with its prefix. */
export type DirectWrites = ReadonlyMap<string, DirectWriteRoute>;

/** Fills in the defaults and checks every option once, so that a bad one fails at start, not per request. */
export function resolveMockOptions(options: MockOptions = {}): ResolvedMockOptions {
  const store =
    options.store ??
    createStore({
      seed: integer('seed', options.seed ?? 1, 0),
      contacts: integer('contacts', options.contacts ?? DEFAULT_CONTACTS, 0),
      maxUploadBytes: integer('maxUploadBytes', options.maxUploadBytes ?? MAX_UPLOAD_BYTES, 0),
      maxRecords: integer('maxRecords', options.maxRecords ?? MAX_RECORDS, 0),
    });
  const { tokens } = options;
  if (
    tokens !== undefined &&
    (tokens.length === 0 || tokens.some((t) => typeof t !== 'string' || !/^[\x21-\x7e]+$/.test(t)))
  ) {
    throw new TypeError(
      'tokens: must be one or more non-empty tokens of printable characters without spaces',
    );
  }
  const publicUrl =
    typeof options.publicUrl === 'string'
      ? httpUrl('publicUrl', options.publicUrl)
      : options.publicUrl;
  const notFoundStatus = options.notFoundStatus ?? 400;
  if (notFoundStatus !== 400 && notFoundStatus !== 404)
    throw new TypeError(`notFoundStatus: must be 400 or 404 (got ${notFoundStatus})`);
  return Object.freeze({
    seed: store.seed,
    contacts: store.size,
    tokens: tokens && Object.freeze([...tokens]),
    publicUrl,
    latency: integer('latency', options.latency ?? 0, 0),
    notFoundStatus,
    bodyLimit: integer('bodyLimit', options.bodyLimit ?? 1024 * 1024, 1),
    uploadLimit: integer('uploadLimit', options.uploadLimit ?? 10 * 1024 * 1024, 1),
    maxUploadBytes: store.usage().maxUploadBytes,
    maxRecords: store.usage().maxRecords,
    maxWorkspaces: integer('maxWorkspaces', options.maxWorkspaces ?? MAX_WORKSPACES, 0),
    store,
    onWorkspace: options.onWorkspace,
    onWrite: options.onWrite,
    log: options.log,
  });
}

/** An http(s) URL without its trailing slash, or a TypeError naming the option. */
export function httpUrl(name: string, url: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {}
  if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.search || parsed.hash)
    throw new TypeError(
      `${name}: must be an http or https URL such as http://localhost:4010 (got ${JSON.stringify(url)})`,
    );
  return url.replace(/\/+$/, '');
}

function integer(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min)
    throw new TypeError(`${name}: must be an integer >= ${min} (got ${value})`);
  return value;
}

/**
 * The mock app and the store behind it.
 *
 * @example
 * const { app, store } = createMockApp({ seed: 7, contacts: 300 })
 * const res = await app.request('/v1/backend/contacts?limit=10', { headers: { 'x-access-token': 'mock-token' } })
 */
export function createMockApp(options: MockOptions = {}): MockApp {
  const resolved = resolveMockOptions(options);
  const { store, onWrite, log, latency } = resolved;
  if (onWrite) store.subscribe(() => onWrite(store));
  const authorize = auth({ tokens: resolved.tokens });
  // Any origin may read the docs page: it may show the credential accepted with no `tokens` given,
  // never a configured one.
  const placeholderToken = options.tokens === undefined ? 'mock-token' : undefined;
  // Upload URLs carry no workspace (an `<img src>` sends no header): an upload is served from
  // whichever store keeps it, found by its random id.
  const upload = (id: string) => {
    for (const kept of [store, ...workspaces.stores().values()]) {
      const file = kept.upload(id);
      if (file) return file;
    }
    return undefined;
  };

  /**
   * The routes of the API and of the mock itself on `app`, over `own` store and answers; returns the
   * kept reads and direct writes by full path, for the Node fast path.
   */
  const routesOn = (
    app: Hono,
    own: Store,
    answers: AnswerCache,
  ): { reads: KeptReads; writes: DirectWrites } => {
    app.onError(onError());
    app.notFound(notFound);
    const { api, reads, writes } = apiRoutes({
      store: own,
      authorize,
      latency,
      publicUrl: resolved.publicUrl,
      bodyLimit: resolved.bodyLimit,
      uploadLimit: resolved.uploadLimit,
      notFoundStatus: resolved.notFoundStatus,
      answers,
    });
    for (const prefix of PREFIXES) app.route(prefix, api);
    uploadedFileRoutes(app, upload);
    app.route('/', docsRoutes({ placeholderToken }));
    resetRoute(app, own, authorize);
    rootRoute(app, PREFIXES);
    const prefixed = <T>(byPath: Map<string, T>) =>
      new Map(
        PREFIXES.flatMap((prefix) =>
          [...byPath].map(([path, value]) => [`${prefix}${path}`, value] as const),
        ),
      );
    return { reads: prefixed(reads), writes: prefixed(writes) };
  };

  const workspaces = new Workspaces(resolved.maxWorkspaces, (name) => {
    const own = createStore({
      seed: resolved.seed,
      contacts: resolved.contacts,
      maxUploadBytes: resolved.maxUploadBytes,
      maxRecords: resolved.maxRecords,
    });
    resolved.onWorkspace?.(name, own);
    if (onWrite) own.subscribe(() => onWrite(own));
    const answers = new AnswerCache(() => own.version, { latency });
    // The default app's log and answer headers wrap this app's answers; the reason its middleware
    // gives for a refusal (or an unknown preference) goes to that log.
    const app = new Hono<{ Bindings: WorkspaceBindings; Variables: { logReason?: string } }>();
    app.use('*', async function logReason(c, next) {
      await next();
      const reason = c.get('logReason');
      if (reason !== undefined) c.env.logReason(reason);
    });
    const { reads, writes } = routesOn(app as unknown as Hono, own, answers);
    return { store: own, answers, reads, writes, fetch: app.fetch };
  });

  const app = new Hono();
  if (log) app.use('*', requestLog(log));
  app.use('*', answerHeaders({ publicPaths: Object.values(DOCS_PATHS) }));
  app.use('*', workspace(workspaces, resolved.tokens && new Set(resolved.tokens)));
  const answers = new AnswerCache(() => store.version, { latency });
  const { reads, writes } = routesOn(app, store, answers);
  return { app, store, options: resolved, answers, workspaces, reads, writes };
}
