import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { buildNoteSet, type NoteSet } from '@orgnotes/core';
import {
  corpusDir,
  corpusFiles,
  describeCorpus,
  expectedCorpusFiles,
} from '@orgnotes/vitest-config/corpus';
import { convertAll, type Output } from './helpers.js';
import { checkOutput, parseAll, type Parsed } from './oracle.js';

describeCorpus('the shared corpus as one set of notes', () => {
  let notes: NoteSet;
  let outputs: Output[];
  let parsed: Map<string, Parsed>;

  beforeAll(() => {
    // Each file is read and parsed once; the whole corpus is one note set, so that links
    // across files resolve as they do with `org2md -o DIR corpus/`.
    const sources = corpusFiles().map((file) => ({
      path: path.relative(corpusDir!, file).split(path.sep).join('/'),
      text: readFileSync(file, 'utf8'),
      absolutePath: file,
    }));
    notes = buildNoteSet(sources, { root: corpusDir! });
    outputs = convertAll(notes);
    parsed = parseAll(outputs);
  });

  it('converts every file', () => {
    expect(outputs.length).toBe(expectedCorpusFiles());
    for (const output of outputs)
      expect(output.markdown.length > 0 || output.document.headings.length === 0).toBe(true);
  });

  it('every output passes the oracle (headings, text, tables, links, no stray HTML)', () => {
    const failures: string[] = [];
    for (const output of outputs) {
      const problems = checkOutput(output, notes, parsed);
      if (problems.length) failures.push(`${output.path}:\n  ${problems.join('\n  ')}`);
    }
    expect(failures.slice(0, 10).join('\n\n')).toBe('');
    expect(failures.length).toBe(0);
  });

  it('is deterministic: a second conversion gives the same bytes', () => {
    const again = convertAll(notes);
    expect(again.map((o) => o.markdown)).toEqual(outputs.map((o) => o.markdown));
  });
});
