import { describe, expect, it } from 'vitest';
import { readOrg, scanSettings, type Heading, type Paragraph } from '../src/index.js';
import { readFixture } from './helpers.js';

describe('file settings', () => {
  it('reads #+TODO, #+SEQ_TODO and #+TYP_TODO sequences', () => {
    expect(
      scanSettings('#+TODO: TODO(t) NEXT | DONE(d!)\n#+TYP_TODO: Fred Sara | FIXED\n').todoKeywords,
    ).toEqual({ todo: ['TODO', 'NEXT', 'Fred', 'Sara'], done: ['DONE', 'FIXED'] });
  });

  it('ignores settings lines inside blocks', () => {
    expect(scanSettings('#+begin_example\n#+TODO: A | B\n#+end_example\n').todoKeywords).toEqual({
      todo: ['TODO'],
      done: ['DONE'],
    });
  });

  it('passes the file’s TODO keywords to the parser', () => {
    const { document } = readOrg(
      '#+TODO: NEXT | CANCELLED\n* NEXT Buy milk\n* CANCELLED Old\n* TODO Not a keyword here\n',
    );
    expect(document.headings.map((h: Heading) => [h.todo, h.todoType])).toEqual([
      ['NEXT', 'todo'],
      ['CANCELLED', 'done'],
      [null, null],
    ]);
  });

  it('honours #+OPTIONS: ^:{} for sub- and superscripts', () => {
    const plain = readOrg('#+OPTIONS: ^:{}\n\nsnake_case and x_{i}\n').document
      .children[1] as Paragraph;
    expect(plain.children.map((c) => c.type)).toEqual(['text', 'subscript']);
  });
});

describe('links', () => {
  it('knows doi: links (SPEC: ol-doi)', () => {
    const paragraph = readOrg('See [[doi:10.1000/182][the handbook]].\n').document
      .children[0] as Paragraph;
    expect(paragraph.children[1]).toMatchObject({
      type: 'link',
      linkType: 'doi',
      path: '10.1000/182',
    });
  });
});

describe('the model', () => {
  const { document } = readOrg(readFixture('every-construct'), { path: 'every.org' });

  it('derives file metadata', () => {
    expect(document.meta).toMatchObject({
      title: 'Every construct',
      filetags: ['demo', 'test'],
      options: { toc: 'nil', '^': '{}' },
    });
  });

  it('models headings as users think of them', () => {
    const first = document.headings[0]!;
    expect(first).toMatchObject({
      level: 1,
      todo: 'NEXT',
      todoType: 'todo',
      priority: 'A',
      tags: ['tag'],
      id: '5f1c1a2e-0000-4000-8000-000000000001',
      customId: 'first',
      aliases: ['First heading', 'alias'],
    });
    expect(first.content.slice(0, 3).map((b) => b.type)).toEqual([
      'planning',
      'property-drawer',
      'drawer',
    ]);
    expect(first.children[0]).toMatchObject({
      level: 2,
      todo: 'DONE',
      todoType: 'done',
      archived: true,
    });
  });

  it('keeps timestamps’ repeaters and warnings', () => {
    const planning = document.headings[0]!.content[0]!;
    expect(planning).toMatchObject({
      type: 'planning',
      deadline: { warning: '-2d' },
      scheduled: { repeater: '+1w' },
    });
  });

  it('reads affiliated keywords, table formulas and example switches that uniorg drops', () => {
    const table = document.headings[0]!.content.find((b) => b.type === 'table')!;
    expect(table).toMatchObject({
      affiliated: [
        { key: 'NAME', value: 'results' },
        { key: 'CAPTION', value: 'A table' },
      ],
      tblfm: ['$2=1'],
    });
    expect(document.headings[0]!.content.find((b) => b.type === 'example-block')).toMatchObject({
      switches: '-n',
      value: 'example\n',
    });
  });

  it('strips paragraph indentation and the final newline from text', () => {
    const { document: indented } = readOrg('- item\n  continued\n  more\n');
    const item = indented.children[0]!;
    expect(item.type === 'plain-list' && item.children[0]!.children[0]).toMatchObject({
      type: 'paragraph',
      children: [{ type: 'text', value: 'item\ncontinued\nmore' }],
    });
  });
});

// Bugs of uniorg-parse fixed in patches/uniorg-parse@3.2.2.patch (see patches/README.md).
describe('the patched parser', () => {
  it('unescapes an indented `,*` line of a src block without losing its indentation', () => {
    const { document } = readOrg('#+begin_src c\n/*\n ,* Comments go here.\n */\n#+end_src\n');
    expect(document.children[0]).toMatchObject({
      type: 'src-block',
      value: '/*\n * Comments go here.\n */\n',
    });
  });

  it('opens emphasis only after a `pre` character (SPEC: org-emphasis-regexp-components)', () => {
    const { document } = readOrg('See "chrome://fireforg/" and /this/.\n');
    expect((document.children[0] as Paragraph).children).toMatchObject([
      { type: 'text', value: 'See "chrome://fireforg/" and ' },
      { type: 'italic', children: [{ type: 'text', value: 'this' }] },
      { type: 'text', value: '.' },
    ]);
  });

  it('keeps the blank lines after a fixed-width area out of the next paragraph', () => {
    const { document } = readOrg(': code\n\n    [fn:x]\n');
    expect(document.children.map((block) => block.type)).toEqual(['fixed-width', 'paragraph']);
    expect((document.children[1] as Paragraph).children).toMatchObject([
      { type: 'footnote-reference', label: 'x', footnoteType: 'standard', children: [] },
    ]);
  });
});

describe('alphabetical bullets (SPEC: org-list-allow-alphabetical, org-item-re)', () => {
  const types = (text: string) => readOrg(text).document.children.map((b) => b.type);

  it('are text of their paragraph by default, with a warning per line', () => {
    const { document, diagnostics } = readOrg('Intro\nD. We redefine the error\na) first\n');
    expect(document.children.map((b) => b.type)).toEqual(['paragraph']);
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual([
      '2:1 alphabetical-bullet',
      '3:1 alphabetical-bullet',
    ]);
  });

  it('start a list where the file sets the variable, first line or Local Variables', () => {
    expect(types('# -*- org-list-allow-alphabetical: t -*-\na. one\nb. two\n')).toEqual([
      'comment',
      'plain-list',
    ]);
    expect(
      types('a. one\nb. two\n\n# Local Variables:\n# org-list-allow-alphabetical: t\n# End:\n'),
    ).toEqual(['plain-list', 'comment']);
    expect(types('# -*- org-list-allow-alphabetical: nil -*-\na. one\n')).toEqual([
      'comment',
      'paragraph',
    ]);
    expect(readOrg('# -*- org-list-allow-alphabetical: t -*-\na. one\n').diagnostics).toEqual([]);
  });

  it('are looked for at line starts only, and at the paragraph end only in its last text', () => {
    const warned = (text: string) =>
      readOrg(text)
        .diagnostics.filter((d) => d.rule === 'alphabetical-bullet')
        .map((d) => `${d.line}:${d.column}`);
    // After an object the text does not start a line; after its newline it does.
    expect(warned('See *bold* a. not one\nb) one\n')).toEqual(['2:1']);
    // `x.y`, `e.g.` and a letter with no blank after are no bullets; the last line may end the paragraph.
    expect(warned('x.y\ne.g. here\nA.\n')).toEqual(['3:1']);
    // Indented continuation lines: the column is where the letter stands.
    expect(warned('- item\n  text\n  c. one\n')).toEqual(['3:3']);
  });
});

describe('dedicated targets (SPEC: org-element-target-parser)', () => {
  it('are target objects, not radio targets, and the heading text leaves them out', () => {
    const { document } = readOrg('* Packing <<packing>>\nsee <<<radio>>> and << a >>\n');
    const heading = document.headings[0]!;
    expect(heading.title.map((n) => n.type)).toEqual(['text', 'target']);
    expect(heading.title[1]).toMatchObject({
      type: 'target',
      value: 'packing',
      loc: { line: 1, column: 11 },
    });
    const paragraph = heading.content[0] as Paragraph;
    expect(paragraph.children.map((n) => n.type)).toEqual(['text']);
  });
});
