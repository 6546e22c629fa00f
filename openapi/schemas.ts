/**
 * The spec's schemas compiled by ajv, shared by the request and response validators: one instance
 * validates bodies as sent, the other coerces URL strings to the spec's types and fills defaults.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { spec } from './spec.ts';

// ajv-formats ships CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

type Json = Record<string, unknown>;
/** The spec's id in both instances: `${SPEC_ID}#/components/…` refers to a node of the spec. */
export const SPEC_ID = 'contacts';

const ajvOptions = {
  strict: true,
  allErrors: true,
  allowUnionTypes: true,
  // Checking the spec against the JSON Schema meta-schema compiles that meta-schema first, the largest
  // part of a mock's start-up; the spec's schemas are checked by the lint and by a test instead.
  validateSchema: false,
  // OpenAPI's own keywords and our vendor extensions, which are not JSON Schema.
  keywords: [
    'openapi',
    'info',
    'servers',
    'paths',
    'components',
    'security',
    'tags',
    'x-sources',
    'x-disagreement',
  ],
} as const;

function createAjv(coerce: boolean): Ajv2020 {
  const ajv = new Ajv2020({
    ...ajvOptions,
    keywords: [...ajvOptions.keywords],
    coerceTypes: coerce ? 'array' : false,
    useDefaults: coerce,
  });
  addFormats(ajv);
  ajv.addSchema({ ...spec, $id: SPEC_ID });
  return ajv;
}

// One instance validates bodies as sent; the other coerces URL strings to the spec's types. Each is
// made on its first compile: adding the spec to an instance costs tens of milliseconds of start-up.
let bodyAjvInstance: Ajv2020 | undefined;
let paramAjvInstance: Ajv2020 | undefined;
export const bodyAjv = () => (bodyAjvInstance ??= createAjv(false));
export const paramAjv = () => (paramAjvInstance ??= createAjv(true));

/** A schema's copy with its `#/…` refs made absolute to the spec, so it compiles on its own. */
export function standalone(schema: Json): Json {
  return JSON.parse(
    JSON.stringify(schema).replaceAll('"$ref":"#/', `"$ref":"${SPEC_ID}#/`),
  ) as Json;
}
