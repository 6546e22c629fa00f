/**
 * Values the spec holds are read from `openapi/spec.ts`, never typed again: a copy would drift the
 * day the spec changes. This greps the code outside `openapi/` and outside tests for the known
 * copies: the prefixes, the `action` of an update, a gender code → word table, the CSV columns, and
 * (in the mock and the contract suite, which decide how credentials travel) the auth header names.
 * A request that a script or test sends may still spell a header or a URL out.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { projectRoot } from '../scripts/generate.ts';

const quoted = (text: string) => new RegExp(`['"\`]${text.replaceAll('.', '\\.')}['"\`]`);

const EVERYWHERE: [string, RegExp][] = [
  ...['v1/backend', 'backend/v1', 'channel-service/v1'].flatMap((prefix): [string, RegExp][] => [
    [`the prefix /${prefix}`, quoted(`/?${prefix}/?`)],
  ]),
  ['the update action', quoted('bu.contact_updated')],
  ['a gender code → word table', /\bm['"]?\s*:\s*['"]Male['"]/],
  ['the CSV columns', /['"]object_name['"],\s*['"]id['"],\s*['"]organization_id['"]/],
];
const WHERE_CREDENTIALS_ARE_DECIDED: [string, RegExp][] = [
  'x-access-token',
  'x-api-key',
  'x-organization-id',
].map((name) => [`the header name ${name}`, quoted(name)]);

const isTest = (path: string) =>
  /\.test(-d)?\.ts$/.test(path) ||
  path === 'mock/test-client.ts' ||
  path.startsWith('contract-tests/fixtures/');

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(join(projectRoot, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith('.ts') && !isTest(path)) yield path;
  }
}

/** The code of a line, without a `//` comment or the inside of a `/** … *\/` block's lines. */
const code = (line: string) =>
  /^\s*(\*|\/\*\*?)/.test(line) ? '' : line.replace(/\s\/\/ .*$/, '');

function copies(dirs: string[], literals: [string, RegExp][]): string[] {
  const found: string[] = [];
  for (const dir of dirs) {
    for (const path of sources(dir)) {
      readFileSync(join(projectRoot, path), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const [name, pattern] of literals) {
            if (pattern.test(code(line))) found.push(`${path}:${i + 1}: ${name}: ${line.trim()}`);
          }
        });
    }
  }
  return found;
}

it('no code outside openapi/ types a value of the spec again', () => {
  expect(copies(['mock', 'contract-tests', 'scripts'], EVERYWHERE)).toEqual([]);
});

it('the mock and the contract suite take the auth header names from the spec', () => {
  expect(copies(['mock', 'contract-tests'], WHERE_CREDENTIALS_ARE_DECIDED)).toEqual([]);
});

it('finds the copies it looks for', () => {
  const line = (text: string) =>
    [...EVERYWHERE, ...WHERE_CREDENTIALS_ARE_DECIDED]
      .filter(([, p]) => p.test(code(text)))
      .map(([n]) => n);
  expect(line("export const PREFIXES = ['/v1/backend', '/backend/v1'] as const;")).toEqual([
    'the prefix /v1/backend',
    'the prefix /backend/v1',
  ]);
  expect(line("const DEFAULT = 'v1/backend';")).toEqual(['the prefix /v1/backend']);
  expect(line("  return { ...next, action: 'bu.contact_updated' };")).toEqual([
    'the update action',
  ]);
  expect(line("const GENDER = { m: 'Male', f: 'Female' };")).toEqual([
    'a gender code → word table',
  ]);
  expect(line("headers.set('x-api-key', token);")).toEqual(['the header name x-api-key']);
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a line of source text, template and all.
  expect(line('fetch(`${url}/v1/backend/contacts`); // a request')).toEqual([]);
  expect(line(' * `/v1/backend` in a comment')).toEqual([]);
});
