/**
 * When seeded things happened. Everything is measured back from a fixed reference instant, never
 * from the wall clock, so the same seed gives the same timestamps on every run.
 */
import { hash } from './hash.ts';
import { LANE } from './lanes.ts';

/** The newest seeded contact is created just before this instant (the published page's newest record). */
export const REFERENCE_TIME = Date.UTC(2025, 9, 15, 10, 6, 26, 630);

const YEAR = 365.25 * 24 * 3600 * 1000;
/** The creation times approach `REFERENCE_TIME - SPAN` but never reach it, whatever the size. */
const SPAN = 4 * YEAR;
/** Index at which half of SPAN is covered: most contacts are recent, as in a growing business. */
const HALF = 40_000;

/** How far before REFERENCE_TIME the slot of index `i` starts (ms, an integer, strictly increasing in i). */
function offset(i: number): number {
  // A hyperbola (only * and /, which IEEE rounds identically everywhere); slots stay > 1 ms wide
  // beyond ten million contacts.
  return Math.floor((SPAN * i) / (i + HALF));
}

/**
 * `created_at` of seeded contact `i`, in ms: strictly decreasing in `i`, so index order is the
 * `-created_at` order. A jittered point inside the index's own slot, so gaps look irregular.
 */
export function contactCreatedAt(seed: number, i: number): number {
  const start = offset(i);
  const width = Math.max(1, offset(i + 1) - start);
  return REFERENCE_TIME - start - (hash(seed, i, LANE.createdJitter) % width);
}

const DAY_MS = 86_400_000;

/** `HH:MM:` for each minute of a day, `SS.` for each second, `mmmZ` for each millisecond. */
const MINUTE_TEXT = Array.from(
  { length: 1440 },
  (_, m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:`,
);
const SECOND_TEXT = Array.from({ length: 60 }, (_, s) => `${String(s).padStart(2, '0')}.`);
const MILLISECOND_TEXT = Array.from({ length: 1000 }, (_, n) => `${String(n).padStart(3, '0')}Z`);

/** `YYYY-MM-DDT` by day since 1970, as days recur (a dataset's timestamps fall on a few thousand). */
const dayTexts = new Map<number, string>();
const MAX_DAY_TEXTS = 100_000;

/** `2025-10-15T` for a day counted from 1970-01-01 (Hinnant's civil-from-days, integers only). */
function dayText(days: number): string {
  let text = dayTexts.get(days);
  if (text !== undefined) return text;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T`;
  if (dayTexts.size >= MAX_DAY_TEXTS) dayTexts.clear();
  dayTexts.set(days, text);
  return text;
}

/**
 * An ISO timestamp, as the API writes them (`2025-10-15T10:06:26.630Z`), for years 1970–9999: four
 * looked-up pieces, several times faster than `Date#toISOString`.
 */
export function iso(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  return (
    dayText(days) +
    MINUTE_TEXT[minute]! +
    SECOND_TEXT[second]! +
    MILLISECOND_TEXT[rest - second * 1000]!
  );
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `16 Sep 2025`, as conversation names and notification titles show a date. */
export function dayLabel(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}
