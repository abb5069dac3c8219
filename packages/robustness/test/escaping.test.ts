/**
 * Nothing escapes its format, on a hand-written hostile note: only explicit export blocks and
 * snippets pass HTML through to Markdown (and `--no-raw-html` stops even that), Anki fields
 * escape HTML and stay one row each, man pages turn no text into a request.
 */
import { describe, expect, it } from 'vitest';
import { CONVERTERS, convertText } from './helpers.js';
import {
  ankiFieldProblems,
  hasMandoc,
  mandocLint,
  manProblems,
  markdownProblems,
  readAnkiCsv,
} from './oracles.js';

const HOSTILE = [
  '#+TITLE: Hostile',
  '* Heading <img src=x onerror=alert(1)>',
  ':PROPERTIES:',
  ':ID: hostile-1',
  ':END:',
  'Text with <b>raw</b> & [link](http://evil.example) and ![img](x.png) <!-- c -->',
  '.so /etc/passwd',
  "'br \\X'tty: x' \\*(Tm \\n(.g \\fBbold",
  '#,"quote", and',
  '"a","b"',
  '| #x | "y",z |',
  '|----+-------|',
  '| <script>x</script> | \\n |',
  '@@html:<u>explicit snippet</u>@@',
  '#+begin_export html',
  '<div class="explicit">block</div>',
  '#+end_export',
  '',
].join('\n');

describe('Markdown', () => {
  it('passes through only the explicit export block and snippet', () => {
    const md = String(convertText(HOSTILE, CONVERTERS.markdown!).files[0]!.content);
    expect(md).toContain('<div class="explicit">block</div>');
    expect(md).toContain('<u>explicit snippet</u>');
    expect(markdownProblems(md, ['<div class="explicit">block</div>', '<u>', '</u>'])).toEqual([]);
  });

  it('--no-raw-html shows them as code and warns', () => {
    const { files, diagnostics } = convertText(HOSTILE, CONVERTERS.markdown!, {
      'no-raw-html': true,
    });
    const md = String(files[0]!.content);
    expect(markdownProblems(md, [])).toEqual([]);
    expect(md).toContain('`<u>explicit snippet</u>`');
    expect(md).toContain('```html\n<div class="explicit">block</div>\n```');
    expect(diagnostics.filter((d) => d.rule === 'raw-output').map((d) => d.line)).toEqual([14, 15]);
  });
});

describe('Anki', () => {
  it('escapes HTML in fields, keeps every field in its row and no row reads as a comment', () => {
    const csv = String(convertText(HOSTILE, CONVERTERS.anki!).files[0]!.content);
    const { records } = readAnkiCsv(csv);
    expect(records.length).toBe(2); // the heading, and the table's one body row (`| #x |` is its header)
    for (const record of records) {
      expect(record.length).toBe(6);
      for (const field of record.slice(4))
        expect(
          ankiFieldProblems(field, [
            '<u>explicit snippet</u>',
            '<div class="explicit">block</div>',
          ]),
        ).toEqual([]);
    }
    expect(records[0]![4]).toBe('Heading &lt;img src=x onerror=alert(1)&gt;');
    expect(records[0]![5]).toContain('"y",z');
    expect(records[1]![4]).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(
      csv
        .split('\n')
        .filter((l) => l.startsWith('#'))
        .every((l) => /^#[a-z ]+:/.test(l)),
    ).toBe(true);
  });
});

describe('man', () => {
  it('turns no text into a request, string, register or device escape', () => {
    const page = String(convertText(HOSTILE, CONVERTERS.man!).files[0]!.content);
    expect(manProblems(page)).toEqual([]);
    expect(page).toMatch(/^\\&\.so \/etc\/passwd$/m);
    if (hasMandoc) expect(mandocLint(page)).toEqual([]);
  });
});
