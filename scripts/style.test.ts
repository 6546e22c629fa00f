import { spawnSync } from 'node:child_process';
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
});
