/**
 * A typed client of the Contacts API: `openapi-fetch` over the generated `paths`, so every path,
 * parameter, body and answer is checked by `tsc` against the spec, with no per-endpoint code.
 *
 * @example
 * const api = createContactsClient({ baseUrl: 'http://127.0.0.1:4010', token: 'mock-token' })
 * const { data, error } = await api.GET('/contacts', { params: { query: { limit: 10 } } })
 */
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './generated/types.ts';
import { DEFAULT_PREFIX } from './spec.ts';

export type * from './types.ts';

/** The documented prefix: the default of the spec's `prefix` server variable. */
export { DEFAULT_PREFIX };

export interface ContactsClientOptions {
  /** The server's origin: `https://app-gateway.imbrace.co`, or a mock's `http://127.0.0.1:4010`. */
  baseUrl: string;
  /** Sent as `x-access-token` on every request (the spec's documented scheme). */
  token: string;
  /**
   * The path prefix the API is served under: `/v1/backend`, `/backend/v1` or `/channel-service/v1`;
   * `''` when `baseUrl` already ends with it. Default: `/v1/backend`.
   */
  prefix?: string;
  /**
   * The fetch to send requests with. Default: the global `fetch`. To call a mock app in the same
   * process with no port: `fetch: app.fetch`.
   */
  fetch?: (request: Request) => Response | Promise<Response>;
  /** More headers for every request, such as `x-organization-id`. */
  headers?: Record<string, string>;
}

export type ContactsClient = Client<paths>;

/** A client of the Contacts API at `baseUrl`, authenticated with `token`. */
export function createContactsClient(options: ContactsClientOptions): ContactsClient {
  const { baseUrl, token, prefix = DEFAULT_PREFIX, fetch, headers } = options;
  const root = `${baseUrl.replace(/\/+$/, '')}${prefix === '' ? '' : `/${prefix.replace(/^\/+|\/+$/g, '')}`}`;
  return createClient<paths>({
    baseUrl: root,
    headers: { ...headers, 'x-access-token': token },
    ...(fetch && { fetch: async (request: Request) => fetch(request) }),
  });
}
