/**
 * The mock as a Cloudflare Worker: the same `createMockApp`, bundled by esbuild
 * (`scripts/mock-worker.ts`) and run by workerd, locally through miniflare (`npm run mock:worker`) or
 * deployed with wrangler (`wrangler.toml`). Its options come from the Worker's variables:
 * `MOCK_SEED`, `MOCK_CONTACTS` and `MOCK_TOKENS` (comma-separated).
 *
 * The docs page's script, which Node reads from `node_modules`, is a Text module beside the bundle
 * instead (`buildWorker` in `scripts/mock-worker.ts`).
 *
 * State lives in Durable Objects, one per workspace (the default one included): the Worker hands
 * each request to the object named by its `x-mock-workspace`, whose mock keeps every write in the
 * object's storage and replays them into a fresh store when the object starts again. So a deployed
 * Worker's isolates share each workspace's writes, and an evicted object forgets none. One more
 * object, the registry, keeps the names in use and admits a new one while fewer than
 * `MAX_WORKSPACES` are kept, as `maxWorkspaces` bounds the Node server's workspaces.
 */
import { Hono } from 'hono';
import { compileRequestValidators } from '../openapi/validator.ts';
import { createMockApp, type MockApp, type MockOptions } from './app.ts';
import { limitKeptContactJson } from './data/contact-json-bytes.ts';
import { answerHeaders } from './middleware/answer-headers.ts';
import { checkCredential } from './middleware/auth.ts';
import { onError } from './middleware/errors.ts';
import type { Store, WriteRecord } from './store/types.ts';
import { UPLOADS_PATH } from './routes/files.ts';
import { MAX_WORKSPACES, WORKSPACE_HEADER, WORKSPACE_NAME, workspacesFull } from './workspaces.ts';

/** The few parts of workerd's Durable Object API used here (no types package for one object). */
export interface DurableObjectStorage {
  list(): Promise<Map<string, unknown>>;
  /** At most 128 entries, written together or not at all. */
  put(entries: Record<string, unknown>): Promise<void>;
  deleteAll(): Promise<void>;
}
export interface DurableObjectState {
  storage: DurableObjectStorage;
}
export interface DurableObjectNamespace {
  idFromName(name: string): unknown;
  get(id: unknown): { fetch(request: Request): Promise<Response> };
}

/** The Worker's variables (`[vars]` in wrangler.toml, `bindings` in miniflare); all optional. */
export interface MockWorkerEnv {
  MOCK_SEED?: string;
  MOCK_CONTACTS?: string;
  MOCK_TOKENS?: string;
  /** Named workspaces kept besides the default one; default 100, as `maxWorkspaces`. */
  MAX_WORKSPACES?: string;
}

/** The Worker's environment: its variables and the Durable Object bindings (wrangler.toml). */
export interface MockWorkerBindings extends MockWorkerEnv {
  MOCK_WORKSPACE: DurableObjectNamespace;
  MOCK_WORKSPACE_REGISTRY: DurableObjectNamespace;
}

/** The object of the default workspace: not a valid `x-mock-workspace` name, so no header names it. */
// Not exported: workerd takes every export of the module for an entry point.
const DEFAULT_OBJECT = '(default)';

// workerd refuses to compile code from strings while it answers a request ("Code generation from
// strings disallowed for this context"), and ajv compiles each validator with `new Function`. It
// allows it while the module starts, so every request validator is compiled here, once.
compileRequestValidators();
// A Worker's isolate has 128 MB: keep a quarter of the default's seeded contact JSON (pages are the
// same, the contacts past it are written anew for each page).
limitKeptContactJson(16 * 1024 * 1024);

/** The mock's options from the Worker's variables; an absent variable keeps the mock's default. */
function optionsFromEnv(env: MockWorkerEnv): MockOptions {
  const options: MockOptions = {};
  if (env.MOCK_SEED) options.seed = Number(env.MOCK_SEED);
  if (env.MOCK_CONTACTS) options.contacts = Number(env.MOCK_CONTACTS);
  if (env.MOCK_TOKENS) options.tokens = env.MOCK_TOKENS.split(',').map((t) => t.trim());
  return options;
}

/** A journal record as stored; an upload's bytes are kept beside it in `parts` values. */
interface StoredWrite {
  record: WriteRecord;
  parts?: number;
}

/**
 * Bytes per stored part of an upload. A Durable Object's value is at most 2 MB (128 KiB in the older,
 * key-value kind), an upload up to `uploadLimit` (10 MiB on the Worker): 107 parts of this size and
 * the record fit the 128 entries that one `put` writes together, in either kind.
 */
const PART_BYTES = 96 * 1024;

/** A record's storage key: its sequence number, zero-padded so that keys sort as the writes ran. */
const recordKey = (seq: number) => String(seq).padStart(16, '0');
/** The key of an upload's part: after its record's key, before the next record's. */
const partKey = (key: string, part: number) => `${key}.${part}`;

/** The values of one write: its record, and its upload's bytes in parts (copies, not views). */
function storedValues(record: WriteRecord, bytes: Uint8Array | undefined): Record<string, unknown> {
  const key = recordKey(record.seq);
  if (!bytes) return { [key]: { record } };
  const parts = Math.ceil(bytes.length / PART_BYTES);
  const values: Record<string, unknown> = { [key]: { record, parts } };
  for (let part = 0; part < parts; part++)
    values[partKey(key, part)] = bytes.slice(part * PART_BYTES, (part + 1) * PART_BYTES);
  return values;
}

/** The upload's bytes of a stored record, joined from its parts. */
function joinedParts(stored: Map<string, unknown>, key: string, parts: number): Uint8Array {
  const chunks = Array.from(
    { length: parts },
    (_, part) => stored.get(partKey(key, part)) as Uint8Array,
  );
  const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/**
 * One workspace's mock in a Durable Object (`MOCK_WORKSPACE` in wrangler.toml). Its store's writes
 * are put into the object's storage, each answered once stored (a write that cannot be stored is
 * undone and answered 503 by the store); on its first request the stored
 * records are replayed, in order, into a fresh store of the same seed and size.
 *
 * A reset clears the storage instead of being stored: the state after it is the seeded one, so the
 * records before it are dead weight, and the storage holds only the writes since the last reset.
 */
export class MockWorkspace {
  readonly #state: DurableObjectState;
  readonly #env: MockWorkerEnv;
  #ready: Promise<MockApp> | undefined;

  constructor(state: DurableObjectState, env: MockWorkerEnv) {
    this.#state = state;
    this.#env = env;
  }

  async fetch(request: Request): Promise<Response> {
    let mock: MockApp;
    try {
      // Made once; requests that arrive while the records load wait for the same promise.
      this.#ready ??= this.#start(request.headers.get(WORKSPACE_HEADER));
      mock = await this.#ready;
    } catch (error) {
      // A wrong variable: say which, rather than workerd's bare 500.
      this.#ready = undefined;
      const reason = error instanceof Error ? error.message : String(error);
      return new Response(`The mock's Worker variables are wrong: ${reason}\n`, { status: 500 });
    }
    const response = await mock.app.fetch(request);
    // A body the mock answered without reading (a refused credential, a body past the limit) is
    // drained: workerd otherwise logs an internal error on the Worker's connection to the object.
    if (request.body && !request.bodyUsed) await request.arrayBuffer().catch(() => {});
    return response;
  }

  /** The mock of workspace `name` (null: the default one), with its stored writes replayed. */
  async #start(name: string | null): Promise<MockApp> {
    const storage = this.#state.storage;
    const keep = (store: Store) =>
      store.subscribe(({ record, bytes }) =>
        record.op === 'reset' ? storage.deleteAll() : storage.put(storedValues(record, bytes)),
      );
    const mock = createMockApp({
      ...optionsFromEnv(this.#env),
      onWorkspace: (_, store) => keep(store),
    });
    keep(mock.store);
    const stored = await storage.list();
    if (stored.size > 0) {
      // Only a workspace that took a write has records: making it here is no surprise.
      const store = name === null ? mock.store : mock.workspaces.get(name).store;
      for (const [key, value] of stored) {
        if (key.includes('.')) continue; // an upload's part, read with its record
        const { record, parts } = value as StoredWrite;
        store.replay(record, parts === undefined ? undefined : joinedParts(stored, key, parts));
      }
    }
    return mock;
  }
}

/** What the registry answers about a name: whether it may be used, and the bound it applied. */
interface Admission {
  admitted: boolean;
  max: number;
}

/** `MAX_WORKSPACES` as a number; a TypeError naming the variable when it is not a count. */
function maxWorkspacesOf(env: MockWorkerEnv): number {
  if (env.MAX_WORKSPACES === undefined || env.MAX_WORKSPACES === '') return MAX_WORKSPACES;
  const max = Number(env.MAX_WORKSPACES);
  if (!Number.isSafeInteger(max) || max < 0)
    throw new TypeError(
      `MAX_WORKSPACES: must be an integer >= 0 (got ${JSON.stringify(env.MAX_WORKSPACES)})`,
    );
  return max;
}

/**
 * The names of the workspaces in use, in one Durable Object (`MOCK_WORKSPACE_REGISTRY`, the
 * instance named `registry`): the bound that `maxWorkspaces` is on the Node server, kept where every
 * isolate of the Worker sees it. A name is admitted once, while fewer than `MAX_WORKSPACES` are kept,
 * and keeps its place for good (a reset of its workspace included), as on the Node server.
 *
 * `POST /admit?name=…` admits a name if it can and answers an {@link Admission};
 * `GET /kept?name=…` answers one without admitting it.
 */
export class WorkspaceRegistry {
  readonly #state: DurableObjectState;
  readonly #env: MockWorkerEnv;
  #names: Promise<Set<string>> | undefined;

  constructor(state: DurableObjectState, env: MockWorkerEnv) {
    this.#state = state;
    this.#env = env;
  }

  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const name = url.searchParams.get('name') ?? '';
    let max: number;
    try {
      max = maxWorkspacesOf(this.#env);
    } catch (error) {
      return new Response(`The mock's Worker variables are wrong: ${(error as Error).message}\n`, {
        status: 500,
      });
    }
    this.#names ??= this.#state.storage.list().then((kept) => new Set(kept.keys()));
    let names: Set<string>;
    try {
      names = await this.#names;
    } catch (error) {
      this.#names = undefined; // read again on the next request rather than fail for good
      throw error;
    }
    const answer = (admitted: boolean) => Response.json({ admitted, max } satisfies Admission);
    if (names.has(name)) return answer(true);
    if (request.method !== 'POST' || names.size >= max) return answer(false);
    // Taken at once, before the put: a request that arrives meanwhile counts it.
    names.add(name);
    try {
      await this.#state.storage.put({ [name]: true });
    } catch (error) {
      names.delete(name);
      throw error;
    }
    return answer(true);
  }
}

/** The registry's one instance. */
const REGISTRY_OBJECT = 'registry';

/** Names this isolate has seen admitted: a name, once admitted, stays so. */
const admitted = new Set<string>();

/**
 * Asks the registry about `name`; `admit`: take a place for it if it has none. A Response: the
 * registry's own error (a wrong `MAX_WORKSPACES`), to answer as it is.
 */
async function admission(
  env: MockWorkerBindings,
  name: string,
  admit: boolean,
): Promise<Admission | Response> {
  const registry = env.MOCK_WORKSPACE_REGISTRY;
  const url = `https://registry.mock/${admit ? 'admit' : 'kept'}?name=${encodeURIComponent(name)}`;
  const res = await registry
    .get(registry.idFromName(REGISTRY_OBJECT))
    .fetch(new Request(url, { method: admit ? 'POST' : 'GET' }));
  if (!res.ok) return res;
  const answer = (await res.json()) as Admission;
  if (answer.admitted) admitted.add(name);
  return answer;
}

/**
 * The answer past the bound, as the Node server gives it: the same 507 `{message}` through the same
 * error handler, with the same CORS and request-id headers.
 */
function workspacesFullAnswer(
  request: Request,
  max: number,
  name: string,
): Response | Promise<Response> {
  const app = new Hono();
  app.use('*', answerHeaders());
  app.onError(onError());
  app.all('*', () => {
    throw workspacesFull(max, name);
  });
  return app.fetch(request);
}

/** The tokens the mock accepts, as `checkCredential` takes them: undefined for any. */
function tokensOf(env: MockWorkerEnv): ReadonlySet<string> | undefined {
  const { tokens } = optionsFromEnv(env);
  return tokens && new Set(tokens);
}

export default {
  /**
   * Hands the request to its workspace's object; a bad name goes to the default one, which says why.
   * A name not yet in use is first admitted by the registry: past the bound it answers 507, and a
   * request whose credential the mock refuses goes to the default object (which answers its 401)
   * rather than taking a place, as on the Node server.
   */
  async fetch(request: Request, env: MockWorkerBindings): Promise<Response> {
    // An uploaded file's URL names its workspace (a browser's <img src> sends no header).
    const url = new URL(request.url);
    const header = request.headers.get(WORKSPACE_HEADER);
    const name =
      header ??
      (url.pathname.startsWith(`${UPLOADS_PATH}/`) ? url.searchParams.get('workspace') : null);
    let object = name !== null && WORKSPACE_NAME.test(name) ? name : DEFAULT_OBJECT;
    if (object !== DEFAULT_OBJECT && !admitted.has(object)) {
      // An upload's URL reads a workspace in use, never makes one.
      const admit =
        header !== null && checkCredential((h) => request.headers.get(h), tokensOf(env)).ok;
      const answer = await admission(env, object, admit);
      if (answer instanceof Response) return answer;
      if (!answer.admitted) {
        if (admit) return workspacesFullAnswer(request, answer.max, object);
        object = DEFAULT_OBJECT;
      }
    }
    return env.MOCK_WORKSPACE.get(env.MOCK_WORKSPACE.idFromName(object)).fetch(request);
  },
};
