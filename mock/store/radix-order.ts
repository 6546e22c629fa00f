/**
 * A stable sort by unsigned 32-bit words, 16 bits a pass (least significant first): linear time and
 * no comparisons, so a million records take a few milliseconds a pass where a comparator sort of
 * their keys takes a second.
 */
import type { Steps } from './steps.ts';

const DIGIT_BITS = 16;
const DIGIT_MASK = (1 << DIGIT_BITS) - 1;
/** Entries moved between two yields: about a millisecond of work. */
const SLICE = 1 << 15;

/**
 * `values` ordered by (words[0][p], words[1][p], …) where p is each value's position: the first word
 * is the most significant, ties keep position order. The words are used as scratch space (they end
 * up scrambled). Yields every {@link SLICE} entries.
 */
export function* radixSortSteps(values: Uint32Array, words: Uint32Array[]): Steps<Uint32Array> {
  const count = values.length;
  let order: Uint32Array = values;
  let spare: Uint32Array = new Uint32Array(count);
  // Each word's passes: one per 16 bits that any of its values uses (none when all are zero).
  const shifts = words.map((word) => {
    const max = maxOf(word, count);
    return max === 0 ? [] : max <= DIGIT_MASK ? [0] : [0, DIGIT_BITS];
  });
  yield;
  // The words still to sort by travel with the values, so every pass reads them in sequence.
  const columns: Uint32Array[] = words.slice();
  const spareColumns: Uint32Array[] = words.map(() => new Uint32Array(0));
  const starts = new Uint32Array(DIGIT_MASK + 2);
  const places = new Uint32Array(SLICE);
  for (let w = words.length - 1; w >= 0; w--) {
    for (const [pass, shift] of shifts[w]!.entries()) {
      // Words sorted by a later pass (more significant ones, and this one if it has a pass left).
      const carried = pass < shifts[w]!.length - 1 ? w + 1 : w;
      for (let c = 0; c < carried; c++)
        if (spareColumns[c]!.length < count) spareColumns[c] = new Uint32Array(count);
      starts.fill(0);
      for (let from = 0; from < count; from += SLICE) {
        countDigits(columns[w]!, from, Math.min(count, from + SLICE), shift, starts);
        yield;
      }
      for (let d = 1; d < starts.length; d++) starts[d]! += starts[d - 1]!;
      for (let from = 0; from < count; from += SLICE) {
        const to = Math.min(count, from + SLICE);
        place(columns[w]!, from, to, shift, starts, places);
        move(order, spare, from, to, places);
        for (let c = 0; c < carried; c++) move(columns[c]!, spareColumns[c]!, from, to, places);
        yield;
      }
      if (order === values) order = new Uint32Array(count); // the caller's values stay as given
      [order, spare] = [spare, order];
      for (let c = 0; c < carried; c++)
        [columns[c], spareColumns[c]] = [spareColumns[c]!, columns[c]!];
    }
  }
  return order === values ? values.slice() : order;
}

/** Counts the digits of word[from, to) in starts[digit + 1] (their prefix sums are where runs start). */
function countDigits(
  word: Uint32Array,
  from: number,
  to: number,
  shift: number,
  starts: Uint32Array,
): void {
  for (let p = from; p < to; p++) starts[((word[p]! >>> shift) & DIGIT_MASK) + 1]!++;
}

/** The sorted place of each entry in [from, to) by its digit (places[p - from]). */
function place(
  word: Uint32Array,
  from: number,
  to: number,
  shift: number,
  starts: Uint32Array,
  places: Uint32Array,
): void {
  for (let p = from; p < to; p++) places[p - from] = starts[(word[p]! >>> shift) & DIGIT_MASK]!++;
}

function move(
  values: Uint32Array,
  into: Uint32Array,
  from: number,
  to: number,
  places: Uint32Array,
) {
  for (let p = from; p < to; p++) into[places[p - from]!] = values[p]!;
}

function maxOf(word: Uint32Array, count: number): number {
  let max = 0;
  for (let p = 0; p < count; p++) if (word[p]! > max) max = word[p]!;
  return max;
}
