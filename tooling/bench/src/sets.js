// The inputs: the shared corpus, and synthetic sets made from it at N times its size by copying
// it N times side by side (copy-0/…, copy-1/…: distinct paths, the same notes). They are
// generated at bench time under node_modules/.cache/orgnotes-bench, never committed, and
// regenerated when the corpus changes.
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

/** Every .org file under `dir`, relative, forward slashes, sorted. */
export function listOrgFiles(dir) {
  const files = [];
  const walk = (relative) => {
    for (const name of readdirSync(path.join(dir, relative)).sort()) {
      const child = relative ? `${relative}/${name}` : name;
      if (statSync(path.join(dir, child)).isDirectory()) walk(child);
      else if (name.endsWith('.org')) files.push(child);
    }
  };
  walk('');
  return files;
}

/** A fingerprint of the corpus: paths, sizes and modification times. */
function corpusStamp(corpus) {
  const hash = createHash('sha256');
  for (const file of listOrgFiles(corpus)) {
    const stat = statSync(path.join(corpus, file));
    hash.update(`${file}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

/** Makes (or reuses) the set of `factor` copies of the corpus's .org files; returns its directory. */
export function makeSet(corpus, cacheDir, factor) {
  const dir = path.join(cacheDir, `set-${factor}x`);
  const stampFile = path.join(dir, '.stamp');
  const stamp = corpusStamp(corpus);
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (let k = 0; k < factor; k++) {
    // Only the notes: the benchmark reads .org files (linked images and other files stay out).
    cpSync(corpus, path.join(dir, `copy-${k}`), {
      recursive: true,
      filter: (source) => statSync(source).isDirectory() || source.endsWith('.org'),
    });
  }
  writeFileSync(stampFile, stamp);
  return dir;
}

/** Size in bytes and count of the .org files of a set, and its largest file. */
export function describeSet(dir) {
  let bytes = 0;
  let largest = { path: '', bytes: 0 };
  const files = listOrgFiles(dir);
  for (const file of files) {
    const size = statSync(path.join(dir, file)).size;
    bytes += size;
    if (size > largest.bytes) largest = { path: file, bytes: size };
  }
  return { dir, files, bytes, largest };
}

/**
 * Appends a heading to the same file (the middle one of `files`) under each directory of
 * `dirs`, runs `body`, and restores the files: the "one file changed" measurement.
 */
export async function withOneFileChanged(dirs, files, body) {
  const edited = dirs.map((dir) => path.join(dir, files[Math.floor(files.length / 2)]));
  const originals = edited.map((file) => readFileSync(file));
  for (const file of edited) appendFileSync(file, `\n* bench edit ${Date.now()}\n`);
  try {
    return await body();
  } finally {
    edited.forEach((file, i) => writeFileSync(file, originals[i]));
  }
}
