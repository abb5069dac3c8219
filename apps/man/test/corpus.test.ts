/**
 * Every file of the shared corpus of real notes becomes man pages that pass all four
 * validators without a single message, with and without --split-level, and the converter
 * warns exactly where test/corpus/expected-warnings.txt says (a new warning, or one gone, is
 * a change to look at, not noise).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { buildNoteSet, formatDiagnostic, type NoteSet } from '@orgnotes/core';
import {
  corpusDir,
  corpusFiles,
  describeCorpus,
  describeNeeding,
  expectedCorpusFiles,
} from '@orgnotes/vitest-config/corpus';
import { createConverter } from '../src/index.js';
import { lintPages, missingLinters, type PageToLint } from './oracle.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const converter = createConverter({
  dateSources: { sourceDateEpoch: () => '0', gitDate: () => null, mtime: () => null },
});

/**
 * The split pages are too many to lint all on every run (2,118 from 318 files, four
 * validators each), so a sample is linted: one section page of every file that splits, then
 * others up to SPLIT_SAMPLE_SIZE, each chosen by a hash of SPLIT_SAMPLE_SEED and the page's
 * name. The seed is fixed so that a failure is reproducible; change it to lint other pages.
 */
const SPLIT_SAMPLE_SEED = 'org2man-corpus-1';
const SPLIT_SAMPLE_SIZE = 400;
/**
 * The pages are linted in this many parts, each a test of its own, so that one test takes tens
 * of seconds even on a loaded machine, far from the test timeout.
 */
const LINT_PARTS = 8;
const parts = Array.from({ length: LINT_PARTS }, (_, i) => i + 1);
const part = <T>(items: T[], n: number) => items.filter((_, i) => i % LINT_PARTS === n - 1);

interface Converted {
  pages: PageToLint[];
  /** The pages of each document, in the order the converter gave them (the first is the document's own). */
  byDocument: Map<string, PageToLint[]>;
  thrown: string[];
  /** The converter's own warnings, as `path:line:col: severity: message (rule)` lines. */
  warnings: string[];
}

function convertAll(notes: NoteSet, splitLevel: string | undefined): Converted {
  const converted: Converted = { pages: [], byDocument: new Map(), thrown: [], warnings: [] };
  for (const document of notes.documents) {
    const documentPath = document.path!;
    try {
      const files = converter.convert(document, {
        notes,
        options: { 'split-level': splitLevel },
        outputPath: documentPath.replace(/\.org$/, '.7'),
        outputPathOf: (d) => d.path!.replace(/\.org$/, '.7'),
        report: (severity, rule, message, loc) =>
          converted.warnings.push(
            formatDiagnostic({
              severity,
              rule,
              message,
              path: documentPath,
              line: loc?.line ?? 1,
              column: loc?.column ?? 1,
            }),
          ),
      });
      const pages = files.map((file) => ({ name: file.path, content: String(file.content) }));
      converted.pages.push(...pages);
      converted.byDocument.set(documentPath, pages);
    } catch (error) {
      converted.thrown.push(`${documentPath}: ${(error as Error).stack}`);
    }
  }
  return converted;
}

const rank = (name: string) =>
  createHash('sha256').update(`${SPLIT_SAMPLE_SEED}\0${name}`).digest('hex');
const bySeededRank = (a: PageToLint, b: PageToLint) =>
  rank(a.name) < rank(b.name) ? -1 : rank(a.name) > rank(b.name) ? 1 : 0;

/** One section page (not the document's own page) of every document that splits, then others in seeded order. */
function sampleSplitPages(byDocument: Map<string, PageToLint[]>): PageToLint[] {
  const chosen: PageToLint[] = [];
  const rest: PageToLint[] = [];
  for (const pages of byDocument.values()) {
    const sections = pages.slice(1).sort(bySeededRank);
    if (sections.length > 0) chosen.push(sections[0]!);
    rest.push(...sections.slice(1));
  }
  return [
    ...chosen,
    ...rest.sort(bySeededRank).slice(0, Math.max(0, SPLIT_SAMPLE_SIZE - chosen.length)),
  ];
}

const failuresOf = (messages: Map<string, string[]>) =>
  [...messages].filter(([, m]) => m.length > 0).map(([name, m]) => `${name}:\n  ${m.join('\n  ')}`);

describeCorpus('org2man on the shared corpus', () => {
  let notes: NoteSet;
  let whole: Converted;
  let split: Converted;
  beforeAll(() => {
    // Read once, as one set of notes, so that links between files resolve.
    const files = corpusFiles();
    notes = buildNoteSet(
      files.map((file) => ({
        path: file.slice(corpusDir!.length + 1),
        text: readFileSync(file, 'utf8'),
        absolutePath: file,
      })),
      { root: corpusDir! },
    );
    whole = convertAll(notes, undefined);
    split = convertAll(notes, '1');
  });

  it('converts every file without throwing, one page per file', () => {
    expect(notes.documents).toHaveLength(expectedCorpusFiles());
    expect(whole.thrown).toEqual([]);
    expect(whole.pages).toHaveLength(expectedCorpusFiles());
  });

  it('with --split-level 1, converts every file without throwing, into more pages', () => {
    expect(split.thrown).toEqual([]);
    expect(split.byDocument.size).toBe(expectedCorpusFiles());
    expect(split.pages.length).toBeGreaterThan(2 * expectedCorpusFiles());
  });

  it('warns exactly where test/corpus/expected-warnings.txt says, with and without --split-level', async () => {
    const text = [
      '# org2man on the shared corpus',
      ...whole.warnings,
      '',
      '# org2man --split-level 1 on the shared corpus',
      ...split.warnings,
      '',
    ].join('\n');
    await expect(text).toMatchFileSnapshot(path.join(here, 'corpus', 'expected-warnings.txt'));
  });

  it('samples split pages from every file that splits', () => {
    const sample = sampleSplitPages(split.byDocument);
    const splitting = [...split.byDocument.values()].filter((pages) => pages.length > 1);
    expect(splitting.length).toBeGreaterThan(expectedCorpusFiles() / 2);
    for (const pages of splitting) expect(sample.some((page) => pages.includes(page))).toBe(true);
    expect(sample.length).toBe(SPLIT_SAMPLE_SIZE);
    expect(new Set(sample.map((page) => page.name)).size).toBe(sample.length);
  });

  describeNeeding(missingLinters, 'the man-page validators (mandoc, groff, man, lexgrog)', () => {
    it.each(parts)(
      `every page passes mandoc, groff, man and lexgrog silently (part %i of ${LINT_PARTS})`,
      async (n) => {
        expect(failuresOf(await lintPages(part(whole.pages, n)))).toEqual([]);
      },
    );

    it.each(parts)(
      `a seeded sample of ${SPLIT_SAMPLE_SIZE} split pages (--split-level 1), one of every file that splits, passes the four validators too (part %i of ${LINT_PARTS})`,
      async (n) => {
        expect(failuresOf(await lintPages(part(sampleSplitPages(split.byDocument), n)))).toEqual(
          [],
        );
      },
    );
  });
});
