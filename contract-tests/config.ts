/**
 * Reads the suite's settings from the environment. Nothing else in the suite reads `process.env`.
 *
 * | variable | default | meaning |
 * | --- | --- | --- |
 * | `CONTRACT_BASE_URL` | unset: start the local mock in-process | scheme, host and port of the target |
 * | `CONTRACT_TOKEN` | `mock-token` for the local mock | the credential |
 * | `CONTRACT_AUTH` | `access-token` | how it is sent: `access-token` (`x-access-token`), `bearer` (`Authorization: Bearer`, with `x-organization-id`) or `api-key` (`x-api-key`) |
 * | `CONTRACT_ORGANIZATION_ID` | none | the `x-organization-id` the `bearer` scheme needs |
 * | `CONTRACT_PREFIX` | `/v1/backend` | path prefix of the operations (`''` for Prism) |
 * | `CONTRACT_WRITES` | `1` for the local mock, else `0` | run the mutating checks |
 * | `CONTRACT_TARGET` | `mock` without a base URL, else `remote` | `mock`, `prism` or `remote`: what the target can be held to |
 * | `CONTRACT_CONTACT_ID`, `CONTRACT_CONVERSATION_ID`, `CONTRACT_COMMENT_ID`, `CONTRACT_BOARD_ITEM_ID` | read from the first pages | known ids of a real account |
 * | `CONTRACT_REPORT_DIR` | unset: no files | where `contract-summary.json` is written |
 */
import { AUTH_SCHEMES, type AuthScheme, type KnownIds, type TargetKind } from './target.ts';
import { DEFAULT_PREFIX } from '../openapi/spec.ts';

export interface SuiteConfig {
  /** undefined: start the local mock. */
  baseUrl?: string;
  token: string;
  authScheme: AuthScheme;
  organizationId?: string;
  prefix: string;
  writes: boolean;
  kind: TargetKind;
  ids: KnownIds;
  reportDir?: string;
}

export const MOCK_TOKEN = 'mock-token';
export { DEFAULT_PREFIX };

export function configFromEnv(env: Record<string, string | undefined> = process.env): SuiteConfig {
  const baseUrl = nonEmpty(env.CONTRACT_BASE_URL)?.replace(/\/+$/, '');
  const kind = parseKind(env.CONTRACT_TARGET, baseUrl);
  const token = nonEmpty(env.CONTRACT_TOKEN) ?? (kind === 'remote' ? '' : MOCK_TOKEN);
  if (kind === 'remote' && !token)
    throw new Error('CONTRACT_TOKEN is required against a remote target');
  const authScheme = (nonEmpty(env.CONTRACT_AUTH) ?? 'access-token') as AuthScheme;
  if (!AUTH_SCHEMES.includes(authScheme))
    throw new Error(`CONTRACT_AUTH must be ${AUTH_SCHEMES.join(', ')} (got ${env.CONTRACT_AUTH})`);
  const organizationId = nonEmpty(env.CONTRACT_ORGANIZATION_ID);
  if (authScheme === 'bearer' && organizationId === undefined) {
    throw new Error(
      'CONTRACT_ORGANIZATION_ID is required with CONTRACT_AUTH=bearer (the gateway needs x-organization-id beside the bearer token)',
    );
  }
  return {
    baseUrl,
    token,
    authScheme,
    organizationId,
    prefix: normalizePrefix(env.CONTRACT_PREFIX ?? DEFAULT_PREFIX),
    writes: parseFlag('CONTRACT_WRITES', env.CONTRACT_WRITES) ?? kind !== 'remote',
    kind,
    ids: {
      contactId: nonEmpty(env.CONTRACT_CONTACT_ID),
      conversationId: nonEmpty(env.CONTRACT_CONVERSATION_ID),
      commentId: nonEmpty(env.CONTRACT_COMMENT_ID),
      boardItemId: nonEmpty(env.CONTRACT_BOARD_ITEM_ID),
    },
    reportDir: nonEmpty(env.CONTRACT_REPORT_DIR),
  };
}

/** `v1/backend/` → `/v1/backend`; `''` or `/` → `''`. */
export function normalizePrefix(prefix: string): string {
  const trimmed = prefix.trim().replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}` : '';
}

function parseKind(value: string | undefined, baseUrl: string | undefined): TargetKind {
  const kind = nonEmpty(value) ?? (baseUrl ? 'remote' : 'mock');
  if (kind !== 'mock' && kind !== 'prism' && kind !== 'remote')
    throw new Error(`CONTRACT_TARGET must be mock, prism or remote (got ${kind})`);
  if (kind !== 'mock' && !baseUrl)
    throw new Error(`CONTRACT_TARGET=${kind} needs CONTRACT_BASE_URL`);
  return kind;
}

function parseFlag(name: string, value: string | undefined): boolean | undefined {
  const v = nonEmpty(value)?.toLowerCase();
  if (v === undefined) return undefined;
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new Error(`${name} must be 1 or 0 (got ${value})`);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
