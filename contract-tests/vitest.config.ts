/**
 * `npm run test:contract`: only the contract suite, against the target the environment names, with a
 * JUnit report for CI and the JSON summary beside it in `reports/`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['contract-tests/suite.test.ts'],
    reporters: ['default', 'junit'],
    outputFile: { junit: 'reports/contract-junit.xml' },
    // A remote gateway can be slow; the local mock needs a fraction of this.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    env: { CONTRACT_REPORT_DIR: process.env.CONTRACT_REPORT_DIR ?? 'reports' },
  },
});
