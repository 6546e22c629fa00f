/**
 * `scripts/results/reliability.json`: each reliability script records its own section (fuzz, prism,
 * concurrency, crash safety, soak, security) with the time it ran; `report.ts` turns the file into
 * `reliability.md`.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const RESULTS_JSON = fileURLToPath(new URL('../results/reliability.json', import.meta.url));
export const RESULTS_MD = fileURLToPath(new URL('../results/reliability.md', import.meta.url));

export type Results = Record<string, { at: string } & Record<string, unknown>>;

export function readResults(path = RESULTS_JSON): Results {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Results;
  } catch {
    return {};
  }
}

/** Replaces one section, keeping the others; written through a temporary file so a reader never sees half. */
export function recordResults(
  section: string,
  figures: Record<string, unknown>,
  path = RESULTS_JSON,
): void {
  const results = readResults(path);
  results[section] = { at: new Date().toISOString(), ...figures };
  writeFileSync(`${path}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}
