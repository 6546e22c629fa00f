/**
 * Values for the spec's request schemas: a fast-check arbitrary of values a schema accepts, and the
 * values that break exactly one of its rules. Only the keywords the spec's request schemas use are
 * understood (`type`, `properties`, `required`, `additionalProperties`, `unevaluatedProperties`,
 * `allOf`, `anyOf`, `oneOf`, `enum`, `pattern`, `minLength`/`maxLength`, `minimum`/`maximum`,
 * `minItems`/`maxItems`, `items`, `format: email`); whether a generated value is really valid is
 * decided afterwards by the shared validator, never assumed here.
 */
import fc from 'fast-check';
import { deref } from '../../openapi/spec.ts';

export type Schema = Record<string, unknown>;

/** An object schema with its `allOf` parts folded in: every declared property and required name. */
export function flatten(schema: Schema): Schema {
  const node = deref(schema);
  if (!Array.isArray(node.allOf)) return node;
  const parts = [node, ...(node.allOf as Schema[]).map(flatten)];
  const merged: Schema = { ...node };
  delete merged.allOf;
  merged.properties = Object.assign({}, ...parts.map((p) => p.properties ?? {}));
  merged.required = parts.flatMap((p) => (p.required as string[]) ?? []);
  // A scalar constrained by an `allOf` part (`email` with `EmailOrEmpty`) keeps that part's rules.
  for (const key of ['type', 'anyOf', 'oneOf', 'enum', 'pattern', 'format']) {
    const part = parts.find((p) => p[key] !== undefined);
    if (part && merged[key] === undefined) merged[key] = part[key];
  }
  return merged;
}

/**
 * Every name of `Object.prototype` (`constructor`, `__proto__`, `toString`, `hasOwnProperty`, …) and
 * `prototype`: a lookup keyed by user input in a plain object finds these (a 500 the mock once gave to
 * `?type=constructor`), and assigning them changes an object's prototype when code merges carelessly.
 * Sent as query values, path segments and body keys.
 */
export const PROTOTYPE_KEYS: readonly string[] = Object.freeze([
  ...Object.getOwnPropertyNames(Object.prototype),
  'prototype',
]);

/** Free-form JSON for `additionalProperties: true`, prototype keys included. */
const freeObject: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(
  fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...PROTOTYPE_KEYS)),
  fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.record({ polluted: fc.constant('yes') })),
  { maxKeys: 4 },
);

/** Values the schema should accept (the validator has the last word). */
export function validValue(schema: Schema): fc.Arbitrary<unknown> {
  const node = flatten(schema);
  if (Array.isArray(node.enum)) return fc.constantFrom(...(node.enum as unknown[]));
  if (Array.isArray(node.oneOf)) return fc.oneof(...(node.oneOf as Schema[]).map(validValue));
  if (Array.isArray(node.anyOf)) return fc.oneof(...(node.anyOf as Schema[]).map(validValue));
  switch (node.type) {
    case 'integer': {
      const min = (node.minimum as number | undefined) ?? -1000;
      const max = (node.maximum as number | undefined) ?? 1000;
      return fc.oneof(
        fc.integer({ min, max: Math.min(max, min + 200) }),
        fc.constantFrom(min, max),
      );
    }
    case 'string': {
      const minLength = (node.minLength as number | undefined) ?? 0;
      const maxLength = (node.maxLength as number | undefined) ?? 64;
      if (typeof node.pattern === 'string')
        return fc.stringMatching(new RegExp(node.pattern as string), { size: 'small' });
      if (node.format === 'email') return fc.emailAddress();
      return fc.oneof(
        { weight: 4, arbitrary: fc.string({ minLength, maxLength: Math.min(maxLength, 40) }) },
        {
          weight: 1,
          arbitrary: fc.string({ minLength, maxLength: Math.min(maxLength, 40), unit: 'binary' }),
        },
        { weight: 1, arbitrary: fc.constant('x'.repeat(maxLength)) },
      );
    }
    case 'array': {
      const items = validValue((node.items as Schema | undefined) ?? {});
      return fc.array(items, {
        minLength: (node.minItems as number) ?? 0,
        maxLength: Math.min((node.maxItems as number) ?? 5, 5),
      });
    }
    case 'object': {
      const properties = (node.properties ?? {}) as Record<string, Schema>;
      const required = (node.required as string[]) ?? [];
      if (Object.keys(properties).length === 0 && node.additionalProperties !== false)
        return freeObject;
      const model = Object.fromEntries(
        Object.entries(properties).map(([name, s]) => [name, validValue(s)]),
      );
      return fc.record(model, { requiredKeys: required.filter((name) => name in model) });
    }
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

export interface SchemaViolation {
  /** The rule broken and where: `maximum`, `properties.email.format`, `required.content`. */
  rule: string;
  /** Builds the broken value from a valid one. */
  value: unknown;
}

/** Strings that commonly fail a pattern; the caller keeps those the pattern really rejects. */
const PATTERN_BREAKERS = [
  '',
  ' ',
  '!!',
  '../x',
  '%00',
  'a\u0000b',
  '\u00e9',
  'x'.repeat(80),
  'con_',
  'not_$',
  '-1',
];

/**
 * Values that break one rule of a scalar or array schema. For an object, `objectViolations` breaks
 * one property at a time. Each value may happen to satisfy the schema (a pattern breaker that matches
 * after all); the validator filters those out.
 */
export function violations(schema: Schema, { inUrl = false } = {}): SchemaViolation[] {
  const node = flatten(schema);
  const out: SchemaViolation[] = [];
  if (Array.isArray(node.enum))
    out.push(
      { rule: 'enum', value: 'not-in-enum' },
      { rule: 'enum', value: `${String(node.enum[0])} ` },
    );
  switch (node.type) {
    case 'integer':
      out.push(
        { rule: 'type', value: 'abc' },
        { rule: 'type', value: 1.5 },
        { rule: 'type', value: '' },
      );
      if (!inUrl) out.push({ rule: 'type', value: '10' }, { rule: 'type', value: null });
      else
        out.push(
          ...['1e3', '0x10', 'Infinity', '-Infinity', ' 5', '+5', '9'.repeat(400)].map((value) => ({
            rule: 'type',
            value,
          })),
        );
      if (typeof node.minimum === 'number') out.push({ rule: 'minimum', value: node.minimum - 1 });
      if (typeof node.maximum === 'number') out.push({ rule: 'maximum', value: node.maximum + 1 });
      break;
    case 'string':
      if (!inUrl)
        out.push(
          { rule: 'type', value: 123 },
          { rule: 'type', value: ['a'] },
          { rule: 'type', value: { a: 1 } },
          { rule: 'type', value: null },
        );
      if (typeof node.maxLength === 'number')
        out.push({ rule: 'maxLength', value: 'x'.repeat(node.maxLength + 1) });
      if (typeof node.minLength === 'number' && node.minLength > 0)
        out.push({ rule: 'minLength', value: '' });
      if (typeof node.pattern === 'string')
        out.push(...PATTERN_BREAKERS.map((value) => ({ rule: 'pattern', value })));
      if (node.format === 'email') out.push({ rule: 'format', value: 'not-an-email' });
      break;
    case 'array': {
      const item = deref((node.items as Schema | undefined) ?? {});
      const sample = fc.sample(validValue(item), { numRuns: 1, seed: 1 })[0];
      if (!inUrl)
        out.push({ rule: 'type', value: 'not-an-array' }, { rule: 'type', value: { 0: sample } });
      if (typeof node.maxItems === 'number')
        out.push({
          rule: 'maxItems',
          value: Array.from({ length: node.maxItems + 1 }, () => sample),
        });
      if (typeof node.minItems === 'number' && node.minItems > 0)
        out.push({ rule: 'minItems', value: [] });
      for (const v of violations(item, { inUrl }))
        out.push({ rule: `items.${v.rule}`, value: [v.value] });
      break;
    }
    case 'object':
      if (!inUrl) out.push({ rule: 'type', value: 'not-an-object' }, { rule: 'type', value: [] });
      break;
  }
  if (Array.isArray(node.anyOf) || Array.isArray(node.oneOf)) {
    for (const branch of (node.anyOf ?? node.oneOf) as Schema[])
      out.push(...violations(branch, { inUrl }));
  }
  return out;
}

/** A valid object with one rule broken: a property's value, a required name removed, a name added. */
export function objectViolations(
  schema: Schema,
  valid: Record<string, unknown>,
): SchemaViolation[] {
  const node = flatten(schema);
  const out: SchemaViolation[] = [];
  const properties = (node.properties ?? {}) as Record<string, Schema>;
  for (const [name, propertySchema] of Object.entries(properties)) {
    for (const v of violations(propertySchema))
      out.push({ rule: `${name}.${v.rule}`, value: { ...valid, [name]: v.value } });
  }
  for (const name of (node.required as string[]) ?? []) {
    const without = { ...valid };
    delete without[name];
    out.push({ rule: `required.${name}`, value: without });
  }
  if (node.additionalProperties === false || node.unevaluatedProperties === false) {
    out.push({ rule: 'additionalProperties', value: { ...valid, not_a_field: 'x' } });
  }
  return out;
}
