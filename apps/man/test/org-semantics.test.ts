/**
 * Org semantics from real org-roam notes (issue 16), as a reader of the page sees them:
 * each fixture's page through mandoc, groff, `man -l` and lexgrog, then rendered by `man -l`
 * at 80 columns.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { buildNoteSet } from '@orgnotes/core';
import { describeNeeding } from '@orgnotes/vitest-config/corpus';
import { createConverter } from '../src/index.js';
import { lintPages, missingLinters, renderText } from './oracle.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const converter = createConverter({
  dateSources: {
    sourceDateEpoch: () => undefined,
    gitDate: () => null,
    mtime: () => new Date('2024-05-06T12:00:00Z'),
  },
});

/** The page of a fixture's input.org, the folder's other notes in the same set. */
function page(name: string): string {
  const dir = path.join(fixtures, name);
  const sources = readdirSync(dir)
    .filter((f) => f.endsWith('.org'))
    .map((f) => ({
      path: f,
      text: readFileSync(path.join(dir, f), 'utf8'),
      absolutePath: path.join(dir, f),
    }));
  const notes = buildNoteSet(sources, { root: dir, fileExists: () => false });
  const document = notes.documents.find((d) => d.path === 'input.org')!;
  const files = converter.convert(document, {
    notes,
    options: {},
    outputPath: 'input.7',
    outputPathOf: (d) => d.path!.replace(/\.org$/, '.7'),
    report: () => {},
  });
  return String(files[0]!.content);
}

async function rendered(name: string): Promise<string> {
  const content = page(name);
  const messages = await lintPages([{ name: `${name}.7`, content }]);
  expect(messages.get(`${name}.7`)).toEqual([]);
  // One line per paragraph: filling breaks lines where the width says.
  return (await renderText(content)).replace(/\s+/g, ' ');
}

describeNeeding(missingLinters, 'issue 16 in man -l at 80 columns', () => {
  it('statistics cookies keep the space after them', async () => {
    const text = await rendered('statistics-cookies');
    expect(text).toContain('[0/3] Equipment:');
    expect(text).toContain('[50%] done, [1/2] more');
  });

  it('dedicated targets are hidden and links to them name their section', async () => {
    const text = await rendered('dedicated-targets');
    expect(text).not.toMatch(/<<(intro|packing|bin|later)>>/);
    expect(text).toContain('A target before any heading: here. PACKING');
    expect(text).toContain(
      'Check the packing (see PACKING) list and the bin packing (see BIN PACKING) notes',
    );
  });

  it('alphabetical bullets stay text of their paragraph (Org default)', async () => {
    const text = await rendered('alphabetical-bullets');
    expect(text).toContain(
      'their paragraph: D. We redefine the true error to be: a) the first part, a. the second part.',
    );
  });

  it('org-ref labels and bibliography lines show nothing; references and citations do', async () => {
    const text = await rendered('org-ref-links');
    expect(text).not.toMatch(/label:|bibliography|unsrt|refs\.bib/);
    expect(text).toContain('As in eqn:threshold (see SOLVING FOR THE EQUATION), see (eqn:two)');
    expect(text).toContain('[@smith2020; @doe2019]');
  });

  it('roam: links name the page they lead to', async () => {
    const text = await rendered('roam-links');
    expect(text).toContain('by title: beta(7)');
    expect(text).toContain('no such note: Nothing');
  });
});
