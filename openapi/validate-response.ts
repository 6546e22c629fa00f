/**
 * `responseValidator(operationId, status, mediaType)` checks one documented response body.
 */
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { type Result, toFailures } from './failures.ts';
import { SPEC_ID, bodyAjv } from './schemas.ts';
import { documentedStatusKey, escapePointer, operation, resolve } from './spec.ts';

type Json = Record<string, unknown>;

export type ResponseValidator = (body: unknown) => Result;

const responseValidators = new Map<string, ResponseValidator | undefined>();

/**
 * The compiled validator of one documented response, or undefined when the operation does not
 * document that status and media type (itself a contract failure).
 */
export function responseValidator(
  operationId: string,
  status: number | string,
  mediaType: string,
): ResponseValidator | undefined {
  const cacheKey = `${operationId} ${status} ${mediaType}`;
  if (responseValidators.has(cacheKey)) return responseValidators.get(cacheKey);
  const op = operation(operationId);
  const key = documentedStatusKey(operationId, status);
  let validator: ResponseValidator | undefined;
  if (key !== undefined) {
    const response = resolve(
      (op.definition.responses as Record<string, Json>)[key]!,
      `${op.pointer}/responses/${key}`,
    );
    const content = (response.node.content ?? {}) as Record<string, Json>;
    if (content[mediaType]) {
      const check: ValidateFunction = bodyAjv().compile({
        $ref: `${SPEC_ID}${response.pointer}/content/${escapePointer(mediaType)}/schema`,
      });
      validator = (body) =>
        check(body)
          ? { ok: true, value: undefined }
          : { ok: false, failures: toFailures(check.errors, '', body) };
    }
  }
  responseValidators.set(cacheKey, validator);
  return validator;
}

/** The media type of a `Content-Type` header, without parameters, lower-cased. */
export function mediaTypeOf(contentType: string | null | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}
