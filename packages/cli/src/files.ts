import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a file atomically: a temporary file beside it, then a rename, so that readers
 * never see half a file and a failure leaves the old file (or nothing) in place.
 */
export async function writeAtomic(file: string, content: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, content);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
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
