// The shared corpus of real notes lives beside the repository (../shared/corpus), not in it.
// Away from CI, tests that read it run whenever it is there and say plainly that they were
// skipped when it is not. On CI (CI set) a missing corpus is a failure that names it: a run
// that checked nothing must not look like a pass.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** True under CI (CI=true, as .ci/run and GitHub Actions set it): nothing may be skipped silently. */
export const onCI = !['', '0', 'false'].includes((process.env.CI ?? '').toLowerCase());

/** Where the corpus is looked for: ORGNOTES_CORPUS, else ../shared/corpus beside the repository. */
export const corpusLocation =
  process.env.ORGNOTES_CORPUS ?? path.resolve(repoRoot, '../shared/corpus');

/** Absolute path of the shared corpus, or undefined when this clone has none. */
export const corpusDir = existsSync(corpusLocation) ? corpusLocation : undefined;

/**
 * The .org files the corpus holds, per top-level folder (see ../shared/corpus/SOURCES.md).
 * Every corpus test asserts the number it read against these, so that a corpus that lost files
 * (a partial copy, a wrong ORGNOTES_CORPUS) fails instead of testing less.
 */
export const CORPUS_FILE_COUNTS = Object.freeze({
  'bphenriques-knowledge-base': 50,
  'org-mode': 45,
  worg: 285,
});

/** How many .org files `corpusFiles(sub)` must find: a top-level folder's count, or all of them for ''. */
export function expectedCorpusFiles(sub = '') {
  if (sub === '') return Object.values(CORPUS_FILE_COUNTS).reduce((a, b) => a + b, 0);
  const count = CORPUS_FILE_COUNTS[sub];
  if (count === undefined)
    throw new Error(`no expected file count for corpus folder "${sub}" (tooling/vitest/corpus.js)`);
  return count;
}

export const seedFile = path.join(repoRoot, 'notes/docker.org');
export { repoRoot };

/** Every file under `dir` (relative paths, forward slashes, sorted), following no links. */
function listFiles(dir, prefix = '') {
  const files = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) files.push(...listFiles(full, `${prefix}${name}/`));
    else files.push(`${prefix}${name}`);
  }
  return files;
}

/** Every .org file of the corpus (or of one of its folders), sorted, as absolute paths. */
export function corpusFiles(sub = '') {
  if (!corpusDir) return [];
  const dir = path.join(corpusDir, sub);
  return listFiles(dir)
    .filter((name) => name.endsWith('.org'))
    .map((name) => path.join(dir, ...name.split('/')));
}

/**
 * A hash of every file of the corpus (names and bytes), or "absent". The root `test` script
 * passes it to Turborepo as ORGNOTES_CORPUS_FINGERPRINT, which keys the test tasks' cache:
 * Turborepo hashes no file outside the repository, so without it a run without the corpus
 * (skipping) could be replayed as the result of one with it, and a changed corpus not tested.
 */
export function corpusFingerprint() {
  if (!corpusDir) return 'absent';
  const hash = createHash('sha256');
  for (const name of listFiles(corpusDir)) {
    hash.update(`${name}\0`);
    hash.update(
      createHash('sha256')
        .update(readFileSync(path.join(corpusDir, name)))
        .digest(),
    );
  }
  return hash.digest('hex');
}

/**
 * `describe` for tests that need something this machine may lack. `missing` names what is
 * missing (empty or undefined: nothing, the tests run). Away from CI they are reported as
 * skipped, loudly, with the reason; on CI they are replaced by one failing test that says what
 * is missing and how to get it.
 */
export function describeNeeding(missing, name, body) {
  const lacking = Array.isArray(missing) ? missing.join(', ') : (missing ?? '');
  if (!lacking) return describe(name, body);
  if (onCI) {
    return describe(name, () => {
      it(`needs ${lacking}`, () => {
        expect.fail(
          `CI=${process.env.CI}: "${name}" cannot run without ${lacking}; on CI that is a failure, not a skip`,
        );
      });
    });
  }
  console.warn(`SKIPPED "${name}": ${lacking} not available.`);
  // The name without the explanation in parentheses: the same on every machine, so that it can
  // be listed in allowed-skips.json.
  return describe.skip(
    `${name} (skipped: ${lacking.replace(/\s*\(.*\)$/s, '')} not available)`,
    body,
  );
}

const corpusMissing = () =>
  corpusDir
    ? ''
    : `the shared corpus (${corpusLocation}${process.env.ORGNOTES_CORPUS ? ', from ORGNOTES_CORPUS' : ''}; a clone needs ../shared/corpus beside it, or ORGNOTES_CORPUS pointing at one)`;

/** `describe` that runs when the corpus is present; see `describeNeeding` for when it is not. */
export function describeCorpus(name, body) {
  return describeNeeding(corpusMissing(), name, body);
}
