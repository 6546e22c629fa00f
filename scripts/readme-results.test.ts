import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  asSection,
  benchSummary,
  pagePath,
  pageWithResults,
  resultPages,
  spliceResults,
} from './readme-results.ts';

describe('docs pages with results', () => {
  it.each(Object.keys(resultPages) as (keyof typeof resultPages)[])(
    '%s: the page shows exactly the committed results (run `npm run readme` after a new run)',
    (name) => {
      const page = readFileSync(pagePath(name), 'utf8');
      expect(page).toBe(pageWithResults(name, page));
    },
  );

  it.each([
    [
      'replaces what stands between the markers',
      'a\n<!-- results:x -->\nold\n<!-- /results:x -->\nb',
      'new',
      'a\n<!-- results:x -->\nnew\n<!-- /results:x -->\nb',
    ],
    [
      'fills empty markers',
      '<!-- results:x --><!-- /results:x -->',
      'new',
      '<!-- results:x -->\nnew\n<!-- /results:x -->',
    ],
  ])('splice %s', (_, page, section, want) => {
    expect(spliceResults(page, 'x', section)).toBe(want);
  });

  it('refuses a page without the markers', () => {
    expect(() => spliceResults('no markers', 'x', 'new')).toThrow(/results:x/);
  });

  it("takes the bench's machine line and throughput table for the README, or says what is missing", () => {
    const bench = '# B\n\nMachine: m\n\n## Throughput\n\n| a |\n| - |\n| 1 |\n\nDurable: x\n';
    expect(benchSummary(bench)).toMatch(/^Machine: m\n\n\| a \|\n\| - \|\n\| 1 \|\n\nThe targets/);
    expect(() => benchSummary('# B\n\nMachine: m\n')).toThrow(/throughput table/);
  });

  it('drops the title and keeps the headings', () => {
    expect(asSection('# Title\n\n## Part\n\ntext\n')).toBe('## Part\n\ntext');
  });
});
