/**
 * The Node server's fast path for the kept reads (a page of contacts, a search: routes/operation.ts,
 * keptRead): a request the answer cache may answer (answer-cache.ts decides which) is answered by the
 * read's own function, from the cache or built and checked the same way as the route would, before
 * Hono builds a Request, routes it and runs its middleware, which cost as much again as the page.
 *
 * It stands in for the app's middleware on those requests, each through that middleware's own
 * function: the credential check of middleware/auth.ts, the headers of middleware/answer-headers.ts,
 * the named workspace's own answers (workspaces.ts), the log entry of middleware/request-log.ts (a
 * test fails when the app gets a middleware this file does not know). Anything it cannot answer
 * exactly as the app would goes to the app: a miss, a request the cache may not answer, a `Host` the
 * app would refuse, a refused credential (the app answers the 401 and logs its reason), a workspace
 * the app has not made yet or a bad name, an invalid query (the app answers the 400 with its reason),
 * a contact that does not exist.
 *
 * It earns its place: a repeated list page costs the server about 1.5× less CPU with it, a different
 * page about 1.4× less (docs/performance.md, "The fast path").
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getQueryParams } from 'hono/utils/url';
import type { MockApp } from './app.ts';
import { headersOfAnswer, jsonHeadersOf, requestIdOf } from './middleware/answer-headers.ts';
import { checkCredential } from './middleware/auth.ts';
import { logEntryOf } from './middleware/request-log.ts';
import { releaseAnswerBytes } from './answer-bytes.ts';
import { NOT_FOUND } from './routes/operation.ts';
import { WORKSPACE_HEADER } from './workspaces.ts';

/** Answers `req` if it is a kept read it can answer as the app would, and says whether it did. */
export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

/** The middleware the fast path stands in for, by function name, in the order the app runs them. */
export const STOOD_IN_FOR = ['requestLog', 'answerHeaders', 'workspace', 'auth', 'prefer'] as const;

// The `Host` values @hono/node-server takes as they are (a lower-case name, an optional port): with
// any other (none, as HTTP/1.0 allows; a malformed one) the app may answer 400.
const PLAIN_HOST = /^[a-z0-9._-]+(?::(?:[1-5]\d{3,4}|[6-9]\d{3}))?$/;

export function nodeFastPath(mock: MockApp): FastPath {
  const { workspaces, options } = mock;
  const accepted = options.tokens && new Set(options.tokens);
  const { log } = options;
  return function answerKeptRead(req, res) {
    const { headers } = req;
    // The workspace named, used only once the app has made it (and checked its name).
    const workspace = headers[WORKSPACE_HEADER] as string | undefined;
    const { answers, reads } =
      workspace === undefined ? mock : (workspaces.existing(workspace) ?? {});
    if (answers === undefined || reads === undefined) return false;
    const target = req.url ?? '';
    const prefer = headers.prefer as string | undefined;
    const key = answers.keyOf({ method: req.method ?? '', target, prefer });
    if (key === undefined || !PLAIN_HOST.test(headers.host ?? '')) return false;
    const queryAt = target.indexOf('?');
    const read = reads.get(queryAt === -1 ? target : target.slice(0, queryAt));
    if (read === undefined) return false;
    // Node keeps only the first of repeated Authorization headers; the app sees them joined.
    const header = (name: string) =>
      name === 'authorization'
        ? req.headersDistinct.authorization?.join(', ')
        : (headers[name] as string | undefined);
    if (!checkCredential(header, accepted).ok) return false;
    const start = log && performance.now();
    let answer: ReturnType<typeof read>;
    try {
      answer = read({}, getQueryParams(target) as Record<string, string[]>, key);
    } catch {
      // An invalid query (or a fault): the app answers it, with its reason and its log.
      return false;
    }
    if (answer === NOT_FOUND) return false;
    const requestId = requestIdOf(headers['x-request-id'] as string | undefined);
    const answerHeaders = jsonHeadersOf(headersOfAnswer(headers.origin, requestId));
    answerHeaders['content-length'] = String(
      typeof answer === 'string' ? Buffer.byteLength(answer) : answer.byteLength,
    );
    try {
      res.writeHead(200, answerHeaders);
    } catch {
      // A header value Node will not write (its parser lets fewer through): nothing is sent yet, and
      // thrown here it would end the process; the app answers instead.
      return false;
    }
    if (typeof answer === 'string') res.end(answer);
    // Once sent ('finish'), this request no longer reads its bytes (see answer-bytes.ts).
    else res.end(answer, () => releaseAnswerBytes(answer));
    if (log) {
      const ms = Math.round(performance.now() - start!);
      log(logEntryOf({ method: 'GET', target, status: 200, ms, requestId }));
    }
    return true;
  };
}
