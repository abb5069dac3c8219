/**
 * Issue 16 item 17: each internal link carries where it leads (file, heading path, ID, title)
 * in the JSON, derived at export; the document stays lossless (json2org gives the same bytes).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { printOrg, type Document } from '@orgnotes/core';
import { validateDocument } from '../src/index.js';
import { noteSetFixture } from './note-set-fixture.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const { sources, exported } = noteSetFixture('resolved-links');

interface LinkJson {
  type: 'link';
  rawLink: string;
  resolved?: unknown;
}

function links(value: unknown, out: LinkJson[] = []): LinkJson[] {
  if (Array.isArray(value)) for (const v of value) links(v, out);
  else if (value && typeof value === 'object') {
    if ((value as { type?: string }).type === 'link') out.push(value as LinkJson);
    for (const v of Object.values(value)) links(v, out);
  }
  return out;
}

describe('resolved links in the JSON', () => {
  it('golden files, valid against the schema', async () => {
    for (const source of sources) {
      const json = exported(source.path, { pretty: true });
      await expect(json).toMatchFileSnapshot(
        path.join(
          here,
          'fixtures',
          'resolved-links',
          'expected',
          source.path.replace(/\.org$/, '.json'),
        ),
      );
      expect(validateDocument(JSON.parse(json))).toEqual([]);
    }
  });

  it('gives each internal link its target: heading path, ID, title, file; none to a URL', () => {
    const found = links(JSON.parse(exported('a.org')));
    expect(found.map((l) => [l.rawLink, l.resolved])).toEqual([
      [
        'id:kleene-0001',
        {
          kind: 'heading',
          file: 'b.org',
          headingPath: ["Kleene's theorem"],
          id: 'kleene-0001',
          title: "Kleene's theorem",
        },
      ],
      [
        'file:b.org',
        { kind: 'document', file: 'b.org', headingPath: [], id: 'b-note-0001', title: 'Kleene' },
      ],
      [
        '*Closure',
        {
          kind: 'heading',
          file: 'a.org',
          headingPath: ['Regular languages', 'Closure'],
          id: null,
          title: 'Closure',
        },
      ],
      [
        'id:missing-0001',
        {
          kind: 'broken',
          file: null,
          headingPath: [],
          id: null,
          title: null,
          reason: 'no note has ID "missing-0001"',
        },
      ],
      ['https://example.org', undefined],
    ]);
  });

  it('stays out of the Org text: json2org gives back the same bytes', () => {
    for (const source of sources) {
      const value = JSON.parse(exported(source.path)) as Document;
      expect(links(value).some((l) => l.resolved !== undefined)).toBe(true);
      expect(printOrg(value)).toBe(source.text);
    }
  });
});
