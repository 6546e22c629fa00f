/**
 * Values the spec documents, read from the bundled spec so that none is typed here: the published
 * example bodies of the error responses and the three prefixes of the servers.
 */
import { deref, PREFIXES, spec } from '../openapi/spec.ts';

type Json = Record<string, unknown>;
const components = spec.components as unknown as Json & {
  responses: Record<string, Json>;
  examples: Record<string, { value: unknown }>;
};

/** The first example body of a shared response (`Unauthorized`, `NotFound`), `$ref`s followed. */
export function exampleBody(responseName: string): unknown {
  const content = (
    components.responses[responseName]?.content as
      | Record<string, { examples?: Record<string, Json> }>
      | undefined
  )?.['application/json'];
  const example = Object.values(content?.examples ?? {})[0];
  if (!example) throw new Error(`the spec has no example for the ${responseName} response`);
  return deref(example).value;
}

/** The prefixes the gateway serves the operations under, from the servers' `prefix` variable: `/v1/backend`, … */
export { PREFIXES };

type Schema = {
  $ref?: string;
  enum?: string[];
  format?: string;
  properties?: Record<string, Schema>;
};
const schemas = components.schemas as Record<string, Schema>;

/** A component schema by name, or the target of a `$ref` (followed until it is not one). */
export function schemaOf(nameOrNode: string | Schema): Schema {
  const named = typeof nameOrNode === 'string' ? schemas[nameOrNode] : nameOrNode;
  const node = named && deref(named);
  if (!node) throw new Error(`the spec has no schema ${JSON.stringify(nameOrNode)}`);
  return node;
}

/** A property of a component schema, `$ref`s followed: `propertyOf('ContactFields', 'gender')`. */
export function propertyOf(schemaName: string, property: string): Schema {
  const node = schemaOf(schemaName).properties?.[property];
  if (!node) throw new Error(`${schemaName} has no property ${property}`);
  return schemaOf(node);
}
