/**
 * Turns the configuration into a Target: the remote URL as given, or the local mock started
 * in-process on a free port with a small dataset (so that the whole suite runs in seconds).
 */
import type { SuiteConfig } from './config.ts';
import { KIND_LIMITS, WRITES_OFF, type Target } from './target.ts';

/** The local mock's dataset: large enough for several pages of every kind, small enough to start fast. */
export const LOCAL_MOCK = Object.freeze({ seed: 7, contacts: 300 });

export interface OpenTarget {
  target: Target;
  close(): Promise<void>;
}

export async function openTarget(
  config: SuiteConfig,
  fetchImpl: typeof fetch = globalThis.fetch,
): Promise<OpenTarget> {
  let baseUrl = config.baseUrl;
  let close = async () => {};
  if (baseUrl === undefined) {
    // Loaded only when needed: a run against a remote target never loads the mock and its data.
    const { startMockServer } = await import('../mock/server.ts');
    const mock = await startMockServer({
      port: 0,
      host: '127.0.0.1',
      ...LOCAL_MOCK,
      tokens: [config.token],
    });
    baseUrl = mock.url;
    close = () => mock.close();
  }
  const limits = { ...KIND_LIMITS[config.kind], ...(config.writes ? {} : { writes: WRITES_OFF }) };
  const target: Target = {
    kind: config.kind,
    baseUrl,
    prefix: config.prefix,
    token: config.token,
    authScheme: config.authScheme,
    organizationId: config.organizationId,
    ids: config.ids,
    limits,
    fetch: fetchImpl,
    timeoutMs: config.timeoutMs,
  };
  return { target, close };
}
