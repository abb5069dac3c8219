import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir, corpusFiles, describeCorpus, expectedCorpusFiles, seedFile } from '@orgnotes/vitest-config/corpus';
import { printOrg, readOrg } from '../src/index.js';
import { readFixture, semantic } from './helpers.js';

/** Canonical printing: every node printed as if a program had built it, no source reused. */
function canonical(text: string): { before: unknown; after: unknown } {
  const before = semantic(readOrg(text).document);
  const printed = printOrg(before as never);
  return { before, after: semantic(readOrg(printed).document) };
}

describe('byte round trip', () => {
  it('gives the seed back byte for byte', () => {
    const text = readFileSync(seedFile, 'utf8');
    expect(printOrg(readOrg(text).document)).toBe(text);
  });

  for (const name of ['every-construct', 'parser-exception', 'line-break-at-line-start', 'crlf-bom']) {
    it(`gives ${name} back byte for byte`, () => {
      const text = readFixture(name);
      expect(printOrg(readOrg(text).document)).toBe(text);
    });
  }

  it('keeps a byte-order mark and CR LF line endings', () => {
    const text = readFixture('crlf-bom');
    const { document } = readOrg(text);
    expect(document.src).toMatchObject({ bom: true, eol: 'crlf' });
    expect(document.meta.title).toBe('CRLF');
    expect(printOrg(document)).toBe(text);
  });
});

describe('canonical printing reads back as the same model', () => {
  for (const name of ['every-construct', 'parser-exception', 'line-break-at-line-start']) {
    it(name, () => {
      const { before, after } = canonical(readFixture(name));
      expect(after).toEqual(before);
    });
  }
  it('the seed', () => {
    const { before, after } = canonical(readFileSync(seedFile, 'utf8'));
    expect(after).toEqual(before);
  });
});

// Files whose canonical print (every node printed as new) reads back differently: uniorg
// quirks with `*` list bullets at odd indentation, `-i` src blocks, whitespace-only lines in
// blocks and emphasis next to slashes. Byte-exact printing of these files is unaffected;
// this list may only shrink (the totals test fails when a listed file starts passing).
const CANONICAL_KNOWN_DIFFERENT = new Set([
  'org-mode/doc/org-manual.org',
  'worg/archive/fireforg.org',
  'worg/exporters/beamer/beamer-dual-format.org',
  'worg/exporters/org-element-docstrings.org',
  'worg/org-faq.org',
  'worg/org-hacks.org',
  'worg/org-survey.org',
  'worg/org-syntax.org',
  'worg/org-tutorials/org-R/variable-popcon.org',
  'worg/org-tutorials/org-outside-org.org',
  'worg/org-tutorials/org-reference-guide-es.org',
  'worg/org-tutorials/org-ruby.org',
  'worg/topics/planning-timestamps.org',
]);

describeCorpus('the shared corpus', () => {
  const files = corpusFiles();
  const results: { file: string; identical: boolean; semantic: boolean; canonical: boolean }[] = [];

  it.each(files.map((file) => [path.relative(corpusDir!, file), file]))('%s', (relative, file) => {
    const text = readFileSync(file, 'utf8');
    const { document } = readOrg(text, { path: relative });
    const printed = printOrg(document);
    const identical = printed === text;
    const reread = semantic(readOrg(printed, { path: relative }).document);
    const sameModel = JSON.stringify(reread) === JSON.stringify(semantic(document));
    const { before, after } = canonical(text);
    const canonicalSame = JSON.stringify(before) === JSON.stringify(after);
    results.push({ file: relative, identical, semantic: sameModel, canonical: canonicalSame });
    expect(identical, 'byte round trip').toBe(true);
    expect(sameModel, 'semantic round trip').toBe(true);
    if (!CANONICAL_KNOWN_DIFFERENT.has(relative)) expect(canonicalSame, 'canonical print reads back as the same model').toBe(true);
  });

  it('reports the totals', () => {
    const identical = results.filter((r) => r.identical).length;
    const canonicalSame = results.filter((r) => r.canonical).length;
    console.log(`byte round trip: ${identical}/${files.length} files identical; canonical print: ${canonicalSame}/${files.length} read back as the same model`);
    expect(files).toHaveLength(expectedCorpusFiles());
    expect(identical).toBe(files.length);
    expect(results.filter((r) => r.canonical && CANONICAL_KNOWN_DIFFERENT.has(r.file)).map((r) => r.file), 'fixed files to remove from CANONICAL_KNOWN_DIFFERENT').toEqual([]);
  });
});
