import type { Hono } from 'hono';
import type { Store } from '../store/types.ts';
import type { MockEnv, operationHandlers } from './operation.ts';

/** What every route file gets: the sub-app to register on, the store, and the operation builder. */
export interface RouteDeps {
  api: Hono<MockEnv>;
  store: Store;
  operation: ReturnType<typeof operationHandlers>;
}
