// Shared vitest settings for every package: node environment, forked workers, generous
// timeouts (some tests read the whole shared corpus), and a JSON report that .ci/run sums
// into one closing line.
import { defineConfig } from 'vitest/config';

export const baseConfig = defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});

export default baseConfig;
