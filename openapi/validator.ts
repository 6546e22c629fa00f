/**
 * The shared validator, as the package's `./validator` export: the spec index and its values
 * (`spec.ts`), request validation (`validate-request.ts`), response validation
 * (`validate-response.ts`) and failures with their messages (`failures.ts`). Code in this repository
 * imports from those files; this one gathers them for consumers.
 */
export * from './failures.ts';
export * from './spec.ts';
export * from './validate-request.ts';
export * from './validate-response.ts';
