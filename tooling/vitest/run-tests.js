#!/usr/bin/env node
// The root `test` script: runs its arguments (`turbo run typecheck test`) with what keys
// Turborepo's cache of the tests besides the repository's files:
//   ORGNOTES_CORPUS_FINGERPRINT  a hash of the shared corpus (or "absent"), which lives outside
//                                the repository where Turborepo hashes nothing, so a run
//                                without it is never replayed as one with it, nor an old
//                                corpus's results as a new one's;
//   ORGNOTES_FC_SEED             "random" is drawn here, so that the tests and the cache key
//                                see the same number (and the log shows it).
// turbo.json lists both in the test task's `env`.
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { corpusFingerprint } from './corpus.js';

const env = { ...process.env, ORGNOTES_CORPUS_FINGERPRINT: corpusFingerprint() };
if (env.ORGNOTES_FC_SEED === 'random') {
  env.ORGNOTES_FC_SEED = String(randomInt(2 ** 31));
  console.log(`ORGNOTES_FC_SEED=${env.ORGNOTES_FC_SEED}`);
}
const [command, ...args] = process.argv.slice(2);
const result = spawnSync(command, args, { stdio: 'inherit', env });
if (result.error) {
  console.error(`${command}: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
