/**
 * Whether a final record can be the result of applying accepted writes one after another, in some
 * order, to the initial record: the test of "the state equals some serial order of the accepted
 * writes" for concurrent updates.
 */
export type Fields = Record<string, unknown>;

function* permutations<T>(items: readonly T[]): Generator<T[]> {
  if (items.length <= 1) {
    yield [...items];
    return;
  }
  for (let i = 0; i < items.length; i++) {
    const rest = [...items.slice(0, i), ...items.slice(i + 1)];
    for (const tail of permutations(rest)) yield [items[i]!, ...tail];
  }
}

function applyAll(initial: Fields, writes: readonly Fields[]): Fields {
  return Object.assign({}, initial, ...writes);
}

function sameOn(a: Fields, b: Fields, fields: Iterable<string>): boolean {
  for (const f of fields) if (JSON.stringify(a[f]) !== JSON.stringify(b[f])) return false;
  return true;
}

/**
 * The indexes of `writes` in an order that, applied to `initial`, gives `final` on every field any
 * write touches and on `alsoUnchanged`; undefined when no order does. Up to 7 writes every order is
 * tried; beyond that the writes must all touch the same fields, and then the answer is the one write
 * whose every value the final record holds (applied last).
 */
export function serialOrder(
  initial: Fields,
  writes: readonly Fields[],
  final: Fields,
  alsoUnchanged: readonly string[] = [],
): number[] | undefined {
  const touched = new Set([...writes.flatMap((w) => Object.keys(w)), ...alsoUnchanged]);
  if (writes.length <= 7) {
    for (const order of permutations(writes.map((_, i) => i))) {
      if (
        sameOn(
          applyAll(
            initial,
            order.map((i) => writes[i]!),
          ),
          final,
          touched,
        )
      )
        return order;
    }
    return undefined;
  }
  const shape = JSON.stringify(Object.keys(writes[0]!).sort());
  if (writes.some((w) => JSON.stringify(Object.keys(w).sort()) !== shape))
    throw new Error('serialOrder: more than 7 writes must all touch the same fields');
  const last = writes.findIndex((w) => sameOn(w, final, Object.keys(w)));
  if (last < 0 || !sameOn(initial, final, alsoUnchanged)) return undefined;
  return [...writes.keys()].filter((i) => i !== last).concat(last);
}
