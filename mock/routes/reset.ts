import type { Hono, MiddlewareHandler } from 'hono';
import type { Store } from '../store/store.ts';

/** `POST /__mock/reset`: back to the seeded state, behind the API's own credentials. */
export function resetRoute(
  app: Hono,
  store: Store,
  authorize: MiddlewareHandler,
  onWrite?: () => void,
): void {
  app.post('/__mock/reset', authorize, (c) => {
    store.reset();
    onWrite?.();
    return c.json({ success: true });
  });
}
