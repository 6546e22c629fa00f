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
  type KeptAnswer,
  type MockEnv,
  type OperationSettings,
  type ReadHandler,
  operationHandlers,
} from './operation.ts';

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
} {
  const api = new Hono<MockEnv>();
  api.use('*', authorize, prefer({ latency }));
  const { operation, keptRead } = operationHandlers({ ...settings, store });
  /** The kept reads' answers by path, for the Node fast path. */
  const reads = new Map<string, KeptAnswer>();
  const deps = {
    api,
    store,
    operation,
    keptRead<Id extends OperationId>(path: string, operationId: Id, handler: ReadHandler<Id>) {
      const read = keptRead(operationId, handler);
      api.get(path, read.handler);
      reads.set(path, read.answer);
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
  return { api, reads };
}
