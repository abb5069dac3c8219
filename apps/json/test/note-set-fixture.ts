/** A fixture folder of notes (test/fixtures/<name>/input) read as one set, converted as org2json does. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNoteSet } from '@orgnotes/core';
import { org2json } from '../src/index.js';

export function noteSetFixture(name: string) {
  const root = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', name, 'input');
  const sources = readdirSync(root)
    .sort()
    .map((file) => ({ path: file, text: readFileSync(path.join(root, file), 'utf8') }));
  const notes = buildNoteSet(sources, { root, fileExists: () => true });
  /** The JSON org2json writes for the note at `file`. */
  const exported = (file: string, options: Record<string, boolean> = {}): string => {
    const document = notes.documents.find((d) => d.path === file)!;
    const files = org2json.convert(document, {
      notes,
      options,
      outputPath: file.replace(/\.org$/, '.json'),
      outputPathOf: (d) => d.path!.replace(/\.org$/, '.json'),
      report: () => {},
    });
    return String(files[0]!.content);
  };
  return { root, sources, notes, exported };
}
