import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { seedFile } from '@orgnotes/vitest-config/corpus';
import type { FlagValue } from '@orgnotes/cli';
import { convertText } from './helpers.js';
import { checkAnkiCsv, readAnkiCsv } from './anki-reader.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Each case: the input, the options, and the diagnostics it must give (rule@line). */
const cases: {
  name: string;
  input?: string;
  options?: Record<string, FlagValue>;
  diagnostics: string[];
}[] = [
  { name: 'seed', input: seedFile, diagnostics: ['missing-id@53', 'missing-id@3'] },
  { name: 'anki-editor-and-cloze', diagnostics: [] },
  { name: 'org-drill', diagnostics: ['missing-id@12'] },
  { name: 'table-rows', diagnostics: [] },
  { name: 'csv-escaping', diagnostics: [] },
  { name: 'tab-separator', options: { separator: 'tab' }, diagnostics: [] },
  { name: 'decks-and-tags', diagnostics: [] },
  // Issue 16: an org-roam note gives its headings' cards, not a file card of its preamble.
  { name: 'roam-file-cards', diagnostics: [] },
  {
    name: 'roam-metadata-only',
    diagnostics: ['metadata-only@8', 'metadata-only@12', 'metadata-only@16'],
  },
  { name: 'cloze-in-notes', diagnostics: ['missing-id@5'] },
  { name: 'drill-question-body', diagnostics: [] },
  { name: 'deck-per-note', options: { 'deck-per-note': true }, diagnostics: ['missing-id@3'] },
  // The fixture of every export rule (packages/core/test/fixtures/export-rules, copied); its
  // text before the first heading is checked too, as a file card.
  { name: 'export-rules', options: { 'file-cards': true }, diagnostics: ['link-to-private@24'] },
  // Issue 16: dedicated targets, statistics cookies, org-ref labels, references and citations.
  { name: 'org-semantics', diagnostics: [] },
  // Issue 16 items 4 and 5: labelled theorem-like blocks; LaTeX outside MathJax as code.
  { name: 'theorem-blocks-and-latex', diagnostics: [] },
];

describe('golden files', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const input = c.input ?? path.join(here, 'fixtures', c.name, 'input.org');
      // The notes' folder names the deck: the fixture's folder (the seed's: notes).
      const root = c.name === 'seed' ? path.dirname(seedFile) : path.join(here, 'fixtures', c.name);
      const r = convertText(readFileSync(input, 'utf8'), {
        path: c.name === 'seed' ? 'docker.org' : 'input.org',
        root,
        options: c.options ?? {},
      });
      expect(r.diagnostics.map((d) => `${d.rule}@${d.line}`)).toEqual(c.diagnostics);
      expect(checkAnkiCsv(r.csv)).toEqual([]);
      await expect(r.csv).toMatchFileSnapshot(`fixtures/${c.name}/expected.csv`);
    });
  }
});

describe('special blocks and LaTeX environments, read back by the CSV reader', () => {
  const input = path.join(here, 'fixtures', 'theorem-blocks-and-latex', 'input.org');
  const csv = readAnkiCsv(convertText(readFileSync(input, 'utf8'), { path: 'input.org' }).csv);

  it('a theorem is a <div class="theorem"> led by its label, a proof by "Proof."', () => {
    const fields = csv.notes[0]!.fields.join('\n');
    expect(fields).toContain(
      '<div class="theorem"><p><b>Theorem (Pumping Lemma).</b> If \\(L\\) is regular',
    );
    expect(fields).toContain('<div class="proof"><p><b>Proof.</b> Take');
  });

  it('an algorithm is LaTeX code, not MathJax math; align stays math', () => {
    const fields = csv.notes[1]!.fields.join('\n');
    expect(fields).toContain('<pre><code class="language-latex">\\begin{algorithm}');
    expect(fields).toContain('$a &lt; b$');
    expect(fields).not.toContain('\\[\\begin{algorithm}');
    expect(fields).toContain('\\[\\begin{align}');
  });
});
