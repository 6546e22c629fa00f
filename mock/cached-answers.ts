/**
 * The Node server's fast path for repeated reads. A GET whose answer the app already keeps (same path
 * and query, no write since: see routes/answer-cache.ts) is answered from those bytes before Hono
 * builds a Request, routes it and runs its middleware, which is most of what such a request costs.
 * What the app would do for it is done here the same way: the same credential check, the same CORS
 * and request-id headers, the request log. Anything else goes to the app: a miss, another method, a
 * `Prefer` header, a configured latency, a refused credential (the app answers the 401).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MockApp } from './app.ts';
import { headersOfAnswer, jsonHeadersOf, requestIdOf } from './middleware/answer-headers.ts';
import { checkCredential } from './middleware/auth.ts';

/** Answers `req` if its answer is kept, and says whether it did. */
export type CachedAnswerer = (req: IncomingMessage, res: ServerResponse) => boolean;

export function cachedAnswers({ answers, options }: MockApp): CachedAnswerer {
  if (options.latency > 0) return () => false;
  const accepted = options.tokens && new Set(options.tokens);
  const { log } = options;
  return function answerFromCache(req, res) {
    const target = req.url;
    if (req.method !== 'GET' || target === undefined) return false;
    const queryAt = target.indexOf('?');
    const path = queryAt < 0 ? target : target.slice(0, queryAt);
    // The app routes and logs such a path decoded: let it.
    if (path.includes('%')) return false;
    const answer = answers.get(target);
    if (answer === undefined) return false;
    const { headers } = req;
    if (headers.prefer !== undefined) return false;
    // Node keeps only the first of repeated Authorization headers; the app sees them joined.
    const header = (name: string) =>
      name === 'authorization'
        ? req.headersDistinct.authorization?.join(', ')
        : (headers[name] as string | undefined);
    if (!checkCredential(header, accepted).ok) return false;
    const start = log && performance.now();
    const answerHeaders = jsonHeadersOf(
      headersOfAnswer(headers.origin, requestIdOf(headers['x-request-id'] as string | undefined)),
    );
    answerHeaders['content-length'] = String(answer.byteLength);
    try {
      res.writeHead(200, answerHeaders);
    } catch {
      // A header value Node will not write (its parser lets fewer through): nothing is sent yet, and
      // thrown here it would end the process; the app answers instead.
      return false;
    }
    res.end(answer);
    if (log) log({ method: 'GET', path, status: 200, ms: Math.round(performance.now() - start!) });
    return true;
  };
}
