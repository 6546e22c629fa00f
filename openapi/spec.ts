/**
 * The spec index: the bundled spec, its operations, `$ref` resolution and documented responses, and
 * every value that code elsewhere takes from the spec (the prefixes, the auth header names, enums
 * and defaults, the CSV columns). Import them from here; a test fails on a retyped copy.
 *
 * Nothing here touches the file system or compiles a schema: the bundled spec is imported, so any
 * runtime Hono runs on can use it, and importing a value costs no validator.
 */
import spec from './generated/contacts.json' with { type: 'json' };
import type { components } from './generated/types.ts';
import type { Contact, ContactSort } from './types.ts';

export { spec };
export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';

type Json = Record<string, unknown>;
const METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'patch'];

export interface Operation {
  operationId: string;
  method: HttpMethod;
  /** The path template relative to a prefix, such as `/contacts/{contact_id}`. */
  path: string;
  /** Where the operation sits in the spec, for JSON-pointer lookups. */
  pointer: string;
  definition: Json;
}

export function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}
export function unescapePointer(key: string): string {
  return key.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** Every operation of the spec, in the spec's order. */
export const operations: readonly Operation[] = Object.freeze(
  Object.entries(spec.paths as Record<string, Json>).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      operationId: (item[method] as Json).operationId as string,
      method,
      path,
      pointer: `#/paths/${escapePointer(path)}/${method}`,
      definition: item[method] as Json,
    })),
  ),
);

const byId = new Map(operations.map((op) => [op.operationId, op]));

export function operation(operationId: string): Operation {
  const op = byId.get(operationId);
  if (!op) throw new Error(`unknown operation ${operationId}`);
  return op;
}

/**
 * Follows an OpenAPI `$ref` (`#/components/...`) within the spec, returning the target and its
 * pointer (`pointer` itself when `node` is no reference).
 */
export function resolve(node: Json, pointer: string): { node: Json; pointer: string } {
  let current = { node, pointer };
  while (typeof current.node.$ref === 'string') {
    const ref = current.node.$ref;
    const target = ref
      .slice(2)
      .split('/')
      .map(unescapePointer)
      .reduce<unknown>((at, key) => (at as Json)[key], spec);
    current = { node: target as Json, pointer: ref };
  }
  return current;
}

/** A spec node with its `$ref`s followed (a schema, a response, an example). */
export function deref<T extends object = Json>(node: T): T {
  return resolve(node as Json, '').node as T;
}

export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema: Json;
  example?: unknown;
}

/** The operation's parameters: path-level ones first, overridden by the operation's own. */
export function parameters(op: Operation): Parameter[] {
  const pathItem = (spec.paths as Record<string, Json>)[op.path] as Json;
  const all = [
    ...((pathItem.parameters as Json[]) ?? []),
    ...((op.definition.parameters as Json[]) ?? []),
  ];
  const byKey = new Map<string, Parameter>();
  for (const p of all) {
    const param = deref(p) as unknown as Parameter;
    byKey.set(`${param.in}:${param.name}`, param);
  }
  return [...byKey.values()];
}

const documentedByOperation = new Map<string, ReadonlyMap<string, string[]>>();

/** The documented responses of an operation: status → media types (read from the spec once). */
export function documentedResponses(operationId: string): ReadonlyMap<string, string[]> {
  let documented = documentedByOperation.get(operationId);
  if (!documented) {
    const responses = operation(operationId).definition.responses as Record<string, Json>;
    documented = new Map(
      Object.entries(responses).map(([status, response]) => [
        status,
        Object.keys((deref(response).content ?? {}) as Json),
      ]),
    );
    documentedByOperation.set(operationId, documented);
  }
  return documented;
}

/** Where an operation documents `status`: under the status itself, its class (`4XX`) or `default`. */
export function documentedStatusKey(
  operationId: string,
  status: number | string,
): string | undefined {
  const responses = documentedResponses(operationId);
  return [String(status), `${String(status)[0]}XX`, 'default'].find((key) => responses.has(key));
}

// Values read from the spec.

const prefixVariable = spec.servers[0]!.variables.prefix;

/** The path prefixes the gateway serves every operation under (the servers' `prefix` variable). */
export const PREFIXES = Object.freeze(prefixVariable.enum.map((p) => `/${p}`)) as readonly [
  string,
  ...string[],
];

/** The documented prefix: the default of the servers' `prefix` variable (`/v1/backend`). */
export const DEFAULT_PREFIX = `/${prefixVariable.default}`;

const schemes = spec.components.securitySchemes;

/** The documented credential's header (`x-access-token`), from the `accessToken` scheme. */
export const ACCESS_TOKEN_HEADER = schemes.accessToken.name.toLowerCase();
/** The server-to-server key's header (`x-api-key`), from the `apiKey` scheme. */
export const API_KEY_HEADER = schemes.apiKey.name.toLowerCase();
/** The organization a Bearer token or key acts for (`x-organization-id`), from `organizationId`. */
export const ORGANIZATION_HEADER = schemes.organizationId.name.toLowerCase();
/** The `bearerAuth` scheme is HTTP authentication, which RFC 9110 sends in `Authorization`. */
export const AUTHORIZATION_HEADER =
  schemes.bearerAuth.type === 'http' ? 'authorization' : schemes.bearerAuth.type;

const schemas = spec.components.schemas;

/** The contact record's fields, in the order the API writes them: the CSV export's columns too. */
export const CONTACT_FIELDS = schemas.ContactFields.required as readonly (keyof Contact)[];
export const CSV_COLUMNS: readonly string[] = CONTACT_FIELDS;

/** Every accepted `sort` value (`created_at`, `-created_at`, …). */
export const CONTACT_SORTS = schemas.ContactSort.enum as readonly ContactSort[];

/** The `action` an update's answer carries (`bu.contact_updated`). */
export const CONTACT_UPDATED_ACTION = schemas.UpdatedContact.properties.action
  .const as components['schemas']['UpdatedContact']['action'];

/**
 * The genders a record stores, by the code an update sends: each code is its word's initial
 * (`m` → `Male`, `''` → `''`).
 */
export const GENDER_BY_CODE: Readonly<Record<string, Contact['gender']>> = Object.freeze(
  Object.fromEntries(
    schemas.GenderCode.enum.map((code) => [
      code,
      (schemas.Gender.enum as Contact['gender'][]).find(
        (word) => word.slice(0, 1).toLowerCase() === code,
      )!,
    ]),
  ),
);

/** The code an update sends for a stored gender word (`Male` → `m`), `''` for none. */
export function genderCode(word: string): string {
  return Object.keys(GENDER_BY_CODE).find((code) => GENDER_BY_CODE[code] === word) ?? '';
}
