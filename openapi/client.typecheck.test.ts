/**
 * The type-level tests in `client.test-d.ts` bite: the file compiles as written, and with its
 * `@ts-expect-error` directives taken out, each marked line fails, naming the wrong name it uses.
 * (A directive that is satisfied by some other error, such as a typo in the test, would pass tsc.)
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const file = fileURLToPath(new URL('./client.test-d.ts', import.meta.url));
const tsconfig = fileURLToPath(new URL('../tsconfig.json', import.meta.url));
const DIRECTIVE = /\/\/ @ts-expect-error (.*)$/;

function compilerOptions(): ts.CompilerOptions {
  const { config } = ts.readConfigFile(tsconfig, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(
    config,
    ts.sys,
    fileURLToPath(new URL('..', import.meta.url)),
  ).options;
}

let previous: ts.Program | undefined;

/** Errors of `file` compiled with `text` as its content: line (1-based) → messages. */
function errorsOf(text: string): Map<number, string[]> {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (name === file ? text : readFile(name));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === file
      ? ts.createSourceFile(name, text, language)
      : getSourceFile(name, language, ...rest);
  // The previous program lends its parsed libraries and declarations: the second compile is quick.
  const program = ts.createProgram([file], options, host, previous);
  previous = program;
  const source = program.getSourceFile(file)!;
  const errors = new Map<number, string[]>();
  for (const d of [
    ...program.getSyntacticDiagnostics(source),
    ...program.getSemanticDiagnostics(source),
  ]) {
    const line = source.getLineAndCharacterOfPosition(d.start ?? 0).line + 1;
    errors.set(line, [
      ...(errors.get(line) ?? []),
      ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    ]);
  }
  return errors;
}

// A compile takes seconds, more on a busy machine: generous timeouts (the suite runs files in parallel).
describe('client type tests', { timeout: 120_000 }, () => {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  // Each directive covers the next line; its first word in backticks is the wrong name that line uses.
  const marked = lines.flatMap((line, i) => {
    const match = DIRECTIVE.exec(line);
    return match ? [{ line: i + 2, wrongName: /`([^`]+)`/.exec(match[1]!)![1]! }] : [];
  });

  it('has marked lines: a wrong query parameter, a wrong path parameter and a wrong response field', () => {
    expect(marked.map((m) => m.wrongName)).toEqual(['limits', 'id', 'total_count']);
  });

  it('compiles as written', () => {
    expect([...errorsOf(text)]).toEqual([]);
  });

  it('fails on every marked line, for the wrong name, once the directives are taken out', () => {
    const errors = errorsOf(
      lines.map((line) => line.replace(DIRECTIVE, '// (expected error)')).join('\n'),
    );
    expect([...errors.keys()].sort((a, b) => a - b)).toEqual(marked.map((m) => m.line));
    for (const { line, wrongName } of marked) {
      expect(errors.get(line)!.join('\n')).toContain(`'${wrongName}'`);
    }
  });
});
