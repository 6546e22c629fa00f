import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('code style', () => {
  it('the tree is formatted and passes the linter (npx biome check --write to fix)', () => {
    const biome = spawnSync(
      'npx',
      ['biome', 'check', '--error-on-warnings', '--max-diagnostics=20', '.'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(biome.stdout + biome.stderr).not.toMatch(/Found \d+ errors?/);
    expect(biome.status, biome.stdout + biome.stderr).toBe(0);
  });

  it('no two modules export the same name, so a name means one thing', () => {
    const sources = execFileSync('git', ['ls-files', '*.ts'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter((f) => f && !/\.test(-d)?\.ts$|\/generated\//.test(f));
    const where = new Map<string, string[]>();
    for (const file of sources) {
      const text = readFileSync(join(root, file), 'utf8');
      for (const [, name] of text.matchAll(
        /^export (?:async )?(?:function\*?|const|let|class|interface|type|enum) ([A-Za-z0-9_$]+)/gm,
      ))
        where.set(name!, [...(where.get(name!) ?? []), file]);
    }
    const twice = [...where].filter(([, files]) => files.length > 1);
    expect(twice.map(([name, files]) => `${name}: ${files.join(', ')}`)).toEqual([]);
  });
});
