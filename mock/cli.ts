#!/usr/bin/env node
/**
 * `imbrace-contacts-mock` / `npm run mock`: the mock on a port, with a start banner and a request log.
 */
import { banner } from './banner.ts';
import { parseFlags, helpText, UsageError } from './cli-flags.ts';
import { NAME } from './version.ts';
import { isLoopbackUrl, type MockServer, reachableUrl, startMockServer } from './server.ts';
import { logOutput } from './log-output.ts';
import { VERSION } from './version.ts';

async function main(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, process.env);
  if (flags.help) {
    process.stdout.write(helpText());
    return;
  }
  if (flags.version) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  const log = flags.quiet ? undefined : logOutput({ format: flags.logFormat });
  let warmedUp = false;
  // Once: at a million contacts the first request of a sort, or the first search, is fast from here on.
  const onWarmedUp = (ms: number) => {
    if (!warmedUp)
      process.stdout.write(
        `indexes ready: every sort built before listening, the search in the background in ${(ms / 1000).toFixed(1)} s\n`,
      );
    warmedUp = true;
  };
  let server: MockServer;
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
  process.stdout.write(
    banner(reachableUrl(server.url), flags, {
      seed: store.seed,
      size: store.size,
      loopback: isLoopbackUrl(server.url),
      writesLoaded: state?.writesLoaded,
    }),
  );
  // Once: a Ctrl-C reaches the mock twice (from the terminal and forwarded by npm), and the second
  // must not cut the closing short.
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    server.close().then(
      () => process.exit(0),
      (error: Error) => {
        process.stderr.write(`${NAME}: could not close cleanly: ${error.message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(
    `${NAME}: ${error instanceof UsageError ? `${error.message} (see --help)` : error.message}\n`,
  );
  process.exit(error instanceof UsageError ? 2 : 1);
});
