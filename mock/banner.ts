/**
 * The CLI's start banner: where the mock is, what it serves and accepts, and how to try it.
 */
import { PREFIXES } from './app.ts';
import type { CliOptions } from './cli-flags.ts';
import { RESET_PATH } from './routes/reset.ts';

const SCHEMES =
  'x-access-token: <token> | Authorization: Bearer <token> + x-organization-id: <org> | x-api-key: <token>';

/** The start banner: where the mock is, what it serves and accepts, and how to try it. */
export function banner(
  url: string,
  flags: CliOptions,
  data: { seed: number; size: number; loopback: boolean; writesLoaded?: number },
): string {
  const token = flags.tokens?.[0] ?? 'mock-token';
  const lines = [
    `iMBRACE Contacts mock listening on ${url}`,
    `  prefixes  ${PREFIXES.map((p) => url + p).join('\n            ')}`,
    `  docs      ${url}/docs   (spec: ${url}/openapi.yaml, ${url}/openapi.json)`,
    `  data      seed ${data.seed}, ${data.size} contacts${flags.statePath ? `, writes kept in ${flags.statePath} (${data.writesLoaded ?? 0} loaded; journalled, flushed before each answer)` : `, writes in memory (POST ${RESET_PATH} to undo)`}`,
    `  auth      accepts ${flags.tokens ? `the tokens ${flags.tokens.join(', ')}` : 'any non-empty credential (restrict with --token)'}`,
    `            as ${SCHEMES}`,
    `  try       curl -H 'x-access-token: ${token}' '${url}/v1/backend/contacts?limit=10&skip=0&sort=-created_at'`,
  ];
  if (!data.loopback) {
    lines.push(
      `  WARNING   --host ${flags.host} listens beyond this machine: the mock's data and credentials are reachable from the network`,
    );
    if (!flags.tokens)
      lines.push('            and any credential is accepted: restrict with --token');
    if (!flags.publicUrl)
      lines.push(`            upload URLs name ${url}: for other machines give --public-url`);
  }
  return `${lines.join('\n')}\n`;
}
