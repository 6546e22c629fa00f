/**
 * Sends generated requests to a mock (in-process through `app.request`, or over HTTP), judges every
 * answer and counts what was sent and what came back.
 */
import fc from 'fast-check';
import { startMockServer } from '../../mock/server.ts';
import { preview } from '../../openapi/validator.ts';
import {
  fuzzRequest,
  prefixes,
  type FuzzContext,
  type FuzzRequest,
} from '../../contract-tests/generate/requests.ts';
import { judge, type Problem } from './judge.ts';

/** Sends one request and resolves with the answer. */
export type Send = (request: {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: BodyInit;
}) => Promise<Response>;

export interface FuzzViolation extends Problem {
  operationId: string;
  kind: string;
  detail: string;
  status: number;
  /** A command that replays the request (bodies cut short). */
  reproduce: string;
}

export interface FuzzStats {
  seed: number;
  requests: number;
  byKind: Record<string, number>;
  byStatus: Record<string, number>;
  byOperation: Record<string, number>;
  /** Time spent per kind, in ms (sending and judging). */
  msByKind: Record<string, number>;
  /** Requests the spec accepts, as judged by the shared validator, and those it refuses. */
  byExpectation: Record<string, number>;
  /** Failed checks (one answer may fail several). */
  violationCount: number;
  /** Requests whose answer failed at least one check. */
  violatingRequests: number;
  /** The first violations of each check, enough to reproduce. */
  violations: FuzzViolation[];
  /** After the run, the mock still answered a plain list request with 200. */
  stillAnswering: boolean;
  ms: number;
}

/** Sends through a Hono app without a server. */
export function inProcess(app: {
  request: (url: string, init: RequestInit) => Response | Promise<Response>;
}): Send {
  return (r) =>
    Promise.resolve(app.request(r.url, { method: r.method, headers: r.headers, body: r.body }));
}

/** Sends over HTTP to `origin` (such as `http://127.0.0.1:4010`). */
export function overHttp(origin: string): Send {
  return (r) =>
    fetch(origin + r.url, {
      method: r.method,
      headers: r.headers,
      body: r.body,
      redirect: 'manual',
    });
}

async function json(send: Send, token: string, url: string): Promise<Record<string, unknown>> {
  const res = await send({ method: 'GET', url, headers: { 'x-access-token': token } });
  return res.ok ? ((await res.json()) as Record<string, unknown>) : {};
}

function ids(list: unknown, key = 'id'): string[] {
  return Array.isArray(list)
    ? list
        .map((x) => (x as Record<string, unknown>)?.[key])
        .filter((x): x is string => typeof x === 'string')
    : [];
}

/** Reads ids that exist from the mock's own answers, so that valid requests reach real records. */
export async function collectContext(send: Send, token: string): Promise<FuzzContext> {
  const base = `/${prefixes[0]}`;
  const contacts = ids((await json(send, token, `${base}/contacts?limit=40`)).data);
  const notifications = ids((await json(send, token, `${base}/notifications?limit=200`)).data);
  const comments: string[] = [];
  const conversations: string[] = [];
  for (const id of contacts.slice(0, 10)) {
    comments.push(
      ...ids((await json(send, token, `${base}/contacts/${id}/comments?limit=5`)).data),
    );
    const tcus = (await json(send, token, `${base}/contacts/${id}/conversations`)).data;
    if (Array.isArray(tcus))
      conversations.push(
        ...tcus
          .map((t) => (t as { conversation?: { id?: string } }).conversation?.id)
          .filter((x): x is string => Boolean(x)),
      );
  }
  return {
    token,
    known: { contact_id: contacts, comment_id: comments, conversation_id: conversations },
    notificationIds: notifications,
  };
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** A curl line that replays the request against a mock on `origin`. */
export function reproduce(r: FuzzRequest, origin = 'http://127.0.0.1:4010'): string {
  const headers = Object.entries(r.headers)
    .map(([k, v]) => ` -H ${JSON.stringify(`${k}: ${preview(v, 60).replace(/^"|"$/g, '')}`)}`)
    .join('');
  let body = '';
  if (typeof r.body === 'string')
    body = ` --data-binary ${JSON.stringify(r.body.length > 200 ? `${r.body.slice(0, 200)}… (${r.body.length} chars)` : r.body)}`;
  else if (r.body instanceof FormData) body = ' -F file=@…';
  else if (r.body) body = ` --data-binary @… (${r.body.length} bytes)`;
  return `curl -X ${r.method} '${origin}${r.url.length > 300 ? `${r.url.slice(0, 300)}…` : r.url}'${headers}${body}`;
}

export interface FuzzOptions {
  send: Send;
  context: FuzzContext;
  seed: number;
  runs: number;
  /** How many violations to keep in full (all are counted). Default: 50. */
  keep?: number;
  /** Called every 500 requests. */
  progress?: (done: number) => void;
}

/**
 * Starts a mock with 300 contacts that accepts only `token` on a free port, fuzzes it over HTTP and
 * closes it: the long run (`npm run fuzz`) and the bounded one (`npm test`) both do this.
 */
export async function fuzzOverHttp(
  token: string,
  options: Omit<FuzzOptions, 'send' | 'context'>,
): Promise<{ url: string; stats: FuzzStats }> {
  const server = await startMockServer({ port: 0, contacts: 300, tokens: [token] });
  try {
    const send = overHttp(server.url);
    const stats = await runFuzz({ ...options, send, context: await collectContext(send, token) });
    return { url: server.url, stats };
  } finally {
    await server.close();
  }
}

/** Generates `runs` requests from the spec with `seed`, sends each and judges each answer. */
export async function runFuzz({
  send,
  context,
  seed,
  runs,
  keep = 50,
  progress,
}: FuzzOptions): Promise<FuzzStats> {
  const started = performance.now();
  const stats: FuzzStats = {
    seed,
    requests: 0,
    byKind: {},
    byStatus: {},
    byOperation: {},
    msByKind: {},
    byExpectation: {},
    violationCount: 0,
    violatingRequests: 0,
    violations: [],
    stillAnswering: false,
    ms: 0,
  };
  const record = (r: FuzzRequest, status: number, problems: Problem[]) => {
    stats.violationCount += problems.length;
    if (problems.length) stats.violatingRequests++;
    for (const p of problems) {
      if (stats.violations.length < keep)
        stats.violations.push({
          ...p,
          operationId: r.operationId,
          kind: r.kind,
          detail: r.detail,
          status,
          reproduce: reproduce(r),
        });
    }
  };
  // Generated in batches so that a long run never holds every request (some carry megabytes).
  const batch = 500;
  let previous = 'none';
  for (let offset = 0; offset < runs; offset += batch) {
    const requests = fc.sample(fuzzRequest(context), {
      seed: seed + offset,
      numRuns: Math.min(batch, runs - offset),
    });
    for (const r of requests) {
      stats.requests++;
      bump(stats.byKind, r.kind);
      bump(stats.byOperation, r.operationId);
      bump(stats.byExpectation, r.expect);
      const sent = performance.now();
      let response: Response;
      try {
        response = await send({
          method: r.method,
          url: r.url,
          headers: r.headers,
          body: r.body as BodyInit | undefined,
        });
      } catch (error) {
        bump(stats.byStatus, 'no answer');
        const cause = (error as Error & { cause?: Error & { code?: string } }).cause;
        record(r, 0, [
          {
            check: 'answers',
            message: `no answer: ${(error as Error).message}${cause ? ` (${cause.code ?? ''} ${cause.message})` : ''}; the request before: ${previous}`,
          },
        ]);
        previous = r.detail;
        continue;
      }
      const text = await response.text();
      previous = r.detail;
      bump(stats.byStatus, String(response.status));
      record(
        r,
        response.status,
        judge(r, { status: response.status, headers: response.headers, text }),
      );
      stats.msByKind[r.kind] = Math.round((stats.msByKind[r.kind] ?? 0) + performance.now() - sent);
    }
    progress?.(stats.requests);
  }
  const after = await send({
    method: 'GET',
    url: `/${prefixes[0]}/contacts?limit=1`,
    headers: { 'x-access-token': context.token },
  }).catch(() => undefined);
  stats.stillAnswering = after?.status === 200;
  stats.ms = Math.round(performance.now() - started);
  return stats;
}

function table(title: string, counts: Record<string, number>): string {
  const rows = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  const width = Math.max(title.length, ...rows.map(([k]) => k.length));
  return [
    `${title.padEnd(width)}  count`,
    ...rows.map(([k, n]) => `${k.padEnd(width)}  ${String(n).padStart(5)}`),
  ].join('\n');
}

/** The run as plain text: counts per kind and per status, then the violations. */
export function formatStats(stats: FuzzStats): string {
  const lines = [
    `fuzz: ${stats.requests} requests (seed ${stats.seed}) in ${stats.ms} ms, ${stats.violatingRequests} answers with ${stats.violationCount} violations, still answering: ${stats.stillAnswering ? 'yes' : 'NO'}`,
    '',
    table('kind', stats.byKind),
    '',
    table('status', stats.byStatus),
    '',
    table('spec says', stats.byExpectation),
  ];
  if (stats.violations.length) {
    lines.push('', 'violations:');
    for (const v of stats.violations)
      lines.push(
        `  ${v.check} · ${v.operationId} · ${v.detail} → ${v.status}: ${v.message}`,
        `    ${v.reproduce}`,
      );
  }
  return lines.join('\n');
}
