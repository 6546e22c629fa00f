/**
 * Before any check: does the target answer, and does it take the credentials? One request, and on
 * failure one message that says what to fix, so a wrong URL or token ends the run in seconds instead
 * of a hundred failures that all say 401.
 */
import { preview } from '../openapi/validator.ts';
import { NoAnswer, send } from './http.ts';
import type { Target } from './target.ts';
import { ACCESS_TOKEN_HEADER, API_KEY_HEADER } from '../openapi/spec.ts';

export type Preflight = { ok: true; line: string } | { ok: false; reason: string };

const HEADER_OF = {
  'access-token': ACCESS_TOKEN_HEADER,
  bearer: 'Authorization: Bearer',
  'api-key': API_KEY_HEADER,
};

export async function preflight(target: Target): Promise<Preflight> {
  const where = `${target.baseUrl}${target.prefix}`;
  const started = performance.now();
  let status: number;
  let answer: string;
  try {
    const exchange = await send(target, { operationId: 'listContacts', query: { limit: 1 } });
    status = exchange.status;
    answer = `${exchange.request} answered ${status} ${preview(exchange.json ?? exchange.text)}`;
  } catch (error) {
    if (error instanceof NoAnswer)
      return { ok: false, reason: `Cannot reach ${where}: ${error.why}` };
    throw error;
  }
  const ms = Math.round(performance.now() - started);
  if (status === 401 || status === 403) {
    const scheme = target.authScheme ?? 'access-token';
    const organization = target.organizationId === undefined ? 'not set' : 'set';
    return {
      ok: false,
      reason: `The target refused the credentials: ${answer}. Check CONTRACT_TOKEN (the token), CONTRACT_AUTH (now ${scheme}: sent as ${HEADER_OF[scheme]}) and CONTRACT_ORGANIZATION_ID (now ${organization}; the bearer scheme needs it).`,
    };
  }
  if (status === 404)
    return {
      ok: false,
      reason: `The target does not serve the contacts at ${where}: ${answer}. Check CONTRACT_BASE_URL and CONTRACT_PREFIX.`,
    };
  if (status < 200 || status >= 300)
    return { ok: false, reason: `The target cannot list contacts: ${answer}.` };
  return { ok: true, line: `preflight: ${where} answers and takes the credentials (${ms} ms)` };
}
