/**
 * `#+INCLUDE:` and macros expanded for export (expandForExport), and macro calls in the
 * lossless model: each rule on a small input, the files an include reads given as a map.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir, corpusFiles, describeCorpus } from '@orgnotes/vitest-config/corpus';
import { mayNeedExpansion } from '../src/expand.js';
import {
  expandForExport,
  formatDiagnostic,
  includeClosure,
  macroArguments,
  printOrg,
  readOrg,
  type Document,
} from '../src/index.js';

function expand(text: string, files: Record<string, string> = {}, path = 'main.org') {
  const document = readOrg(text, { path }).document;
  const result = expandForExport(document, {
    readFile: (p) => files[p] ?? null,
    modificationTime: () => new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
  });
  return {
    ...result,
    text: printOrg(result.document),
    messages: result.diagnostics.map(formatDiagnostic),
  };
}

const inlineTypes = (document: Document) =>
  JSON.stringify(document, (key, value: unknown) =>
    key === 'loc' || key === 'src' || key === 'sig' ? undefined : value,
  );

describe('macro calls in the model', () => {
  it('are one node whatever their name and arguments hold, printed back byte for byte', () => {
    const text =
      '* T {{{a_b}}}\nSee {{{zk_topic(Emacs,Emacs)}}} and *{{{x(^y,_z_)}}}* {{{m(a\\,b)}}}.\n';
    const { document } = readOrg(text, { path: 'a.org' });
    expect(printOrg(document)).toBe(text);
    const json = inlineTypes(document);
    expect(json).toContain('{"type":"macro","key":"zk_topic","arguments":"Emacs,Emacs"}');
    expect(json).toContain('{"type":"macro","key":"a_b","arguments":null}');
    expect(json).toContain(
      '{"type":"bold","children":[{"type":"macro","key":"x","arguments":"^y,_z_"}]}',
    );
    expect(json).not.toContain('subscript');
    expect(json).not.toContain('superscript');
    expect(json).not.toContain('underline');
  });

  it('are not read inside code or verbatim', () => {
    const json = inlineTypes(readOrg('~{{{a}}}~ ={{{b}}}=\n').document);
    expect(json).not.toContain('"macro"');
  });
});

describe('macroArguments (SPEC: org-macro-extract-arguments, as Emacs 29 gives them)', () => {
  it('splits on commas, keeps escaped ones, trims the whole, folds blanks', () => {
    expect(macroArguments('a\\,b, c')).toEqual(['a,b', ' c']);
    expect(macroArguments('  x \n y ')).toEqual(['x y']);
    expect(macroArguments(null)).toEqual([]);
  });
});

describe('expandForExport', () => {
  it('returns a document with nothing to expand as it is', () => {
    const document = readOrg('* Plain\n').document;
    expect(expandForExport(document, { readFile: () => null }).document).toBe(document);
  });

  it('expands templates with $n, built-ins and counters, and keeps undefined macros with a warning', () => {
    const r = expand(
      '#+TITLE: T\n#+AUTHOR: Me\n#+MACRO: two $2-$1-$3\n* H\n:PROPERTIES:\n:p: v\n:END:\n{{{two(a,b)}}} {{{title}}} {{{author}}} {{{property(p)}}} {{{n}}} {{{n}}} {{{n(x)}}} {{{input-file}}} {{{modification-time(%Y-%m-%d %H:%M)}}} {{{nope(1)}}}\n',
    );
    expect(r.text.split('\n')[7]).toBe('b-a- T Me v 1 2 1 main.org 2024-01-02 03:04 {{{nope(1)}}}');
    expect(r.messages).toEqual([
      'main.org:8:143: warning: macro {{{nope}}} is not defined (no #+MACRO: nope); its text is kept (undefined-macro)',
    ]);
  });

  it('expands includes: lines, minlevel (by default below the heading it is under), kinds, targets', () => {
    const files = {
      'sub/part.org':
        '* A\ntext a\n** A1\n* B\n:PROPERTIES:\n:CUSTOM_ID: bee\n:ID: b-id\n:END:\ntext b\n',
      'sub/code.sh': 'echo 1\n* star\n',
    };
    const r = expand(
      '* Top\n#+INCLUDE: "sub/part.org::*A"\n#+INCLUDE: "sub/part.org::#bee" :only-contents t\n#+INCLUDE: "sub/part.org::b-id" :minlevel 4\n#+INCLUDE: "sub/part.org" :lines "2-2"\n#+INCLUDE: "sub/code.sh" src sh :results none\n#+INCLUDE: "sub/code.sh" example\n',
      files,
    );
    expect(r.text).toBe(
      '* Top\n** A\ntext a\n*** A1\ntext b\n**** B\n:PROPERTIES:\n:CUSTOM_ID: bee\n:ID: b-id\n:END:\ntext b\ntext a\n#+begin_src sh :results none\necho 1\n,* star\n#+end_src\n#+begin_example\necho 1\n,* star\n#+end_example\n',
    );
    expect(r.includes).toEqual(['sub/code.sh', 'sub/part.org']);
    expect(r.messages).toEqual([]);
    // Where each line came from: an included line names its file, at the include's line.
    expect(r.origin(3)).toEqual({ path: 'sub/part.org', line: 2, includedAt: 2 });
    expect(r.origin(1)).toEqual({ path: 'main.org', line: 1, includedAt: 1 });
  });

  it('expands nested includes relative to each file, and reports a cycle by its chain', () => {
    const files = {
      'a/one.org': 'one\n#+INCLUDE: "two.org"\n',
      'a/two.org': 'two\n#+INCLUDE: "../main.org"\n',
    };
    const r = expand('main\n#+INCLUDE: "a/one.org"\n', files);
    expect(r.text).toBe('main\none\ntwo\n');
    expect(r.messages).toEqual([
      'main.org:2:1: error: a/two.org:2: #+INCLUDE: cycle: main.org -> a/one.org -> a/two.org -> main.org; it is left out (include)',
    ]);
  });

  it('keeps includes inside the notes root, and reports what cannot be read', () => {
    const r = expand(
      '#+INCLUDE: "../secret.org"\n#+INCLUDE: "missing.org"\n#+INCLUDE: "p.org::*Nope"\n',
      { 'p.org': '* Yes\n' },
    );
    expect(r.text).toBe('\n');
    expect(r.messages).toEqual([
      `main.org:1:1: error: #+INCLUDE: "../secret.org" is outside the notes' root; it is left out (include)`,
      'main.org:2:1: error: #+INCLUDE: "missing.org" cannot be read (missing.org); it is left out (include)',
      'main.org:3:1: error: #+INCLUDE: "p.org" has no heading "*Nope"; it is left out (include)',
    ]);
  });

  it('expands macros an included file defines, and reports an undefined one at its #+INCLUDE:', () => {
    const r = expand('x\n#+INCLUDE: "m.org"\n{{{hi(you)}}}\n', {
      'm.org': '#+MACRO: hi Hello $1\n{{{gone}}}\n',
    });
    expect(r.text).toBe('x\n#+MACRO: hi Hello $1\n{{{gone}}}\nHello you\n');
    expect(r.messages).toEqual([
      'main.org:2:1: warning: macro {{{gone}}} is not defined (no #+MACRO: gone); its text is kept (in m.org:2, included here) (undefined-macro)',
    ]);
  });

  it('lists every file an index includes, through the files it includes (dependencies)', () => {
    const files: Record<string, string> = {
      'd/a.org': '#+INCLUDE: "b.txt" src\n#+INCLUDE: "c.org"\n',
      'd/c.org': '#+INCLUDE: "../e.org"\n',
      'e.org': '',
    };
    expect(includeClosure('main.org', ['"d/a.org"'], (p) => files[p] ?? null)).toEqual([
      'd/a.org',
      'd/b.txt',
      'd/c.org',
      'e.org',
    ]);
  });
});

/** mayNeedExpansion's answer from every field of every object of the model, not only the ones that hold nodes. */
function anywhere(document: Document): boolean {
  const visit = (value: unknown): boolean => {
    if (Array.isArray(value)) return value.some(visit);
    if (value === null || typeof value !== 'object') return false;
    const node = value as { type?: unknown; key?: unknown; value?: unknown };
    if (node.type === 'macro') return true;
    if (node.type === 'keyword' && String(node.key).toUpperCase() === 'INCLUDE') return true;
    if (node.type === 'latex-environment' && /^[ \t]*#\+include:/im.test(String(node.value)))
      return true;
    return Object.entries(node).some(([key, v]) => key !== 'src' && key !== 'loc' && visit(v));
  };
  return visit(document.children) || visit(document.headings);
}

describeCorpus('mayNeedExpansion on the corpus', () => {
  it('answers as a walk over every field of the model does, on every file', async () => {
    let expandable = 0;
    for (const file of corpusFiles()) {
      const { document } = readOrg(await readFile(file, 'utf8'));
      const expected = anywhere(document);
      expect(mayNeedExpansion(document), path.relative(corpusDir!, file)).toBe(expected);
      if (expected) expandable++;
    }
    // Some Worg pages and the Org manual use macros or includes: both answers are exercised.
    expect(expandable).toBeGreaterThan(5);
  });
});
