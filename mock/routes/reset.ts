import type { Hono, MiddlewareHandler } from 'hono';
import type { Store } from '../store/types.ts';

export const RESET_PATH = '/__mock/reset';

/** `POST /__mock/reset`: back to the seeded state, behind the API's own credentials. */
export function resetRoute(app: Hono, store: Store, authorize: MiddlewareHandler): void {
  app.post(RESET_PATH, authorize, async (c) => {
    store.reset();
    // Answered once durable, like every write (a WriteRefused goes to errors.ts).
    await store.saved();
    return c.json({ success: true });
  });
}
