import { describe, expect, it } from 'vitest';
import { cards, convertText } from './helpers.js';
import { checkAnkiCsv, readAnkiCsv } from './anki-reader.js';

const id = (n: number) => `:PROPERTIES:\n:ID:       id-${n}\n:END:\n`;

describe('which headings become notes', () => {
  it('--headings id: a heading with an :ID: and content of its own, with its parents as context', () => {
    const r = convertText(
      `* Top\n** Mid\n*** Leaf\n${id(1)}answer *here*\n*** Empty\n${id(2)}** No id\ntext\n`,
      { options: { headings: 'id' } },
    );
    expect(cards(r)).toEqual([
      { front: 'Top &gt; Mid &gt; Leaf', back: '<p>answer <b>here</b></p>' },
    ]);
    expect(r.notes[0]!.noteType).toBe('Basic');
    expect(checkAnkiCsv(r.csv)).toEqual([]);
  });

  it('--headings all makes every heading with content a note, warning about missing IDs', () => {
    const r = convertText(`* A\ntext a\n* B\n${id(1)}text b\n`, { options: { headings: 'all' } });
    expect(cards(r).map((c) => c.front)).toEqual(['A', 'B']);
    expect(r.diagnostics.filter((d) => d.rule === 'missing-id')).toHaveLength(1);
  });

  it('--headings none and --tables none make no notes', () => {
    const r = convertText(`* B\n${id(1)}text b\n| a | b |\n|---|---|\n| 1 | 2 |\n`, {
      options: { headings: 'none', tables: 'none' },
    });
    expect(r.notes).toEqual([]);
  });

  it('skips COMMENT, ARCHIVE and :noexport: subtrees', () => {
    const r = convertText(
      `* COMMENT c\n${id(1)}x\n* a :ARCHIVE:\n${id(2)}x\n* n :noexport:\n** inner\n${id(3)}x\n* kept\n${id(4)}x\n`,
    );
    expect(cards(r).map((c) => c.front)).toEqual(['kept']);
  });

  it('reports an unknown option value', () => {
    const r = convertText('* a\n', { options: { separator: 'semicolon' } });
    expect(r.diagnostics.map((d) => d.rule)).toEqual(['invalid-option']);
  });
});

describe('table rows', () => {
  const table = `* Cmds\n${id(7)}** sub\n| cmd | what | example |\n|-----+------+---------|\n| ls | list | ~ls -l~ |\n| | | |\n| rm | remove | |\n| solo | | |\n`;

  it('one note per non-empty row, cells labelled by their column header', () => {
    const r = convertText(table);
    expect(cards(r)).toEqual([
      {
        front: 'Cmds &gt; sub &gt; ls',
        back: '<b>what</b>: list<br><b>example</b>: <code>ls -l</code>',
      },
      { front: 'Cmds &gt; sub &gt; rm', back: '<b>what</b>: remove' },
    ]);
    expect(checkAnkiCsv(r.csv)).toEqual([]);
  });

  it("Org's special marker column and width-cookie rows are left out, as Org's exporters do", () => {
    const r = convertText(
      `* t\n${id(1)}| / | <5> | <>   |\n|   | name | value |\n|---+------+------|\n| # | a    | 1    |\n| ! | x    | y    |\n`,
      { options: { headings: 'none' } },
    );
    expect(cards(r)).toEqual([{ front: 't &gt; a', back: '<b>value</b>: 1' }]);
  });

  it('a table without a header rule makes no notes', () => {
    expect(
      convertText(`* t\n${id(1)}\n| a | b |\n| c | d |\n`, { options: { headings: 'none' } }).notes,
    ).toEqual([]);
  });

  it('a row with an empty first cell is reported, not turned into a front-less note', () => {
    const r = convertText(`* t\n${id(1)}| a | b |\n|---|---|\n| | orphan |\n`, {
      options: { headings: 'none' },
    });
    expect(r.notes).toEqual([]);
    expect(r.diagnostics.map((d) => d.rule)).toEqual(['empty-front']);
  });

  it('tables inside lists count too; a table before any heading has the file as context', () => {
    const r = convertText(
      `| k | v |\n|---|---|\n| x | 1 |\n* h\n- item\n  | k | v |\n  |---|---|\n  | y | 2 |\n`,
      { options: { headings: 'id' } },
    );
    expect(cards(r).map((c) => c.front)).toEqual(['x', 'h &gt; y']);
    expect(r.diagnostics.filter((d) => d.rule === 'missing-id')).toHaveLength(2);
  });
});

describe('anki-editor and org-drill conventions', () => {
  it('ANKI_NOTE_TYPE: subheadings are fields, in the stock type order', () => {
    const r = convertText(
      `* Q\n:PROPERTIES:\n:ID: e1\n:ANKI_NOTE_TYPE: Basic\n:END:\n** Back\nthe answer\n** Front\nthe question\n`,
    );
    expect(r.notes[0]!.fields).toEqual(['<p>the question</p>', '<p>the answer</p>']);
    expect(r.notes).toHaveLength(1);
  });

  it('Cloze notes keep {{c1::...}} and space out }} inside math', () => {
    const r = convertText(
      `* c\n:PROPERTIES:\n:ID: c1\n:ANKI_NOTE_TYPE: Cloze\n:END:\n** Text\nThe {{c1::capital}} is $\\frac{a}{b}$ and {{c2::$x^{y^{2}}$}}.\n** Back Extra\nmore\n`,
    );
    const note = r.notes[0]!;
    expect(note.noteType).toBe('Cloze');
    expect(note.fields[0]).toBe(
      '<p>The {{c1::capital}} is \\(\\frac{a}{b}\\) and {{c2::\\(x^{y^{2} }\\)}}.</p>',
    );
    expect(note.fields[1]).toBe('<p>more</p>');
    expect(r.diagnostics).toEqual([]);
  });

  it('a Cloze note without deletion is reported', () => {
    const r = convertText(
      `* c\n:PROPERTIES:\n:ID: c1\n:ANKI_NOTE_TYPE: Cloze\n:END:\nno deletion here\n`,
    );
    expect(r.diagnostics.map((d) => d.rule)).toEqual(['cloze-without-deletion']);
  });

  it('a note type without field subheadings is title + body; unknown types keep subheading order', () => {
    const r = convertText(
      `* T1\n:PROPERTIES:\n:ID: a\n:ANKI_NOTE_TYPE: Basic\n:END:\nbody\n* T2\n:PROPERTIES:\n:ID: b\n:ANKI_NOTE_TYPE: Vocab\n:END:\n** Word\nHund\n** Meaning\ndog\n** Example\nDer Hund\n`,
    );
    expect(r.notes.map((n) => n.fields)).toEqual([
      ['T1', '<p>body</p>'],
      ['<p>Hund</p>', '<p>dog</p>', '<p>Der Hund</p>'],
    ]);
    const file = readAnkiCsv(r.csv);
    expect(file.notes.map((n) => n.notetype)).toEqual(['Basic', 'Vocab']);
    expect(file.notes[0]!.fields).toEqual(['T1', '<p>body</p>', '']);
    expect(checkAnkiCsv(r.csv)).toEqual([]);
  });

  it(':drill: headings: front = title and body, back = subheadings; their subtree makes no other notes', () => {
    const r = convertText(
      `* Capital of France? :drill:\n${id(1)}Think.\n** Answer\nParis\n*** Sub\n${id(2)}not a separate card\n`,
    );
    expect(cards(r)).toEqual([
      {
        front: '<p><b>Capital of France?</b></p><p>Think.</p>',
        back: '<p><b>Answer</b></p><p>Paris</p><p><b>Sub</b></p><p>not a separate card</p>',
      },
    ]);
  });
});

describe('decks and tags', () => {
  it('deck: #+ANKI_DECK, then ANKI_DECK inherited, :: for subdecks', () => {
    const r = convertText(
      `#+TITLE: Title\n#+ANKI_DECK: Lang :: German\n* a\n:PROPERTIES:\n:ANKI_DECK: Lang::Nouns\n:END:\n** b\n${id(1)}x\n* c\n${id(2)}y\n`,
    );
    expect(r.notes.map((n) => n.deck)).toEqual(['Lang::Nouns', 'Lang::German']);
  });

  it('deck: the notes folder without #+ANKI_DECK, unless --deck; --deck-per-note: the title, else the file name, below it', () => {
    expect(
      convertText(`#+TITLE: My Notes\n* a\n${id(1)}x\n`, { root: '/home/me/roam' }).notes[0]!.deck,
    ).toBe('roam');
    expect(
      convertText(`#+TITLE: My Notes\n* a\n${id(1)}x\n`, {
        root: '/home/me/roam',
        options: { 'deck-per-note': true },
      }).notes[0]!.deck,
    ).toBe('roam::My Notes');
    expect(
      convertText(`* a\n${id(1)}x\n`, {
        path: 'dir/file-name.org',
        root: '/r/kb',
        options: { 'deck-per-note': true },
      }).notes[0]!.deck,
    ).toBe('kb::file-name');
    expect(
      convertText(`* a\n${id(1)}x\n`, { root: '/', options: { deck: 'Mine::Sub' } }).notes[0]!.deck,
    ).toBe('Mine::Sub');
    expect(convertText(`* a\n${id(1)}x\n`, { root: '/' }).notes[0]!.deck).toBe('Notes');
  });

  it('tags: #+filetags, inherited heading tags and ANKI_TAGS, valid and without duplicates', () => {
    const r = convertText(
      `#+filetags: :file:\n* a :outer:\n:PROPERTIES:\n:ANKI_TAGS: extra two::level\n:END:\n** b :inner:Outer:\n${id(1)}x\n`,
    );
    expect(r.notes[0]!.tags).toEqual(['file', 'outer', 'inner', 'extra', 'two::level']);
    expect(readAnkiCsv(r.csv).notes[0]!.tags).toEqual([
      'file',
      'outer',
      'inner',
      'extra',
      'two::level',
    ]);
  });
});

describe('field HTML', () => {
  const render = (body: string) => convertText(`* h\n${id(1)}${body}`).notes[0]!.fields[1];

  it('inline markup, escaping, and soft line breaks', () => {
    expect(
      render('*b* /i/ _u_ +s+ ~c<d>~ =v&= x^2 H_{2}O a < b & c\nnext line\\\\\nbroken\n'),
    ).toBe(
      '<p><b>b</b> <i>i</i> <u>u</u> <s>s</s> <code>c&lt;d&gt;</code> <code>v&amp;</code> x<sup>2</sup> H<sub>2</sub>O a &lt; b &amp; c next line<br>broken</p>',
    );
  });

  it('src blocks with their language, lines as <br>', () => {
    expect(render('#+begin_src sh\necho "a, b" > f\n  indented\n#+end_src\n')).toBe(
      '<pre><code class="language-sh">echo "a, b" &gt; f<br>  indented</code></pre>',
    );
  });

  it('lists, nested lists, descriptive lists and checkboxes', () => {
    expect(render('1. one\n   - [X] done\n   - [ ] todo\n2. two\n\nText.\n- term :: def\n')).toBe(
      '<ol><li>one<ul><li>☑ done</li><li>☐ todo</li></ul></li><li>two</li></ol><p>Text.</p><dl><dt>term</dt><dd>def</dd></dl>',
    );
  });

  it('tables with a header, empty rows left out', () => {
    expect(render('| a | b |\n|---+---|\n| 1 | 2 |\n|   |   |\n')).toBe(
      '<table border="1"><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>',
    );
  });

  it('id links become the target title (or their own description); web links stay links', () => {
    const r = convertText(
      `* h\n${id(1)}see [[id:id-2]] and [[id:id-2][that]] and [[https://x.org/?a=1&b="2"][site]]\n* Target *title*\n${id(2)}x\n`,
    );
    expect(r.notes[0]!.fields[1]).toBe(
      '<p>see Target title and that and <a href="https://x.org/?a=1&amp;b=&quot;2&quot;">site</a></p>',
    );
  });

  it('math, entities, footnotes, quotes, verse, drawers, comments', () => {
    expect(
      render(
        '$a<b$ \\(x\\) \\alpha [fn:1]\n\n#+begin_quote\nq\n#+end_quote\n# hidden\n:LOGBOOK:\nlog\n:END:\n:NOTES:\nshown\n:END:\n#+begin_verse\n  two\n lines\n#+end_verse\n\n[fn:1] the note\n',
      ),
    ).toBe(
      '<p>\\(a&lt;b\\) \\(x\\) α <sup>1</sup></p><blockquote><p>q</p></blockquote><p>shown</p><p>&nbsp;&nbsp;two<br>&nbsp;lines</p><div class="footnote"><sup>1</sup> the note</div>',
    );
  });

  it('a footnote defined elsewhere in the file follows the field that cites it', () => {
    const r = convertText(`* h\n${id(1)}text[fn:x]\n* Footnotes\n[fn:x] defined at the end\n`);
    expect(r.notes[0]!.fields[1]).toBe(
      '<p>text<sup>x</sup></p><div class="footnote"><sup>x</sup> defined at the end</div>',
    );
  });
});

describe('org-drill card types to Anki note types', () => {
  const drill = (type: string | null, body: string) =>
    `* Item :drill:\n:PROPERTIES:\n:ID: d1\n${type ? `:DRILL_CARD_TYPE: ${type}\n` : ''}:END:\n${body}`;

  it('hide1cloze and multicloze are Anki clozes exactly: numbered in order, no diagnostic', () => {
    for (const type of ['hide1cloze', 'multicloze', null]) {
      const r = convertText(drill(type, 'a [one] b [two||hint] c\n'));
      expect(r.notes[0]!.noteType).toBe('Cloze');
      expect(r.notes[0]!.fields[0]).toBe(
        '<p><b>Item</b></p><p>a {{c1::one}} b {{c2::two::hint}} c</p>',
      );
      expect(r.diagnostics).toEqual([]);
    }
  });

  it('brackets in code, math, timestamps and links are not deletions; unclosed ones stay as written', () => {
    const r = convertText(
      drill(null, 'x ~[code]~ \\[y\\] [2024-01-02 Tue] [[https://e.org][site]] [ ] [open\n'),
    );
    expect(r.notes[0]!.noteType).toBe('Basic');
    expect(r.notes[0]!.fields[1]).toContain('[open');
  });

  it('a deletion spanning markup keeps it; }} in an answer cannot end the cloze', () => {
    const r = convertText(drill(null, 'the [an *bold* answer] and [a}}b]\n'));
    expect(r.notes[0]!.fields[0]).toBe(
      '<p><b>Item</b></p><p>the {{c1::an <b>bold</b> answer}} and {{c2::a}&#125;b}}</p>',
    );
  });

  it('twosided is a reversed note over its two sides; multisided with three sides warns', () => {
    const two = convertText(drill('twosided', '** English\ndog\n** German\nHund\n'));
    expect(two.notes[0]!.noteType).toBe('Basic (and reversed card)');
    expect(two.notes[0]!.fields).toEqual([
      '<p><b>Item</b></p><p><b>English</b></p><p>dog</p>',
      '<p><b>German</b></p><p>Hund</p>',
    ]);
    expect(two.diagnostics).toEqual([]);
    const three = convertText(drill('multisided', '** A\na\n** B\nb\n** C\nc\n'));
    expect(three.notes[0]!.noteType).toBe('Basic (and reversed card)');
    expect(three.diagnostics.map((d) => d.rule)).toEqual(['drill-card-type', 'drill-card-type']);
  });

  it('a type with no Anki equivalent, or an unknown one, is a front/back card with a diagnostic naming it', () => {
    for (const type of ['translate_number', 'no_such_type']) {
      const r = convertText(drill(type, 'body\n'));
      expect(r.notes[0]!.noteType).toBe('Basic');
      expect(r.diagnostics.map((d) => [d.rule, d.message.includes(`"${type}"`)])).toEqual([
        ['drill-card-type', true],
      ]);
    }
  });

  it('a cloze type without deletions says so and is a front/back card', () => {
    const r = convertText(drill('hide1cloze', 'no deletion here\n'));
    expect(r.notes[0]!.noteType).toBe('Basic');
    expect(r.diagnostics.map((d) => d.rule)).toEqual(['cloze-without-deletion']);
  });
});
