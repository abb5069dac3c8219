/**
 * The command-line contract every orgnotes converter shares:
 *
 *   CONVERTER [options] FILE.org         convert one file to standard output
 *   CONVERTER [options] -                read standard input
 *   CONVERTER [options] -o DIR PATH...   mirror the input tree into DIR; all inputs are one set of notes
 *
 * with --check, --clean, --strict, --reporter, --quiet, --watch, --cache-dir and --no-cache.
 * Exit codes: 0 success (warnings allowed), 1 errors (or warnings with --strict, or outputs
 * out of date with --check), 2 usage error. Outputs are written atomically (temporary file +
 * rename) and only when their bytes change: a failure never leaves a partial file, and an
 * input is never overwritten. Each file is parsed once per run, through a content-addressed
 * cache (cache.ts), in worker threads for large sets (parse.ts).
 */
//
// Only what other packages use is exported (test/api.test.ts lists it): the rest of the engine
// can change without a change of this package's public API.
export {
  EXIT,
  helpText,
  parseCommandLine,
  parseFlags,
  runFlags,
  runMain,
  UsageError,
  type CommandLine,
} from './args.js';
export {
  lazyConverter,
  notePath,
  outputPathOf,
  reportInto,
  type ConvertContext,
  type SetContext,
  type Converter,
  type FlagValue,
  type OutputFile,
} from './converter.js';
export { deliver, runConverter, runExport, runWatched, type FormatJob } from './engine.js';
export { outputLocation, replaceExtension, writeAtomic } from './files.js';
export { gitCommitDate } from './git-dates.js';
export { fileStamp } from './plan.js';
export type { Program } from './help.js';
export { loadInputs } from './io.js';
export type { PlannedFile } from './outputs.js';
export type { ReportJson } from './reporters.js';
