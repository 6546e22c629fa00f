/**
 * Generated files are artifacts: the committed copies must equal what the spec generates now, and
 * the published examples must type-check against the generated types.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { generate, generatedDir, projectRoot } from '../scripts/generate.ts';
import { publishedExamples, readPublishedExample } from './published-examples.ts';

const scratch = mkdtempSync(join(tmpdir(), 'contacts-generate-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('generated files', () => {
  it('equal what `npm run generate` makes from the spec (run it and commit after changing the spec)', async () => {
    const fresh = await generate(scratch);
    expect(readFileSync(join(generatedDir, 'contacts.json'), 'utf8')).toBe(
      readFileSync(fresh.bundle, 'utf8'),
    );
    expect(readFileSync(join(generatedDir, 'types.ts'), 'utf8')).toBe(
      readFileSync(fresh.types, 'utf8'),
    );
  }, 60_000);
});

/** Type-checks a module that assigns each example to the generated type it belongs to. */
function typeErrors(source: string): string[] {
  const file = join(projectRoot, 'openapi', `.examples-typecheck-${process.pid}.ts`);
  writeFileSync(file, source);
  try {
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2023,
      allowImportingTsExtensions: true,
      skipLibCheck: true,
    });
    return ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  } finally {
    rmSync(file, { force: true });
  }
}

function moduleOf(bodies: Map<string, unknown>): string {
  const lines = ["import type { operations } from './generated/types.ts';", ''];
  publishedExamples.forEach((example, i) => {
    const type =
      'request' in example
        ? `operations['${example.operationId}']['requestBody']['content']['application/json']`
        : `operations['${example.operationId}']['responses'][${example.status}]['content']['application/json']`;
    lines.push(`export const example${i}: ${type} = ${JSON.stringify(bodies.get(example.file))};`);
  });
  return lines.join('\n');
}

describe('published examples against the generated types', () => {
  const bodies = new Map(publishedExamples.map((e) => [e.file, readPublishedExample(e.file)]));

  it('every example type-checks', () => {
    expect(typeErrors(moduleOf(bodies))).toEqual([]);
  }, 60_000);

  it('a drifted example does not', () => {
    const drifted = new Map(bodies);
    const list = structuredClone(bodies.get('list-contacts.200.json')) as {
      count: unknown;
      data: { channel_type: string }[];
    };
    list.count = '65681';
    list.data[0]!.channel_type = 'telegram';
    drifted.set('list-contacts.200.json', list);
    const errors = typeErrors(moduleOf(drifted)).join('\n');
    expect(errors).toContain("Type 'string' is not assignable to type 'number'");
    expect(errors).toContain('"telegram"');
  }, 60_000);
});
