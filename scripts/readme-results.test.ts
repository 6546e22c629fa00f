import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { asSection, readmePath, readmeWithResults, spliceResults } from './readme-results.ts';

describe('README results', () => {
  it('show exactly the committed results of the scripts (run `npm run readme` after a new run)', () => {
    const readme = readFileSync(readmePath, 'utf8');
    expect(readme).toBe(readmeWithResults(readme));
  });

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
  ])('splice %s', (_, readme, section, want) => {
    expect(spliceResults(readme, 'x', section)).toBe(want);
  });

  it('refuses a README without the markers', () => {
    expect(() => spliceResults('no markers', 'x', 'new')).toThrow(/results:x/);
  });

  it('drops the title and moves headings one level down', () => {
    expect(asSection('# Title\n\n## Part\n\ntext\n')).toBe('### Part\n\ntext');
  });
});
