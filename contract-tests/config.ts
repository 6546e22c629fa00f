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
 * | `CONTRACT_TIMEOUT_MS` | `10000` | how long one request may take, answer and body |
 * | `CONTRACT_FUZZ` | `300` for the local mock, else `0` | generated requests in the property-based phase |
 * | `CONTRACT_SEED` | a new one each run (printed) | the fuzz phase's seed: the same seed replays the run |
 * | `CONTRACT_REPORT_DIR` | `reports` | where the JUnit, summary, findings and coverage files go |
 */
import { PREFIXES } from './documented.ts';
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
  /** Per request, answer and body: past it the request fails with a timeout. */
  timeoutMs: number;
  /** Requests the property-based phase sends (0: no phase). */
  fuzzRuns: number;
  seed: number;
  /** What the configuration decided for the user and says so (a prefix found in the base URL). */
  notes: string[];
}

export const MOCK_TOKEN = 'mock-token';
export { DEFAULT_PREFIX };

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Generated requests against the local mock when CONTRACT_FUZZ is not set. */
export const MOCK_FUZZ_RUNS = 300;

export function configFromEnv(env: Record<string, string | undefined> = process.env): SuiteConfig {
  const notes: string[] = [];
  const given = parseBaseUrl(env.CONTRACT_BASE_URL);
  const baseUrl = given?.origin;
  let prefix = normalizePrefix(env.CONTRACT_PREFIX ?? DEFAULT_PREFIX);
  if (given?.prefix !== undefined) {
    const explicit = nonEmpty(env.CONTRACT_PREFIX);
    if (explicit !== undefined && normalizePrefix(explicit) !== given.prefix)
      throw new Error(
        `CONTRACT_BASE_URL ends in the prefix ${given.prefix} but CONTRACT_PREFIX is ${normalizePrefix(explicit)}: give the prefix once`,
      );
    prefix = given.prefix;
    notes.push(
      `the prefix ${given.prefix} was given in CONTRACT_BASE_URL: running against ${baseUrl} with prefix ${prefix}`,
    );
  }
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
    prefix,
    writes: parseFlag('CONTRACT_WRITES', env.CONTRACT_WRITES) ?? kind !== 'remote',
    kind,
    ids: {
      contactId: nonEmpty(env.CONTRACT_CONTACT_ID),
      conversationId: nonEmpty(env.CONTRACT_CONVERSATION_ID),
      commentId: nonEmpty(env.CONTRACT_COMMENT_ID),
      boardItemId: nonEmpty(env.CONTRACT_BOARD_ITEM_ID),
    },
    reportDir: nonEmpty(env.CONTRACT_REPORT_DIR),
    timeoutMs: parseCount('CONTRACT_TIMEOUT_MS', env.CONTRACT_TIMEOUT_MS, 1) ?? DEFAULT_TIMEOUT_MS,
    fuzzRuns: parseCount('CONTRACT_FUZZ', env.CONTRACT_FUZZ, 0) ?? (baseUrl ? 0 : MOCK_FUZZ_RUNS),
    seed: parseCount('CONTRACT_SEED', env.CONTRACT_SEED, 0) ?? Date.now() % 2 ** 31,
    notes,
  };
}

/**
 * The base URL's origin, and a known prefix when the URL ends in one (`https://gw/v1/backend`), so
 * that the prefix is not sent twice. A URL without a scheme or with another path is refused.
 */
export function parseBaseUrl(
  value: string | undefined,
): { origin: string; prefix?: string } | undefined {
  const text = nonEmpty(value);
  if (text === undefined) return undefined;
  if (!/^https?:\/\//i.test(text))
    throw new Error(
      `CONTRACT_BASE_URL must start with http:// or https:// (got ${JSON.stringify(text)})`,
    );
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`CONTRACT_BASE_URL is not a URL (got ${JSON.stringify(text)})`);
  }
  if (url.search || url.hash)
    throw new Error(`CONTRACT_BASE_URL must not carry a query or fragment (got ${text})`);
  const path = normalizePrefix(url.pathname);
  if (path === '') return { origin: url.origin };
  if (PREFIXES.includes(path)) return { origin: url.origin, prefix: path };
  throw new Error(
    `CONTRACT_BASE_URL must be scheme, host and port only (got the path ${path}); the prefix goes in CONTRACT_PREFIX (${PREFIXES.join(', ')})`,
  );
}

function parseCount(name: string, value: string | undefined, min: number): number | undefined {
  const v = nonEmpty(value);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || !Number.isSafeInteger(Number(v)))
    throw new Error(`${name} must be a whole number of at least ${min} (got ${value})`);
  return Number(v);
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
