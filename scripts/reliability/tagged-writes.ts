/**
 * Contact writes that say which write they are: every free-text editable field (no pattern, enum or
 * format, read from the spec) set to `<tag>-<field>`, so a stored record shows which write it holds
 * and whether it holds one write whole.
 */
import { deref, spec } from '../../openapi/validator.ts';
import { flatten, type Schema } from '../../contract-tests/generate/schema-values.ts';

export interface TextField {
  name: string;
  maxLength: number;
}

/** `display_name` is left out: an update derives it from the first and last names. */
export const TEXT_FIELDS: readonly TextField[] = Object.entries(
  flatten(spec.components.schemas.ContactEditable as Schema).properties as Record<string, Schema>,
)
  .filter(([name, s]) => {
    const node = deref(s);
    return (
      name !== 'display_name' &&
      node.type === 'string' &&
      !node.pattern &&
      !node.enum &&
      !node.format &&
      !node.allOf
    );
  })
  .map(([name, s]) => ({ name, maxLength: (deref(s).maxLength as number | undefined) ?? 64 }));

export function tagged(
  tag: string,
  fields: readonly TextField[] = TEXT_FIELDS,
): Record<string, string> {
  return Object.fromEntries(
    fields.map(({ name, maxLength }) => [name, `${tag}-${name}`.slice(0, maxLength)]),
  );
}

/** The tags a record holds in `fields` (one entry per field; `undefined` for an untagged value). */
export function tagsOf(
  record: Record<string, unknown>,
  fields: readonly TextField[] = TEXT_FIELDS,
): (string | undefined)[] {
  return fields.map(({ name, maxLength }) => {
    const value = record[name];
    if (typeof value !== 'string') return undefined;
    const tag = value.split('-')[0]!;
    return `${tag}-${name}`.slice(0, maxLength) === value ? tag : undefined;
  });
}
