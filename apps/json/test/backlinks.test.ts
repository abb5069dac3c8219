/**
 * Issue 14: the document, and each heading linked to, carry the places in the other exported
 * notes that link to them, derived at export; the document stays lossless (json2org gives
 * the same bytes).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { printOrg, type Document } from '@orgnotes/core';
import { validateDocument } from '../src/index.js';
import { noteSetFixture } from './note-set-fixture.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const { sources, exported } = noteSetFixture('backlinks');

interface HeadingJson {
  title: { value?: string }[];
  children: HeadingJson[];
  backlinks?: unknown;
}

function headingBacklinks(headings: HeadingJson[], out: [string, unknown][] = []) {
  for (const heading of headings) {
    out.push([heading.title.map((t) => t.value ?? '').join(''), heading.backlinks]);
    headingBacklinks(heading.children, out);
  }
  return out;
}

const reading = {
  file: 'intro.org',
  headingPath: ['Reading list'],
  id: 'reading-0001',
  title: 'Reading list',
};

describe('backlinks in the JSON', () => {
  it('golden files, valid against the schema', async () => {
    for (const source of sources) {
      const json = exported(source.path, { pretty: true, 'private-files': true });
      await expect(json).toMatchFileSnapshot(
        path.join(
          here,
          'fixtures',
          'backlinks',
          'expected',
          source.path.replace(/\.org$/, '.json'),
        ),
      );
      expect(validateDocument(JSON.parse(json))).toEqual([]);
    }
  });

  it('lists the linking places of the other exported notes, per note and per heading', () => {
    const value = JSON.parse(exported('graph.org')) as {
      backlinks?: unknown;
      headings: HeadingJson[];
    };
    // The private note's link is left out; the note's own link to Cycles is no backlink.
    expect(value.backlinks).toEqual([
      { file: 'intro.org', headingPath: [], id: null, title: 'Intro' },
      reading,
    ]);
    expect(headingBacklinks(value.headings)).toEqual([
      ['Trees', [reading]],
      ['Spanning trees', [reading]],
      ['Cycles', undefined],
    ]);
    expect(JSON.parse(exported('intro.org')).backlinks).toBeUndefined();
  });

  it('stays out of the Org text: json2org gives back the same bytes', () => {
    const value = JSON.parse(exported('graph.org')) as Document;
    expect(value.backlinks).toBeDefined();
    expect(printOrg(value)).toBe(sources.find((s) => s.path === 'graph.org')!.text);
  });
});
