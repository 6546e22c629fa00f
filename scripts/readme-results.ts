/**
 * Copies the committed results of the benchmark and reliability scripts into their docs pages,
 * between `<!-- results:NAME -->` markers, so the docs show figures the scripts produced, never typed
 * ones. `npm run readme` after a new run; a test fails when a page and its results differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** A results file as a section of its page: without its own title. */
export function asSection(markdown: string): string {
  return markdown.replace(/^# .*\n+/, '').trim();
}

/** The benchmark's machine line and throughput table, for the README. */
export function benchSummary(markdown: string): string {
  const machine = markdown.split('\n').find((line) => line.startsWith('Machine: '));
  const table = /^## Throughput\n+((?:\|.*\n)+)/m.exec(markdown)?.[1];
  if (!machine || !table)
    throw new Error('the bench results have no machine line or throughput table');
  return `${machine}\n\n${table.trim()}\n\nThe targets, memory, start-up, 1,000,000 contacts and what the profiles show: [docs/performance.md](docs/performance.md).`;
}

/** Each results file, the page that shows it, and what of it. */
export const resultPages = {
  bench: { results: 'scripts/results/bench.md', page: 'docs/performance.md', section: asSection },
  'bench-summary': {
    results: 'scripts/results/bench.md',
    page: 'README.md',
    section: benchSummary,
  },
  reliability: {
    results: 'scripts/results/reliability.md',
    page: 'docs/reliability.md',
    section: asSection,
  },
} as const;

export function spliceResults(page: string, name: string, section: string): string {
  const start = `<!-- results:${name} -->`;
  const end = `<!-- /results:${name} -->`;
  const from = page.indexOf(start);
  const to = page.indexOf(end);
  if (from < 0 || to < from) throw new Error(`the page has no ${start} … ${end} markers`);
  return `${page.slice(0, from + start.length)}\n${section}\n${page.slice(to)}`;
}

/** The page of `name` as it should read with its committed results. */
export function pageWithResults(name: keyof typeof resultPages, page: string): string {
  const { results, section } = resultPages[name];
  return spliceResults(page, name, section(readFileSync(join(root, results), 'utf8')));
}

export function pagePath(name: keyof typeof resultPages): string {
  return join(root, resultPages[name].page);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const name of Object.keys(resultPages) as (keyof typeof resultPages)[]) {
    writeFileSync(pagePath(name), pageWithResults(name, readFileSync(pagePath(name), 'utf8')));
    console.log(`${resultPages[name].page}: results of ${resultPages[name].results} copied in`);
  }
}
