import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusFiles, seedFile } from '@orgnotes/vitest-config/corpus';
import {
  documentJson,
  forgetDocumentJson,
  parseReadResult,
  readOrg,
  setTitle,
} from '../src/index.js';

// Every seventh corpus file and the seed: the seed always, so that a clone without the corpus
// (whose corpus tests are skipped, or fail on CI) still checks something here.
const files = [...corpusFiles().filter((_, i) => i % 7 === 0), seedFile];

describe('a document read back from the parse cache keeps its JSON text', () => {
  it.each(files)('the JSON writer gives JSON.stringify’s bytes: %s', (file) => {
    const result = readOrg(readFileSync(file, 'utf8'), { path: 'note.org' });
    const text = JSON.stringify(result);
    const back = parseReadResult(text);
    expect(back).toEqual(JSON.parse(text));
    expect(documentJson(back.document)).toBe(JSON.stringify(result.document));
    expect(documentJson(result.document)).toBe(JSON.stringify(result.document));
  });

  it('a remembered text is given once: an edit after it is never hidden', () => {
    const back = parseReadResult(JSON.stringify(readOrg('* one\n** two\n', { path: 'note.org' })));
    const before = documentJson(back.document);
    setTitle(back.document.headings[0]!, 'changed');
    expect(documentJson(back.document)).not.toBe(before);
    expect(documentJson(back.document)).toBe(JSON.stringify(back.document));
  });

  it('keeps no text for a link target (remember: false), nor once the JSON writer forgets it', () => {
    const text = JSON.stringify(readOrg('* one\n', { path: 'note.org' }));
    const target = parseReadResult(text, { remember: false });
    setTitle(target.document.headings[0]!, 'changed');
    expect(documentJson(target.document)).toContain('"changed"');
    const forgotten = parseReadResult(text);
    forgetDocumentJson(forgotten.document);
    setTitle(forgotten.document.headings[0]!, 'changed');
    expect(documentJson(forgotten.document)).toContain('"changed"');
  });

  it('a text whose strings hold the key still splits where the document ends', () => {
    const result = readOrg('#+TITLE: a ,"diagnostics": title\n* heading ,"diagnostics":\n', {
      path: 'note.org',
    });
    result.diagnostics.push({
      severity: 'warning',
      rule: 'x',
      message: 'says ,"diagnostics": too',
      path: 'note.org',
      line: 1,
      column: 1,
    });
    const back = parseReadResult(JSON.stringify(result));
    expect(documentJson(back.document)).toBe(JSON.stringify(result.document));
  });
});
