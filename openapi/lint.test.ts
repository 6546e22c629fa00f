import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { projectRoot, specPath } from '../scripts/generate.ts';

const run = promisify(execFile);

it("the spec passes Redocly's recommended rules with no errors and no warnings", async () => {
  const { stdout } = await run('npx', ['redocly', 'lint', '--format=json', specPath], {
    cwd: projectRoot,
    env: { ...process.env, REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', REDOCLY_TELEMETRY: 'off' },
  }).catch((error: { stdout: string }) => error);
  const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as {
    totals: { errors: number; warnings: number };
    problems: { ruleId: string; message: string }[];
  };
  expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
  expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
});

it("the spec passes Spectral's spectral:oas rules with no errors, warnings or hints", async () => {
  const { stdout } = await run(
    'npx',
    ['spectral', 'lint', '--format=json', '--quiet', '--ruleset', '.spectral.yaml', specPath],
    { cwd: projectRoot },
  ).catch((error: { stdout: string }) => error);
  const problems = JSON.parse(stdout.slice(stdout.indexOf('['))) as {
    code: string;
    message: string;
    path: string[];
  }[];
  expect(problems.map((p) => `${p.code}: ${p.message} (${p.path.join('.')})`)).toEqual([]);
});
