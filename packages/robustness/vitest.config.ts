// One test file at a time: the scaling checks measure wall time, and the subprocess tests
// would otherwise compete with them for the two cores. `--expose-gc` lets the scaling checks
// collect garbage before each measurement, so a GC pause is not mistaken for superlinear cost.
import { mergeConfig } from 'vitest/config';
import baseConfig from '@orgnotes/vitest-config';

export default mergeConfig(baseConfig, { test: { fileParallelism: false, execArgv: ['--expose-gc'] } });
