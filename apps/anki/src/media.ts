/**
 * Pictures linked from cards: Anki keeps media in one flat folder per collection
 * (Anki manual, "Importing > Text files": `<img src="name.png">` names a file there, no
 * subfolders), so `images/docker_arch.png` is copied as `media/images_docker_arch.png`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { insideRealRoot, type LinkResolver } from '@orgnotes/core';
import type { OutputFile } from '@orgnotes/cli';

/** Per note set: flat name -> the linked file that keeps it plain. */
const owners = new WeakMap<Pick<LinkResolver, 'linkedFiles'>, Map<string, string>>();

function plainMediaName(relative: string): string {
  return relative
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('_')
    .replace(/[\\:*?"<>|\s]/g, '_');
}

/**
 * The flat media name of a file at `relative` (a path under the notes root, forward slashes):
 * its folders joined with `_`. When several files of the set flatten to the same name
 * (`a_b/c.png` and `a/b_c.png`), the first of them in path order keeps it and the others get
 * an 8-hex-digit hash of their path in front: unique, stable, and the same whichever
 * documents a run converts.
 */
export function flatMediaName(notes: Pick<LinkResolver, 'linkedFiles'>, relative: string): string {
  const plain = plainMediaName(relative);
  const owner = ownersOf(notes).get(plain);
  if (owner === undefined || owner === relative) return plain;
  return `${createHash('sha256').update(relative).digest('hex').slice(0, 8)}_${plain}`;
}

function ownersOf(notes: Pick<LinkResolver, 'linkedFiles'>): Map<string, string> {
  let table = owners.get(notes);
  if (!table) {
    table = new Map();
    for (const file of notes.linkedFiles()) {
      const plain = plainMediaName(file);
      if (!table.has(plain)) table.set(plain, file);
    }
    owners.set(notes, table);
  }
  return table;
}

/** What a document's media names depend on beyond its own links: which file keeps each flat name it uses. */
export function mediaNameOwners(
  notes: Pick<LinkResolver, 'linkedFiles'>,
  relatives: string[],
): string {
  const table = ownersOf(notes);
  return relatives.map((relative) => table.get(plainMediaName(relative)) ?? '').join('\0');
}

/** The media files one document's cards use, in first-use order. */
export class MediaFiles {
  private readonly files = new Map<string, OutputFile>();

  constructor(
    private readonly notes: LinkResolver,
    private readonly directory: string,
  ) {}

  /** Copies a file inside the notes root; returns its flat name, or an error message. */
  add(relative: string, absolutePath: string): { name: string } | { error: string } {
    const name = flatMediaName(this.notes, relative);
    const outPath = `${this.directory}/${name}`;
    if (!this.files.has(outPath)) {
      // The link's path is inside the root, but a symbolic link on the way may lead out of it
      // (`img.png -> /etc/passwd`): only a file whose real path is inside the real root is copied.
      if (!insideRealRoot(this.notes.root, absolutePath))
        return {
          error: `${relative} leads outside the notes' root (a symbolic link); it is not copied`,
        };
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(absolutePath);
      } catch (error) {
        return { error: `cannot read ${relative}: ${(error as Error).message}` };
      }
      // Each note linking the picture copies it under this one name, with the same bytes.
      this.files.set(outPath, { path: outPath, content: bytes, shared: true });
    }
    return { name };
  }

  list(): OutputFile[] {
    return [...this.files.values()];
  }
}
