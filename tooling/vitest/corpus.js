// The shared corpus of real notes lives beside the repository (../shared/corpus), not in it.
// Tests that read it run whenever it is there (CI always has it) and say plainly that they
// were skipped when it is not.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Absolute path of the shared corpus, or undefined when this clone has none. */
export const corpusDir = (() => {
  const dir = process.env.ORGNOTES_CORPUS ?? path.resolve(repoRoot, '../shared/corpus');
  return existsSync(dir) ? dir : undefined;
})();

export const seedFile = path.join(repoRoot, 'notes/docker.org');
export { repoRoot };

/** Every .org file of the corpus (or of one of its folders), sorted, as absolute paths. */
export function corpusFiles(sub = '') {
  if (!corpusDir) return [];
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.org')) files.push(full);
    }
  };
  walk(path.join(corpusDir, sub));
  return files;
}

/** `describe` that runs when the corpus is present and is reported as skipped, with the reason, when not. */
export function describeCorpus(name, body) {
  if (corpusDir) {
    describe(name, body);
  } else {
    console.warn(`SKIPPED "${name}": ../shared/corpus is not present in this clone (set ORGNOTES_CORPUS to point at it).`);
    describe.skip(`${name} (skipped: ../shared/corpus not present)`, body);
  }
}
