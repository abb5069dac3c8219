// Test doubles shared by the packages' tests.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the preload that makes export workers' parses of NEVER_ENDING_FILE never end. */
export const neverEndingParse = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'never-ending-parse.js',
);
/** The file name whose parse never ends in a worker under `neverEndingParse`. */
export const NEVER_ENDING_FILE = 'never-ends.org';
