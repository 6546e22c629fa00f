/**
 * The spec must accept every real answer the API's owners published, and must be tight enough that
 * a drifted answer fails: each systematic mutation of an example is rejected, naming the field.
 */
import { describe, expect, it } from 'vitest';
import {
  publishedExampleFiles,
  publishedExamples,
  readAttachedExample,
  readPublishedExample,
  type PublishedExample,
} from './published-examples.ts';
import { formatFailures, type Result } from './failures.ts';
import { requestValidator } from './validate-request.ts';
import { responseValidator } from './validate-response.ts';

type Json = Record<string, unknown>;
const read = readPublishedExample;

function validate(example: PublishedExample, body: unknown): Result<unknown> {
  if ('request' in example) {
    const path: Record<string, string> =
      example.operationId === 'updateContact'
        ? { contact_id: 'con_32a507dd-dc57-49a9-8456-7fb9c48d2a41' }
        : {};
    return requestValidator(example.operationId)({ path, body });
  }
  const validator = responseValidator(example.operationId, example.status, 'application/json');
  if (!validator)
    throw new Error(
      `${example.operationId} documents no ${example.status} application/json response`,
    );
  return validator(body);
}

const label = (e: PublishedExample) =>
  `${e.file} as ${e.operationId} ${'request' in e ? 'request body' : e.status}`;

describe('published examples', () => {
  it('every published file attached to the spec is mapped to an operation', () => {
    const mapped = new Set(publishedExamples.map((e) => e.file));
    expect(publishedExampleFiles()).toEqual([...mapped].sort());
  });

  it('each attached copy says which published file it is', () => {
    for (const file of publishedExampleFiles()) {
      expect(readAttachedExample(file).summary, file).toBe(
        `Published by the API's owners (${file})`,
      );
    }
  });

  it.each(publishedExamples.map((e) => [label(e), e] as const))('%s validates', (_, example) => {
    const result = validate(example, read(example.file));
    expect(result.ok ? 'valid' : formatFailures(result.failures)).toBe('valid');
  });
});

/** Objects of an example worth mutating: every object, but only the first item of each array. */
function* objectsIn(
  value: unknown,
  path: (string | number)[] = [],
): Generator<[(string | number)[], Json]> {
  if (Array.isArray(value)) {
    if (value.length) yield* objectsIn(value[0], [...path, 0]);
  } else if (value !== null && typeof value === 'object') {
    yield [path, value as Json];
    for (const [key, child] of Object.entries(value)) yield* objectsIn(child, [...path, key]);
  }
}

function mutate(
  example: unknown,
  path: (string | number)[],
  change: (target: Json) => void,
): unknown {
  const copy = structuredClone(example);
  change(path.reduce<any>((at, key) => at[key], copy));
  return copy;
}

const wrongTypeFor = (value: unknown): unknown =>
  typeof value === 'string'
    ? 12345
    : typeof value === 'number' || typeof value === 'boolean'
      ? 'wrong type'
      : value === null
        ? 12345
        : 'wrong type';

// Free-form by design: the API puts arbitrary keys here, so an extra key is not drift.
const OPEN_OBJECTS = new Set(['additional_params', 'nested', 'content', 'action_to']);
// Fields the spec makes optional because the published records show them on some items only.
const OPTIONAL_FIELDS = new Set([
  'contact',
  'latest_message',
  'contacts_latest_message',
  'available_team_conversations',
  'teams', // a TeamConversationUser filtered to one channel carries only the conversation
  'is_disabled', // only on the default team
  'provider_user_id',
  'board_id',
  'board_item_id', // not every contact came from a provider or sits on a board
  'text',
  'is_mail',
  'parent_url',
  'team_conversation_user_id', // inside free-form content / action_to
]);
const ENUM_FIELDS = new Set(['object_name', 'channel_type', 'doc_name', 'gender', 'action']);

interface Mutation {
  name: string;
  field: string;
  body: unknown;
}

function mutations(body: unknown): Mutation[] {
  const out: Mutation[] = [];
  for (const [path, object] of objectsIn(body)) {
    const parent = String(path.at(-1) ?? '');
    for (const [key, value] of Object.entries(object)) {
      const at = [...path, key].join('.');
      if (!OPEN_OBJECTS.has(parent) && !OPTIONAL_FIELDS.has(key)) {
        out.push({
          name: `${at} removed`,
          field: key,
          body: mutate(body, path, (o) => delete o[key]),
        });
      }
      if (
        !(
          OPEN_OBJECTS.has(parent) &&
          !['text', 'is_mail', 'parent_url', 'team_conversation_user_id'].includes(key)
        )
      ) {
        out.push({
          name: `${at} of the wrong type`,
          field: key,
          body: mutate(body, path, (o) => (o[key] = wrongTypeFor(value))),
        });
      }
      if (ENUM_FIELDS.has(key)) {
        out.push({
          name: `${at} outside its enum`,
          field: key,
          body: mutate(body, path, (o) => (o[key] = 'not_a_known_value')),
        });
      }
    }
    if (!OPEN_OBJECTS.has(parent)) {
      out.push({
        name: `${path.join('.') || 'root'} with an unknown field`,
        field: 'unexpected_field',
        body: mutate(body, path, (o) => (o.unexpected_field = 1)),
      });
    }
  }
  return out;
}

describe('mutated published examples are rejected, naming the field', () => {
  const responses = publishedExamples.filter((e) => !('request' in e) && e.status === 200);
  for (const example of responses) {
    const cases = mutations(read(example.file));
    if (cases.length === 0) continue;
    it.each(cases.map((m) => [m.name, m] as const))(`${example.file}: %s`, (_, mutation) => {
      const result = validate(example, mutation.body);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(formatFailures(result.failures)).toContain(mutation.field);
    });
  }

  it('an empty data list still rejects a wrong envelope', () => {
    const search = publishedExamples.find((e) => e.file === 'search-contacts.200.json')!;
    const body = read(search.file) as Json;
    for (const [key, value] of [
      ['has_more', 'no'],
      ['count', -1],
      ['total', 1.5],
      ['nested', []],
    ] as const) {
      const result = validate(search, { ...body, [key]: value });
      expect(result.ok, key).toBe(false);
      if (!result.ok) expect(formatFailures(result.failures)).toContain(key);
    }
  });
});
