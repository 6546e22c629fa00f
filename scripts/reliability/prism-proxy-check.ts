/**
 * Prism's validating proxy as a second judge of the mock, the run behind `npm run test:prism-proxy`:
 * the mock on a free port, a hop adding the gateway prefix, and two Prism proxies in front of it (one
 * validating requests, one letting broken requests through so Prism judges the mock's error answers).
 */
import fc from 'fast-check';
import { MOCK_TOKEN } from '../../contract-tests/config.ts';
import {
  fuzzRequest,
  operationRequest,
  prefixes,
  type FuzzRequest,
} from '../../contract-tests/generate/requests.ts';
import { startMockServer } from '../../mock/server.ts';
import { ACCESS_TOKEN_HEADER, operations } from '../../openapi/spec.ts';
import { collectContext, overHttp } from './fuzz-run.ts';
import { type PrismJudged, judgeThrough, prismSurvives } from './prism-judge.ts';
import {
  CORRUPT_HEADER,
  loggedResponseViolations,
  prefixHop,
  prismViolations,
  startPrismProxy,
} from './prism.ts';

export interface PrismProxyCheck {
  /** Requests the spec accepts, through `prism proxy --errors`. */
  valid: PrismJudged;
  /** Requests that break the spec, through `prism proxy --errors --validate-request false`. */
  invalid: PrismJudged;
  /** Response violations Prism logged. */
  logged: string[];
  /** Whether Prism flagged the answer the hop broke on purpose. */
  canaryCaught: boolean;
}

/**
 * Starts the mock, the hop and both Prisms, sends `runs` accepted requests (five per operation first,
 * the rest drawn across the spec) and `runs / 2` small broken ones from `seed`, then the canary, and
 * stops everything. `log` gets the line that says what listens where.
 */
export async function checkThroughPrism({
  runs,
  seed,
  log = console.log,
}: {
  runs: number;
  seed: number;
  log?: (line: string) => void;
}): Promise<PrismProxyCheck> {
  const mock = await startMockServer({ port: 0, contacts: 300, tokens: [MOCK_TOKEN] });
  const hop = await prefixHop(mock.url, prefixes);
  const strict = await startPrismProxy(hop.url, { errors: true });
  const lenient = await startPrismProxy(hop.url, { errors: true, validateRequest: false });
  log(
    `mock ${mock.url} ← hop ${hop.url} (adds ${prefixes.join(', ')}) ← prism proxy --errors ${strict.url} (and --validate-request false ${lenient.url})`,
  );
  try {
    const context = await collectContext(overHttp(mock.url), MOCK_TOKEN);
    const perOperation = operations.flatMap((op, i) =>
      fc.sample(
        operationRequest(op, context).filter((r) => r.expect === 'accept' && prismSurvives(r)),
        { seed: seed + i, numRuns: 5 },
      ),
    );
    const rest = fc.sample(
      fuzzRequest(context).filter((r) => r.expect === 'accept' && prismSurvives(r)),
      { seed, numRuns: Math.max(0, runs - perOperation.length) },
    );
    const valid = await judgeThrough(strict, [...perOperation, ...rest]);

    // Broken requests, small ones (Prism buffers bodies; the size limits are tested elsewhere).
    const small = (r: FuzzRequest) =>
      r.expect !== 'accept' &&
      prismSurvives(r) &&
      !/huge|deep/.test(r.kind) &&
      (typeof r.body !== 'string' || r.body.length < 100_000);
    const invalid = await judgeThrough(
      lenient,
      fc.sample(fuzzRequest(context).filter(small), {
        seed: seed + 1000,
        numRuns: Math.ceil(runs / 2),
      }),
    );

    // Prism's log, the third place it reports: no response violation may be logged either.
    const logged = [
      ...loggedResponseViolations(strict.log()),
      ...loggedResponseViolations(lenient.log()),
    ];

    // The canary: a broken answer that Prism must flag, or its silence above proves nothing.
    const canary = await overHttp(strict.url)({
      method: 'GET',
      url: '/contacts?limit=1',
      headers: { [ACCESS_TOKEN_HEADER]: MOCK_TOKEN, [CORRUPT_HEADER]: '1' },
    });
    const canaryCaught = prismViolations(canary.headers, await canary.text()).length > 0;
    return { valid, invalid, logged, canaryCaught };
  } finally {
    await strict.close();
    await lenient.close();
    await hop.close();
    await mock.close();
  }
}

/** Answers off the spec, in either batch or in Prism's logs. */
export function violationCount({ valid, invalid, logged }: PrismProxyCheck): number {
  return valid.violations.length + invalid.violations.length + logged.length;
}

/**
 * Failed: any violation, any accepted request that Prism refused (a disagreement between Prism and
 * the shared validator), or a canary Prism did not flag.
 */
export function prismProxyFailed(check: PrismProxyCheck): boolean {
  return violationCount(check) > 0 || check.valid.refused.length > 0 || !check.canaryCaught;
}

/** The `prism` section of `scripts/results/reliability.json`. */
export function prismFigures(check: PrismProxyCheck): Record<string, unknown> {
  const { valid, invalid, logged, canaryCaught } = check;
  const summary = (j: PrismJudged) => ({
    requests: j.sent,
    violations: j.violations.length,
    refusedByPrism: j.refused.length,
    byStatus: j.byStatus,
    first: [...j.violations, ...j.refused].slice(0, 10),
  });
  return {
    requests: valid.sent + invalid.sent,
    violations: violationCount(check),
    refusedByPrism: valid.refused.length,
    canaryCaught,
    loggedViolations: logged.length,
    valid: summary(valid),
    invalid: summary(invalid),
    byOperation: valid.byOperation,
  };
}
