// Shared vitest settings for every package: node environment, forked workers, a hang guard
// instead of timeouts, and a JSON report that .ci/run sums into one closing line.
import { defineConfig } from 'vitest/config';

/**
 * How long a test, a hook or a command a test spawns may run before it counts as hung. It is
 * not a measure: on a shared 2-core machine a corpus suite that takes 2 minutes alone took
 * over 5 under a load average of 30, so a budget near real durations fails healthy runs. This
 * one no healthy run approaches; it only turns a hang into a failure within CI's 90 minutes.
 */
export const HANG_GUARD_MS = 30 * 60_000;

export const baseConfig = defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    testTimeout: HANG_GUARD_MS,
    hookTimeout: HANG_GUARD_MS,
    pool: 'forks',
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});

export default baseConfig;
