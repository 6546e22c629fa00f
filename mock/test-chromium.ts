/**
 * What the browser tests share: Debian's Chromium (`apt-get install chromium`; override with
 * CHROMIUM_PATH), its headless flags, and the rule that a missing Chromium skips the test on a
 * developer's machine but fails it under CI=true, where `.ci/run` installs it.
 */
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless, no sandbox (root in CI), nothing fetched from the network by the browser itself. */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * `describe(title, body)` when Chromium is installed; otherwise one test that says how to install it
 * (skipped locally, failing under CI=true), so a machine that has it counts no skipped test.
 */
export function describeInChromium(title: string, body: () => void): void {
  if (existsSync(CHROMIUM)) {
    describe(title, body);
    return;
  }
  describe(title, () => {
    const reason = `no Chromium at ${CHROMIUM}: run \`apt-get install chromium\` (or set CHROMIUM_PATH)`;
    it(`needs Chromium (${reason})`, (ctx) => {
      if (process.env.CI !== 'true') return ctx.skip(reason);
      throw new Error(`CI must install Chromium before npm test: ${reason}`);
    });
  });
}
