/**
 * Runs checks against a target, one after another, and returns their results as data. This is what
 * the vitest suite, the breakage proof and any script call; nothing here prints.
 */
import type { Check, CheckContext, CheckResult, CheckFailure, Finding } from './check.ts';
import { SkipCheck } from './check.ts';
import { send } from './http.ts';
import { redactDeep } from './redact.ts';
import { createSamples, type Samples } from './samples.ts';
import { hasCapability, type Target } from './target.ts';

export interface RunOptions {
  /** Shared between runs of single checks against one target (the vitest suite runs one check per test). */
  samples?: Samples;
}

export async function runChecks(
  target: Target,
  checks: readonly Check[],
  options: RunOptions = {},
): Promise<CheckResult[]> {
  const samples = options.samples ?? createSamples(target, (o) => send(target, o));
  const results: CheckResult[] = [];
  for (const check of checks) results.push(await runCheck(target, check, samples));
  return results;
}

export async function runCheck(
  target: Target,
  check: Check,
  samples: Samples = createSamples(target, (o) => send(target, o)),
): Promise<CheckResult> {
  const failures: CheckFailure[] = [];
  const findings: Finding[] = [];
  const notes: string[] = [];
  const ctx: CheckContext = {
    target,
    samples,
    send: (options) => send(target, options),
    fail: (failure) => void failures.push(failure),
    find: (finding) => void findings.push(finding),
    note: (text) => void notes.push(text),
    skip: (reason) => {
      throw new SkipCheck(reason);
    },
    need: (capability) => {
      const reason = target.limits[capability];
      if (reason !== undefined) throw new SkipCheck(reason);
    },
    has: (capability) => hasCapability(target, capability),
  };
  const started = performance.now();
  let status: CheckResult['status'] = 'pass';
  let reason: string | undefined;
  try {
    await check(ctx);
  } catch (error) {
    if (error instanceof SkipCheck) {
      status = 'skip';
      reason = error.reason;
    } else {
      // A check that crashes (the target hung up, a body it could not read) is a failure of that check.
      failures.push({
        title: 'Check could not complete',
        operation: '-',
        request: '-',
        received: String((error as Error)?.message ?? error),
        documented: 'a completed check',
      });
    }
  }
  if (failures.length > 0) status = 'fail';
  const result: CheckResult = {
    name: check.name,
    status,
    reason,
    failures,
    findings,
    notes,
    durationMs: Math.round(performance.now() - started),
  };
  // The token never leaves the run, whatever the target echoed back.
  return redactDeep(result, [target.token]);
}
