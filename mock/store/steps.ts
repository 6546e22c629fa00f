/**
 * Work done in steps: a generator whose every `next()` does one slice and whose last returns the
 * result, so a server can spread it between requests (Store.warmUp) or a caller that needs the result
 * now can finish it.
 */
export type Steps<T> = Generator<void, T>;

/** Runs the remaining steps at once and returns the result. */
export function finish<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
