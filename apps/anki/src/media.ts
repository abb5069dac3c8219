/**
 * Pictures linked from cards: Anki keeps media in one flat folder per collection
 * (Anki manual, "Importing > Text files": `<img src="name.png">` names a file there, no
 * subfolders), so `images/docker_arch.png` is copied as `media/images_docker_arch.png`.
 */
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { NoteSet } from '@orgnotes/core';
import type { OutputFile } from '@orgnotes/cli';

/** Extensions Org displays inline (SPEC: org-html-inline-image-rules) and Anki shows with <img>. */
export const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'bmp', 'tif', 'tiff', 'avif', 'apng', 'ico']);

export function isImagePath(p: string): boolean {
  const m = /\.([A-Za-z0-9]+)$/.exec(p);
  return m !== null && IMAGE_EXTENSIONS.has(m[1]!.toLowerCase());
}

/** Flat names claimed in a note set, so that two files never share a name across documents. */
const claimed = new WeakMap<NoteSet, Map<string, string>>();

/**
 * The flat media name of a file at `relative` (a path under the notes root, forward slashes):
 * its folders joined with `_`; when another file already holds that name (`a_b/c.png` and
 * `a/b_c.png`), an 8-hex-digit hash of the path goes in front, which is unique and stable.
 */
export function flatMediaName(notes: NoteSet, relative: string): string {
  let names = claimed.get(notes);
  if (!names) claimed.set(notes, (names = new Map()));
  const plain = relative
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('_')
    .replace(/[\\:*?"<>|\s]/g, '_');
  const owner = names.get(plain);
  if (owner === undefined || owner === relative) {
    names.set(plain, relative);
    return plain;
  }
  const hashed = `${createHash('sha256').update(relative).digest('hex').slice(0, 8)}_${plain}`;
  names.set(hashed, relative);
  return hashed;
}

/** The media files one document's cards use, in first-use order. */
export class MediaFiles {
  private readonly files = new Map<string, OutputFile>();

  constructor(
    private readonly notes: NoteSet,
    private readonly directory: string,
  ) {}

  /** Copies a file inside the notes root; returns its flat name, or an error message. */
  add(relative: string, absolutePath: string): { name: string } | { error: string } {
    const name = flatMediaName(this.notes, relative);
    const outPath = `${this.directory}/${name}`;
    if (!this.files.has(outPath)) {
      // The link's path is inside the root, but a symbolic link on the way may lead out of it
      // (`img.png -> /etc/passwd`): only a file whose real path is inside the real root is copied.
      if (!insideRealRoot(this.notes.root, absolutePath)) return { error: `${relative} leads outside the notes' root (a symbolic link); it is not copied` };
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(absolutePath);
      } catch (error) {
        return { error: `cannot read ${relative}: ${(error as Error).message}` };
      }
      this.files.set(outPath, { path: outPath, content: bytes });
    }
    return { name };
  }

  list(): OutputFile[] {
    return [...this.files.values()];
  }
}

function insideRealRoot(root: string, file: string): boolean {
  try {
    const realRoot = realpathSync(root);
    const real = realpathSync(file);
    return real.startsWith(realRoot + path.sep);
  } catch {
    // A file that cannot be resolved cannot be read either; reading reports why.
    return true;
  }
}
