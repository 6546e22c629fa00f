/**
 * What the suite runs against: where it is, how to authenticate, and what the target can be held to.
 */
import type { Exercised } from './coverage.ts';

/** A property of a target that some checks need. A target lacking one says why in `limits`. */
export type Capability =
  /** Data that stays put between requests and changes only by the suite's writes. */
  | 'state'
  /** Tells a wrong token from a right one. */
  | 'credentials'
  /** Serves the same operations under the three prefixes. */
  | 'prefixes'
  /** The suite may change data. */
  | 'writes'
  /**
   * Rejects every request the spec forbids with the spec's error body, including unknown body
   * fields under `unevaluatedProperties` and malformed JSON.
   */
  | 'strictRequests'
  /**
   * Is held to the spec for the operations known only from the SDK and the service export; a target
   * without it has them probed (reported as findings) instead.
   */
  | 'extras';

export type TargetKind = 'mock' | 'prism' | 'remote';

/**
 * How the token is sent, as the gateway accepts it: `x-access-token: <token>` (the web app's way),
 * `Authorization: Bearer <token>` with `x-organization-id` (the SDK's), or `x-api-key: <token>`.
 */
export type AuthScheme = 'access-token' | 'bearer' | 'api-key';
export const AUTH_SCHEMES: readonly AuthScheme[] = ['access-token', 'bearer', 'api-key'];

/** Ids of a real account to use instead of the ones read from the first pages. */
export interface KnownIds {
  contactId?: string;
  conversationId?: string;
  commentId?: string;
  boardItemId?: string;
}

export interface Target {
  kind: TargetKind;
  /** Scheme, host and port, without a trailing slash: `http://127.0.0.1:4010`. */
  baseUrl: string;
  /** The path prefix the operations sit under: `/v1/backend`, or `''` (Prism). */
  prefix: string;
  token: string;
  /** Default: `access-token`. */
  authScheme?: AuthScheme;
  /** Sent as `x-organization-id` with the `bearer` scheme. */
  organizationId?: string;
  ids: KnownIds;
  /** Why the target lacks a capability; a capability not listed is present. */
  limits: Partial<Record<Capability, string>>;
  /** Sends a request; a test passes a wrapped fetch to build a broken server in-process. */
  fetch: typeof fetch;
  /** Per request, answer and body included; default 10 s. */
  timeoutMs?: number;
  /** Told of every request sent (the coverage report). */
  record?: (exercised: Exercised) => void;
}

/** Limits every target of a kind has. */
export const KIND_LIMITS: Record<TargetKind, Partial<Record<Capability, string>>> = {
  mock: {},
  prism: {
    state:
      "Prism answers every request from the spec's examples and keeps no state, so pages, order, search hits and writes cannot be followed",
    credentials: 'Prism checks only that credentials are present, not whether a token is right',
    prefixes: "Prism serves the spec's paths at one place, without the server's prefix variable",
    strictRequests:
      'Prism does not apply unevaluatedProperties to request bodies and answers malformed JSON with its own error shape',
    extras:
      "Prism answers the SDK-only operations with the spec's illustrative examples whatever was asked, so they are probed (their answers fit the spec), not judged",
  },
  remote: {
    extras:
      'the operations known only from the SDK and the service export are probed, not judged, against a remote gateway',
  },
};

export const WRITES_OFF = 'writes are off: set CONTRACT_WRITES=1 to run the mutating checks';

export function hasCapability(target: Target, capability: Capability): boolean {
  return target.limits[capability] === undefined;
}
