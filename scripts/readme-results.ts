/**
 * Copies the committed results of the benchmark and reliability scripts into the README, between
 * `<!-- results:NAME -->` markers, so the README shows figures the scripts produced, never typed ones.
 * `npm run readme` after a new run; a test fails when the README and the results differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const readmePath = join(root, 'README.md');
export const resultFiles = {
  bench: 'scripts/results/bench.md',
  reliability: 'scripts/results/reliability.md',
} as const;

/** A results file as a README section: without its own title, its headings one level down. */
export function asSection(markdown: string): string {
  return markdown
    .replace(/^# .*\n+/, '')
    .replace(/^(#{2,5}) /gm, '#$1 ')
    .trim();
}

export function spliceResults(readme: string, name: string, section: string): string {
  const start = `<!-- results:${name} -->`;
  const end = `<!-- /results:${name} -->`;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} markers`);
  return `${readme.slice(0, from + start.length)}\n${section}\n${readme.slice(to)}`;
}

export function readmeWithResults(readme: string): string {
  return Object.entries(resultFiles).reduce(
    (text, [name, file]) =>
      spliceResults(text, name, asSection(readFileSync(join(root, file), 'utf8'))),
    readme,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(readmePath, readmeWithResults(readFileSync(readmePath, 'utf8')));
  console.log(`README.md: results of ${Object.values(resultFiles).join(', ')} copied in`);
}
