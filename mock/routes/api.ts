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
import { operationHandlers, type MockEnv, type OperationSettings } from './operation.ts';

export interface ApiOptions extends OperationSettings {
  store: Store;
  authorize: MiddlewareHandler;
  latency: number;
  /** The base of the uploads' URLs (see MockOptions.publicUrl). Default: the request's origin. */
  publicUrl?: string | (() => string);
}

export function apiRoutes({
  store,
  authorize,
  latency,
  publicUrl,
  ...settings
}: ApiOptions): Hono<MockEnv> {
  const api = new Hono<MockEnv>();
  api.use('*', authorize, prefer({ latency }));
  const deps = { api, store, operation: operationHandlers({ ...settings, store }) };
  // Static paths (`/contacts/_search`, `/contacts/_fileupload`) before the `/contacts/:contact_id…`
  // that would also match them: the first route registered wins.
  uploadRoute(deps, publicUrl);
  contactRoutes(deps);
  conversationRoutes(deps);
  commentRoutes(deps);
  fileRoutes(deps);
  notificationRoutes(deps);
  return api;
}
