import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runConverter } from '@orgnotes/cli';
import { afterAll, describe, expect, it } from 'vitest';
import { converter } from '../src/index.js';
import { packagesAfterRun } from '../src/packages.js';
import { checkAnkiCsv, readAnkiCsv } from './anki-reader.js';
import { readPackage } from './apkg-reader.js';

const dir = mkdtempSync(path.join(tmpdir(), 'org2anki-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('org2anki -o DIR writes one CSV per Org file and the pictures under media/', async () => {
  const notes = path.join(dir, 'notes');
  mkdirSync(path.join(notes, 'sub/img'), { recursive: true });
  writeFileSync(path.join(notes, 'sub/img/a.png'), 'PNG');
  writeFileSync(
    path.join(notes, 'sub/x.org'),
    '* Q\n:PROPERTIES:\n:ID: q1\n:END:\n[[file:img/a.png]]\n',
  );
  writeFileSync(
    path.join(notes, 'y.org'),
    '#+TITLE: Y\n* R\n:PROPERTIES:\n:ID: r1\n:END:\nsee [[id:q1]]\n',
  );
  const out = path.join(dir, 'out');
  const previous = process.exitCode;
  try {
    await runConverter(converter, ['--separator', 'tab', '-o', out, notes]);
    expect(process.exitCode).toBe(0);
  } finally {
    process.exitCode = previous;
  }
  expect(readdirSync(out).sort()).toEqual(['media', 'sub', 'y.csv']);
  expect(readFileSync(path.join(out, 'media/sub_img_a.png'), 'utf8')).toBe('PNG');
  const x = readFileSync(path.join(out, 'sub/x.csv'), 'utf8');
  expect(checkAnkiCsv(x)).toEqual([]);
  expect(readAnkiCsv(x).notes[0]!.fields).toEqual(['Q', '<p><img src="sub_img_a.png"></p>']);
  // One deck for the set, named by the input folder: files in subfolders too.
  expect(readAnkiCsv(readFileSync(path.join(out, 'y.csv'), 'utf8')).notes[0]).toMatchObject({
    deck: 'notes',
    fields: ['R', '<p>see Q</p>'],
  });
  expect(readAnkiCsv(x).notes[0]!.deck).toBe('notes');
});

describe('packages from the command line', () => {
  const notes = path.join(dir, 'pkg-notes');
  mkdirSync(path.join(notes, 'img'), { recursive: true });
  writeFileSync(path.join(notes, 'img/a.png'), 'PNG-A');
  writeFileSync(
    path.join(notes, 'x.org'),
    '#+ANKI_DECK: Lang::German\n* Q\n:PROPERTIES:\n:ID: q1\n:END:\n[[file:img/a.png]]\n',
  );
  writeFileSync(
    path.join(notes, 'y.org'),
    '#+ANKI_DECK: Lang::French\n* R\n:PROPERTIES:\n:ID: r1\n:END:\nrouge\n',
  );
  writeFileSync(
    path.join(notes, 'z.org'),
    '#+ANKI_DECK: Maths\n* S\n:PROPERTIES:\n:ID: s1\n:END:\n$x^2$\n',
  );

  async function run(argv: string[]): Promise<void> {
    const previous = process.exitCode;
    try {
      await runConverter(converter, argv);
      await packagesAfterRun(argv);
      expect(process.exitCode).toBe(0);
    } finally {
      process.exitCode = previous;
    }
  }

  it('--package writes x.apkg beside x.csv, with the pictures inside', async () => {
    const out = path.join(dir, 'pkg-file');
    await run(['--package', '-o', out, notes]);
    expect(readdirSync(out).sort()).toEqual([
      'media',
      'x.apkg',
      'x.csv',
      'y.apkg',
      'y.csv',
      'z.apkg',
      'z.csv',
    ]);
    const x = readPackage(readFileSync(path.join(out, 'x.apkg')));
    expect(x.problems).toEqual([]);
    expect(x.notes.map((n) => n.guid)).toEqual(
      readAnkiCsv(readFileSync(path.join(out, 'x.csv'), 'utf8')).notes.map((n) => n.guid),
    );
    expect(x.media.get('img_a.png')!.toString()).toBe('PNG-A');
  });

  it('--package-only writes the packages alone', async () => {
    const out = path.join(dir, 'pkg-only');
    await run(['--package-only', '-o', out, notes]);
    expect(readdirSync(out).sort()).toEqual(['x.apkg', 'y.apkg', 'z.apkg']);
  });

  it('--package-per deck: one package per top-level deck; set: one for all; both stable', async () => {
    const out = path.join(dir, 'pkg-deck');
    await run(['--package-per', 'deck', '-o', out, notes]);
    expect(
      readdirSync(out)
        .filter((f) => f.endsWith('.apkg'))
        .sort(),
    ).toEqual(['Lang.apkg', 'Maths.apkg']);
    const lang = readPackage(readFileSync(path.join(out, 'Lang.apkg')));
    expect(lang.problems).toEqual([]);
    expect(lang.notes.map((n) => n.deck)).toEqual(['Lang::German', 'Lang::French']);
    expect(lang.decks).toEqual(['Default', 'Lang', 'Lang::French', 'Lang::German']);
    expect([...lang.media.keys()]).toEqual(['img_a.png']);
    expect(readPackage(readFileSync(path.join(out, 'Maths.apkg'))).media.size).toBe(0);

    const setOut = path.join(dir, 'pkg-set');
    await run(['--package-per', 'set', '--package-only', '-o', setOut, notes]);
    expect(readdirSync(setOut).sort()).toEqual(['pkg-notes.apkg']);
    const first = readFileSync(path.join(setOut, 'pkg-notes.apkg'));
    const all = readPackage(first);
    expect(all.problems).toEqual([]);
    expect(all.notes.map((n) => n.guid)).toEqual(
      [...lang.notes, ...readPackage(readFileSync(path.join(out, 'Maths.apkg'))).notes].map(
        (n) => n.guid,
      ),
    );
    await run(['--package-per', 'set', '--package-only', '-o', setOut, notes]);
    expect(readFileSync(path.join(setOut, 'pkg-notes.apkg')).equals(first)).toBe(true);
  });
});
