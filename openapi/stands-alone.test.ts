/**
 * The repository stands alone: a clone with nothing beside it runs every test, so no file may reach
 * outside it (such as the sibling `shared/` folder the published examples were first read from).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { projectRoot } from '../scripts/generate.ts';

const SKIPPED = new Set(['node_modules', 'dist', 'reports', 'coverage', '.git']);
// Spelled in parts so that this file does not match itself.
const OUTSIDE = new RegExp(['\\.\\./', '(\\.\\./)*shared/'].join(''));

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name) || entry.name.startsWith('.scratch-')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|js|mjs|json|ya?ml|md|sh)$|^run$/.test(entry.name)) yield path;
  }
}

it('no file of the repository reads outside it', () => {
  const offenders: string[] = [];
  for (const file of sourceFiles(projectRoot)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (OUTSIDE.test(line))
        offenders.push(`${relative(projectRoot, file)}:${i + 1}: ${line.trim()}`);
    });
  }
  expect(offenders).toEqual([]);
});
