/**
 * Field lists and enums the data needs, read from the bundled spec (never retyped): the spec is the
 * only place a shape is declared.
 */
import { CONTACT_FIELDS, CONTACT_SORTS, GENDER_BY_CODE, deref, spec } from '../../openapi/spec.ts';
import type { ChannelType, ContactSort, EmbeddedContact } from '../../openapi/types.ts';

export { CONTACT_FIELDS, CONTACT_SORTS, GENDER_BY_CODE };

const schemas = spec.components.schemas;

export const CHANNEL_TYPES = schemas.ChannelType.enum as readonly ChannelType[];

/** A sort value's field and direction. */
export type SortField = Exclude<ContactSort, `-${string}`>;

/** The sortable fields, each once. */
export const SORT_FIELDS = CONTACT_SORTS.filter((sort): sort is SortField => !sort.startsWith('-'));

export function parseSort(sort: ContactSort): { field: SortField; descending: boolean } {
  const descending = sort.startsWith('-');
  return { field: (descending ? sort.slice(1) : sort) as SortField, descending };
}

/** Every property of the embedded contact, optional ones included, in the order the API writes them. */
export const EMBEDDED_CONTACT_PROPERTIES = Object.keys(
  schemas.EmbeddedContact.properties,
) as readonly (keyof EmbeddedContact)[];

/** The fields a create or update body may carry (`labels` included, which the record keeps in `additional_params`). */
export const EDITABLE_FIELDS = Object.keys(schemas.ContactEditable.properties) as readonly string[];

/** Contact fields that hold timestamps (by their schema in the spec). */
export const TIMESTAMP_FIELDS: ReadonlySet<string> = new Set(
  Object.entries(schemas.ContactFields.properties as Record<string, { $ref?: string }>)
    .filter(([, schema]) =>
      /\/(DateTime|NullableDateTime|DateTimeOrEmpty)$/.test(schema.$ref ?? ''),
    )
    .map(([field]) => field),
);

type Schema = { type?: unknown; anyOf?: Schema[]; $ref?: string };

/** Whether every value a schema accepts is a string (its `$ref`s followed, every `anyOf` branch). */
const onlyStrings = (schema: Schema): boolean => {
  const node = deref(schema);
  return node.anyOf ? node.anyOf.every(onlyStrings) : node.type === 'string';
};

/** Contact fields whose value is always a string (by their schema in the spec). */
export const STRING_FIELDS: ReadonlySet<string> = new Set(
  Object.entries(schemas.ContactFields.properties as Record<string, Schema>)
    .filter(([, schema]) => onlyStrings(schema))
    .map(([field]) => field),
);
