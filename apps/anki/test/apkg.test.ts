import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedFile } from '@orgnotes/vitest-config/corpus';
import { loadPackageWriter } from '../src/apkg.js';
import { checkAnkiCsv, readAnkiCsv } from './anki-reader.js';
import { dumpPackage, readPackage, unzip } from './apkg-reader.js';
import { convertText, type Converted } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));

beforeAll(loadPackageWriter);

/**
 * What the package and the CSV of one conversion must share: the same notes (GUIDs, in order),
 * note types, decks, tags and field values; and the package's pictures are the CSV's media
 * files, byte for byte.
 */
function expectPackageMatchesCsv(result: Converted): ReturnType<typeof readPackage> {
  expect(result.package).not.toBeNull();
  const read = readPackage(result.package!);
  expect(read.problems).toEqual([]);
  const csv = readAnkiCsv(result.csv);
  expect(read.notes.map((n) => n.guid)).toEqual(csv.notes.map((n) => n.guid));
  read.notes.forEach((note, i) => {
    const row = csv.notes[i]!;
    expect(note.noteType.toLowerCase()).toBe(row.notetype.toLowerCase());
    expect(note.deck).toBe(row.deck);
    expect(note.tags).toEqual(row.tags);
    const values = Object.values(note.fields);
    expect(values).toEqual(row.fields.slice(0, values.length));
    // The CSV pads rows to its widest note with empty fields, nothing else.
    expect(row.fields.slice(values.length).every((f) => f === '')).toBe(true);
  });
  const media = new Map(
    result.media.map((f) => [f.path.replace(/^media\//, ''), Buffer.from(f.content as Uint8Array)]),
  );
  expect([...read.media.keys()].sort()).toEqual([...media.keys()].sort());
  for (const [name, bytes] of read.media) expect(bytes.equals(media.get(name)!)).toBe(true);
  return read;
}

/** Each case: the diagnostics it must give (rule@line), and the cards each note must get. */
const cases: { name: string; diagnostics: string[]; cards: Record<string, number[]> }[] = [
  {
    name: 'math-and-image',
    diagnostics: [],
    cards: { 'math-image-0001': [0], 'math-image-0002': [0] },
  },
  {
    name: 'drill-cloze-hint',
    diagnostics: ['drill-card-type@14', 'drill-card-type@21'],
    cards: {},
  },
  { name: 'anki-editor-two-clozes', diagnostics: [], cards: {} },
  { name: 'reversed-note', diagnostics: [], cards: {} },
];

describe('packages: golden files, read back by better-sqlite3 and zlib', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const dir = path.join(here, 'fixtures', c.name);
      const result = convertText(readFileSync(path.join(dir, 'input.org'), 'utf8'), {
        path: 'input.org',
        root: dir,
        fileExists: existsSync,
        options: { package: true },
      });
      expect(result.diagnostics.map((d) => `${d.rule}@${d.line}`)).toEqual(c.diagnostics);
      expect(checkAnkiCsv(result.csv)).toEqual([]);
      expectPackageMatchesCsv(result);
      await expect(result.csv).toMatchFileSnapshot(`fixtures/${c.name}/expected.csv`);
      await expect(dumpPackage(result.package!)).toMatchFileSnapshot(
        `fixtures/${c.name}/expected.json`,
      );
    });
  }

  it('a card with math and an image: MathJax delimiters, TeX as written, the picture inside', () => {
    const dir = path.join(here, 'fixtures', 'math-and-image');
    const result = convertText(readFileSync(path.join(dir, 'input.org'), 'utf8'), {
      path: 'input.org',
      root: dir,
      fileExists: existsSync,
      options: { package: true },
    });
    const read = readPackage(result.package!);
    const sampling = read.notes[0]!.fields.Back!;
    expect(sampling).toContain('\\(B\\)');
    expect(sampling).toContain('\\(f_s &gt; 2B\\)');
    expect(sampling).toContain(
      '\\[x(t) = \\sum_{n} x[n]\\,\\mathrm{sinc}\\left(\\frac{t - nT}{T}\\right)\\]',
    );
    expect(sampling).toContain('\\[f_a = |f - k f_s|\\]');
    expect(sampling).toContain('not math: $x$ stays');
    expect(sampling).toContain('<img src="img_pipeline.png">');
    expect(read.notes[1]!.fields.Back).toContain(
      '\\[\\begin{equation}\nX(f) = \\int_{-\\infty}^{\\infty} x(t)\\, e^{-i 2 \\pi f t}\\, dt\n\\end{equation}\\]',
    );
    expect(
      read.media.get('img_pipeline.png')!.equals(readFileSync(path.join(dir, 'img/pipeline.png'))),
    ).toBe(true);
    expect(read.decks).toEqual(['Default', 'Maths', 'Maths::Signals']);
  });

  it('an org-drill cloze with a hint: numbered in order, hint kept, brackets of links and math left alone', () => {
    const dir = path.join(here, 'fixtures', 'drill-cloze-hint');
    const result = convertText(readFileSync(path.join(dir, 'input.org'), 'utf8'), {
      path: 'input.org',
      root: dir,
      options: { package: true },
    });
    const read = readPackage(result.package!);
    const [france, rivers, verb] = read.notes;
    expect(france!.noteType).toBe('Cloze');
    expect(france!.fields.Text).toContain('{{c1::Paris::city of light}}');
    expect(france!.fields.Text).toContain('{{c2::Seine}}');
    expect(france!.fields.Text).toContain('{{c3::105 km<sup>2</sup>}}');
    expect(france!.fields.Text).toContain(
      '<a href="https://en.wikipedia.org/wiki/Paris">Wikipedia</a>',
    );
    expect(france!.fields['Back Extra']).toBe(
      '<p><b>Extra</b></p><p>Population about 2.1 million.</p>',
    );
    expect(france!.cards).toEqual([0, 1, 2]);
    // `::` inside an answer would end it: written as a character reference.
    expect(rivers!.fields.Text).toContain('{{c3::Danube:&#58;Donau::longest}}');
    expect(rivers!.cards).toEqual([0, 1, 2]);
    expect(verb!.noteType).toBe('Basic');
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      'org-drill card type "show1cloze" of "Rivers of Germany" shows one deletion and hides the others; Anki has no such card, so it becomes one Cloze card per deletion',
      'org-drill card type "conjugate" of "German verb" is drawn from a table of verb forms while reviewing; Anki has no equivalent, so it is a front/back card of the item as written',
    ]);
  });

  it('an anki-editor cloze note with two cloze numbers gives two cards; a reversed note two', () => {
    const cloze = convertText(
      readFileSync(path.join(here, 'fixtures/anki-editor-two-clozes/input.org'), 'utf8'),
      { options: { package: true } },
    );
    const note = readPackage(cloze.package!).notes[0]!;
    expect(note.cards).toEqual([0, 1]);
    expect(note.fields.Text).toContain('{{c2::dem::article}}');
    const reversed = convertText(
      readFileSync(path.join(here, 'fixtures/reversed-note/input.org'), 'utf8'),
      { options: { package: true } },
    );
    const read = readPackage(reversed.package!);
    expect(read.notes.map((n) => [n.noteType, n.cards])).toEqual([
      ['Basic (and reversed card)', [0, 1]],
      ['Basic (and reversed card)', [0, 1]],
    ]);
    expect(read.notes[0]!.fields).toEqual({ Front: '<p>der Hund</p>', Back: '<p>the dog</p>' });
  });

  it("the seed's package opens and matches its CSV", () => {
    const result = convertText(readFileSync(seedFile, 'utf8'), {
      path: 'docker.org',
      options: { package: true },
    });
    const read = expectPackageMatchesCsv(result);
    expect(read.notes.length).toBeGreaterThan(5);
    // The notes' folder (convertText's root) names the deck.
    expect(read.decks).toContain('notes-root');
  });

  it('the same notes give the same bytes; SOURCE_DATE_EPOCH sets every time, not the ids', () => {
    const text = readFileSync(path.join(here, 'fixtures/reversed-note/input.org'), 'utf8');
    const first = convertText(text, { options: { package: true } }).package!;
    const second = convertText(text, { options: { package: true } }).package!;
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    const saved = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    try {
      const later = convertText(text, { options: { package: true } }).package!;
      expect(Buffer.from(later).equals(Buffer.from(first))).toBe(false);
      expect(readPackage(later).notes.map((n) => n.id)).toEqual(
        readPackage(first).notes.map((n) => n.id),
      );
    } finally {
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = saved;
    }
  });

  it('zip entries: collection, media map, numbered media; one fixed time', () => {
    const dir = path.join(here, 'fixtures', 'math-and-image');
    const result = convertText(readFileSync(path.join(dir, 'input.org'), 'utf8'), {
      path: 'input.org',
      root: dir,
      fileExists: existsSync,
      options: { package: true },
    });
    expect(unzip(result.package!).map((e) => e.name)).toEqual(['0', 'collection.anki2', 'media']);
  });
});

describe('packages: other note types', () => {
  it('an anki-editor note of a type Anki does not ship gets a type named so, with its subheadings as fields', () => {
    const r = convertText(
      '* Term\n:PROPERTIES:\n:ID: t1\n:ANKI_NOTE_TYPE: Vocab\n:END:\n** Word\nHund\n** Meaning {x}\ndog\n** Word\nagain\n',
      { options: { package: true } },
    );
    const read = readPackage(r.package!);
    expect(read.problems).toEqual([]);
    expect(read.noteTypes.find((t) => t.name === 'Vocab')!.fields).toEqual([
      'Word',
      'Meaning x',
      'Word 2',
    ]);
    expect(read.notes[0]!.fields).toEqual({
      Word: '<p>Hund</p>',
      'Meaning x': '<p>dog</p>',
      'Word 2': '<p>again</p>',
    });
    expect(read.notes[0]!.cards).toEqual([0]);
  });

  it('an optional reversed card is made only when Add Reverse is filled', () => {
    const note = (id: string, reverse: string) =>
      `* N ${id}\n:PROPERTIES:\n:ID: ${id}\n:ANKI_NOTE_TYPE: Basic (optional reversed card)\n:END:\n** Front\nf\n** Back\nb\n${reverse}`;
    const read = readPackage(
      convertText(note('o1', '') + note('o2', '** Add Reverse\ny\n'), {
        options: { package: true },
      }).package!,
    );
    expect(read.notes.map((n) => n.cards)).toEqual([[0], [0, 1]]);
  });
});
