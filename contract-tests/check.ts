/**
 * The one signature every check has, and the data a check reports. A check is a small async function
 * named for the property a conforming API has; its name is the check's name in every report.
 */
import type { OperationId } from '../openapi/types.ts';
import type { Exchange, OperationRequest } from './http.ts';
import type { Samples } from './samples.ts';
import type { Capability, Target } from './target.ts';

/** One way the target broke the contract: a fixed title, where, and what differed. */
export interface CheckFailure {
  /** Fixed per kind of failure: `Undocumented status code`, `Response violates schema`, … */
  title: string;
  /** `GET /contacts`: the operation as the spec names it. */
  operation: string;
  /** `GET http://…/v1/backend/contacts?limit=5`: method and URL (never the token). */
  request: string;
  received: string;
  documented: string;
  /** Further lines: schema failures (place, keyword, value cut short), ids that differ, … */
  details?: string[];
}

/** What a probe learned about a target where the sources disagree. Never a failure. */
export interface Finding {
  /** `PUT /notifications/read`. */
  operation: string;
  /** The form tried: `bare array`, `{"ids": [...]}`, `offset=5`, … */
  form: string;
  request: string;
  /** Whether the target took the form (answered a 2xx); absent where that is not the question. */
  accepted?: boolean;
  /** What the target answered: status, body preview, whether it fits the spec, what it changed. */
  answer: string;
}

export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  name: string;
  status: CheckStatus;
  /** Why the check was skipped. */
  reason?: string;
  failures: CheckFailure[];
  findings: Finding[];
  /** Parts not run and why, things a write could not restore. */
  notes: string[];
  durationMs: number;
}

export interface CheckContext {
  readonly target: Target;
  /** Ids and responses shared by every check, fetched once. */
  readonly samples: Samples;
  send<O extends OperationId>(options: OperationRequest<O>): Promise<Exchange<O>>;
  fail(failure: CheckFailure): void;
  find(finding: Finding): void;
  note(text: string): void;
  /** Ends the check as skipped with this reason. */
  skip(reason: string): never;
  /** Skips the check, with the target's reason, unless the target has the capability. */
  need(capability: Capability): void;
  /** Whether the target has the capability (for checks that run partly without it). */
  has(capability: Capability): boolean;
}

export type Check = (ctx: CheckContext) => Promise<void>;

/** Thrown by `skip`; the runner turns it into a skipped result. */
export class SkipCheck extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}
