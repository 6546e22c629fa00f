/**
 * Every spec operation on one sub-app, which the app mounts under each of the gateway's prefixes.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import type { Store } from '../store/types.ts';
import { prefer } from '../middleware/prefer.ts';
import { commentRoutes } from './comments.ts';
import { contactRoutes } from './contacts.ts';
import { conversationRoutes } from './conversations.ts';
import { fileRoutes, uploadRoute } from './files.ts';
import { notificationRoutes } from './notifications.ts';
import type { OperationId } from '../../openapi/types.ts';
import {
  type DirectWrite,
  type KeptAnswer,
  type MockEnv,
  type OperationSettings,
  type ReadHandler,
  type WriteHandler,
  operationHandlers,
} from './operation.ts';

/**
 * A direct write of the Node fast path: its path up to the one parameter at its end (with the
 * prefix, once the app mounts it), that parameter's name, and the write's function.
 */
export interface DirectWriteRoute {
  param: string;
  answer: DirectWrite;
}

export interface ApiOptions extends OperationSettings {
  store: Store;
  authorize: MiddlewareHandler;
  latency: number;
  /** The base of the uploads' URLs (see MockOptions.publicUrl). Default: the request's origin. */
  publicUrl?: string | (() => string);
}

export function apiRoutes({ store, authorize, latency, publicUrl, ...settings }: ApiOptions): {
  api: Hono<MockEnv>;
  reads: Map<string, KeptAnswer>;
  writes: Map<string, DirectWriteRoute>;
} {
  const api = new Hono<MockEnv>();
  api.use('*', authorize, prefer({ latency }));
  const { operation, keptRead, directWrite } = operationHandlers({ ...settings, store });
  /** The kept reads' answers by path, for the Node fast path. */
  const reads = new Map<string, KeptAnswer>();
  /** The direct writes by their path up to their parameter, for the Node fast path. */
  const writes = new Map<string, DirectWriteRoute>();
  const deps = {
    api,
    store,
    operation,
    keptRead<Id extends OperationId>(path: string, operationId: Id, handler: ReadHandler<Id>) {
      const read = keptRead(operationId, handler);
      api.get(path, read.handler);
      reads.set(path, read.answer);
    },
    directPut<Id extends OperationId>(path: string, operationId: Id, handler: WriteHandler<Id>) {
      const at = path.lastIndexOf('/:');
      if (at < 0 || path.indexOf('/:') !== at) throw new TypeError(`${path}: one parameter, last`);
      const write = directWrite(operationId, handler);
      api.put(path, write.handler);
      writes.set(path.slice(0, at + 1), { param: path.slice(at + 2), answer: write.answer });
    },
  };
  // Static paths (`/contacts/_search`, `/contacts/_fileupload`) before the `/contacts/:contact_id…`
  // that would also match them: the first route registered wins.
  uploadRoute(deps, publicUrl);
  contactRoutes(deps);
  conversationRoutes(deps);
  commentRoutes(deps);
  fileRoutes(deps);
  notificationRoutes(deps);
  return { api, reads, writes };
}
