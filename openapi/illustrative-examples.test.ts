/**
 * The examples the spec shows for operations whose answers were never published (marked
 * `illustrative`) must fit the spec as the shared validator reads it, as the published ones do:
 * readers copy them and Prism answers with them.
 */
import { describe, expect, it } from 'vitest';
import { formatFailures } from './failures.ts';
import { deref, operations } from './spec.ts';
import { responseValidator } from './validate-response.ts';

type Json = Record<string, any>;

const illustrative = operations.flatMap(({ operationId, definition }) =>
  Object.entries((definition as Json).responses as Json).flatMap(([status, response]) =>
    Object.entries((response as Json).content ?? {}).flatMap(([mediaType, content]) => {
      const example = (content as Json).examples?.illustrative as Json | undefined;
      return example
        ? [{ operationId, status, mediaType, value: deref(example).value as unknown }]
        : [];
    }),
  ),
);

describe('illustrative examples', () => {
  it('are shown for the operations whose answers were never published', () => {
    expect(illustrative.map((e) => e.operationId)).toEqual(
      expect.arrayContaining([
        'getContact',
        'createContact',
        'listContactComments',
        'getConversationActivities',
        'exportContactsCsv',
      ]),
    );
  });

  it.each(
    illustrative
      .filter((e) => e.mediaType === 'application/json')
      .map((e) => [`${e.operationId} ${e.status}`, e] as const),
  )('%s fits the spec', (_name, { operationId, status, mediaType, value }) => {
    const result = responseValidator(operationId, status, mediaType)!(value);
    expect(result.ok ? 'valid' : formatFailures(result.failures)).toBe('valid');
  });

  it("the CSV one has the export's header row", () => {
    const csv = illustrative.find((e) => e.operationId === 'exportContactsCsv')!.value as string;
    expect(csv.split('\n')[0]).toMatch(/^object_name,id,organization_id,/);
  });
});
