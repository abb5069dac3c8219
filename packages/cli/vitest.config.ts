// The time-budget tests need parses that never end: every test process (and so every export
// worker it starts, which inherits its options) preloads the stub that makes a worker loop
// forever on a file named never-ends.org, and on nothing else.
import { mergeConfig } from 'vitest/config';
import baseConfig from '@orgnotes/vitest-config';
import { neverEndingParse } from '@orgnotes/vitest-config/stubs';

export default mergeConfig(baseConfig, { test: { execArgv: ['--import', neverEndingParse] } });
