// One test file at a time: the subprocess tests (hostile inputs through every command) each
// use a core and hundreds of megabytes, and the machines have two cores.
import { mergeConfig } from 'vitest/config';
import baseConfig from '@orgnotes/vitest-config';

export default mergeConfig(baseConfig, { test: { fileParallelism: false } });
