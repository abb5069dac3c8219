import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runConverter } from '@orgnotes/cli';
import { afterAll, expect, it } from 'vitest';
import { converter } from '../src/index.js';
import { checkAnkiCsv, readAnkiCsv } from './anki-reader.js';

const dir = mkdtempSync(path.join(tmpdir(), 'org2anki-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('org2anki -o DIR writes one CSV per Org file and the pictures under media/', async () => {
  const notes = path.join(dir, 'notes');
  mkdirSync(path.join(notes, 'sub/img'), { recursive: true });
  writeFileSync(path.join(notes, 'sub/img/a.png'), 'PNG');
  writeFileSync(path.join(notes, 'sub/x.org'), '* Q\n:PROPERTIES:\n:ID: q1\n:END:\n[[file:img/a.png]]\n');
  writeFileSync(path.join(notes, 'y.org'), '#+TITLE: Y\n* R\n:PROPERTIES:\n:ID: r1\n:END:\nsee [[id:q1]]\n');
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
  expect(readAnkiCsv(readFileSync(path.join(out, 'y.csv'), 'utf8')).notes[0]).toMatchObject({ deck: 'Y', fields: ['R', '<p>see Q</p>'] });
});
