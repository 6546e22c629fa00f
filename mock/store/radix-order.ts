/**
 * A stable sort by unsigned 32-bit words, 16 bits a pass (least significant first): linear time and
 * no comparisons, so a million records take a few milliseconds a pass where a comparator sort of
 * their keys takes a second.
 */
import type { Steps } from './steps.ts';

const DIGIT_BITS = 16;
const DIGIT_MASK = (1 << DIGIT_BITS) - 1;
/** Positions handled between two yields: about a millisecond of work. */
const SLICE = 1 << 16;

/**
 * The positions 0..count-1 ordered by (words[0][p], words[1][p], …, p): the first word is the most
 * significant, ties keep position order. Yields every {@link SLICE} positions.
 */
export function* radixOrderSteps(count: number, words: readonly Uint32Array[]): Steps<Uint32Array> {
  let order = new Uint32Array(count);
  for (let p = 0; p < count; p++) order[p] = p;
  let spare = new Uint32Array(count);
  // The words still to sort by travel with the positions, so every pass reads them in sequence.
  let columns = words.map((word) => word.slice(0, count));
  let spareColumns = words.map(() => new Uint32Array(count));
  const starts = new Uint32Array(DIGIT_MASK + 2);
  const places = new Uint32Array(SLICE);
  for (let w = words.length - 1; w >= 0; w--) {
    let max = 0;
    for (const value of columns[w]!) if (value > max) max = value;
    // A pass per 16 bits that any word uses: small ranks need one pass, and all-zero words none.
    for (let shift = 0; shift < 32 && max >>> shift !== 0; shift += DIGIT_BITS) {
      countDigits(columns[w]!, shift, starts);
      yield;
      for (let from = 0; from < count; from += SLICE) {
        const to = Math.min(count, from + SLICE);
        place(columns[w]!, from, to, shift, starts, places);
        move(order, spare, from, to, places);
        // This word, for its next pass, and the more significant ones, for theirs.
        for (let c = 0; c <= w; c++) move(columns[c]!, spareColumns[c]!, from, to, places);
        yield;
      }
      [order, spare] = [spare, order];
      [columns, spareColumns] = [spareColumns, columns];
    }
  }
  return order;
}

/** Where each digit's run starts once sorted: starts[d] for digit d (a counting sort's prefix sums). */
function countDigits(word: Uint32Array, shift: number, starts: Uint32Array): void {
  starts.fill(0);
  for (let p = 0; p < word.length; p++) starts[((word[p]! >>> shift) & DIGIT_MASK) + 1]!++;
  for (let d = 1; d < starts.length; d++) starts[d]! += starts[d - 1]!;
}

/** The sorted place of each position in [from, to) by its digit (places[p - from]). */
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
