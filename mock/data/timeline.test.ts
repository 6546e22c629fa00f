import { describe, expect, it } from 'vitest';
import { REFERENCE_TIME, contactCreatedAt, dayLabel, iso } from './timeline.ts';

describe('iso', () => {
  it.each([
    0,
    951_782_400_000,
    1_709_164_800_123,
    REFERENCE_TIME,
    4_102_444_799_999,
    1_735_689_599_999,
  ])('writes %i as Date#toISOString does', (ms) => {
    expect(iso(ms)).toBe(new Date(ms).toISOString());
  });

  it('agrees with Date#toISOString over many instants', () => {
    const wrong: number[] = [];
    for (let k = 0; k < 20_000; k++) {
      const ms = REFERENCE_TIME - k * 87_999_977;
      if (iso(ms) !== new Date(ms).toISOString()) wrong.push(ms);
    }
    expect(wrong).toEqual([]);
  });

  it('agrees with Date#toISOString from 1970 to 9999, over more days than it keeps written', () => {
    const wrong: number[] = [];
    const last = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    for (let k = 0; k <= 150_000; k++) {
      const ms = Math.floor((last / 150_000) * k) - (k % 1000);
      if (ms >= 0 && iso(ms) !== new Date(ms).toISOString()) wrong.push(ms);
    }
    expect(iso(last)).toBe('9999-12-31T23:59:59.999Z');
    expect(wrong).toEqual([]);
  });
});

describe('contactCreatedAt', () => {
  it.each([
    { from: 0, to: 70_000 },
    { from: 990_000, to: 1_010_000 },
    { from: 9_990_000, to: 10_000_000 },
  ])('falls strictly from index $from to $to, before the reference time', ({ from, to }) => {
    let previous = contactCreatedAt(1, from);
    expect(previous).toBeLessThanOrEqual(REFERENCE_TIME);
    const notFalling: number[] = [];
    for (let i = from + 1; i < to; i++) {
      const at = contactCreatedAt(1, i);
      if (at >= previous) notFalling.push(i);
      previous = at;
    }
    expect(notFalling).toEqual([]);
  });

  it('spreads the default dataset over a few years', () => {
    const years = (REFERENCE_TIME - contactCreatedAt(1, 65_680)) / (365.25 * 24 * 3600 * 1000);
    expect(years).toBeGreaterThan(2);
    expect(years).toBeLessThan(5);
  });

  it('labels days as the API does', () => {
    expect(dayLabel(Date.UTC(2025, 8, 16, 4))).toBe('16 Sep 2025');
  });
});
