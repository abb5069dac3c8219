import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import {
  CORPUS_FILE_COUNTS,
  corpusDir,
  corpusFiles,
  describeCorpus,
  expectedCorpusFiles,
} from '@orgnotes/vitest-config/corpus';
import { printOrg, readOrg, type Document } from '@orgnotes/core';
import { toJson, validateDocument } from '../src/index.js';

describeCorpus('every corpus file as JSON', () => {
  it('reads every .org file of the corpus', () => {
    expect(corpusFiles()).toHaveLength(expectedCorpusFiles());
    for (const folder of Object.keys(CORPUS_FILE_COUNTS))
      expect(corpusFiles(folder), folder).toHaveLength(expectedCorpusFiles(folder));
  });

  it.each(corpusFiles().map((f) => [path.relative(corpusDir!, f), f]))(
    '%s validates and converts back to the same bytes',
    (relative, file) => {
      const text = readFileSync(file, 'utf8');
      const json = toJson(readOrg(text, { path: relative }).document);
      const parsed = JSON.parse(json) as Document;
      expect(validateDocument(parsed)).toEqual([]);
      expect(printOrg(parsed)).toBe(text);
    },
  );
});
