/**
 * The answer a request's `Prefer` asks for (see middleware/prefer.ts), as Prism gives it:
 * `code=N` a documented status, or an undocumented fault (429, 5xx…) marked as such, for client
 * resilience tests; `example=NAME` the spec's named example of the operation's answer.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { deref, documentedResponses, operation } from '../../openapi/validator.ts';
import type { Preferences } from '../middleware/prefer.ts';

import { UNDOCUMENTED_HEADER } from '../middleware/errors.ts';

/** Seconds a client is told to wait after a preferred 429 or 503. */
const PREFERRED_RETRY_AFTER = '1';

/** The gateway's `{message}` of each status a client is likely to ask for; others say `Error`. */
const MESSAGES = new Map<number, string>([
  [400, 'Bad Request'],
  [401, 'Unauthorized'],
  [403, 'Forbidden'],
  [404, 'Not Found'],
  [408, 'Request Timeout'],
  [409, 'Conflict'],
  [413, 'Payload Too Large'],
  [415, 'Unsupported Media Type'],
  [422, 'Unprocessable Entity'],
  [429, 'Too Many Requests'],
  [500, 'Internal Server Error'],
  [502, 'Bad Gateway'],
  [503, 'Service Unavailable'],
  [504, 'Gateway Timeout'],
]);

interface Example {
  mediaType: string;
  value: unknown;
}

type Json = Record<string, unknown>;

/** The named examples of one documented answer of an operation, read from the bundled spec. */
function examplesOf(operationId: string, status: number): ReadonlyMap<string, Example> {
  const responses = operation(operationId).definition.responses as Json;
  const response = Object.hasOwn(responses, String(status))
    ? deref(responses[String(status)] as Json)
    : undefined;
  const examples = new Map<string, Example>();
  const content = (response?.content ?? {}) as Record<string, Json>;
  for (const [mediaType, media] of Object.entries(content)) {
    for (const [name, example] of Object.entries((media.examples ?? {}) as Record<string, Json>)) {
      if (!examples.has(name)) examples.set(name, { mediaType, value: deref(example).value });
    }
  }
  return examples;
}

/**
 * For one operation: a function giving the answer its request's `Prefer` asks for, or undefined
 * when it asks for the normal answer. It runs before the request is read, so a client can ask for a
 * fault whatever it sends.
 */
export function preferredAnswers(operationId: string) {
  const documented = [...documentedResponses(operationId).keys()];
  const examples = new Map<number, ReadonlyMap<string, Example>>();
  const examplesAt = (status: number) => {
    const found = examples.get(status) ?? examplesOf(operationId, status);
    examples.set(status, found);
    return found;
  };

  return function preferredAnswer(c: Context): Response | undefined {
    // c.get, not c.var: c.var copies every variable into a new object on each read.
    const prefer = c.get('prefer') as Preferences | undefined;
    if (!prefer) return undefined;
    const { code, example } = prefer;
    if (example !== undefined) {
      const status = code ?? 200;
      const known = examplesAt(status);
      const found = known.get(example);
      if (!found)
        throw new HTTPException(400, {
          message: `header.Prefer: example=${example} is not an example of ${operationId}'s ${status} answer (${known.size ? `examples: ${[...known.keys()].join(', ')}` : 'it has none'})`,
        });
      if (found.mediaType === 'application/json') return c.json(found.value as Json, status as 200);
      return c.body(String(found.value), status as 200, { 'content-type': found.mediaType });
    }
    if (code === undefined || code === 200) return undefined;
    const message = MESSAGES.get(code) ?? 'Error';
    if (documented.includes(String(code))) return c.json({ message }, code as 400);
    if (code < 400)
      throw new HTTPException(400, {
        message: `header.Prefer: code=${code} is not a documented status of ${operationId} (documented: ${documented.join(', ')}; any 4xx or 5xx is answered as an undocumented fault)`,
      });
    const headers: Record<string, string> = { [UNDOCUMENTED_HEADER]: 'true' };
    if (code === 429 || code === 503) headers['retry-after'] = PREFERRED_RETRY_AFTER;
    return c.json({ message }, code as 400, headers);
  };
}
