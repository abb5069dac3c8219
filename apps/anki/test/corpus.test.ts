import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildNoteSet, type Diagnostic, type Document, type NoteSet } from '@orgnotes/core';
import { reportInto, type ConvertContext } from '@orgnotes/cli';
import { beforeAll, expect, it } from 'vitest';
import {
  corpusDir,
  corpusFiles,
  describeCorpus,
  expectedCorpusFiles,
} from '@orgnotes/vitest-config/corpus';
import { converter, convertToAnki, loadPackageWriter, parseOptions } from '../src/index.js';
import { checkAnkiCsv, readAnkiCsv } from './anki-reader.js';
import { readPackage } from './apkg-reader.js';

/** Raw HTML from `#+begin_export html` / `@@html:...@@` goes into fields as written: not checked as our HTML. */
const RAW_HTML = /#\+begin_export\s+html|@@html:/i;

describeCorpus('every corpus file converts and passes the Anki CSV oracle', () => {
  let notes: NoteSet;
  let texts: Map<string, string>;

  beforeAll(async () => {
    await loadPackageWriter();
    // One note set over the whole corpus, parsed once: id links resolve across files.
    const files = corpusFiles();
    texts = new Map(
      files.map((f) => [
        path.relative(corpusDir!, f).split(path.sep).join('/'),
        readFileSync(f, 'utf8'),
      ]),
    );
    notes = buildNoteSet(
      [...texts].map(([p, text]) => ({ path: p, text, absolutePath: path.join(corpusDir!, p) })),
      { root: corpusDir! },
    );
  });

  it('converts all files without throwing; each CSV is valid', () => {
    expect(notes.documents.length).toBe(expectedCorpusFiles());
    const failures: string[] = [];
    let total = 0;
    const diagnostics: Diagnostic[] = [];
    for (const document of notes.documents) {
      const context: ConvertContext = {
        notes,
        options: {},
        outputPath: document.path!.replace(/\.org$/, '.csv'),
        outputPathOf: (d: Document) => d.path!.replace(/\.org$/, '.csv'),
        report: reportInto(diagnostics, document.path!),
      };
      let files;
      try {
        files = converter.convert(document, context);
      } catch (error) {
        failures.push(`${document.path}: threw ${(error as Error).stack}`);
        continue;
      }
      const csv = files[0]!.content as string;
      expect(files[0]!.path).toBe(context.outputPath);
      const problems = checkAnkiCsv(csv, { html: !RAW_HTML.test(texts.get(document.path!)!) });
      for (const p of problems.slice(0, 5)) failures.push(`${document.path}: ${p}`);
      total += readAnkiCsv(csv).rows.length;
      // Deterministic: the same input gives the same bytes.
      expect(converter.convert(document, { ...context, report: () => {} })[0]!.content).toBe(csv);
    }
    expect(failures).toEqual([]);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // The corpus has many tables with header rules and a few ID headings: cards must come out.
    expect(total).toBeGreaterThan(100);
  });

  it('every file gives a package that opens, passes the package oracle and holds the notes of its CSV', () => {
    const options = parseOptions({ package: true });
    const failures: string[] = [];
    let notesTotal = 0;
    for (const document of notes.documents) {
      const context: ConvertContext = {
        notes,
        options: {},
        outputPath: document.path!.replace(/\.org$/, '.csv'),
        outputPathOf: (d: Document) => d.path!.replace(/\.org$/, '.csv'),
        report: () => {},
      };
      const result = convertToAnki(document, context, options);
      const read = readPackage(result.package!);
      for (const p of read.problems.slice(0, 5)) failures.push(`${document.path}: ${p}`);
      const csv = readAnkiCsv(result.csv);
      // GUIDs equal the CSV's, in the same order.
      if (read.notes.map((n) => n.guid).join() !== csv.notes.map((n) => n.guid).join())
        failures.push(`${document.path}: GUIDs differ from the CSV's`);
      for (const [i, note] of read.notes.entries()) {
        const row = csv.notes[i];
        if (!row) continue;
        const values = Object.values(note.fields);
        if (
          note.deck !== row.deck ||
          note.tags.join(' ') !== row.tags.join(' ') ||
          values.some((v, j) => v !== row.fields[j])
        )
          failures.push(`${document.path}: note ${note.guid} differs from its CSV row`);
      }
      for (const file of result.media) {
        const name = file.path.replace(/^media\//, '');
        if (!read.media.get(name)?.equals(Buffer.from(file.content as Uint8Array)))
          failures.push(`${document.path}: media ${name} differs from the CSV's media file`);
      }
      notesTotal += read.notes.length;
      // Deterministic: the same notes give the same bytes.
      if (
        !Buffer.from(convertToAnki(document, context, options).package!).equals(
          Buffer.from(result.package!),
        )
      )
        failures.push(`${document.path}: two builds differ`);
    }
    expect(failures).toEqual([]);
    expect(notesTotal).toBeGreaterThan(100);
  });
});
