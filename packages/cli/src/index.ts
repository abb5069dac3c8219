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
export * from './contract.js';
export * from './files.js';
export * from './io.js';
export * from './reporters.js';
export * from './cache.js';
export * from './outputs.js';
export * from './progress.js';
export * from './watch.js';
export { parseSources, readOptionsOf, type ParseOptions, type ParsedSources } from './parse.js';
export { workerCount, WorkerPool, WORKER_MIN_BYTES, WORKER_MIN_FILES } from './pool.js';
export { convertDocument, DocumentStore, outputPathOf, type ConvertedDocument, type FormatSpec } from './convert.js';
export { exportOnce, deliver, report, runExport, runWatched, runConverter, type FormatJob, type Produced, type ProducedOutputs, type ExportOptions, type ExportResult, type Tool, type ExportJob } from './engine.js';
export { readState, runKey, stateFile, STATE_FORMAT, type RunState, type DocumentRecord } from './state.js';
