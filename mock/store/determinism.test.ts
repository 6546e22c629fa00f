/** The same seed gives byte-identical answers in another process, not just within one. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createStore } from './create-store.ts';
import { reads } from './determinism.reads.ts';

describe('determinism across processes', () => {
  it('answers the same bytes in a fresh process', () => {
    const script = `
      import { createStore } from ${JSON.stringify(new URL('./create-store.ts', import.meta.url).pathname)};
      import { reads } from ${JSON.stringify(new URL('./determinism.reads.ts', import.meta.url).pathname)};
      process.stdout.write(reads(createStore({ seed: 77, contacts: 10000 })));
    `;
    const other = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 },
    );
    expect(other).toBe(reads(createStore({ seed: 77, contacts: 10_000 })));
    expect(other).not.toBe(reads(createStore({ seed: 78, contacts: 10_000 })));
  });
});
