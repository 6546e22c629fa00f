/**
 * One HTTP exchange with a timing, over a keep-alive agent so a measured page costs the server's work
 * and not a TCP handshake.
 */
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';

const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });

export interface TimedExchange {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** From sending the request to the last byte of the answer. */
  ms: number;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** false: a fresh connection (for polling a server that may not listen yet). */
  keepAlive?: boolean;
  timeoutMs?: number;
}

export async function exchange(url: string, options: RequestOptions = {}): Promise<TimedExchange> {
  try {
    return await exchangeOnce(url, options);
  } catch (error) {
    // A kept-alive socket that the server closed as idle just as it was reused: the request never
    // reached the server (Node's documented case for one retry), so send it again on a new connection.
    if ((error as RetryableError).retryable)
      return exchangeOnce(url, { ...options, keepAlive: false });
    throw error;
  }
}

type RetryableError = Error & { retryable?: boolean };

function exchangeOnce(url: string, options: RequestOptions): Promise<TimedExchange> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: options.method ?? 'GET',
        headers:
          options.body === undefined
            ? options.headers
            : { 'content-type': 'application/json', ...options.headers },
        agent: options.keepAlive === false ? false : keepAlive,
        timeout: options.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - started,
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timed out: ${url}`)));
    req.on('error', (error: NodeJS.ErrnoException & RetryableError) => {
      if (req.reusedSocket && error.code === 'ECONNRESET') error.retryable = true;
      reject(error);
    });
    req.end(options.body);
  });
}

/** Closes the kept-alive sockets so the process can exit. */
export function closeConnections(): void {
  keepAlive.destroy();
}
