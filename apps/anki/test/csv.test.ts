import { describe, expect, it } from 'vitest';
import {
  cleanDeck,
  cleanTag,
  escapeAttribute,
  escapeHtml,
  writeAnkiCsv,
  type AnkiNote,
} from '../src/index.js';
import { checkAnkiCsv, htmlProblems, readAnkiCsv } from './anki-reader.js';

function note(fields: string[], extra: Partial<AnkiNote> = {}): AnkiNote {
  return {
    guid: 'g' + fields.join('').length + Math.random().toString(36).slice(2, 8),
    noteType: 'Basic',
    deck: 'D',
    tags: [],
    fields,
    origin: 'heading',
    line: 1,
    key: [],
    ...extra,
  };
}

describe('CSV fields read back as Anki reads them', () => {
  const tricky = [
    'a, b',
    'say "hi"',
    'line one\nline two',
    'crlf\r\nend',
    '#not a comment',
    '# also not',
    'tab\there',
    'semi;colon|pipe:colon',
    '',
    '  spaces  ',
    'ünïcödé 日本語 🎉',
  ];

  for (const separator of ['comma', 'tab'] as const) {
    it(`keeps every field intact with --separator ${separator}`, () => {
      const notes = tricky.map((value, i) => note([value || 'front', value], { guid: `guid${i}` }));
      const csv = writeAnkiCsv(notes, separator);
      const file = readAnkiCsv(csv);
      expect(file.delimiter).toBe(separator === 'comma' ? ',' : '\t');
      expect(file.notes.map((n) => n.fields[1])).toEqual(tricky.map((v) => v.replace(/\r/g, '')));
      expect(file.notes.map((n) => n.guid)).toEqual(tricky.map((_, i) => `guid${i}`));
      expect(checkAnkiCsv(csv, { html: false })).toEqual([]);
    });
  }

  it('quotes a first field that starts with #, which Anki would otherwise drop as a comment', () => {
    const csv = writeAnkiCsv([note(['x', 'y'], { guid: '#guid' })], 'comma');
    expect(csv).toContain('\n"#guid",');
    expect(readAnkiCsv(csv).notes[0]!.guid).toBe('#guid');
  });

  it('writes the headers Anki reads, #separator first', () => {
    const csv = writeAnkiCsv(
      [note(['f', 'b'], { guid: 'abc', tags: ['t1', 't2'], deck: 'A::B', noteType: 'Cloze' })],
      'tab',
    );
    const file = readAnkiCsv(csv);
    expect(csv.split('\n')[0]).toBe('#separator:Tab');
    expect(Object.fromEntries(file.headers)).toEqual({
      separator: 'Tab',
      html: 'true',
      'notetype column': '2',
      'deck column': '3',
      'tags column': '4',
      'guid column': '1',
      columns: 'GUID\tNote type\tDeck\tTags\tFront\tBack',
    });
    expect(file.columns).toEqual(['GUID', 'Note type', 'Deck', 'Tags', 'Front', 'Back']);
    expect(file.notes[0]).toEqual({
      guid: 'abc',
      notetype: 'Cloze',
      deck: 'A::B',
      tags: ['t1', 't2'],
      fields: ['f', 'b'],
    });
  });

  it('pads every row to the widest note', () => {
    const csv = writeAnkiCsv(
      [note(['a', 'b'], { guid: '1' }), note(['a', 'b', 'c', 'd'], { guid: '2' })],
      'comma',
    );
    const file = readAnkiCsv(csv);
    expect(file.columns).toHaveLength(8);
    expect(file.rows.map((r) => r.length)).toEqual([8, 8]);
    expect(checkAnkiCsv(csv, { html: false })).toEqual([]);
  });

  it('writes NFC text without control characters', () => {
    const decomposed = 'e\u0301';
    const csv = writeAnkiCsv(
      [note([`x${decomposed}\u0007\u001b\u0085y`, 'b'], { guid: '1' })],
      'comma',
    );
    expect(readAnkiCsv(csv).notes[0]!.fields[0]).toBe('x\u00e9y');
    expect(checkAnkiCsv(csv, { html: false })).toEqual([]);
  });

  it('a file without notes is only headers', () => {
    const csv = writeAnkiCsv([], 'comma');
    expect(readAnkiCsv(csv).rows).toEqual([]);
    expect(checkAnkiCsv(csv)).toEqual([]);
  });
});

describe('the oracle itself catches broken files', () => {
  const head =
    '#separator:Comma\n#html:true\n#notetype column:2\n#deck column:3\n#tags column:4\n#guid column:1\n#columns:GUID,Note type,Deck,Tags,Front,Back\n';
  it('accepts a good file', () => {
    expect(checkAnkiCsv(head + 'g1,Basic,D,,front,back\n')).toEqual([]);
  });
  it('sees an unquoted # as a comment: the note is lost, the row count differs', () => {
    const file = readAnkiCsv(head + 'g1,Basic,D,,front,back\n#g2,Basic,D,,f,b\n');
    expect(file.rows).toHaveLength(1);
  });
  it('flags uneven rows, repeated GUIDs, empty fronts, bad HTML, bad decks', () => {
    const problems = checkAnkiCsv(
      head + 'g1,Basic,D,,front\ng1,Basic,D,,,b\ng2,Basic,A:: ::B,,a < b,<p>x\n',
    );
    expect(problems.join('\n')).toMatch(/record 1: 5 fields, 6 columns/);
    expect(problems.join('\n')).toMatch(/GUID g1 repeated/);
    expect(problems.join('\n')).toMatch(/record 2: empty first field/);
    expect(problems.join('\n')).toMatch(/unescaped "<"/);
    expect(problems.join('\n')).toMatch(/unclosed <p>/);
    expect(problems.join('\n')).toMatch(/bad deck/);
  });
  it('flags a missing #separator', () => {
    expect(checkAnkiCsv('g1,Basic,D,,f,b\n')[0]).toMatch(/separator/);
  });
});

describe('escaping tables', () => {
  it('escapes text and attributes for HTML', () => {
    expect(escapeHtml('a < b && c > "d"')).toBe('a &lt; b &amp;&amp; c &gt; "d"');
    expect(escapeAttribute('x" onload="y&')).toBe('x&quot; onload=&quot;y&amp;');
    expect(htmlProblems(escapeHtml('<script>&'))).toEqual([]);
  });
  it('makes tags valid for Anki', () => {
    expect(cleanTag(' two words ')).toBe('two_words');
    expect(cleanTag('a::b')).toBe('a::b');
    expect(cleanTag('q"t')).toBe('qt');
  });
  it('normalises deck names', () => {
    expect(cleanDeck(' Docker  Notes :: Glossary ')).toBe('Docker Notes::Glossary');
    expect(cleanDeck('a::::b::')).toBe('a::b');
    expect(cleanDeck('  ')).toBe('Default');
  });
});
