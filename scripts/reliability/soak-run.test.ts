import { describe, expect, it } from 'vitest';
import { rssGrowth } from './soak-run.ts';

/** One sample a second from t = 0, with the given RSS values. */
const samples = (rss: number[]) => rss.map((value, t) => ({ t, rss: value }));

describe('rssGrowth', () => {
  it.each([
    {
      name: 'a level sawtooth after warm-up does not grow',
      rss: [
        300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 100, 140, 100, 140, 100, 140, 100, 140,
      ],
      want: { early: 100, late: 100, peak: 300, growth: 0 },
    },
    {
      name: 'rising low points grow by the difference of the quarters’ lows',
      rss: [50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 100, 150, 120, 170, 140, 190, 160.33, 210],
      want: { early: 100, late: 160.33, peak: 210, growth: 60.3 },
    },
  ])('$name', ({ rss, want }) => {
    expect(rssGrowth(samples(rss))).toEqual(want);
  });

  it('leaves the warm-up out, so a high start does not hide growth', () => {
    const { early } = rssGrowth(samples([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 80, 90, 85, 95]));
    expect(early).toBe(80);
  });
});
