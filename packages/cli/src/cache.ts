/**
 * A content-addressed cache of parsed notes, so that a later run parses only the files that
 * changed.
 *
 * An entry is the JSON of `readOrg`'s result (the Document and its diagnostics; the model is
 * plain JSON by design, see packages/core/schema/notes.schema.json). Its key is
 *
 *   sha256(CACHE_FORMAT, tool fingerprint, parser options, file text)
 *
 * where the fingerprint hashes the code that parses (the built @orgnotes/core and the patched
 * uniorg-parse) with the model's schema version, so a new parser never reads an old entry.
 * The file text is the file's bytes decoded as strict UTF-8, which maps one to one to the
 * bytes. Entries are written atomically and never updated in place, so concurrent runs can
 * share a directory; a corrupt or unreadable entry is a miss, and a failing write is ignored:
 * the cache can only make a run faster, never change its output. Delete the directory at any
 * time to reclaim the space.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMA_VERSION, type ReadOptions } from '@orgnotes/core';
import { writeAtomic, type FileContent } from './files.js';

/** Bump when the entry layout changes. */
export const CACHE_FORMAT = 1;

let fingerprint: string | undefined;
const codeHashes = new Map<string, string>();

/** Hash of the JavaScript files beside a module (a package's built `dist`): its code. */
export function codeFingerprint(moduleUrlOrFile: string): string {
  const dir = path.dirname(
    moduleUrlOrFile.startsWith('file:') ? fileURLToPath(moduleUrlOrFile) : moduleUrlOrFile,
  );
  let known = codeHashes.get(dir);
  if (known === undefined) {
    const hash = createHash('sha256');
    try {
      for (const name of readdirSync(dir).sort()) {
        if (name.endsWith('.js'))
          hash
            .update(name)
            .update('\0')
            .update(readFileSync(path.join(dir, name)))
            .update('\0');
      }
    } catch {
      hash.update(`unreadable ${dir}`);
    }
    known = hash.digest('hex').slice(0, 32);
    codeHashes.set(dir, known);
  }
  return known;
}

/**
 * Hash of everything that decides what `readOrg` returns: the built core, the uniorg-parse
 * it uses (patched, see patches/), and the schema version. Computed once per process.
 */
export function toolFingerprint(): string {
  if (fingerprint) return fingerprint;
  const coreEntry = fileURLToPath(import.meta.resolve('@orgnotes/core'));
  let parser: string;
  try {
    parser = codeFingerprint(createRequire(coreEntry).resolve('uniorg-parse/lib/parser.js'));
  } catch {
    parser = 'uniorg-parse: not found';
  }
  fingerprint = createHash('sha256')
    .update(`schema ${SCHEMA_VERSION}\0${codeFingerprint(coreEntry)}\0${parser}`)
    .digest('hex')
    .slice(0, 32);
  return fingerprint;
}

/** Where the parse cache goes when neither a package nor a configuration or output says. */
export interface CachePlace {
  /** Where the nearest package is looked for, upwards (default: the current directory). */
  start?: string;
  /** The directory of the configuration file, when there is one. */
  configDir?: string;
  /** The output directory, when there is one. */
  outDir?: string;
}

/**
 * The cache holds the text of every parsed note, which may be private: it stays inside the
 * project. `node_modules/.cache/orgnotes` of the nearest directory (from `start` up) with a
 * package.json (the convention of find-cache-dir that Babel, ESLint and others follow); else
 * `.orgnotes-cache` beside the configuration file, else beside the output directory; null
 * (no cache) when the output goes to standard output from outside any package, rather than
 * writing notes into a user-wide directory such as `~/.cache`.
 */
export function defaultCacheDir(place: CachePlace = {}): string | null {
  for (let dir = path.resolve(place.start ?? process.cwd()); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')))
      return path.join(dir, 'node_modules', '.cache', 'orgnotes');
    if (dir === path.dirname(dir)) break;
  }
  if (place.configDir !== undefined)
    return path.join(path.resolve(place.configDir), '.orgnotes-cache');
  if (place.outDir !== undefined)
    return path.join(path.dirname(path.resolve(place.outDir)), '.orgnotes-cache');
  return null;
}

/**
 * The key of a text read with `options`. `salt` names the parser: the tool's fingerprint for
 * keys that go to disk; a run without a cache only compares keys among themselves, and uses
 * a fixed word instead of hashing the parser's code.
 */
export function cacheKey(text: string, options: ReadOptions, salt: string): string {
  return createHash('sha256')
    .update(`orgnotes-cache ${CACHE_FORMAT}\0${salt}\0${JSON.stringify(options)}\0`)
    .update(text)
    .digest('hex');
}

export class ParseCache {
  constructor(
    readonly dir: string,
    readonly salt: string = toolFingerprint(),
  ) {}

  key(text: string, options: ReadOptions): string {
    return cacheKey(text, options, this.salt);
  }

  /** Where the entry of a key lives: two levels, like git's objects, to keep directories small. */
  file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key.slice(2)}.json`);
  }

  /** The entry's JSON text, or undefined on a miss. */
  async get(key: string): Promise<string | undefined> {
    try {
      // Synchronous: cheaper than the thread pool for the many small entries (see writeAtomic).
      return readFileSync(this.file(key), 'utf8');
    } catch {
      return undefined;
    }
  }

  async put(key: string, json: string): Promise<void> {
    await putEntry(this.file(key), json);
  }
}

/** Writes an entry atomically; failures are ignored (a read-only cache only costs time). */
export async function putEntry(file: string, content: FileContent): Promise<void> {
  await writeAtomic(file, content).catch(() => undefined);
}
