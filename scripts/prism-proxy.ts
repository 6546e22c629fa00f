/**
 * `npm run test:prism-proxy`: Prism's validating proxy as a second judge. The mock listens on a free
 * port; Prism (`prism proxy <spec> <hop> --errors`) sits in front of a small hop that adds the gateway
 * prefix (Prism ignores `servers` and drops an upstream's path, see `reliability/prism.ts`).
 *
 * 1. Generated requests that the spec accepts, for every operation, through a Prism that validates
 *    requests and answers: Prism checks each answer of the mock.
 * 2. Generated requests that break the spec, through a Prism started with `--validate-request false`,
 *    so that they reach the mock and Prism checks its error answers.
 * 3. A canary: the hop breaks one answer on purpose, and Prism must flag it.
 *
 * Any violation Prism reports fails the run. Figures go to `scripts/results/reliability.json`.
 *
 *   npm run test:prism-proxy -- [--runs 600] [--seed 7] [--no-record]
 */
import { parseArgs } from 'node:util';
import { describeJudged } from './reliability/prism-judge.ts';
import {
  checkThroughPrism,
  prismFigures,
  prismProxyFailed,
} from './reliability/prism-proxy-check.ts';
import { recordResults } from './reliability/results.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '600' },
    seed: { type: 'string', default: '7' },
    'no-record': { type: 'boolean', default: false },
  },
});

const check = await checkThroughPrism({ runs: Number(values.runs), seed: Number(values.seed) });
const { valid, invalid, logged, canaryCaught } = check;
console.log(describeJudged('requests the spec accepts (prism proxy --errors)', valid));
console.log(
  describeJudged(
    'requests that break the spec (prism proxy --errors --validate-request false)',
    invalid,
  ),
);
console.log(
  `\nresponse violations in Prism's logs: ${logged.length}${logged.length ? `\n${logged.slice(0, 20).join('\n')}` : ''}`,
);
console.log(
  `canary (a broken answer injected by the hop): ${canaryCaught ? 'flagged by Prism' : 'NOT flagged — Prism is not checking answers'}`,
);

if (!values['no-record']) recordResults('prism', prismFigures(check));
const failed = prismProxyFailed(check);
console.log(failed ? 'FAILED: Prism reported violations' : 'passed: Prism reported no violations');
process.exit(failed ? 1 : 0);
