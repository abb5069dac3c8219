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
import { existsSync, readFileSync, statSync } from 'node:fs';
import { rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { compareText, type Diagnostic } from '@orgnotes/core';
import { outputLocation, writeAtomic } from './files.js';
import type { OutputFile } from './converter.js';
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

/** A file's bytes, or undefined; synchronous, as an export's file calls are (see writeAtomic). */
function readBytes(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function toBytes(content: string | Uint8Array): Buffer {
  return typeof content === 'string'
    ? Buffer.from(content, 'utf8')
    : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
}

/** Paths listed in a directory's manifest (empty when there is none or it is damaged). */
export async function readManifest(outDir: string): Promise<string[]> {
  const bytes = readBytes(path.join(outDir, MANIFEST));
  if (!bytes) return [];
  try {
    const value = JSON.parse(bytes.toString('utf8')) as { files?: unknown };
    return Array.isArray(value.files)
      ? value.files.filter((f): f is string => typeof f === 'string')
      : [];
  } catch {
    return [];
  }
}

export function manifestText(generator: string, files: string[]): string {
  return JSON.stringify({ generator, files: [...files].sort() }, null, 2) + '\n';
}

/** Where a file this run produced or kept stands: what a later run checks before reusing it. */
export interface OutputStamp {
  path: string;
  size: number;
  mtimeMs: number;
  /** A file several documents make (OutputFile.shared). */
  shared?: boolean;
}

/**
 * One output directory brought up to date file by file, as documents are converted, so
 * that outputs never pile up in memory; `finish` then cleans and writes the manifest.
 */
export class OutputDirectory {
  readonly result: SyncResult = {
    written: [],
    unchanged: 0,
    removed: [],
    stale: [],
    diagnostics: [],
  };
  private readonly planned = new Map<string, string>();
  /**
   * Paths planning refused (several notes claim them, engine.ts `claimSetFiles`): no one
   * writes them, and whatever an earlier run left there stays, listed, even with --clean.
   */
  private readonly held = new Set<string>();
  /** Shared files (OutputFile.shared) claimed so far: what their first claimant made of them. */
  private readonly shared = new Map<string, Promise<OutputStamp | undefined>>();
  /** What this run leaves in place (written, already right, or reused): what the manifest lists. */
  private readonly present = new Set<string>();
  private readonly root: string;

  constructor(
    readonly outDir: string,
    private readonly options: SyncOptions,
  ) {
    this.root = path.resolve(outDir);
  }

  private fail(source: string, rule: string, message: string) {
    this.result.diagnostics.push({
      severity: 'error',
      rule,
      message,
      path: source,
      line: 1,
      column: 1,
    });
  }

  /** The target of a file, or undefined (with an error) when it may not be written. */
  private claim(relative: string, source: string): string | undefined {
    const target = outputLocation(this.outDir, relative);
    if (!target || relative === MANIFEST) {
      this.fail(
        source,
        'output-outside',
        `refusing to write ${relative}: it would land outside ${this.outDir}`,
      );
      return undefined;
    }
    if (this.options.inputFiles.has(target)) {
      this.fail(source, 'output-is-input', `refusing to overwrite the input ${shown(target)}`);
      return undefined;
    }
    if (this.held.has(target)) {
      this.fail(
        source,
        'output-collision',
        `${shown(target)} is the output of several notes (reported at each): not written`,
      );
      return undefined;
    }
    const earlier = this.planned.get(target);
    if (earlier !== undefined) {
      this.fail(
        source,
        'output-collision',
        `${shown(target)} is also the output of ${earlier}; rename one of them`,
      );
      return undefined;
    }
    this.planned.set(target, source);
    return target;
  }

  /** Keeps a path that several files claim from being written, removed or forgotten (see `held`). */
  hold(relative: string): void {
    const target = outputLocation(this.outDir, relative);
    if (target) this.held.add(target);
  }

  /** Writes (or checks) one produced file; its stamp, or undefined when it is not in place. */
  add(file: PlannedFile): Promise<OutputStamp | undefined> {
    if (file.shared) {
      const target = outputLocation(this.outDir, file.path);
      const first = target && this.shared.get(target);
      if (first) return first;
      const made = this.write(file).then((stamp) => stamp && { ...stamp, shared: true });
      if (target) this.shared.set(target, made);
      return made;
    }
    return this.write(file);
  }

  private async write(file: PlannedFile): Promise<OutputStamp | undefined> {
    const target = this.claim(file.path, file.source);
    if (!target) return undefined;
    const wanted = toBytes(file.content);
    // Read the file only when it could be equal: a missing file or another size is a change.
    const existing = statSync(target, { throwIfNoEntry: false });
    const current =
      existing?.isFile() && existing.size === wanted.length ? readBytes(target) : undefined;
    const unchanged = current !== undefined && current.equals(wanted);
    if (unchanged) {
      this.result.unchanged++;
    } else if (this.options.check) {
      this.result.stale.push({ path: shown(target), reason: existing ? 'changed' : 'missing' });
      return undefined;
    } else {
      try {
        await writeAtomic(target, wanted);
        this.result.written.push(shown(target));
      } catch (error) {
        this.fail(
          file.source,
          'write-failed',
          `cannot write ${shown(target)}: ${(error as Error).message}`,
        );
        return undefined;
      }
    }
    this.present.add(path.posix.normalize(file.path));
    // An unchanged file keeps the stamp just read; a written one has a new one.
    const stamp = unchanged ? existing : statSync(target, { throwIfNoEntry: false });
    return stamp ? { path: file.path, size: stamp.size, mtimeMs: stamp.mtimeMs } : undefined;
  }

  /** Whether an earlier run's file is still exactly as that run left it (then it need not be produced again). */
  static intact(outDir: string, stamp: OutputStamp): boolean {
    const target = outputLocation(outDir, stamp.path);
    if (!target) return false;
    const stat = statSync(target, { throwIfNoEntry: false });
    return (
      stat !== undefined &&
      stat.isFile() &&
      stat.size === stamp.size &&
      stat.mtimeMs === stamp.mtimeMs
    );
  }

  /** Keeps an earlier run's file, checked with `intact`, as if this run had produced it unchanged. */
  keep(stamp: OutputStamp, source: string): boolean {
    if (stamp.shared) {
      const target = outputLocation(this.outDir, stamp.path);
      if (target && this.shared.has(target)) return true;
      if (target) this.shared.set(target, Promise.resolve(stamp));
    }
    if (!this.claim(stamp.path, source)) return false;
    this.result.unchanged++;
    this.present.add(path.posix.normalize(stamp.path));
    return true;
  }

  /** Removes orphans (with --clean) and writes the manifest. */
  async finish(): Promise<SyncResult> {
    const { options, result, root, outDir } = this;
    const produced = new Set(
      [...this.planned.keys(), ...this.held].map((target) =>
        path.relative(root, target).split(path.sep).join('/'),
      ),
    );
    const previous = await readManifest(outDir);
    if (options.clean) {
      for (const listed of previous) {
        const target = outputLocation(outDir, listed);
        if (
          !target ||
          produced.has(path.posix.normalize(listed)) ||
          options.inputFiles.has(target) ||
          listed === MANIFEST
        )
          continue;
        if (!readBytes(target)) continue;
        if (options.check) {
          result.stale.push({ path: shown(target), reason: 'orphan' });
          continue;
        }
        await rm(target, { force: true });
        result.removed.push(shown(target));
        // Directories left empty go too, up to (not including) the output directory.
        for (
          let dir = path.dirname(target);
          dir !== root && dir.startsWith(root + path.sep);
          dir = path.dirname(dir)
        ) {
          try {
            await rmdir(dir);
          } catch {
            break;
          }
        }
      }
    }
    // Files from earlier runs that were not cleaned stay listed, so a later --clean still finds them.
    const heldListed = previous.filter((p) => {
      const target = outputLocation(outDir, p);
      return target !== undefined && this.held.has(target);
    });
    const listed = [
      ...new Set([
        ...this.present,
        ...heldListed,
        ...(options.clean ? [] : previous.filter((p) => !produced.has(p))),
      ]),
    ];
    const keep = options.manifest || options.clean || existsSync(path.join(root, MANIFEST));
    if (!options.check && keep && (listed.length > 0 || previous.length > 0)) {
      const text = manifestText(options.generator, listed);
      const manifest = path.join(root, MANIFEST);
      if (!readBytes(manifest)?.equals(Buffer.from(text))) {
        await writeAtomic(manifest, text).catch((error: unknown) =>
          result.diagnostics.push({
            severity: 'warning',
            rule: 'write-failed',
            message: `cannot write ${shown(manifest)}: ${(error as Error).message}`,
            path: shown(manifest),
            line: 1,
            column: 1,
          }),
        );
      }
    }
    // Writes run concurrently: list them in a fixed order.
    result.written.sort(compareText);
    result.removed.sort(compareText);
    result.stale.sort((a, b) => compareText(a.path, b.path));
    return result;
  }
}

export async function syncOutputs(
  outDir: string,
  files: PlannedFile[],
  options: SyncOptions,
): Promise<SyncResult> {
  const directory = new OutputDirectory(outDir, options);
  for (const file of files) await directory.add(file);
  return directory.finish();
}
