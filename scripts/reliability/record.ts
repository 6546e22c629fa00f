/**
 * `npm run reliability`: the longer runs of the concurrency storms, the SIGKILL rounds and the bad
 * state files, plus the security tests (through vitest), each recorded in
 * `scripts/results/reliability.json`; then the report. The fuzz, Prism and soak runs record themselves
 * (`npm run fuzz`, `npm run test:prism-proxy`, `npm run soak`).
 *
 *   npm run reliability -- [--kills 12] [--seed 6]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startMockServer } from '../../mock/server.ts';
import {
  caller,
  createStorm,
  manyContactsStorm,
  notificationStorm,
  sameContactStorm,
  type Storm,
} from './concurrency.ts';
import { BAD_STATE_FILES, killRounds, refuseBadStateFile } from './crash-safety.ts';
import { writeReport } from './report.ts';
import { recordResults, RESULTS_MD } from './results.ts';
import type { ContactList } from '../../openapi/types.ts';

const { values } = parseArgs({
  options: { kills: { type: 'string', default: '12' }, seed: { type: 'string', default: '6' } },
});
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// Concurrency.
const mock = await startMockServer({ port: 0, contacts: 300, tokens: ['mock-token'] });
const storms: Storm[] = [];
try {
  const ids = ((await caller(mock.url)('GET', '/contacts?limit=200')).body as ContactList).data.map(
    (c) => c.id,
  );
  storms.push(await sameContactStorm(mock.url, ids[0]!, 300));
  storms.push(await manyContactsStorm(mock.url, ids.slice(10, 110)));
  storms.push(await createStorm(mock.url, 150));
  storms.push(await notificationStorm(mock.url, ids.slice(0, 5)));
} finally {
  await mock.close();
}
for (const s of storms)
  console.log(
    `concurrency · ${s.name}: ${s.writes} writes, ${s.reads} reads, ${s.problems.length} problems`,
  );
recordResults('concurrency', {
  writes: storms.reduce((sum, s) => sum + s.writes, 0),
  reads: storms.reduce((sum, s) => sum + s.reads, 0),
  problems: storms.reduce((sum, s) => sum + s.problems.length, 0),
  storms: storms.map((s) => ({
    name: s.name,
    writes: s.writes,
    reads: s.reads,
    problems: s.problems.length,
  })),
  problemList: storms.flatMap((s) => s.problems.map((p) => `${s.name}: ${p}`)).slice(0, 20),
});

// Crash safety.
const dir = mkdtempSync(join(tmpdir(), 'mock-state-'));
try {
  const kills = await killRounds({
    statePath: join(dir, 'state.json'),
    rounds: Number(values.kills),
    seed: Number(values.seed),
    progress: (line) => console.log(`crash · ${line}`),
  });
  const refusals = [];
  for (const [name, make] of BAD_STATE_FILES)
    refusals.push({ name, problems: await refuseBadStateFile(dir, name, make) });
  for (const r of refusals)
    console.log(
      `crash · ${r.name}: ${r.problems.length ? r.problems.join('; ') : 'refused, file unchanged'}`,
    );
  recordResults('crash', {
    ...kills,
    problemCount: kills.problems.length,
    problems: [...kills.problems, ...refusals.flatMap((r) => r.problems)].slice(0, 20),
    badFiles: refusals.length,
    badFilesRefused: refusals.filter((r) => r.problems.length === 0).length,
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// Security: the tests themselves, through vitest's JSON report.
const report = join(tmpdir(), `security-${process.pid}.json`);
spawnSync(
  process.execPath,
  [
    join(ROOT, 'node_modules/vitest/vitest.mjs'),
    'run',
    'scripts/reliability/security.test.ts',
    '--reporter=json',
    `--outputFile=${report}`,
  ],
  { cwd: ROOT, stdio: 'ignore' },
);
const vitest = JSON.parse(readFileSync(report, 'utf8')) as {
  testResults: { assertionResults: { fullName: string; status: string }[] }[];
};
rmSync(report, { force: true });
const probes = vitest.testResults.flatMap((f) => f.assertionResults);
const failed = probes.filter((p) => p.status !== 'passed');
for (const p of failed) console.log(`security · FAILED: ${p.fullName}`);
recordResults('security', {
  probes: probes.length,
  passed: probes.length - failed.length,
  failed: failed.length,
  failures: failed.map((p) => p.fullName),
});
console.log(`security · ${probes.length - failed.length} of ${probes.length} probes passed`);

writeReport();
console.log(`wrote ${RESULTS_MD}`);
