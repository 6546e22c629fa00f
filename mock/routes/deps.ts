import type { Hono } from 'hono';
import type { OperationId } from '../../openapi/types.ts';
import type { Store } from '../store/types.ts';
import type { MockEnv, ReadHandler, WriteHandler, operationHandlers } from './operation.ts';

/** What every route file gets: the sub-app to register on, the store, and the operation builders. */
export interface RouteDeps {
  api: Hono<MockEnv>;
  store: Store;
  operation: ReturnType<typeof operationHandlers>['operation'];
  /**
   * Registers a read whose answer depends only on its URL and the store (GET `path`): its answers are
   * kept, and the Node server answers it without Hono (see operation.ts, keptRead).
   */
  keptRead<Id extends OperationId>(path: string, operationId: Id, handler: ReadHandler<Id>): void;
  /**
   * Registers a JSON write (PUT `path`, whose one parameter is last) whose answer depends only on
   * its path, body and the store: the Node server answers it without Hono (see operation.ts,
   * directWrite).
   */
  directPut<Id extends OperationId>(path: string, operationId: Id, handler: WriteHandler<Id>): void;
}
