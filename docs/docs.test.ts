/**
 * The README and the pages of docs/ stay true where they show commands: every `npm run X` is a
 * script of package.json, every relative link leads to a file, every flag of the mock that
 * docs/mock.md shows is one its `--help` lists, and every TypeScript snippet compiles under the
 * repository's strict tsconfig, importing the package by its name as a consumer would.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../scripts/generate.ts';

const run = promisify(execFile);
const docsDir = join(projectRoot, 'docs');
const pages = [
  'README.md',
  ...readdirSync(docsDir)
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const text = (page: string) => readFileSync(join(projectRoot, page), 'utf8');
const pkg = JSON.parse(text('package.json')) as { name: string; scripts: Record<string, string> };

describe('the README and docs/*.md', () => {
  it('show only npm scripts that package.json has', () => {
    const missing = pages.flatMap((page) =>
      [...text(page).matchAll(/npm run ([a-z][\w:-]*)/g)]
        .map((m) => m[1]!)
        .filter((script) => !(script in pkg.scripts))
        .map((script) => `${page}: npm run ${script}`),
    );
    expect(missing).toEqual([]);
  });

  it('link only to files that exist', () => {
    const broken = pages.flatMap((page) =>
      [...text(page).matchAll(/\]\(([^)\s]+)\)/g)]
        .map((m) => m[1]!)
        .filter((target) => !/^(https?:|mailto:|#)/.test(target))
        .filter(
          (target) => !existsSync(resolve(dirname(join(projectRoot, page)), target.split('#')[0]!)),
        )
        .map((target) => `${page}: ${target}`),
    );
    expect(broken).toEqual([]);
  });

  it('the README links every page of docs/', () => {
    const readme = text('README.md');
    const unlinked = pages.filter((page) => page !== 'README.md' && !readme.includes(`](${page})`));
    expect(unlinked).toEqual([]);
  });
});

it('docs/mock.md shows only flags that the mock lists in its --help', {
  timeout: 60_000,
}, async () => {
  const { stdout } = await run(
    process.execPath,
    [join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'mock/cli.ts', '--help'],
    { cwd: projectRoot },
  );
  const shown = new Set(
    [...text('docs/mock.md').matchAll(/(?<![\w-])--[a-z][a-z-]*/g)].map((m) => m[0]),
  );
  expect(shown.size).toBeGreaterThan(3);
  const listed = new Set([...stdout.matchAll(/(?<![\w-])--[a-z][a-z-]*/g)].map((m) => m[0]));
  expect([...shown].filter((flag) => !listed.has(flag))).toEqual([]);
});

/** The package's exports, mapped to their sources, so a snippet imports the package by its name. */
const EXPORTS: Record<string, string> = {
  '': 'openapi/client.ts',
  '/client': 'openapi/client.ts',
  '/types': 'openapi/types.ts',
  '/validator': 'openapi/validator.ts',
  '/mock': 'mock/app.ts',
  '/mock/server': 'mock/server.ts',
};

interface Snippet {
  where: string;
  file: string;
  code: string;
}

function snippets(): Snippet[] {
  return pages.flatMap((page) =>
    [...text(page).matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((m, k) => {
      const line = text(page).slice(0, m.index).split('\n').length + 1;
      return {
        where: `${page}:${line}`,
        // Beside the package.json, so that it is an ES module there and its relative imports resolve.
        file: join(projectRoot, `.doc-snippet-${page.replace(/\W/g, '-')}-${k}.ts`),
        // A module of its own (top-level await, no clashes), with vitest's globals as in a test file.
        code: `/// <reference types="vitest/globals" />\n${m[1]}\nexport {};\n`,
      };
    }),
  );
}

it('every TypeScript snippet compiles under strict tsc', { timeout: 120_000 }, () => {
  const all = snippets();
  expect(all.length).toBeGreaterThan(2);
  const { config } = ts.readConfigFile(join(projectRoot, 'tsconfig.json'), ts.sys.readFile);
  const options: ts.CompilerOptions = {
    ...ts.parseJsonConfigFileContent(config, ts.sys, projectRoot).options,
    noEmit: true,
    baseUrl: projectRoot,
    paths: Object.fromEntries(
      Object.entries(EXPORTS).map(([sub, source]) => [`${pkg.name}${sub}`, [source]]),
    ),
  };
  const byFile = new Map(all.map((s) => [s.file, s]));
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (name) => byFile.has(name) || fileExists.call(host, name);
  host.readFile = (name) => byFile.get(name)?.code ?? readFile.call(host, name);
  host.getSourceFile = (name, language, ...rest) => {
    const snippet = byFile.get(name);
    return snippet
      ? ts.createSourceFile(name, snippet.code, language)
      : getSourceFile.call(host, name, language, ...rest);
  };
  const program = ts.createProgram([...byFile.keys()], options, host);
  const errors = all.flatMap((snippet) => {
    const source = program.getSourceFile(snippet.file)!;
    return [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ].map((d) => {
      const line = source.getLineAndCharacterOfPosition(d.start ?? 0).line - 1;
      const [page, first] = snippet.where.split(':');
      return `${page}:${Number(first) + line}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
    });
  });
  expect(errors).toEqual([]);
});
