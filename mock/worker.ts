/**
 * The mock as a Cloudflare Worker: the same `createMockApp`, bundled by esbuild
 * (`scripts/mock-worker.ts`) and run by workerd, locally through miniflare (`npm run mock:worker`) or
 * deployed with wrangler (`wrangler.toml`). Its options come from the Worker's variables:
 * `MOCK_SEED`, `MOCK_CONTACTS` and `MOCK_TOKENS` (comma-separated).
 *
 * The docs page's script, which Node reads from `node_modules`, is built into the bundle instead
 * (`scalarBundleAs` in `scripts/mock-worker.ts`).
 *
 * State lives in the isolate: writes are seen by later requests that the same isolate answers, and
 * are lost when it is evicted. A deployed Worker runs many isolates, each with its own writes. So
 * do the workspaces that `x-mock-workspace` names (workspaces.ts): each is kept in the isolate.
 */
import { operations, requestValidator } from '../openapi/validator.ts';
import { createMockApp, type MockApp, type MockOptions } from './app.ts';

/** The Worker's variables (`[vars]` in wrangler.toml, `bindings` in miniflare); all optional. */
export interface MockWorkerEnv {
  MOCK_SEED?: string;
  MOCK_CONTACTS?: string;
  MOCK_TOKENS?: string;
}

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

// Made on the first request, the first time the variables are at hand; kept for the isolate's life.
let mock: MockApp | undefined;

export default {
  fetch(request: Request, env: MockWorkerEnv): Response | Promise<Response> {
    try {
      mock ??= createMockApp(optionsFromEnv(env));
    } catch (error) {
      // A wrong variable: say which, rather than workerd's bare 500.
      const reason = error instanceof Error ? error.message : String(error);
      return new Response(`The mock's Worker variables are wrong: ${reason}\n`, { status: 500 });
    }
    return mock.app.fetch(request);
  },
};
