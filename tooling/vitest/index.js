// Shared vitest settings for every package: node environment, one worker per core,
// and generous timeouts because some tests read the whole shared corpus.
import { defineConfig } from 'vitest/config';

export const baseConfig = defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: process.env.CI ? ['default'] : ['default'],
    pool: 'forks',
  },
});

export default baseConfig;
