/**
 * The mock as a Cloudflare Worker: the same `createMockApp`, bundled by esbuild
 * (`scripts/mock-worker.ts`) and run by workerd, locally through miniflare (`npm run mock:worker`) or
 * deployed with wrangler (`wrangler.toml`). Its options come from the Worker's variables:
 * `MOCK_SEED`, `MOCK_CONTACTS` and `MOCK_TOKENS` (comma-separated).
 *
 * The docs page's script, which Node reads from `node_modules`, is built into the bundle instead
 * (`scalarBundleAs` in `scripts/mock-worker.ts`).
 *
 * State lives in Durable Objects, one per workspace (the default one included): the Worker hands
 * each request to the object named by its `x-mock-workspace`, whose mock keeps every write in the
 * object's storage and replays them into a fresh store when the object starts again. So a deployed
 * Worker's isolates share each workspace's writes, and an evicted object forgets none.
 */
import { operations, requestValidator } from '../openapi/validator.ts';
import { createMockApp, type MockApp, type MockOptions } from './app.ts';
import type { Store, WriteRecord } from './store/types.ts';
import { WORKSPACE_HEADER, WORKSPACE_NAME } from './workspaces.ts';

/** The few parts of workerd's Durable Object API used here (no types package for one object). */
export interface DurableObjectStorage {
  list<T>(): Promise<Map<string, T>>;
  put<T>(key: string, value: T): Promise<void>;
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
}

/** The Worker's environment: its variables and the Durable Object binding (wrangler.toml). */
export interface MockWorkerBindings extends MockWorkerEnv {
  MOCK_WORKSPACE: DurableObjectNamespace;
}

/** The object of the default workspace: not a valid `x-mock-workspace` name, so no header names it. */
// Not exported: workerd takes every export of the module for an entry point.
const DEFAULT_OBJECT = '(default)';

// workerd refuses to compile code from strings while it answers a request ("Code generation from
// strings disallowed for this context"), and ajv compiles each validator with `new Function`. It
// allows it while the module starts, so every request validator is compiled here, once: a
// validator compiles on its first call.
for (const op of operations) requestValidator(op.operationId)({});

/** The mock's options from the Worker's variables; an absent variable keeps the mock's default. */
export function optionsFromEnv(env: MockWorkerEnv): MockOptions {
  const options: MockOptions = {};
  if (env.MOCK_SEED) options.seed = Number(env.MOCK_SEED);
  if (env.MOCK_CONTACTS) options.contacts = Number(env.MOCK_CONTACTS);
  if (env.MOCK_TOKENS) options.tokens = env.MOCK_TOKENS.split(',').map((t) => t.trim());
  return options;
}

/** A journal record as stored: the write's record and an upload's bytes. */
interface StoredWrite {
  record: WriteRecord;
  bytes?: Uint8Array;
}

/** A record's storage key: its sequence number, zero-padded so that keys sort as the writes ran. */
const recordKey = (seq: number) => String(seq).padStart(16, '0');

/**
 * One workspace's mock in a Durable Object (`MOCK_WORKSPACE` in wrangler.toml). Its store's writes
 * are put into the object's storage, each answered once stored; on its first request the stored
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
    return mock.app.fetch(request);
  }

  /** The mock of workspace `name` (null: the default one), with its stored writes replayed. */
  async #start(name: string | null): Promise<MockApp> {
    const storage = this.#state.storage;
    const keep = (store: Store) =>
      store.subscribe(({ record, bytes }) =>
        record.op === 'reset'
          ? storage.deleteAll()
          : storage.put<StoredWrite>(recordKey(record.seq), bytes ? { record, bytes } : { record }),
      );
    const mock = createMockApp({
      ...optionsFromEnv(this.#env),
      onWorkspace: (_, store) => keep(store),
    });
    keep(mock.store);
    const stored = await storage.list<StoredWrite>();
    if (stored.size > 0) {
      // Only a workspace that took a write has records: making it here is no surprise.
      const store = name === null ? mock.store : mock.workspaces.get(name).store;
      for (const { record, bytes } of stored.values()) store.replay(record, bytes);
    }
    return mock;
  }
}

export default {
  /** Hands the request to its workspace's object; a bad name goes to the default one, which says why. */
  fetch(request: Request, env: MockWorkerBindings): Promise<Response> {
    const name = request.headers.get(WORKSPACE_HEADER);
    const object = name !== null && WORKSPACE_NAME.test(name) ? name : DEFAULT_OBJECT;
    return env.MOCK_WORKSPACE.get(env.MOCK_WORKSPACE.idFromName(object)).fetch(request);
  },
};
