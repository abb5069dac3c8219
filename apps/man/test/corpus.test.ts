/**
 * Every file of the shared corpus of real notes becomes man pages that pass all four
 * validators without a single message, with and without --split-level.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { buildNoteSet, type NoteSet } from '@orgnotes/core';
import { corpusDir, corpusFiles, describeCorpus } from '@orgnotes/vitest-config/corpus';
import { createConverter } from '../src/index.js';
import { lintPages, missingLinters, type PageToLint } from './oracle.js';

const converter = createConverter({ dateSources: { sourceDateEpoch: () => '0', gitDate: () => null, mtime: () => null } });

function convertAll(notes: NoteSet, splitLevel: string | undefined): { pages: PageToLint[]; thrown: string[] } {
  const pages: PageToLint[] = [];
  const thrown: string[] = [];
  for (const document of notes.documents) {
    try {
      const files = converter.convert(document, {
        notes,
        options: { 'split-level': splitLevel },
        outputPath: document.path!.replace(/\.org$/, '.7'),
        outputPathOf: (d) => d.path!.replace(/\.org$/, '.7'),
        report: () => {},
      });
      for (const file of files) pages.push({ name: file.path, content: String(file.content) });
    } catch (error) {
      thrown.push(`${document.path}: ${(error as Error).stack}`);
    }
  }
  return { pages, thrown };
}

describeCorpus('org2man on the shared corpus', () => {
  let notes: NoteSet;
  beforeAll(() => {
    // Read once, as one set of notes, so that links between files resolve.
    const files = corpusFiles();
    notes = buildNoteSet(
      files.map((file) => ({ path: file.slice(corpusDir!.length + 1), text: readFileSync(file, 'utf8'), absolutePath: file })),
      { root: corpusDir! },
    );
  });

  it('converts every file without throwing, one page per file', () => {
    const { pages, thrown } = convertAll(notes, undefined);
    expect(thrown).toEqual([]);
    expect(pages).toHaveLength(notes.documents.length);
    expect(notes.documents.length).toBeGreaterThan(300);
  });

  it.skipIf(missingLinters.length > 0)(`every page passes mandoc, groff, man and lexgrog silently${missingLinters.length ? ` (skipped: ${missingLinters.join(', ')} not installed)` : ''}`, async () => {
    const { pages } = convertAll(notes, undefined);
    const messages = await lintPages(pages);
    const failures = [...messages].filter(([, m]) => m.length > 0).map(([name, m]) => `${name}:\n  ${m.join('\n  ')}`);
    expect(failures).toEqual([]);
  });

  it.skipIf(missingLinters.length > 0)('split pages (--split-level 1, the first 300) pass the four validators too', async () => {
    const { pages, thrown } = convertAll(notes, '1');
    expect(thrown).toEqual([]);
    expect(pages.length).toBeGreaterThan(notes.documents.length);
    const split = pages.filter((p) => /-[^/]*\.\w+$/.test(p.name));
    const messages = await lintPages(split.slice(0, 300));
    const failures = [...messages].filter(([, m]) => m.length > 0).map(([name, m]) => `${name}:\n  ${m.join('\n  ')}`);
    expect(failures).toEqual([]);
  });
});
