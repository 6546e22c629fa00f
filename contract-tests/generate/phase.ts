/**
 * The property-based phase: requests generated from the spec (valid ones, and ones that break one
 * constraint), sent to the target, each answer judged by the spec's one judge. The property: no 5xx,
 * a documented status, a documented media type, a schema-valid body, and a 4xx for a request the spec
 * refuses. fast-check shrinks a failing request to a minimal one, printed as a `curl` command with the
 * token redacted; the same `CONTRACT_SEED` replays the run.
 */
import fc from 'fast-check';
import { judgeAnswer, type Violation } from '../../openapi/judge.ts';
import { operation } from '../../openapi/validator.ts';
import type { CheckFailure, CheckResult } from '../check.ts';
import { bodyOf, describeNetworkError, send, setCredentials } from '../http.ts';
import { redact, redactDeep } from '../redact.ts';
import type { Target } from '../target.ts';
import { WRITE_OPERATIONS } from '../writeOperations.ts';
import { fuzzRequest, type FuzzContext, type FuzzRequest } from './requests.ts';
import { ACCESS_TOKEN_HEADER } from '../../openapi/spec.ts';

const FUZZ_PHASE = 'propertyBasedRequests';

/**
 * Kinds left out against any target: their answers depend on a server's own size limits (413, 414,
 * 431 from a proxy), which the spec cannot promise.
 */
const SIZE_DEPENDENT = new Set(['body.huge', 'upload.huge', 'query.long', 'body.deep']);

export interface FuzzPhaseOptions {
  runs: number;
  seed: number;
}

interface Verdict {
  status: number;
  violations: Violation[];
}

/** Runs the phase; its result is one more check result (`propertyBasedRequests`). */
export async function fuzzPhase(target: Target, options: FuzzPhaseOptions): Promise<CheckResult> {
  const started = performance.now();
  const writes = target.limits.writes === undefined;
  const notes = [
    `${options.runs} requests, seed ${options.seed} (CONTRACT_SEED=${options.seed} CONTRACT_FUZZ=${options.runs} replays them)`,
    writes
      ? 'writes on: every operation generated'
      : 'writes off: only operations that change nothing (CONTRACT_WRITES=1 adds the others)',
  ];
  const context = await contextOf(target);
  const arbitrary = fuzzRequest(context, (op) => writes || !WRITE_OPERATIONS.has(op.operationId));
  const statuses = new Map<number, number>();
  const judged = async (request: FuzzRequest): Promise<Verdict> => {
    const verdict = await sendAndJudge(target, request);
    statuses.set(verdict.status, (statuses.get(verdict.status) ?? 0) + 1);
    return verdict;
  };
  const run = await fc.check(
    fc.asyncProperty(arbitrary, async (request) => (await judged(request)).violations.length === 0),
    { numRuns: options.runs, seed: options.seed, endOnFailure: false },
  );
  const failures: CheckFailure[] = [];
  if (run.failed && run.counterexample) {
    const [minimal] = run.counterexample;
    const verdict = await sendAndJudge(target, minimal);
    const curl = curlOf(minimal, target);
    const first = verdict.violations[0];
    failures.push({
      title: first ? `${first.title} (generated request)` : 'Generated request failed',
      operation: opName(minimal.operationId),
      request: curl,
      received: first?.received ?? String(run.errorInstance ?? 'the property failed'),
      documented: first?.documented ?? 'a conforming answer',
      details: [
        `minimal request after ${run.numShrinks} shrinks: ${minimal.detail} (${minimal.kind}, the spec ${minimal.expect === 'reject' ? 'refuses' : minimal.expect === 'accept' ? 'accepts' : 'allows either'} it)`,
        ...verdict.violations.slice(1).map((v) => `also: ${v.title}: ${v.received}`),
        `replay: CONTRACT_SEED=${options.seed} CONTRACT_FUZZ=${options.runs}`,
      ],
    });
  }
  notes.push(
    `statuses: ${[...statuses]
      .sort((a, b) => a[0] - b[0])
      .map(([s, n]) => `${s || 'no answer'}×${n}`)
      .join(', ')}`,
  );
  return redactDeep(
    {
      name: FUZZ_PHASE,
      status: failures.length ? 'fail' : 'pass',
      failures,
      findings: [],
      notes,
      durationMs: Math.round(performance.now() - started),
    },
    [target.token],
  );
}

const opName = (operationId: string) => {
  const op = operation(operationId);
  return `${op.method.toUpperCase()} ${op.path}`;
};

/** Ids that exist on the target, so that valid requests reach real records. */
async function contextOf(target: Target): Promise<FuzzContext> {
  const contacts =
    bodyOf(await send(target, { operationId: 'listContacts', query: { limit: 20 } }))?.data.map(
      (c) => c.id,
    ) ?? [];
  const notifications =
    bodyOf(
      await send(target, { operationId: 'listNotifications', query: { limit: 50 } }),
    )?.data.map((n) => n.id) ?? [];
  const comments: string[] = [];
  for (const contact_id of contacts.slice(0, 3)) {
    const list = await send(target, {
      operationId: 'listContactComments',
      path: { contact_id },
      query: { limit: 5 },
    });
    comments.push(...(bodyOf(list)?.data.map((c) => c._id) ?? []));
  }
  return {
    token: target.token,
    known: { contact_id: contacts, comment_id: comments },
    notificationIds: notifications,
    prefixes: [target.prefix.replace(/^\//, '')],
    kinds: (kind) => !SIZE_DEPENDENT.has(kind),
  };
}

/** The request with the target's credentials where the generator put the valid token. */
function headersFor(target: Target, request: FuzzRequest): Headers {
  const headers = new Headers(request.headers);
  if (headers.get(ACCESS_TOKEN_HEADER) === target.token) {
    headers.delete(ACCESS_TOKEN_HEADER);
    setCredentials(headers, target, target.token);
  }
  return headers;
}

async function sendAndJudge(target: Target, request: FuzzRequest): Promise<Verdict> {
  const timeoutMs = target.timeoutMs ?? 10_000;
  let response: Response;
  let text: string;
  try {
    response = await target.fetch(target.baseUrl + request.url, {
      method: request.method,
      headers: headersFor(target, request),
      body: request.body as BodyInit | undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    target.record?.(exercisedOf(request, 0));
    return {
      status: 0,
      violations: [
        {
          property: 'not_a_server_error',
          title: 'No answer',
          received: describeNetworkError(error, timeoutMs),
          documented: 'an answer',
        },
      ],
    };
  }
  target.record?.(exercisedOf(request, response.status));
  const violations = judgeAnswer({
    operationId: request.operationId,
    status: response.status,
    contentType: response.headers.get('content-type'),
    text,
  });
  if (request.expect === 'reject' && response.status < 400)
    violations.push({
      property: 'status_code_conformance',
      title: 'Invalid request accepted',
      received: `${response.status} to ${request.detail}`,
      documented: 'a 4xx',
    });
  return { status: response.status, violations };
}

function exercisedOf(request: FuzzRequest, status: number) {
  const url = new URL(request.url, 'http://x');
  const pathParams = (operation(request.operationId).path.match(/\{([^}]+)\}/g) ?? []).map((p) =>
    p.slice(1, -1),
  );
  const forms = [
    request.kind === 'valid' ? 'generated valid' : `generated ${request.kind}`,
    ...(request.body instanceof FormData ? ['multipart'] : request.body ? ['body'] : []),
  ];
  return {
    operationId: request.operationId,
    status,
    parameters: [...new Set([...url.searchParams.keys(), ...pathParams])],
    forms,
  };
}

/** A `curl` command that replays the request against the target, the token redacted. */
function curlOf(request: FuzzRequest, target: Target): string {
  const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
  const parts = [`curl -X ${request.method} ${quote(target.baseUrl + request.url)}`];
  headersFor(target, request).forEach((value, name) => {
    parts.push(`-H ${quote(`${name}: ${value.length > 200 ? `${value.slice(0, 200)}…` : value}`)}`);
  });
  if (typeof request.body === 'string')
    parts.push(
      `--data-binary ${quote(request.body.length > 500 ? `${request.body.slice(0, 500)}…` : request.body)}`,
    );
  else if (request.body instanceof FormData) {
    for (const [name, value] of request.body)
      parts.push(
        typeof value === 'string'
          ? `-F ${quote(`${name}=${value}`)}`
          : `-F ${quote(`${name}=@${value.name || 'file'};type=${value.type}`)}`,
      );
  } else if (request.body) parts.push(`--data-binary @body.bin  # ${request.body.length} bytes`);
  return redact(parts.join(' '), [target.token]);
}
