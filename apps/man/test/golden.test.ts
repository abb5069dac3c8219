/**
 * Golden pages: every fixture (test/fixtures/<case>/input.org, with any other .org files
 * of its folder in the same note set) and the seed notes, checked byte for byte against
 * the expected pages beside them, and every page checked by the four validators.
 *
 * Layout, as every app's: the page named after the input is expected.<section> beside it
 * (expected.7); a conversion that gives several pages (--split-level) has each as
 * expected.<page file>; the diagnostics are expected.diagnostics.txt.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildNoteSet } from '@orgnotes/core';
import { describeNeeding, seedFile } from '@orgnotes/vitest-config/corpus';
import { createConverter } from '../src/index.js';
import { lintPages, missingLinters, type PageToLint } from './oracle.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, 'fixtures');
const FIXED_DATES = {
  sourceDateEpoch: () => undefined,
  gitDate: () => null,
  mtime: () => new Date('2024-05-06T12:00:00Z'),
};
const converter = createConverter({ dateSources: FIXED_DATES });

interface Converted {
  files: { path: string; content: string }[];
  diagnostics: string[];
}

export function convertFolder(
  dir: string,
  main: string,
  options: Record<string, string | undefined> = {},
): Converted {
  const sources = readdirSync(dir)
    .filter((name) => name.endsWith('.org'))
    .map((name) => ({
      path: name,
      text: readFileSync(path.join(dir, name), 'utf8'),
      absolutePath: path.join(dir, name),
    }));
  const notes = buildNoteSet(sources, { root: dir, fileExists: () => false });
  const document = notes.documents.find((d) => d.path === main)!;
  const diagnostics: string[] = [];
  const files = converter.convert(document, {
    notes,
    options,
    outputPath: main.replace(/\.org$/, '.7'),
    outputPathOf: (d) => d.path!.replace(/\.org$/, '.7'),
    report: (severity, rule, message, loc) =>
      diagnostics.push(
        `${main}:${loc?.line ?? 1}:${loc?.column ?? 1}: ${severity}: ${message} (${rule})`,
      ),
  });
  return { files: files.map((f) => ({ path: f.path, content: String(f.content) })), diagnostics };
}

/** Where a page's golden file is: expected.<section> for the one page named after the input. */
export function expectedPageFile(main: string, page: string, pageCount: number): string {
  const section = path.extname(page);
  return pageCount === 1 && page === main.replace(/\.org$/, section)
    ? `expected${section}`
    : `expected.${page}`;
}

const allPages: PageToLint[] = [];
const cases = readdirSync(fixtures)
  .filter((name) => readdirSync(path.join(fixtures, name)).some((file) => file.endsWith('.org')))
  .sort();

describe('golden pages', () => {
  for (const name of cases) {
    const dir = path.join(fixtures, name);
    it(name, async () => {
      const optionsFile = path.join(dir, 'options.json');
      const options = existsSync(optionsFile)
        ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as Record<string, string>)
        : {};
      // The page is named after the file: input.org, or the folder's only other .org file.
      const main = existsSync(path.join(dir, 'input.org'))
        ? 'input.org'
        : readdirSync(dir).find((f) => f.endsWith('.org'))!;
      const { files, diagnostics } = convertFolder(dir, main, options);
      for (const file of files) {
        allPages.push({ name: `${name}/${file.path}`, content: file.content });
        await expect(file.content).toMatchFileSnapshot(
          path.join(dir, expectedPageFile(main, file.path, files.length)),
        );
      }
      await expect(diagnostics.join('\n') + '\n').toMatchFileSnapshot(
        path.join(dir, 'expected.diagnostics.txt'),
      );
    });
  }

  it('the seed notes (notes/docker.org)', async () => {
    const { files } = convertFolder(path.dirname(seedFile), path.basename(seedFile));
    expect(files.map((f) => f.path)).toEqual(['docker.7']);
    allPages.push({ name: 'seed/docker.7', content: files[0]!.content });
    await expect(files[0]!.content).toMatchFileSnapshot(path.join(fixtures, 'seed', 'expected.7'));
  });

  it('is deterministic: the same notes give the same bytes', () => {
    const a = convertFolder(path.dirname(seedFile), path.basename(seedFile));
    const b = convertFolder(path.dirname(seedFile), path.basename(seedFile));
    expect(a.files).toEqual(b.files);
  });
});

describeNeeding(missingLinters, 'validators', () => {
  // Runs after the golden tests above have filled allPages (vitest runs files' tests in order).
  it('every golden page passes mandoc, groff, man and lexgrog without a message', async () => {
    expect(allPages.length).toBeGreaterThan(10);
    const messages = await lintPages(allPages);
    const failures = [...messages]
      .filter(([, m]) => m.length > 0)
      .map(([name, m]) => `${name}:\n  ${m.join('\n  ')}`);
    expect(failures).toEqual([]);
  });
});

afterAll(() => {
  allPages.length = 0;
});
