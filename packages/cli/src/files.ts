import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a file atomically: a temporary file beside it, then a rename, so that readers
 * never see half a file and a failure leaves the old file (or nothing) in place.
 */
export async function writeAtomic(file: string, content: string | Uint8Array): Promise<void> {
  const temporary = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    await writeCreatingDirectory(temporary, content);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Writes a file, making its directory only when it is missing: most writes go to a directory
 * that exists, and on slow file systems a mkdir per file costs more than the write.
 */
async function writeCreatingDirectory(file: string, content: string | Uint8Array): Promise<void> {
  try {
    await writeFile(file, content);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}

/** Resolves an output path under `outDir`, refusing anything that would land outside it. */
export function outputLocation(outDir: string, relative: string): string | undefined {
  const root = path.resolve(outDir);
  const target = path.resolve(root, relative);
  return target === root || !target.startsWith(root + path.sep) ? undefined : target;
}

export function replaceExtension(file: string, extension: string): string {
  const parsed = path.posix.parse(file);
  return path.posix.join(parsed.dir, parsed.name + extension);
}
