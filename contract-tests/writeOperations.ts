import { operations } from '../openapi/validator.ts';

/**
 * The operations that change data: every method but GET, except the search that POSTs its query.
 * Sent only with CONTRACT_WRITES=1.
 */
export const WRITE_OPERATIONS: ReadonlySet<string> = new Set(
  operations
    .filter((op) => op.method !== 'get' && !op.path.endsWith('/_search'))
    .map((op) => op.operationId),
);
