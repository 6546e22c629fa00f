/**
 * The Node server's fast path for the kept reads (a page of contacts, a search: routes/operation.ts,
 * keptRead) and the direct writes (the update of a contact: directWrite): a request it can answer
 * is answered by the operation's own function, from the answer cache or built and checked the same
 * way as the route would, before Hono builds a Request, routes it and runs its middleware, which
 * cost as much again as the page.
 *
 * It stands in for the app's middleware on those requests, each through that middleware's own
 * function: the credential check of middleware/auth.ts, the headers of middleware/answer-headers.ts,
 * the named workspace's own answers (workspaces.ts), the log entry of middleware/request-log.ts (a
 * test fails when the app gets a middleware this file does not know). Anything it cannot answer
 * exactly as the app would goes to the app: a miss, a request the cache may not answer, a `Host` the
 * app would refuse, a refused credential (the app answers the 401 and logs its reason), a workspace
 * the app has not made yet or a bad name, an invalid query (the app answers the 400 with its reason),
 * a contact that does not exist, a write its function refuses (handed over with the body read).
 *
 * It earns its place: a repeated list page costs the server about 1.5× less CPU with it, a different
 * page about 1.4× less, an update about 2× less (docs/performance.md, "The fast path").
 */
import { type IncomingMessage, type ServerResponse, validateHeaderValue } from 'node:http';
import { getQueryParams } from 'hono/utils/url';
import type { MockApp } from './app.ts';
import { headersOfAnswer, jsonHeadersOf, requestIdOf } from './middleware/answer-headers.ts';
import { checkCredential } from './middleware/auth.ts';
import { logEntryOf } from './middleware/request-log.ts';
import { releaseAnswerBytes } from './answer-bytes.ts';
import { NOT_FOUND } from './routes/operation.ts';
import { WORKSPACE_HEADER, type Workspace } from './workspaces.ts';

/** Answers `req` if it is a kept read or a direct write it can answer as the app would, and says whether it did. */
export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

/** The middleware the fast path stands in for, by function name, in the order the app runs them. */
export const STOOD_IN_FOR = ['requestLog', 'answerHeaders', 'workspace', 'auth', 'prefer'] as const;

// The `Host` values @hono/node-server takes as they are (a lower-case name, an optional port): with
// any other (none, as HTTP/1.0 allows; a malformed one) the app may answer 400.
const PLAIN_HOST = /^[a-z0-9._-]+(?::(?:[1-5]\d{3,4}|[6-9]\d{3}))?$/;

// A contact id or another plain path parameter, as the app's router would take it whole.
const PLAIN_PARAM = /^[\w-]+$/;

/**
 * `writes`: answer the direct writes too (the update of a contact). Only when no write waits for a
 * disk (no `--state`): a write refused once applied (a full disk: 507, undone) is answered by the
 * app's error handler, which the fast path cannot hand a request to once it has read its body.
 */
export function nodeFastPath(mock: MockApp, { writes = false } = {}): FastPath {
  const { workspaces, options } = mock;
  const accepted = options.tokens && new Set(options.tokens);
  const { log } = options;
  // A delay is the app's to add; a write another listener saves may be refused once applied.
  const takesWrites = writes && options.latency === 0 && options.onWrite === undefined;
  return function fastPath(req, res) {
    if (req.method === 'PUT') return takesWrites && answerDirectWrite(req, res);
    return answerKeptRead(req, res);
  };

  /** Takes a kept read it can answer as the app would (from the answer cache or built anew). */
  function answerKeptRead(req: IncomingMessage, res: ServerResponse): boolean {
    const { headers } = req;
    const { answers, reads } = servedBy(req) ?? {};
    if (answers === undefined || reads === undefined) return false;
    const target = req.url ?? '';
    const prefer = headers.prefer as string | undefined;
    const key = answers.keyOf({ method: req.method ?? '', target, prefer });
    if (key === undefined || !PLAIN_HOST.test(headers.host ?? '')) return false;
    const queryAt = target.indexOf('?');
    const read = reads.get(queryAt === -1 ? target : target.slice(0, queryAt));
    if (read === undefined) return false;
    if (!credentialAccepted(req)) return false;
    const start = log && performance.now();
    let answer: ReturnType<typeof read>;
    try {
      answer = read({}, () => getQueryParams(target) as Record<string, string[]>, key);
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
    logged('GET', target, start, requestId);
    return true;
  }

  /**
   * Takes a direct write (`PUT` of a contact) it can answer as the app would: the same checks as
   * for a read, then its body is read here and given to the route's own function. A write that
   * function refuses (a bad body, a contact that does not exist) is handed to the app with the body
   * read, and answered there with its reason and log: nothing was written.
   */
  function answerDirectWrite(req: IncomingMessage, res: ServerResponse): boolean {
    const { headers } = req;
    const writes = servedBy(req)?.writes;
    if (writes === undefined || headers.prefer !== undefined) return false;
    // Only a body of a declared length (no `Expect`, no chunks): it is read whole before the answer.
    const declared = headers['content-length'];
    if (declared === undefined || headers.expect !== undefined) return false;
    if (headers['transfer-encoding'] !== undefined || !/^\d{1,9}$/.test(declared)) return false;
    // Too large: the app refuses it (413) without reading it.
    if (Number(declared) > options.bodyLimit) return false;
    const target = req.url ?? '';
    const at = target.lastIndexOf('/');
    const write = writes.get(target.slice(0, at + 1));
    const value = target.slice(at + 1);
    if (write === undefined || !PLAIN_PARAM.test(value)) return false;
    if (!PLAIN_HOST.test(headers.host ?? '')) return false;
    if (!credentialAccepted(req)) return false;
    // Checked before the write, not after: a write applied must get its answer.
    const requestId = requestIdOf(headers['x-request-id'] as string | undefined);
    const answerHeaders = jsonHeadersOf(headersOfAnswer(headers.origin, requestId));
    if (!writableHeaders(answerHeaders)) return false;
    const start = log && performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => {
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      write.answer({ [write.param]: value }, headers['content-type'], body).then(
        (json) => {
          if (json === NOT_FOUND) return answerFromApp(req, res, body);
          answerHeaders['content-length'] = String(Buffer.byteLength(json));
          try {
            res.writeHead(200, answerHeaders);
          } catch {
            // Not expected (the headers were checked): the connection ends rather than the process.
            res.destroy();
            return;
          }
          res.end(json);
          logged('PUT', target, start, requestId);
        },
        () => answerFromApp(req, res, body),
      );
    });
    return true;
  }

  /** The app or workspace the request names: a workspace only once the app has made it (and checked its name). */
  function servedBy(
    req: IncomingMessage,
  ): Pick<Workspace, 'answers' | 'reads' | 'writes'> | undefined {
    const workspace = req.headers[WORKSPACE_HEADER] as string | undefined;
    return workspace === undefined ? mock : workspaces.existing(workspace);
  }

  /** The request log's entry of an answer the fast path sent (`start`: when it began, if logging). */
  function logged(method: string, target: string, start: number | undefined, requestId: string) {
    if (!log) return;
    const ms = Math.round(performance.now() - start!);
    log(logEntryOf({ method, target, status: 200, ms, requestId }));
  }

  /** Whether the app would accept the request's credential (middleware/auth.ts's own check). */
  function credentialAccepted(req: IncomingMessage): boolean {
    // Node keeps only the first of repeated Authorization headers; the app sees them joined.
    const header = (name: string) =>
      name === 'authorization'
        ? req.headersDistinct.authorization?.join(', ')
        : (req.headers[name] as string | undefined);
    return checkCredential(header, accepted).ok;
  }

  /** Whether Node will write these header values (its parser lets some through that it will not write). */
  function writableHeaders(answerHeaders: Record<string, string>): boolean {
    try {
      for (const [name, value] of Object.entries(answerHeaders)) validateHeaderValue(name, value);
      return true;
    } catch {
      return false;
    }
  }

  /** The app's answer to `req`, whose body (`body`) was read already. */
  async function answerFromApp(req: IncomingMessage, res: ServerResponse, body: Uint8Array) {
    try {
      const headers = new Headers();
      for (let k = 0; k < req.rawHeaders.length; k += 2)
        headers.append(req.rawHeaders[k]!, req.rawHeaders[k + 1]!);
      const url = `http://${req.headers.host}${req.url}`;
      const answer = await mock.app.fetch(
        new Request(url, { method: req.method, headers, body: body as Uint8Array<ArrayBuffer> }),
      );
      const answerHeaders: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        answerHeaders[name] = value;
      });
      const bytes = new Uint8Array(await answer.arrayBuffer());
      // As @hono/node-server sends a whole body: with its length, not in chunks.
      answerHeaders['content-length'] ??= String(bytes.byteLength);
      res.writeHead(answer.status, answerHeaders);
      res.end(bytes);
    } catch {
      res.destroy();
    }
  }
}
