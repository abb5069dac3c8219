/**
 * Org's export rules, decided once in core for every writer. Each case cites the Org
 * function or manual node it follows.
 */
import { describe, expect, it } from 'vitest';
import {
  buildNoteSet,
  drawerExported,
  exportConfigFromOptions,
  exportedTree,
  exportSettings,
  isFileExported,
  isInlineImage,
  isInlineImagePath,
  indexDocument,
  linkTarget,
  mediaType,
  outputBase,
  outputNaming,
  plainText,
  readOrg,
  sourceExports,
  type Block,
  type Document,
  type Heading,
  type Link,
  type SrcBlock,
} from '../src/index.js';

const read = (text: string): Document => readOrg(text).document;
const titles = (document: Document, config = {}) =>
  exportedTree(document, config)
    .outline()
    .map(({ heading }) => plainText(heading.title));
const find = (document: Document, title: string): Heading => {
  let found: Heading | undefined;
  const visit = (headings: Heading[]) => {
    for (const h of headings) {
      if (plainText(h.title) === title) found = h;
      visit(h.children);
    }
  };
  visit(document.headings);
  if (!found) throw new Error(`no heading ${title}`);
  return found;
};
const allBlocks = (blocks: Block[]): Block[] =>
  blocks.flatMap((b) => [
    b,
    ...allBlocks(
      b.type === 'plain-list'
        ? b.children.flatMap((i) => i.children)
        : 'children' in b &&
            Array.isArray(b.children) &&
            b.type !== 'paragraph' &&
            b.type !== 'verse-block' &&
            b.type !== 'table' &&
            b.type !== 'property-drawer'
          ? (b.children as Block[])
          : [],
    ),
  ]);

describe('exportSettings: #+OPTIONS with Org defaults (SPEC: org-export-options-alist)', () => {
  it("has Org's defaults when the file says nothing", () => {
    const s = exportSettings(read('text\n'));
    expect(s).toMatchObject({
      archivedTrees: 'headline', // org-export-with-archived-trees
      todoKeywords: true, // org-export-with-todo-keywords
      priority: false, // org-export-with-priority
      tags: true, // org-export-with-tags
      headlineLevels: null, // org-export-headline-levels: each format's own
      subSuperscripts: true, // org-export-with-sub-superscripts
      footnotes: true, // org-export-with-footnotes
      drawers: { except: ['LOGBOOK'] }, // org-export-with-drawers
      timestamps: true, // org-export-with-timestamps
      properties: false,
      clocks: false,
      planning: false,
      author: true,
      tasks: true,
      excludeTags: ['noexport'], // org-export-exclude-tags
      selectTags: ['export'], // org-export-select-tags
    });
  });

  it('reads every option the writers honour, values as `read` sees them (SPEC: org-export--parse-option-keyword)', () => {
    const s = exportSettings(
      read(
        '#+OPTIONS: arch:nil todo:nil pri:t tags:not-in-toc toc:2 H:4 ^:{} f:nil d:(not "RESULTS") <:nil\n#+OPTIONS: prop:("A") c:t p:t author:nil tasks:todo\n',
      ),
    );
    expect(s).toMatchObject({
      archivedTrees: false,
      todoKeywords: false,
      priority: true,
      tags: 'not-in-toc',
      toc: 2,
      headlineLevels: 4,
      subSuperscripts: '{}',
      footnotes: false,
      drawers: { except: ['RESULTS'] },
      timestamps: false,
      properties: ['A'],
      clocks: true,
      planning: true,
      author: false,
      tasks: 'todo',
    });
    expect(exportSettings(read('#+OPTIONS: toc:t arch:t d:nil ^:nil\n'))).toMatchObject({
      toc: true,
      archivedTrees: true,
      drawers: false,
      subSuperscripts: false,
    });
  });

  it('a later #+OPTIONS line overrides an earlier one', () => {
    expect(exportSettings(read('#+OPTIONS: todo:nil\n#+OPTIONS: todo:t\n')).todoKeywords).toBe(
      true,
    );
  });

  it("merges #+EXCLUDE_TAGS / #+SELECT_TAGS with the configuration's tags", () => {
    const document = read('#+EXCLUDE_TAGS: draft\n#+SELECT_TAGS: pub\n');
    const s = exportSettings(document, { excludeTags: ['private', 'draft'], selectTags: ['web'] });
    expect(s.excludeTags).toEqual(['draft', 'private']);
    expect(s.selectTags).toEqual(['pub', 'web']);
    // The default exclude tag stays when the file names none.
    expect(exportSettings(read('x\n'), { excludeTags: ['private'] }).excludeTags).toEqual([
      'noexport',
      'private',
    ]);
  });

  it("reads the configuration's tags from converter options (repeated or comma-separated)", () => {
    expect(exportConfigFromOptions({ 'exclude-tags': ['a,b', 'c'], 'select-tags': 'x' })).toEqual({
      excludeTags: ['a', 'b', 'c'],
      selectTags: ['x'],
    });
    expect(exportConfigFromOptions({})).toEqual({});
  });

  it('d: names drawers to keep, or with `not` to drop (SPEC: org-export--skip-p, drawer)', () => {
    expect(drawerExported({ except: ['LOGBOOK'] }, 'logbook')).toBe(false);
    expect(drawerExported({ except: ['LOGBOOK'] }, 'NOTES')).toBe(true);
    expect(drawerExported({ only: ['HIDE'] }, 'NOTES')).toBe(false);
    expect(drawerExported({ only: ['HIDE'] }, 'hide')).toBe(true);
    expect(drawerExported(true, 'LOGBOOK')).toBe(true);
    expect(drawerExported(false, 'NOTES')).toBe(false);
  });
});

describe('#+EXPORT_FILE_NAME: where a note is written (SPEC: org-export-output-file-name)', () => {
  const named = (text: string, path = 'dir/note.org') => outputBase(path, outputNaming(read(text)));

  it('mirrors the input path without a name, and takes the first named keyword, anywhere in the file', () => {
    expect(named('Text.\n')).toEqual({ base: 'dir/note', problem: null });
    const text = [
      '#+EXPORT_FILE_NAME:',
      'Before the heading.',
      '* Heading',
      '#+export_file_name: first',
      '#+EXPORT_FILE_NAME: second',
      '',
    ].join('\n');
    const naming = outputNaming(read(text));
    expect(naming.exportFileName).toEqual({ value: 'first', line: 4, column: 1 });
    expect(outputBase('dir/note.org', naming)).toEqual({ base: 'dir/first', problem: null });
    // The index keeps it, so that an export knows the path without parsing the note again.
    expect(indexDocument(read(text)).naming).toEqual(naming);
  });

  it("is relative to the note's directory, and any extension it has gives way to the format's", () => {
    expect(named('#+EXPORT_FILE_NAME: renamed.md\n').base).toBe('dir/renamed');
    expect(named('#+EXPORT_FILE_NAME: archive.tar.gz\n').base).toBe('dir/archive.tar');
    expect(named('#+EXPORT_FILE_NAME: sub/page\n').base).toBe('dir/sub/page');
    expect(named('#+EXPORT_FILE_NAME: ../top\n').base).toBe('top');
    // file-name-sans-extension: a leading dot does not start an extension.
    expect(named('#+EXPORT_FILE_NAME: .hidden\n').base).toBe('dir/.hidden');
  });

  it('refuses a name that leaves the output directory or names no file, keeping the mirrored path', () => {
    for (const name of ['../../up', '/etc/passwd', '~/x', 'C:/x', 'sub/', '.', '..'])
      expect(named(`#+EXPORT_FILE_NAME: ${name}\n`), name).toEqual({
        base: 'dir/note',
        problem: expect.stringContaining(`#+EXPORT_FILE_NAME: ${name}`),
      });
  });
});

describe('exportedTree: which headings are exported (SPEC: org-export--skip-p, org-export--prune-tree)', () => {
  it('leaves out COMMENT headings and trees with an exclude tag, subtrees included', () => {
    const document = read('* A\n** COMMENT B\n*** B1\n* C :noexport:\n** C1\n* D\n');
    expect(titles(document)).toEqual(['A', 'D']);
  });

  it('with a select tag, keeps only those trees and their ancestors (SPEC: org-export--selected-trees)', () => {
    const document = read('* A\n** A1\n** A2 :export:\n*** A2a\n* B\n** B1\n');
    expect(titles(document)).toEqual(['A', 'A2', 'A2a']);
  });

  it('an exclude tag inside a selected tree still excludes', () => {
    expect(titles(read('* A :export:\n** A1 :noexport:\n** A2\n'))).toEqual(['A', 'A2']);
  });

  it('a select tag in #+FILETAGS is inherited by every heading: the whole file is selected', () => {
    expect(titles(read('#+FILETAGS: :export:\n* A\n* B :export:\n'))).toEqual(['A', 'B']);
  });

  it("the configuration's exclude tag works like #+EXCLUDE_TAGS", () => {
    expect(titles(read('* A :private:\n* B\n'), { excludeTags: ['private'] })).toEqual(['B']);
  });

  it('archived trees: `headline` keeps the heading without its body, nil drops it, t keeps all (SPEC: org-export-with-archived-trees)', () => {
    const text = '* A :ARCHIVE:\nbody\n** A1\n* B\n';
    const headline = exportedTree(read(text));
    const a = find(headline.document, 'A');
    expect(headline.heading(a)).toBe(true);
    expect(headline.body(a)).toBe(false);
    expect(titles(headline.document)).toEqual(['A', 'B']);
    expect(titles(read(`#+OPTIONS: arch:nil\n${text}`))).toEqual(['B']);
    const all = exportedTree(read(`#+OPTIONS: arch:t\n${text}`));
    expect(all.body(find(all.document, 'A'))).toBe(true);
    expect(titles(all.document)).toEqual(['A', 'A1', 'B']);
  });

  it('tasks: decides which TODO headings are exported (SPEC: org-export-with-tasks)', () => {
    const text = '* TODO open\n* DONE closed\n* plain\n';
    expect(titles(read(`#+OPTIONS: tasks:nil\n${text}`))).toEqual(['plain']);
    expect(titles(read(`#+OPTIONS: tasks:todo\n${text}`))).toEqual(['open', 'plain']);
    expect(titles(read(`#+OPTIONS: tasks:("DONE")\n${text}`))).toEqual(['closed', 'plain']);
  });

  it('the footnote section is not exported, and its other content is reported (SPEC: org-footnote-section)', () => {
    const clean = exportedTree(read('* A\nx[fn:1]\n* Footnotes\n[fn:1] note\n'));
    expect(titles(clean.document)).toEqual(['A']);
    expect(clean.findings).toEqual([]);
    const mixed = exportedTree(
      read(
        '* A\n* Footnotes\n[fn:1] note\n\n\nstray text (a definition ends at two blank lines)\n',
      ),
    );
    expect(titles(mixed.document)).toEqual(['A']);
    expect(mixed.findings).toMatchObject([
      { severity: 'warning', rule: 'footnote-section-content', loc: { line: 6 } },
    ]);
  });

  it('a file whose #+FILETAGS carry an exclude tag exports nothing (issue 14: private notes)', () => {
    const document = read('#+FILETAGS: :private:noexport:\ntext\n* A\n');
    expect(isFileExported(document)).toBe(false);
    expect(exportedTree(document).fileExported).toBe(false);
    expect(titles(document)).toEqual([]);
    expect(exportedTree(document).block(document.children[1]!)).toBe(false);
    const other = read('#+FILETAGS: :private:\n* A\n');
    expect(isFileExported(other)).toBe(true);
    expect(isFileExported(other, { excludeTags: ['private'] })).toBe(false);
  });

  it('does not change the model: the JSON stays lossless', () => {
    const document = read(
      '* A :noexport:\n#+begin_src sh :exports none\nx\n#+end_src\n* COMMENT B\n',
    );
    const before = JSON.stringify(document);
    exportedTree(document);
    expect(JSON.stringify(document)).toBe(before);
  });
});

describe('exportedTree: which blocks are exported', () => {
  const srcBlocks = (document: Document) =>
    allBlocks([...document.children, ...document.headings.flatMap((h) => h.content)]).filter(
      (b): b is SrcBlock => b.type === 'src-block',
    );

  it(':exports none|results leave the code out, code|both keep it, code by default (SPEC: ob-exp.el org-babel-exp-do-export)', () => {
    const document = read(
      ['none', 'results', 'code', 'both', '']
        .map(
          (v) => `#+begin_src sh${v ? ` :exports ${v}` : ''}\necho ${v || 'default'}\n#+end_src\n`,
        )
        .join('\n'),
    );
    const tree = exportedTree(document);
    expect(srcBlocks(document).map((b) => tree.block(b))).toEqual([false, false, true, true, true]);
  });

  it(':exports is inherited from #+PROPERTY header-args, :header-args: of headings and #+HEADER (SPEC: (org) Using Header Arguments)', () => {
    const document = read(
      [
        '#+PROPERTY: header-args :exports none',
        '#+begin_src sh',
        'file-level',
        '#+end_src',
        '* A',
        ':PROPERTIES:',
        ':header-args:python: :exports both',
        ':END:',
        '#+begin_src python',
        'heading-level',
        '#+end_src',
        '#+begin_src sh',
        'still-file-level',
        '#+end_src',
        '#+HEADER: :exports code',
        '#+begin_src sh',
        'header-line',
        '#+end_src',
        '#+begin_src sh :exports results',
        'own-line',
        '#+end_src',
        '',
      ].join('\n'),
    );
    const tree = exportedTree(document);
    expect(srcBlocks(document).map((b) => [b.value.trim(), tree.block(b)])).toEqual([
      ['file-level', false],
      ['heading-level', true],
      ['still-file-level', false],
      ['header-line', true],
      ['own-line', false],
    ]);
    expect(sourceExports(srcBlocks(document)[4]!)).toBe('results');
  });

  it('d: decides drawers, LOGBOOK out by default, inside lists too', () => {
    const text = '* A\n:LOGBOOK:\n- x\n:END:\n:NOTES:\nn\n:END:\n- item\n  :HIDE:\n  h\n  :END:\n';
    const names = (options: string) => {
      const document = read(options + text);
      const tree = exportedTree(document);
      return allBlocks(document.headings[0]!.content)
        .filter((b) => b.type === 'drawer' && tree.block(b))
        .map((b) => (b as { name: string }).name);
    };
    expect(names('')).toEqual(['NOTES', 'HIDE']);
    expect(names('#+OPTIONS: d:t\n')).toEqual(['LOGBOOK', 'NOTES', 'HIDE']);
    expect(names('#+OPTIONS: d:nil\n')).toEqual([]);
    expect(names('#+OPTIONS: d:(HIDE)\n')).toEqual(['HIDE']);
  });
});

describe('media types (SPEC: org-export-inline-image-p, org-html-inline-image-rules)', () => {
  const link = (text: string): Link =>
    (read(`${text}\n`).children[0] as { children: Link[] }).children.find(
      (n) => n.type === 'link',
    )!;

  it('one list: pictures shown in place, other media known by type', () => {
    for (const p of [
      'a.png',
      'a.JPG',
      'a.jpeg',
      'a.gif',
      'a.svg',
      'a.webp',
      'a.avif',
      'a.apng',
      'a.bmp',
      'a.ico',
      'https://x/a.png?s=2',
    ])
      expect(isInlineImagePath(p)).toBe(true);
    for (const p of ['a.tiff', 'a.pdf', 'a.org', 'a', 'png'])
      expect(isInlineImagePath(p)).toBe(false);
    expect(mediaType('doc.pdf')?.mime).toBe('application/pdf');
    expect(mediaType('x.unknown')).toBeNull();
  });

  it('a link is an inline image only without a description, and only for file: and web links', () => {
    expect(isInlineImage(link('[[./a.png]]'))).toBe(true);
    expect(isInlineImage(link('[[file:a.png]]'))).toBe(true);
    expect(isInlineImage(link('[[https://example.com/a.png]]'))).toBe(true);
    expect(isInlineImage(link('https://example.com/a.png'))).toBe(true);
    expect(isInlineImage(link('[[./a.png][a picture]]'))).toBe(false);
    expect(isInlineImage(link('[[ftp://example.com/a.png]]'))).toBe(false);
    expect(isInlineImage(link('[[./a.pdf]]'))).toBe(false);
  });
});

describe('linkTarget: where a link leads once exported', () => {
  const notes = buildNoteSet(
    [
      {
        path: 'a.org',
        text: '* Here\n:PROPERTIES:\n:ID: here\n:END:\n* Hidden :noexport:\n:PROPERTIES:\n:ID: hidden\n:END:\n',
      },
      {
        path: 'private.org',
        text: ':PROPERTIES:\n:ID: private\n:END:\n#+FILETAGS: :noexport:\n#+TITLE: Private\n',
      },
      {
        path: 'b.org',
        text: '[[id:here]] [[id:hidden]] [[id:private]] [[https://orgmode.org]] [[mailto:a@b.c]] [[doi:10.1000/x]] [[info:org#Tables]] [[elisp:(foo)]] [[man:ls(1)]] [[./pic.png]] [[./doc.pdf][doc]] [[id:nowhere]]\n',
      },
    ],
    { root: '/notes', fileExists: () => true },
  );
  const b = notes.documents.find((d) => d.path === 'b.org')!;
  const links: Link[] = [];
  const visit = (nodes: unknown[]) => {
    for (const n of nodes as { type: string; children?: unknown[] }[]) {
      if (n.type === 'link') links.push(n as unknown as Link);
      if (n.children) visit(n.children);
    }
  };
  visit(b.children);

  it('tells private notes from the index alone (KnowledgeBase.isExported)', () => {
    expect(notes.isExported('a.org')).toBe(true);
    expect(notes.isExported('private.org')).toBe(false);
    expect(notes.isExported('b.org', { excludeTags: ['x'] })).toBe(true);
    expect(notes.documents.filter((d) => notes.isExported(d)).map((d) => d.path)).toEqual([
      'a.org',
      'b.org',
    ]);
  });

  it('resolves each kind once for every writer', () => {
    const targets = links.map((l) => linkTarget(l, b, notes));
    expect(targets.map((t) => t.kind)).toEqual([
      'heading',
      'private',
      'private',
      'url',
      'url',
      'url',
      'url',
      'emacs',
      'man',
      'file',
      'file',
      'broken',
    ]);
    expect(targets[0]).toMatchObject({ kind: 'heading', heading: { id: 'here' } });
    // Issue 14: a private note or excluded heading is never a link; writers keep the description only.
    expect(targets[1]).toEqual({
      kind: 'private',
      what: 'heading',
      message:
        'link [[id:hidden]] points to a heading the export leaves out (an exclude tag, COMMENT, or not selected): it has no description, so nothing is written',
    });
    expect(targets[2]).toMatchObject({ kind: 'private', what: 'note' });
    expect(JSON.stringify(targets[2])).not.toContain('Private');
    expect(targets[3]).toMatchObject({ url: 'https://orgmode.org', email: false, image: false });
    expect(targets[4]).toMatchObject({ email: true });
    expect(targets[5]).toMatchObject({ url: 'https://doi.org/10.1000/x' });
    expect(targets[6]).toMatchObject({
      url: 'https://www.gnu.org/software/emacs/manual/html_node/org/Tables.html',
    });
    expect(targets[8]).toMatchObject({ name: 'ls', section: '1' });
    expect(targets[9]).toMatchObject({ image: true, orgFile: false });
    expect(targets[10]).toMatchObject({ image: false });
  });
});
