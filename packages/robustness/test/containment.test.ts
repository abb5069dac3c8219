/**
 * Nothing escapes the notes' root or the output directory: links to files outside the root
 * (by `..`, by absolute path, or through a symbolic link inside the root) are never read or
 * copied (a warning instead), and no input can make an output land outside `-o DIR`.
 */
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildNoteSet } from '@orgnotes/core';
import { outputLocation } from '@orgnotes/cli';
import { CONVERTERS, convertSet, parseStderr, run, tempDir, type Bin } from './helpers.js';

const SECRET = 'TOP-SECRET-CONTENT-0xC0FFEE';

/** root/notes holds the notes; root/secret.png (outside the notes) must never be read. */
function setup(): { notes: string; outside: string } {
  const root = tempDir('contain');
  const notes = path.join(root, 'notes');
  mkdirSync(path.join(notes, 'sub'), { recursive: true });
  const outside = path.join(root, 'secret.png');
  writeFileSync(outside, SECRET);
  symlinkSync(outside, path.join(notes, 'innocent.png'));
  writeFileSync(
    path.join(notes, 'sub', 'note.org'),
    [
      '* Links out of the root',
      ':PROPERTIES:',
      ':ID: contain-1',
      ':END:',
      '[[file:../../secret.png]]',
      '[[file:../../../../../../../etc/passwd]]',
      `[[file:${outside}]]`,
      '[[file:~/.ssh/id_rsa]]',
      '[[file:../innocent.png]]',
      '',
    ].join('\n'),
  );
  return { notes, outside };
}

const everyFile = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? everyFile(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );

describe('links to files outside the notes root', () => {
  it.each(['org2json', 'org2md', 'org2anki', 'org2man'] as Bin[])(
    '%s neither reads nor copies them, and warns',
    (bin) => {
      const { notes } = setup();
      const out = path.join(path.dirname(notes), `out-${bin}`);
      const result = run(bin, ['-o', out, notes], { cwd: notes });
      const { diagnostics, stray } = parseStderr(result.stderr);
      expect(stray).toEqual([]);
      expect(result.status).toBe(0);
      const outsideWarnings = diagnostics.filter((d) => d.rule === 'outside-root');
      expect(outsideWarnings.map((d) => d.line).sort()).toEqual([5, 6, 7, 8]);
      for (const file of everyFile(out))
        expect(readFileSync(file, 'utf8'), file).not.toContain(SECRET);
      expect(everyFile(out).some((f) => f.includes('passwd') || f.includes('id_rsa'))).toBe(false);
    },
  );

  it('org2anki does not copy a picture that is a symbolic link leading outside the root', () => {
    const { notes } = setup();
    const out = path.join(path.dirname(notes), 'out-anki-symlink');
    const result = run('org2anki', ['-o', out, notes], { cwd: notes });
    expect(parseStderr(result.stderr).diagnostics).toContainEqual(
      expect.objectContaining({
        line: 9,
        message: expect.stringContaining("outside the notes' root"),
      }),
    );
    for (const file of everyFile(out)) expect(readFileSync(file, 'utf8')).not.toContain(SECRET);
  });
});

describe('outputs stay inside the output directory', () => {
  it('outputLocation refuses every path that leaves the directory', () => {
    const out = '/tmp/out';
    for (const bad of [
      '../x.md',
      '../../etc/passwd',
      '/etc/passwd',
      'a/../../x',
      '..',
      '.',
      '',
      'a/../..',
    ])
      expect(outputLocation(out, bad), bad).toBeUndefined();
    expect(outputLocation(out, 'a/b.md')).toBe('/tmp/out/a/b.md');
    expect(outputLocation(out, 'a/../b.md')).toBe('/tmp/out/b.md');
  });

  it('hostile names in notes (titles, IDs, CUSTOM_IDs, split pages, pictures) give output paths inside the directory', () => {
    const hostile = '../../../../tmp/evil';
    const text = [
      `#+TITLE: ${hostile}`,
      `#+EXPORT_FILE_NAME: ${hostile}`,
      `#+MAN_SECTION: ../1`,
      `* ${hostile}`,
      ':PROPERTIES:',
      `:ID: ${hostile}`,
      `:CUSTOM_ID: ${hostile}`,
      `:ANKI_DECK: ${hostile}`,
      ':END:',
      'Body.',
      `** /etc/passwd`,
      'More.',
      '',
    ].join('\n');
    const notes = buildNoteSet([
      { path: 'note.org', text },
      { path: 'dir/note.org', text },
    ]);
    for (const [name, converter] of Object.entries(CONVERTERS)) {
      for (const options of [{}, { 'split-level': '1' }, { 'split-level': '2' }]) {
        for (const { files } of convertSet(notes, converter, options)) {
          for (const file of files) {
            expect(outputLocation('/tmp/out', file.path), `${name}: ${file.path}`).toBeDefined();
          }
        }
      }
    }
  });
});
