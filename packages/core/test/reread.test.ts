/**
 * readOrgAfterEdit: an edited text read again from the top-level heading holding the first
 * change gives exactly what reading the whole text gives (loc, src and sig included), on
 * edits of every kind, on the fixtures and on every file of the corpus.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir, corpusFiles, describeCorpus } from '@orgnotes/vitest-config/corpus';
import { readOrgAfterEdit } from '../src/reader.js';
import { expandForExport, readOrg } from '../src/index.js';

const json = (value: unknown) => JSON.stringify(value);

/** The edited text read both ways, and whether the headings before the change were kept. */
function bothWays(before: string, after: string) {
  const previous = readOrg(before, { path: 'a.org' }).document;
  const edited = readOrgAfterEdit(previous, before, after, { path: 'a.org' });
  const whole = readOrg(after, { path: 'a.org' }).document;
  return { previous, edited, whole, kept: edited.headings[0] === previous.headings[0] };
}

const BASE =
  '#+TITLE: Notes\n#+FILETAGS: :a:\nIntro.\n* One\nText.\n** Sub\n- item\n* TODO Two :tag:\n#+begin_src sh\necho\n#+end_src\n* Three\n| a | b |\n';

describe('readOrgAfterEdit', () => {
  it.each([
    ['text inserted in a later heading', BASE.replace('| a | b |', '| a | b |\n| c | d |')],
    ['a heading appended, with a keyword the meta reads', `${BASE}* Four\n#+DESCRIPTION: late\n`],
    ['a heading that ends the one before', BASE.replace('- item\n', '- item\n* Inserted\n')],
    ['a heading made a child of the one before', BASE.replace('* Three', '** Three')],
    ['a heading made deeper than a child of the one before', BASE.replace('* Three', '**** Three')],
    ['a deeper heading made a top one', `${BASE}* Four\n`, `${BASE}** Four\n`],
  ])('reads %s as the whole text reads, keeping the headings before', (_, after, before = BASE) => {
    const { edited, whole, kept } = bothWays(before, after);
    expect(json(edited)).toBe(json(whole));
    expect(kept).toBe(true);
  });

  it.each([
    ['a change before the first heading', BASE.replace('Intro.', 'Intro, longer.')],
    [
      'new TODO keywords, which change how every heading reads',
      `${BASE}* Four\n#+TODO: TWO | DONE\n`,
    ],
    ['CRLF line ends', BASE.replace(/\n/g, '\r\n')],
  ])('reads the whole text again for %s', (_, after) => {
    const { edited, whole, kept } = bothWays(BASE, after);
    expect(json(edited)).toBe(json(whole));
    expect(kept).toBe(false);
  });

  it('gives back the document itself for the same text', () => {
    const { previous, edited } = bothWays(BASE, BASE);
    expect(edited).toBe(previous);
  });
});

describeCorpus('readOrgAfterEdit on the corpus', () => {
  it('reads every file with a heading appended, one inserted in the middle and one text line changed, as the whole text reads', async () => {
    let kept = 0;
    for (const file of corpusFiles()) {
      const text = await readFile(file, 'utf8');
      const previous = readOrg(text, { path: 'x.org' }).document;
      if (previous.src?.bom || previous.src?.eol) continue;
      const middle = text.indexOf('\n* ', Math.floor(text.length / 2));
      const edits = [
        `${text}${text.endsWith('\n') ? '' : '\n'}* Appended\nWith [[id:x][a link]] and {{{macro}}}.\n`,
        middle === -1
          ? null
          : `${text.slice(0, middle)}\n* Inserted\nText.\n${text.slice(middle + 1)}`,
        middle === -1 ? null : `${text.slice(0, middle)} changed${text.slice(middle)}`,
      ];
      for (const after of edits) {
        if (after === null) continue;
        const edited = readOrgAfterEdit(previous, text, after, { path: 'x.org' });
        const whole = readOrg(after, { path: 'x.org' }).document;
        expect(json(edited), path.relative(corpusDir!, file)).toBe(json(whole));
        if (previous.headings.length > 1 && edited.headings[0] === previous.headings[0]) kept++;
      }
    }
    expect(kept).toBeGreaterThan(100);
  });

  it('expands every file of the corpus as reading its whole expanded text would', async () => {
    let compared = 0;
    for (const file of corpusFiles()) {
      const text = await readFile(file, 'utf8');
      if (!/\{\{\{|#\+include:/i.test(text)) continue;
      const relative = path.relative(corpusDir!, file).split(path.sep).join('/');
      const document = readOrg(text, { path: relative }).document;
      const options = {
        readFile: (p: string) => {
          try {
            return readFileSync(path.join(corpusDir!, p), 'utf8');
          } catch {
            return null;
          }
        },
        modificationTime: () => new Date(0),
      };
      const fast = expandForExport(document, options);
      const whole = expandForExport(document, options, { rereadWhole: true });
      expect(json(fast.document), relative).toBe(json(whole.document));
      expect(fast.diagnostics, relative).toEqual(whole.diagnostics);
      compared++;
    }
    expect(compared).toBeGreaterThan(5);
  });
});
