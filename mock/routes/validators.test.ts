import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { operations, spec } from '../../openapi/spec.ts';
import { requestValidator } from '../../openapi/validate-request.ts';

// The mock compiles an operation's validator on its first request (start-up stays short), and the
// shared validator skips the meta-schema check: a broken schema must fail here, not on a request.
describe('the validators the mock compiles lazily', () => {
  it('every component schema of the spec is valid JSON Schema 2020-12', () => {
    const ajv = new Ajv2020({ strict: false });
    const invalid = Object.entries(spec.components.schemas as Record<string, object>)
      .filter(([, schema]) => !ajv.validateSchema(schema))
      .map(([name]) => `${name}: ${ajv.errorsText(ajv.errors)}`);
    expect(invalid).toEqual([]);
  });

  it.each(operations.map((op) => op.operationId))(
    '%s compiles and checks a request',
    (operationId) => {
      const result = requestValidator(operationId)({ path: {}, query: {} });
      expect(typeof result.ok).toBe('boolean');
    },
  );
});
