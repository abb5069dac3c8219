import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildNoteSet } from '@orgnotes/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flatMediaName } from '../src/index.js';
import { convertText } from './helpers.js';
import { checkAnkiCsv } from './anki-reader.js';

let dir: string;
let root: string;
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'org2anki-media-'));
  root = path.join(dir, 'notes');
  mkdirSync(path.join(root, 'images/sub'), { recursive: true });
  writeFileSync(path.join(root, 'images/sub/pic.png'), png);
  writeFileSync(path.join(dir, 'secret.png'), 'outside');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const card = (link: string) => `* h\n:PROPERTIES:\n:ID: m\n:END:\n${link}\n`;

describe('pictures', () => {
  it('an image inside the root is copied under a flat name with its bytes', () => {
    const r = convertText(card('[[file:images/sub/pic.png]] and [[./images/sub/pic.png]]'), {
      root,
      path: 'deck.org',
      fileExists: () => true,
    });
    expect(r.notes[0]!.fields[1]).toBe(
      '<p><img src="images_sub_pic.png"> and <img src="images_sub_pic.png"></p>',
    );
    expect(r.media.map((m) => m.path)).toEqual(['media/images_sub_pic.png']);
    expect(Buffer.from(r.media[0]!.content)).toEqual(Buffer.from(png));
    expect(checkAnkiCsv(r.csv)).toEqual([]);
  });

  it('a missing image is a missing-file warning, not a failure: the card shows its path', () => {
    const r = convertText(card('[[file:images/nope.png]]'), { root, path: 'deck.org' });
    expect(r.notes[0]!.fields[1]).toBe('<p>images/nope.png</p>');
    expect(r.media).toEqual([]);
    expect(r.set.diagnostics.map((d) => d.rule)).toEqual(['missing-file']);
  });

  it('a link outside the notes root is never read', () => {
    const r = convertText(card('[[file:../secret.png]]'), {
      root,
      path: 'deck.org',
      fileExists: () => true,
    });
    expect(r.media).toEqual([]);
    expect(r.notes[0]!.fields[1]).toBe('<p>../secret.png</p>');
    expect(r.set.diagnostics.map((d) => d.rule)).toEqual(['outside-root']);
  });

  it('a described file link is a link text, not a picture', () => {
    const r = convertText(card('[[file:images/sub/pic.png][the picture]]'), {
      root,
      path: 'deck.org',
      fileExists: () => true,
    });
    expect(r.notes[0]!.fields[1]).toBe('<p>the picture</p>');
    expect(r.media).toEqual([]);
  });

  it('flat names never collide, whichever file is converted first', () => {
    const set = buildNoteSet(
      [{ path: 'x.org', text: '[[file:a_b/c.png]]\n\n[[file:a/b_c.png]]\n' }],
      { root, fileExists: () => true },
    );
    const b = flatMediaName(set, 'a_b/c.png');
    const a = flatMediaName(set, 'a/b_c.png');
    // a/b_c.png comes first in path order ('/' sorts before '_'), so it keeps the plain name.
    expect(a).toBe('a_b_c.png');
    expect(b).not.toBe(a);
    expect(b).toMatch(/^[0-9a-f]{8}_a_b_c\.png$/);
    expect(flatMediaName(set, 'a_b/c.png')).toBe(b);
  });
});
