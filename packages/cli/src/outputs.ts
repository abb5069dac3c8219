/**
 * Bringing an output directory up to date, or checking that it is (`--check`).
 *
 * - A file is written only when its bytes change, atomically; an unchanged output keeps its
 *   modification time, so tools downstream (make, rsync, a static site) see no change.
 * - An output directory holds `.orgnotes-manifest.json`, the sorted list of the files the
 *   runs wrote there (always with `orgnotes export`; with a single converter once it has been
 *   run with `--clean`). With `--clean`, a listed file that this run does not produce (its
 *   source was deleted or renamed) is removed; nothing else is ever removed, and nothing
 *   outside the output directory, so files of your own beside the outputs are safe.
 */
import { existsSync } from 'node:fs';
import { readFile, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '@orgnotes/core';
import { outputLocation, writeAtomic } from './files.js';
import type { OutputFile } from './index.js';
import type { StaleOutput } from './reporters.js';

export const MANIFEST = '.orgnotes-manifest.json';

export interface PlannedFile extends OutputFile {
  /** The input it came from, relative to the inputs' root (for diagnostics). */
  source: string;
}

export interface SyncOptions {
  check: boolean;
  clean: boolean;
  /** Absolute paths of the inputs: never overwritten or removed. */
  inputFiles: Set<string>;
  /** Converter name recorded in the manifest. */
  generator: string;
  /**
   * Keep the manifest even without --clean. `orgnotes export` does (it owns its output
   * directories); a single converter writes one only with --clean, or once one exists.
   */
  manifest?: boolean;
}

export interface SyncResult {
  written: string[];
  unchanged: number;
  removed: string[];
  stale: StaleOutput[];
  diagnostics: Diagnostic[];
}

const shown = (absolute: string) => path.relative(process.cwd(), absolute) || '.';

async function readBytes(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch {
    return undefined;
  }
}

function toBytes(content: string | Uint8Array): Buffer {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
}

/** Paths listed in a directory's manifest (empty when there is none or it is damaged). */
export async function readManifest(outDir: string): Promise<string[]> {
  const bytes = await readBytes(path.join(outDir, MANIFEST));
  if (!bytes) return [];
  try {
    const value = JSON.parse(bytes.toString('utf8')) as { files?: unknown };
    return Array.isArray(value.files) ? value.files.filter((f): f is string => typeof f === 'string') : [];
  } catch {
    return [];
  }
}

export function manifestText(generator: string, files: string[]): string {
  return JSON.stringify({ generator, files: [...files].sort() }, null, 2) + '\n';
}

export async function syncOutputs(outDir: string, files: PlannedFile[], options: SyncOptions): Promise<SyncResult> {
  const result: SyncResult = { written: [], unchanged: 0, removed: [], stale: [], diagnostics: [] };
  const fail = (file: PlannedFile, rule: string, message: string) => result.diagnostics.push({ severity: 'error', rule, message, path: file.source, line: 1, column: 1 });
  const planned = new Map<string, PlannedFile>();
  for (const file of files) {
    const target = outputLocation(outDir, file.path);
    if (!target || file.path === MANIFEST) {
      fail(file, 'output-outside', `refusing to write ${file.path}: it would land outside ${outDir}`);
      continue;
    }
    if (options.inputFiles.has(target)) {
      fail(file, 'output-is-input', `refusing to overwrite the input ${shown(target)}`);
      continue;
    }
    const earlier = planned.get(target);
    if (earlier) {
      fail(file, 'output-collision', `${shown(target)} is also the output of ${earlier.source}; rename one of them`);
      continue;
    }
    planned.set(target, file);
  }
  // What this run leaves in place (written or already right): what the manifest lists.
  const present = new Set<string>();
  for (const [target, file] of planned) {
    const wanted = toBytes(file.content);
    const current = await readBytes(target);
    if (current && current.equals(wanted)) {
      result.unchanged++;
      present.add(path.posix.normalize(file.path));
      continue;
    }
    if (options.check) {
      result.stale.push({ path: shown(target), reason: current ? 'changed' : 'missing' });
      continue;
    }
    try {
      await writeAtomic(target, wanted);
      result.written.push(shown(target));
      present.add(path.posix.normalize(file.path));
    } catch (error) {
      fail(file, 'write-failed', `cannot write ${shown(target)}: ${(error as Error).message}`);
    }
  }
  const root = path.resolve(outDir);
  const produced = new Set([...planned.values()].map((f) => path.posix.normalize(f.path)));
  const previous = await readManifest(outDir);
  if (options.clean) {
    for (const listed of previous) {
      const target = outputLocation(outDir, listed);
      if (!target || produced.has(path.posix.normalize(listed)) || options.inputFiles.has(target) || listed === MANIFEST) continue;
      if (!(await readBytes(target))) continue;
      if (options.check) {
        result.stale.push({ path: shown(target), reason: 'orphan' });
        continue;
      }
      await rm(target, { force: true });
      result.removed.push(shown(target));
      // Directories left empty go too, up to (not including) the output directory.
      for (let dir = path.dirname(target); dir !== root && dir.startsWith(root + path.sep); dir = path.dirname(dir)) {
        try {
          await rmdir(dir);
        } catch {
          break;
        }
      }
    }
  }
  // Files from earlier runs that were not cleaned stay listed, so a later --clean still finds them.
  const listed = [...new Set([...present, ...(options.clean ? [] : previous.filter((p) => !produced.has(p)))])];
  const keep = options.manifest || options.clean || existsSync(path.join(root, MANIFEST));
  if (!options.check && keep && (listed.length > 0 || previous.length > 0)) {
    const text = manifestText(options.generator, listed);
    const manifest = path.join(root, MANIFEST);
    if (!(await readBytes(manifest))?.equals(Buffer.from(text))) {
      await writeAtomic(manifest, text).catch((error: unknown) =>
        result.diagnostics.push({ severity: 'warning', rule: 'write-failed', message: `cannot write ${shown(manifest)}: ${(error as Error).message}`, path: shown(manifest), line: 1, column: 1 }),
      );
    }
  }
  result.stale.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return result;
}
