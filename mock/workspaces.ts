/**
 * Isolated workspaces: a request with `x-mock-workspace: <name>` is answered from that workspace's
 * own store (the same seed and size as the default one, made on first use) and its own answer
 * cache, so parallel tests or CI jobs can share one mock without seeing each other's writes. A
 * request without the header is answered from the default store, as before workspaces.
 */
import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AnswerCache } from './answer-cache.ts';
import type { DirectWrites, KeptReads } from './app.ts';
import { checkCredential } from './middleware/auth.ts';
import type { RequestLogVariables } from './middleware/request-log.ts';
import { type Store, WriteRefused } from './store/types.ts';

export const WORKSPACE_HEADER = 'x-mock-workspace';

/** Default of `maxWorkspaces`: named workspaces kept besides the default one. */
export const MAX_WORKSPACES = 100;

/** A workspace's name: `.` and `..` are refused, as a name is a folder's name under `--state`. */
export const WORKSPACE_NAME = /^(?!\.\.?$)[A-Za-z0-9_.-]{1,64}$/;

/** What a workspace's app is given with each request: where to tell the log why it refused it. */
export interface WorkspaceBindings {
  logReason(reason: string): void;
}

/** What one workspace serves: a whole app of its own over its store. */
export interface Workspace {
  store: Store;
  answers: AnswerCache;
  /** Its kept reads by full path, answered by the Node fast path (see app.ts). */
  reads: KeptReads;
  /** Its direct writes by full path up to their parameter, answered by the Node fast path. */
  writes: DirectWrites;
  fetch(request: Request, bindings: WorkspaceBindings): Response | Promise<Response>;
}

/** The 507 past the bound, the same on the Node server and on a Worker (`mock/worker.ts`). */
export function workspacesFull(max: number, name: string): WriteRefused {
  return new WriteRefused(
    507,
    `${WORKSPACE_HEADER}: this mock keeps at most ${max} workspaces besides the default one (maxWorkspaces, --max-workspaces; MAX_WORKSPACES on a Worker) and all are in use, so ${JSON.stringify(name)} was not made; the existing ones keep working`,
  );
}

export class Workspaces {
  readonly #kept = new Map<string, Workspace>();
  readonly #max: number;
  readonly #create: (name: string) => Workspace;

  /** `create` makes the named workspace: once per name, while fewer than `max` are kept. */
  constructor(max: number, create: (name: string) => Workspace) {
    this.#max = max;
    this.#create = create;
  }

  /** The named workspace if it is already kept (a bad name is never kept). */
  existing(name: string): Workspace | undefined {
    return this.#kept.get(name);
  }

  /** The named workspace, made on first use; a 507 WriteRefused past the bound. */
  get(name: string): Workspace {
    const kept = this.#kept.get(name);
    if (kept) return kept;
    if (this.#kept.size >= this.#max) throw workspacesFull(this.#max, name);
    const made = this.#create(name);
    this.#kept.set(name, made);
    return made;
  }

  /** The stores of every kept workspace, by name. */
  stores(): Map<string, Store> {
    return new Map([...this.#kept].map(([name, workspace]) => [name, workspace.store]));
  }
}

/**
 * Hands a request that names a workspace to that workspace's app; one without the header goes on
 * to the default app's routes, and so does one whose credential the mock refuses when its workspace
 * does not exist yet (the default app answers its 401): a refused request makes no workspace.
 * `accepted`: the tokens accepted, undefined for any.
 */
export function workspace(
  workspaces: Workspaces,
  accepted: ReadonlySet<string> | undefined,
): MiddlewareHandler<{ Variables: RequestLogVariables }> {
  return async function workspace(c, next) {
    const headers = c.req.raw.headers;
    const name = headers.get(WORKSPACE_HEADER);
    if (name === null) return next();
    if (!WORKSPACE_NAME.test(name))
      throw new HTTPException(400, {
        message: `${WORKSPACE_HEADER}: must be 1 to 64 of A-Z a-z 0-9 _ . - (not . or ..), got ${JSON.stringify(name.slice(0, 80))}`,
      });
    if (!workspaces.existing(name) && !checkCredential((h) => headers.get(h), accepted).ok)
      return next();
    return workspaces.get(name).fetch(c.req.raw, {
      logReason: (reason) => c.set('logReason', reason),
    });
  };
}
