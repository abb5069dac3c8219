/**
 * The large hostile inputs, generated at test time (megabytes are not committed): the
 * generators are shared with `pnpm bench --complexity` (../src/shapes.js); the trees here are
 * written to disk for the commands.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export { GENERATORS, SHAPES, sourceBytes } from '../src/shapes.js';

/** Writes generated files under `dir`. */
export function writeTree(dir: string, files: { path: string; text: string }[]): void {
  for (const file of files) {
    const target = path.join(dir, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.text);
  }
}

/** A directory holding a note and two symbolic links that lead back into it. */
export function writeSymlinkLoop(dir: string): void {
  writeTree(dir, [{ path: 'sub/note.org', text: '* Note\nInside a loop.\n' }]);
  symlinkSync('..', path.join(dir, 'sub/up'));
  symlinkSync('../sub', path.join(dir, 'sub/self'));
}
