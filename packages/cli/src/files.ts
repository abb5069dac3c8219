import {
  closeSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeFileSync,
  writevSync,
} from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';

/** A file's content: a text (written as UTF-8), bytes, or bytes in pieces written one after another. */
export type FileContent = string | Uint8Array | readonly Uint8Array[];

/** Temporary names unique in this thread of this process; the rename makes the file appear whole. */
let temporaryCount = 0;

/**
 * Writes a file atomically: a temporary file beside it, then a rename, so that readers
 * never see half a file and a failure leaves the old file (or nothing) in place.
 *
 * The calls are synchronous: an export writes thousands of small files, and each async call
 * goes through libuv's thread pool and a promise, which on one core costs several times the
 * CPU of the same synchronous call (docs/benchmarks.md, "Figures behind the code's constants").
 */
export async function writeAtomic(file: string, content: FileContent): Promise<void> {
  const temporary = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}-${threadId}-${temporaryCount++}.tmp`,
  );
  try {
    writeCreatingDirectory(temporary, content);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Writes a file, making its directory only when it is missing: most writes go to a directory
 * that exists, and on slow file systems a mkdir per file costs more than the write.
 */
function writeCreatingDirectory(file: string, content: FileContent): void {
  try {
    writeContent(file, content);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(path.dirname(file), { recursive: true });
    writeContent(file, content);
  }
}

/** Pieces go in one gathered write, not joined first: a copy of the whole, for nothing. */
function writeContent(file: string, content: FileContent): void {
  if (typeof content === 'string' || content instanceof Uint8Array) {
    writeFileSync(file, content);
    return;
  }
  const descriptor = openSync(file, 'w');
  try {
    writevSync(descriptor, content as Uint8Array[]);
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Absolute output directories, normalized: a run asks for the location of every output it
 * writes or keeps. (A relative one depends on the working directory: resolved each time.)
 */
const resolvedRoots = new Map<string, string>();

/** Resolves an output path under `outDir`, refusing anything that would land outside it. */
export function outputLocation(outDir: string, relative: string): string | undefined {
  let root = resolvedRoots.get(outDir);
  if (root === undefined) {
    root = path.resolve(outDir);
    if (path.isAbsolute(outDir)) resolvedRoots.set(outDir, root);
  }
  const target = path.resolve(root, relative);
  return target === root || !target.startsWith(root + path.sep) ? undefined : target;
}

export function replaceExtension(file: string, extension: string): string {
  const parsed = path.posix.parse(file);
  return path.posix.join(parsed.dir, parsed.name + extension);
}

/** When this thread last let its event loop turn (see {@link letTheLoopTurn}). */
let lastTurn = performance.now();

/**
 * Lets the event loop turn once when more than `everyMs` passed since it last did. A run on
 * one thread parses, converts and writes synchronously (see writeAtomic), so without this its
 * loop would never turn, and V8, which starts incremental marking from a task on that loop,
 * would collect only when the heap hits its hard limit, and a large run's peak grows by
 * half (docs/benchmarks.md). A turn costs some microseconds; one every 20 ms is free.
 */
export async function letTheLoopTurn(everyMs = 20): Promise<void> {
  if (performance.now() - lastTurn < everyMs) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  lastTurn = performance.now();
}
