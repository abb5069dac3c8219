/**
 * One set of export rules for every published format (Markdown, man, Anki): the formats agree
 * on what they export because each asks core's exportedTree. These checks look at what each
 * writer really walked and wrote, so a writer that decided on its own would fail them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildNoteSet,
  exportedTree,
  isFileExported,
  plainText,
  type Document,
  type Heading,
  type NoteSet,
} from '@orgnotes/core';
import type { ConvertContext } from '@orgnotes/cli';
import { convertToAnki } from '@orgnotes/anki';
import { manPages } from '@orgnotes/man';
import { converter as markdownConverter, toMdast } from '@orgnotes/markdown';
import { corpusDir, corpusFiles, describeCorpus, repoRoot } from '@orgnotes/vitest-config/corpus';
import { project, run, tree } from './helpers.js';

const FORMATS = ['markdown', 'man', 'anki'] as const;
const FIXTURE = path.join(repoRoot, 'packages/core/test/fixtures/export-rules/input.org');
const copyOf = (app: string) =>
  path.join(repoRoot, 'apps', app, 'test/fixtures/export-rules/input.org');
const FIXED_DATES = {
  sourceDateEpoch: () => undefined,
  gitDate: () => null,
  mtime: () => new Date('2024-05-06T12:00:00Z'),
};

function context(notes: NoteSet, document: Document, extension: string): ConvertContext {
  const outputPathOf = (d: Document) => (d.path ?? 'stdin.org').replace(/\.org$/, extension);
  return { notes, options: {}, outputPath: outputPathOf(document), outputPathOf, report: () => {} };
}

interface Exported {
  /** Whether the format wrote any output for the file. */
  written: boolean;
  /** The headings the writer walked, in order. */
  headings: Heading[];
  /** The output text (every file of it). */
  text: string;
}

/** Each format's conversion of one document: what it wrote and which headings its writer walked. */
function exportAll(notes: NoteSet, document: Document): Record<(typeof FORMATS)[number], Exported> {
  const md = context(notes, document, '.md');
  const mdFiles = markdownConverter.convert(document, md) as { content: string | Uint8Array }[];
  const man = manPages(document, context(notes, document, '.7'), { dateSources: FIXED_DATES });
  // The text before the first heading is a card only with --file-cards: asked, so that it is compared too.
  const anki = convertToAnki(document, {
    ...context(notes, document, '.csv'),
    options: { 'file-cards': true },
  });
  return {
    markdown: {
      written: mdFiles.length > 0,
      headings: mdFiles.length > 0 ? toMdast(document, md).headings : [],
      text: mdFiles.map((f) => String(f.content)).join('\n'),
    },
    man: {
      written: man.files.length > 0,
      headings: man.headings,
      text: man.files.map((f) => String(f.content)).join('\n'),
    },
    anki: { written: anki.exported, headings: anki.headings, text: anki.csv },
  };
}

const titles = (headings: readonly Heading[]) => headings.map((h) => plainText(h.title).trim());

describe('the export-rules fixture, in every published format', () => {
  const text = readFileSync(FIXTURE, 'utf8');
  const notes = buildNoteSet([{ path: 'input.org', text }], {
    root: '/notes',
    fileExists: () => false,
  });
  const document = notes.documents[0]!;
  const outputs = exportAll(notes, document);
  // Marker words: kNN must reach every format, xNN none (kh/xh: headings).
  const markers = (output: string) =>
    new Set(
      [...output.replace(/\\:/g, '').matchAll(/\b([kx]h?\d+)\b/gi)].map((m) => m[1]!.toLowerCase()),
    );

  it("each app's golden fixture is a copy of the one input", () => {
    for (const app of ['markdown', 'man', 'anki'])
      expect(readFileSync(copyOf(app), 'utf8'), app).toBe(text);
  });

  it('every format walks the same headings, the ones the exported tree keeps', () => {
    const expected = titles(
      exportedTree(document)
        .outline()
        .map((o) => o.heading),
    );
    expect(expected).toEqual(['Selected kh0', 'Task kh1', 'Nested kh2', 'Archived kh3']);
    for (const format of FORMATS)
      expect(titles(outputs[format].headings), format).toEqual(expected);
  });

  it('every format writes the same blocks: all kNN words and no xNN word', () => {
    const blocks = ['k01', 'k02', 'k03', 'k04', 'k05', 'k06', 'k07', 'k08', 'k09', 'k10'];
    for (const format of FORMATS) {
      const found = [...markers(outputs[format].text)].filter(
        (m) => !m.startsWith('kh') && !m.startsWith('xh'),
      );
      expect(found.sort(), format).toEqual(blocks);
    }
  });

  it('Markdown and man pages show the same heading titles; no excluded heading shows anywhere', () => {
    for (const format of ['markdown', 'man'] as const) {
      expect(
        [...markers(outputs[format].text)].filter((m) => m.startsWith('kh')).sort(),
        format,
      ).toEqual(['kh0', 'kh1', 'kh2', 'kh3']);
    }
    for (const format of FORMATS)
      expect(
        [...markers(outputs[format].text)].filter((m) => m.startsWith('xh')),
        format,
      ).toEqual([]);
  });

  it('a private note (#+FILETAGS with an exclude tag) has no output in any format', () => {
    const privateNotes = buildNoteSet(
      [
        {
          path: 'p.org',
          text: '#+FILETAGS: :noexport:\n:PROPERTIES:\n:ID: p\n:END:\ntext\n* Heading\n',
        },
      ],
      { root: '/notes', fileExists: () => false },
    );
    const privateOutputs = exportAll(privateNotes, privateNotes.documents[0]!);
    for (const format of FORMATS)
      expect(privateOutputs[format], format).toMatchObject({ written: false, headings: [] });
  });
});

describe("orgnotes export with the configuration's exclude tags", () => {
  it('publishes no Markdown, man page, cards or JSON of a private note; JSON only with json.privateFiles', async () => {
    const dir = await project(
      {
        'orgnotes.config.json': JSON.stringify({ inputs: ['notes'], excludeTags: ['private'] }),
        'notes/private.org': '#+FILETAGS: :private:\n#+TITLE: Diary\n\nNot for publication.\n',
        'notes/public.org': '#+TITLE: Public\n\n* Shown\nyes\n* Hidden :private:\nno\n',
      },
      false,
    );
    const result = await run('orgnotes', ['export'], dir);
    expect(result).toMatchObject({ code: 0 });
    const files = Object.keys(await tree(path.join(dir, 'dist')));
    expect(files.filter((f) => f.includes('private'))).toEqual([]);
    const markdown = (await tree(path.join(dir, 'dist/markdown')))['public.md'];
    expect(markdown).toContain('Shown');
    expect(markdown).not.toContain('Hidden');
  });
});

describeCorpus('the shared corpus: every published format exports the same headings', () => {
  it('per file, the heading titles each writer walked are those of the exported tree, in order', () => {
    const files = corpusFiles();
    const notes = buildNoteSet(
      files.map((file) => ({
        path: path.relative(corpusDir!, file).split(path.sep).join('/'),
        text: readFileSync(file, 'utf8'),
        absolutePath: file,
      })),
      { root: corpusDir! },
    );
    const disagreements: string[] = [];
    let headings = 0;
    for (const document of notes.documents) {
      const tree = exportedTree(document);
      const expected = titles(tree.outline().map((o) => o.heading));
      headings += expected.length;
      const outputs = exportAll(notes, document);
      for (const format of FORMATS) {
        const output = outputs[format];
        if (output.written !== isFileExported(document))
          disagreements.push(
            `${document.path}: ${format} ${output.written ? 'wrote' : 'did not write'} the file`,
          );
        const actual = titles(output.headings);
        if (JSON.stringify(actual) !== JSON.stringify(expected)) {
          const missing = expected.filter((t) => !actual.includes(t));
          const extra = actual.filter((t) => !expected.includes(t));
          disagreements.push(
            `${document.path}: ${format} walked ${actual.length} headings, the tree has ${expected.length} (missing ${JSON.stringify(missing.slice(0, 3))}, extra ${JSON.stringify(extra.slice(0, 3))})`,
          );
        }
      }
    }
    expect(disagreements).toEqual([]);
    // The check compared real outlines, not empty ones.
    expect(headings).toBeGreaterThan(1000);
  }, 600_000);
});
