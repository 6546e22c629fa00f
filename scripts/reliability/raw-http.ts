/**
 * HTTP over a bare socket, for what `fetch` refuses to send: paths that are not normalised, header
 * values with control characters, oversized headers, and clients that trickle their bytes.
 */
import net from 'node:net';

export interface RawAnswer {
  /** The status of the first response line, or 0 when the server closed without answering. */
  status: number;
  /** The head of the response, lower-cased names. */
  headers: Record<string, string>;
  body: string;
  /** The full text received. */
  text: string;
}

function parse(text: string): RawAnswer {
  const [head = '', ...rest] = text.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return {
    status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0),
    headers,
    body: rest.join('\r\n\r\n'),
    text,
  };
}

/** Sends `request` as is (it must include the final CRLF CRLF) and reads until the server closes or `timeoutMs`. */
export function rawRequest(
  origin: string,
  request: string | Buffer,
  timeoutMs = 5000,
): Promise<RawAnswer> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parse(Buffer.concat(chunks).toString('latin1')));
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', (error) => (chunks.length ? finish() : reject(error)));
    socket.write(request);
  });
}

/** A GET for `path` (sent unnormalised) with `headers`, closing the connection after the answer. */
export function rawGet(
  origin: string,
  path: string,
  headers: Record<string, string> = {},
  timeoutMs = 5000,
): Promise<RawAnswer> {
  const { host } = new URL(origin);
  const lines = [
    `GET ${path} HTTP/1.1`,
    `Host: ${host}`,
    'Connection: close',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  return rawRequest(origin, `${lines.join('\r\n')}\r\n\r\n`, timeoutMs);
}

/**
 * A Slowloris client: sends a request head one byte every `everyMs` and never finishes it. Resolves
 * with how long the server kept the connection open (capped at `giveUpMs`) and whether it answered.
 */
export function trickle(
  origin: string,
  { everyMs = 500, giveUpMs = 15_000 } = {},
): Promise<{ openMs: number; closedByServer: boolean; answer: string }> {
  const { hostname, port, host } = new URL(origin);
  const head = `GET /v1/backend/contacts HTTP/1.1\r\nHost: ${host}\r\nx-access-token: mock-token\r\nx-slow: ${'a'.repeat(10_000)}`;
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(Number(port), hostname);
    let at = 0;
    let answer = '';
    let settled = false;
    const done = (closedByServer: boolean) => {
      if (settled) return;
      settled = true;
      clearInterval(drip);
      clearTimeout(cap);
      socket.destroy();
      resolve({ openMs: Date.now() - started, closedByServer, answer });
    };
    const drip = setInterval(() => {
      if (at < head.length && socket.writable) socket.write(head[at++]!);
    }, everyMs);
    const cap = setTimeout(() => done(false), giveUpMs);
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('close', () => done(true));
    socket.on('error', () => done(true));
  });
}
