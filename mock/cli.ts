#!/usr/bin/env node
/**
 * `imbrace-contacts-mock` / `npm run mock`: the mock on a port, with a start banner and a request log.
 */
import { parseArgs } from 'node:util';
import { PREFIXES } from './app.ts';
import { startMockServer, type MockServerOptions } from './server.ts';

const NAME = 'imbrace-contacts-mock';

const HELP = `Usage: ${NAME} [options]

A local mock of the iMBRACE Contacts API, with seeded data and the gateway's behaviour.

Options:
  --port N               port to listen on, 0 for a free one            (default 4010)
  --host HOST            interface to listen on                         (default 127.0.0.1)
  --seed N               seed of the generated data                     (default 1)
  --contacts N           number of seeded contacts                      (default 65681)
  --token TOKEN          an accepted credential; repeat for several     (default mock-token)
  --latency MS           delay every answer by MS milliseconds          (default 0)
  --state FILE           keep writes in FILE across restarts            (default: in memory only)
  --max-uploads BYTES    most bytes of uploaded files kept, then 507    (default 268435456)
  --max-records N        most created contacts + comments kept, then 507 (default 100000)
  --not-found-status N   status of the not-found answer, 400 or 404     (default 400)
  --quiet                no request log                                 (default: log each request)
  --help                 show this help
`;

class UsageError extends Error {}

function integerFlag(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(
      `--${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(value)})`,
    );
  }
  return n;
}

function parseFlags(argv: string[]): MockServerOptions & { quiet: boolean; help: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        contacts: { type: 'string' },
        token: { type: 'string', multiple: true },
        latency: { type: 'string' },
        state: { type: 'string' },
        'max-uploads': { type: 'string' },
        'max-records': { type: 'string' },
        'not-found-status': { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!);
  }
  const notFoundStatus = values['not-found-status'];
  if (notFoundStatus !== undefined && notFoundStatus !== '400' && notFoundStatus !== '404') {
    throw new UsageError(
      `--not-found-status must be 400 or 404 (got ${JSON.stringify(notFoundStatus)})`,
    );
  }
  if (values.host === '') throw new UsageError('--host must not be empty');
  if (values.state === '') throw new UsageError('--state must name a file');
  return {
    port: integerFlag('port', values.port, 0, 65535) ?? 4010,
    host: values.host ?? '127.0.0.1',
    seed: integerFlag('seed', values.seed, 0, Number.MAX_SAFE_INTEGER),
    contacts: integerFlag('contacts', values.contacts, 0, 10_000_000),
    tokens: values.token,
    latency: integerFlag('latency', values.latency, 0, 600_000),
    statePath: values.state,
    maxUploadBytes: integerFlag('max-uploads', values['max-uploads'], 0, Number.MAX_SAFE_INTEGER),
    maxRecords: integerFlag('max-records', values['max-records'], 0, Number.MAX_SAFE_INTEGER),
    notFoundStatus:
      notFoundStatus === undefined ? undefined : (Number(notFoundStatus) as 400 | 404),
    quiet: values.quiet,
    help: values.help,
  };
}

/** The URL to show for a server listening on every interface. */
function reachable(url: string): string {
  return url.replace('//0.0.0.0:', '//127.0.0.1:').replace('//[::]:', '//[::1]:');
}

function banner(url: string, flags: MockServerOptions, seed: number, size: number): string {
  const token = flags.tokens?.[0] ?? 'mock-token';
  return [
    `iMBRACE Contacts mock listening on ${url}`,
    `  prefixes  ${PREFIXES.map((p) => url + p).join('\n            ')}`,
    `  docs      ${url}/docs   (spec: ${url}/openapi.yaml, ${url}/openapi.json)`,
    `  data      seed ${seed}, ${size} contacts${flags.statePath ? `, writes kept in ${flags.statePath} (journalled, flushed before each answer)` : ', writes in memory (POST /__mock/reset to undo)'}`,
    `  auth      x-access-token: ${token}   (or Authorization: Bearer <token> with x-organization-id, or x-api-key: <token>)`,
    `  try       curl -H 'x-access-token: ${token}' '${url}/v1/backend/contacts?limit=10&skip=0&sort=-created_at'`,
    '',
  ].join('\n');
}

async function main(argv: string[]): Promise<void> {
  const flags = parseFlags(argv);
  if (flags.help) {
    process.stdout.write(HELP);
    return;
  }
  const log = flags.quiet
    ? undefined
    : (e: { method: string; path: string; status: number; ms: number }) =>
        process.stdout.write(`${e.method} ${e.path} ${e.status} ${e.ms}ms\n`);
  let warmedUp = false;
  // Once: at a million contacts the first request of a sort, or the first search, is fast from here on.
  const onWarmedUp = (ms: number) => {
    if (!warmedUp)
      process.stdout.write(
        `indexes ready: every sort and the search built in the background in ${(ms / 1000).toFixed(1)} s\n`,
      );
    warmedUp = true;
  };
  let server;
  try {
    server = await startMockServer({ ...flags, log, onWarmedUp });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new Error(
        `port ${flags.port} on ${flags.host} is already in use (choose another with --port, or --port 0 for a free one)`,
      );
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
      throw new Error(`cannot listen on --host ${flags.host}: no such local address`);
    if (code === 'EACCES')
      throw new Error(
        `not allowed to listen on port ${flags.port} (ports below 1024 need privileges)`,
      );
    throw error;
  }
  const { store, state } = server;
  // What opening --state did (writes recovered, a stale lock taken over, a migration), then the banner.
  for (const note of state?.notes ?? []) process.stdout.write(`state: ${note}\n`);
  process.stdout.write(banner(reachable(server.url), flags, store.seed, store.size));
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(
    `${NAME}: ${error instanceof UsageError ? `${error.message} (see --help)` : error.message}\n`,
  );
  process.exit(error instanceof UsageError ? 2 : 1);
});
