/**
 * Prism's validating proxy (`prism proxy <spec> <upstream> --errors`) as a second judge of the mock.
 *
 * What Prism 5.14 does, found by experiment:
 * - It matches a request's path against the spec's `paths` and ignores `servers`: `/contacts` is
 *   routed, `/v1/backend/contacts` is `404 NO_PATH_MATCHED_ERROR`. The `{prefix}` server variable is
 *   neither required nor understood.
 * - It forwards to the upstream's origin plus the request's path: a path in the upstream URL
 *   (`http://127.0.0.1:4010/v1/backend`) is dropped. So a small hop in between adds the prefix
 *   (`prefixHop`), rotating through the spec's three prefixes.
 * - A response that breaks the spec comes back, with `--errors`, as `500 application/problem+json`
 *   of type `…#VIOLATIONS` with the list in an `sl-violations` header (a JSON array of
 *   `{location, severity, code, message}`) and in the body's `validation`; without `--errors` the
 *   upstream's answer passes through with the same header. Either way Prism logs one line per
 *   violation: `[VALIDATOR] ✖ error Violation: response.body …`.
 * - A request that breaks the spec is refused by Prism itself with `422 …#UNPROCESSABLE_ENTITY` (or
 *   `401 …#UNAUTHORIZED` without credentials) and never reaches the mock, unless Prism runs with
 *   `--validate-request false`.
 */
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BUNDLED_SPEC, startPrism } from '../lib/prism.ts';

export interface Hop {
  url: string;
  close(): Promise<void>;
}

/** A request carrying this header gets a broken answer from the hop: the canary that shows Prism checks. */
export const CORRUPT_HEADER = 'x-reliability-corrupt';

/**
 * Forwards every request to `upstream` with one of `prefixes` put before its path, in turn. A request
 * with `CORRUPT_HEADER` gets the upstream's status with a body no schema of the spec allows.
 */
export async function prefixHop(upstream: string, prefixes: readonly string[]): Promise<Hop> {
  let next = 0;
  const server = http.createServer((req, res) => {
    const prefix = prefixes[next++ % prefixes.length]!;
    const corrupt = CORRUPT_HEADER in req.headers;
    const forward = http.request(
      `${upstream}/${prefix}${req.url}`,
      { method: req.method, headers: req.headers },
      (answer) => {
        if (corrupt) {
          answer.resume();
          res.writeHead(answer.statusCode ?? 502, {
            'content-type': 'application/json',
            'x-request-id': 'canary',
          });
          res.end(JSON.stringify({ not_in_the_spec: true }));
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', (error) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`hop: ${error.message}`);
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface PrismProxy {
  url: string;
  child: ChildProcess;
  /** Everything Prism logged. */
  log(): string;
  close(): Promise<void>;
}

/**
 * Starts `prism proxy <spec> <upstream> --errors` on a free port and waits until it answers. With
 * `validateRequest: false` Prism forwards requests that break the spec, so that it judges the mock's
 * error answers too.
 */
export async function startPrismProxy(
  upstream: string,
  { errors = true, validateRequest = true, timeoutMs = 90_000 } = {},
): Promise<PrismProxy> {
  const prism = await startPrism(
    [
      'proxy',
      BUNDLED_SPEC,
      upstream,
      '--errors',
      String(errors),
      '--validate-request',
      String(validateRequest),
    ],
    { timeoutMs },
  );
  return { url: prism.url, child: prism.child, log: prism.log, close: prism.close };
}

export interface PrismViolation {
  location: string[];
  severity: string;
  code: string;
  message: string;
}

/** The violations Prism attached to an answer: the `sl-violations` header, or the problem body's list. */
export function prismViolations(headers: Headers, body: string): PrismViolation[] {
  const header = headers.get('sl-violations');
  if (header) return JSON.parse(header) as PrismViolation[];
  if (headers.get('content-type')?.startsWith('application/problem+json')) {
    try {
      const problem = JSON.parse(body) as { validation?: PrismViolation[] };
      return problem.validation ?? [];
    } catch {
      return [];
    }
  }
  return [];
}

/** The response violations Prism logged (`[VALIDATOR] ✖ error Violation: response…`). */
export function loggedResponseViolations(log: string): string[] {
  return log.split('\n').filter((line) => /Violation: response/.test(line));
}
