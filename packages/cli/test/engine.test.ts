/**
 * The export engine with fake converters, on notes in a temporary directory: which documents
 * an incremental run converts again, and what a warm run reports. File times are set to fixed
 * dates, so that which file counts as changed never depends on when the test runs.
 */
import { mkdir, mkdtemp, readFile, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { forEachLink, plainText, walkHeadings, type Document, type Link } from '@orgnotes/core';
import { describe, expect, it } from 'vitest';
import { ParseCache } from '../src/cache.js';
import type { ConvertContext, Converter, SetContext } from '../src/converter.js';
import { exportOnce, type ExportOptions } from '../src/engine.js';

/** Seconds since the epoch, long before any run of this test. */
const WRITTEN_AT = 1_600_000_000;
const EDITED_AT = WRITTEN_AT + 100;

/**
 * A converter that records which documents it converts and writes each one's outline: its
 * headings, and where each link points (the target heading's title, so that a changed target
 * changes the output). A document titled "warn" gets a warning.
 */
function outlineConverter(name = 'outline', dependency?: () => string) {
  const converted: string[] = [];
  const converter: Converter = {
    name,
    summary: 'an outline of each note, for tests',
    version: '1.0.0',
    extension: '.txt',
    convert(document: Document, context: ConvertContext) {
      converted.push(document.path ?? '<stdin>');
      if (document.meta.title === 'warn')
        context.report('warning', 'fake-warning', 'asked to warn');
      const target = (link: Link) => {
        const found = context.notes.resolveLink(link, document);
        return found?.kind === 'heading'
          ? `${found.document.path}: ${plainText(found.heading.title)}`
          : (found?.kind ?? 'external');
      };
      const lines = [`title ${document.meta.title ?? ''}`];
      forEachLink(document.children, (link) => lines.push(`link ${target(link)}`));
      walkHeadings(document.headings, null, (heading) => {
        lines.push(`heading ${plainText(heading.title)}`);
        forEachLink(heading.content, (link) => lines.push(`link ${target(link)}`));
      });
      return [{ path: context.outputPath, content: `${lines.join('\n')}\n` }];
    },
    ...(dependency ? { dependencies: () => dependency() } : {}),
  };
  return { converter, converted };
}

const NOTES = {
  'a.org': '#+TITLE: A\n* Links\nSee [[id:b-target][B]].\n',
  'b.org': '#+TITLE: B\n* Target\n:PROPERTIES:\n:ID: b-target\n:END:\nText.\n',
  'c.org': '#+TITLE: warn\n* Alone\n',
};

/** Writes (or rewrites) notes, each with a fixed modification time. */
async function writeNotes(dir: string, files: Record<string, string>, at = WRITTEN_AT) {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
    await utimes(file, at, at);
  }
}

async function workspace() {
  const base = await mkdtemp(path.join(os.tmpdir(), 'orgnotes-engine-'));
  const notes = path.join(base, 'notes');
  const out = path.join(base, 'out');
  await writeNotes(notes, NOTES);
  const options: ExportOptions = {
    cache: new ParseCache(path.join(base, 'cache')),
    jobs: 0,
    progress: false,
    check: false,
    clean: false,
  };
  const run = (
    converter: Converter,
    overrides: Partial<ExportOptions> = {},
    converterOptions = {},
  ) =>
    exportOnce([notes], [{ converter, outDir: out, options: converterOptions }], {
      ...options,
      ...overrides,
    });
  return { notes, out, run };
}

describe('an incremental export', () => {
  it('converts every document the first time, and none when nothing changed', async () => {
    const { out, run } = await workspace();
    const first = outlineConverter();
    const cold = await run(first.converter);
    expect(first.converted).toEqual(['a.org', 'b.org', 'c.org']);
    expect(cold.summary).toMatchObject({ converted: 3, unchanged: 0 });
    expect(await readFile(path.join(out, 'a.txt'), 'utf8')).toBe(
      'title A\nheading Links\nlink b.org: Target\n',
    );

    const second = outlineConverter();
    const warm = await run(second.converter);
    expect(second.converted).toEqual([]);
    expect(warm.summary).toMatchObject({ converted: 0, unchanged: 3, written: [] });
    // The kept documents' findings are reported again: a warm run says what a cold one said.
    expect(warm.diagnostics).toEqual(cold.diagnostics);
    expect(cold.diagnostics.map((d) => `${d.path}: ${d.rule}`)).toEqual(['c.org: fake-warning']);
  });

  it('converts a document whose text changed, and keeps the others', async () => {
    const { notes, out, run } = await workspace();
    await run(outlineConverter().converter);
    await writeNotes(notes, { 'c.org': '#+TITLE: C\n* Alone, edited\n' }, EDITED_AT);
    const again = outlineConverter();
    const result = await run(again.converter);
    expect(again.converted).toEqual(['c.org']);
    expect(result.summary).toMatchObject({ converted: 1, unchanged: 2 });
    expect(result.diagnostics).toEqual([]);
    expect(await readFile(path.join(out, 'c.txt'), 'utf8')).toBe(
      'title C\nheading Alone, edited\n',
    );
  });

  it('converts a document again when what its link points to changed, though its own text did not', async () => {
    const { notes, out, run } = await workspace();
    await run(outlineConverter().converter);
    await writeNotes(
      notes,
      { 'b.org': NOTES['b.org'].replace('* Target', '* Renamed target') },
      EDITED_AT,
    );
    const again = outlineConverter();
    await run(again.converter);
    expect(again.converted).toEqual(['a.org', 'b.org']);
    expect(await readFile(path.join(out, 'a.txt'), 'utf8')).toBe(
      'title A\nheading Links\nlink b.org: Renamed target\n',
    );
  });

  it('rewrites an output edited by hand', async () => {
    const { out, run } = await workspace();
    await run(outlineConverter().converter);
    const edited = path.join(out, 'b.txt');
    await writeFile(edited, 'edited by hand\n');
    await utimes(edited, EDITED_AT, EDITED_AT);
    const again = outlineConverter();
    const result = await run(again.converter);
    expect(again.converted).toEqual(['b.org']);
    expect(result.summary.written.map((p) => path.basename(p))).toEqual(['b.txt']);
    expect(await readFile(edited, 'utf8')).toBe('title B\nheading Target\n');
  });

  it("converts again when a converter's own dependency changed", async () => {
    const { run } = await workspace();
    let date = '2024-01-01';
    await run(outlineConverter('outline', () => date).converter);
    date = '2024-02-01';
    const again = outlineConverter('outline', () => date);
    await run(again.converter);
    expect(again.converted).toEqual(['a.org', 'b.org', 'c.org']);
  });

  it('starts afresh when the options change, and leaves no state behind with --check', async () => {
    const { notes, run } = await workspace();
    await run(outlineConverter().converter);
    const otherOptions = outlineConverter();
    await run(otherOptions.converter, {}, { level: '2' });
    expect(otherOptions.converted).toEqual(['a.org', 'b.org', 'c.org']);

    await writeNotes(notes, { 'c.org': '#+TITLE: C\n' }, EDITED_AT);
    const checked = outlineConverter();
    const check = await run(checked.converter, { check: true });
    expect(checked.converted).toEqual(['c.org']);
    expect(check.summary.stale.map((s) => [path.basename(s.path), s.reason])).toEqual([
      ['c.txt', 'changed'],
    ]);
    // --check wrote neither the output nor the state: the next run converts c.org again.
    const after = outlineConverter();
    await run(after.converter);
    expect(after.converted).toEqual(['c.org']);
  });

  it('converts everything without a cache, and keeps nothing between runs', async () => {
    const { run } = await workspace();
    await run(outlineConverter().converter, { cache: null });
    const again = outlineConverter();
    const result = await run(again.converter, { cache: null });
    expect(again.converted).toEqual(['a.org', 'b.org', 'c.org']);
    expect(result.summary).toMatchObject({ converted: 3, unchanged: 3, written: [] });
  });
  it('converts an includer again when a file it includes changed, directly or through another', async () => {
    const { notes, out, run } = await workspace();
    await writeNotes(notes, {
      'd.org': '#+TITLE: D\n* Top\n#+INCLUDE: "parts/middle.inc"\n',
      'parts/middle.inc': '* Middle\n#+INCLUDE: "deep.inc" :minlevel 3\n',
      'parts/deep.inc': '* Deep one\n',
    });
    const cold = outlineConverter();
    await run(cold.converter);
    expect(await readFile(path.join(out, 'd.txt'), 'utf8')).toBe(
      'title D\nheading Top\nheading Middle\nheading Deep one\n',
    );
    await writeNotes(notes, { 'parts/deep.inc': '* Deep two\n' }, EDITED_AT);
    const warm = outlineConverter();
    const result = await run(warm.converter);
    expect(warm.converted).toEqual(['d.org']);
    expect(result.summary).toMatchObject({ converted: 1 });
    expect(await readFile(path.join(out, 'd.txt'), 'utf8')).toBe(
      'title D\nheading Top\nheading Middle\nheading Deep two\n',
    );
    // --check sees the same: the includer's output is stale after another edit.
    await writeNotes(notes, { 'parts/deep.inc': '* Deep three\n' }, EDITED_AT + 100);
    const check = outlineConverter();
    await run(check.converter, { check: true });
    expect(check.converted).toEqual(['d.org']);
  });
});

/** Each note's output path and title: what the test index lists. */
function indexLines(set: SetContext): string[] {
  return set.notes.links.documents.map((d) => `${set.outputPathOf(d.path)} ${d.index.title ?? ''}`);
}

/**
 * A converter that also makes one file of the whole set, an index of every note's title, and
 * counts how often it is asked for it.
 */
function indexingConverter() {
  const outline = outlineConverter('indexing');
  let made = 0;
  const converter: Converter = {
    ...outline.converter,
    async setOutputs(set) {
      made++;
      return [{ path: 'index.txt', content: `${indexLines(set).join('\n')}\n` }];
    },
  };
  return { converter, made: () => made };
}

/** The same index, keyed on what it lists (`setOutputsKey`): titles and output paths. */
function keyedIndexingConverter() {
  const indexing = indexingConverter();
  let keyed = 0;
  const converter: Converter = {
    ...indexing.converter,
    setOutputsKey: (set) => {
      keyed++;
      return indexLines(set).join('\n');
    },
  };
  return { converter, made: indexing.made, keyed: () => keyed };
}

describe("the set's own files (an index of every note)", () => {
  it("with the converter's own key, are kept while what they list is, whatever else a note's text says", async () => {
    const { notes, out, run } = await workspace();
    await run(keyedIndexingConverter().converter);
    // No document changed: the documents say the files are the same, without the converter.
    const warm = keyedIndexingConverter();
    await run(warm.converter);
    expect([warm.made(), warm.keyed()]).toEqual([0, 0]);

    // A new heading in c.org: c.org is converted again, the index lists the same.
    await writeNotes(notes, { 'c.org': '#+TITLE: warn\n* Alone\n* More\n' }, EDITED_AT);
    const body = keyedIndexingConverter();
    const kept = await run(body.converter);
    expect([body.made(), body.keyed()]).toEqual([0, 1]);
    expect(kept.summary.written.map((p) => path.basename(p))).toEqual(['c.txt']);

    // A new title: the index is made again, and says it.
    await writeNotes(notes, { 'c.org': '#+TITLE: C\n* Alone\n* More\n' }, WRITTEN_AT);
    const title = keyedIndexingConverter();
    const remade = await run(title.converter);
    expect(title.made()).toBe(1);
    expect(remade.summary.written.map((p) => path.basename(p)).sort()).toEqual([
      'c.txt',
      'index.txt',
    ]);
    expect(await readFile(path.join(out, 'index.txt'), 'utf8')).toBe('a.txt A\nb.txt B\nc.txt C\n');

    // Edited by hand: made again though its key is the same.
    await writeFile(path.join(out, 'index.txt'), 'edited by hand\n');
    const repaired = keyedIndexingConverter();
    await run(repaired.converter);
    expect(repaired.made()).toBe(1);
    expect(await readFile(path.join(out, 'index.txt'), 'utf8')).toBe('a.txt A\nb.txt B\nc.txt C\n');
  });

  it('are made on the first run, kept while no document changes, and made again when one does', async () => {
    const { notes, out, run } = await workspace();
    const cold = indexingConverter();
    await run(cold.converter);
    expect(cold.made()).toBe(1);
    expect(await readFile(path.join(out, 'index.txt'), 'utf8')).toBe(
      'a.txt A\nb.txt B\nc.txt warn\n',
    );

    const warm = indexingConverter();
    const kept = await run(warm.converter);
    expect(warm.made()).toBe(0);
    expect(kept.summary).toMatchObject({ converted: 0, unchanged: 4, written: [] });

    await writeNotes(notes, { 'c.org': '#+TITLE: C\n* Alone\n' }, EDITED_AT);
    const edited = indexingConverter();
    const again = await run(edited.converter);
    expect(edited.made()).toBe(1);
    expect(again.summary.written.map((p) => path.basename(p)).sort()).toEqual([
      'c.txt',
      'index.txt',
    ]);
    expect(await readFile(path.join(out, 'index.txt'), 'utf8')).toBe('a.txt A\nb.txt B\nc.txt C\n');
  });

  it('are made again when what a note links to changed, or when a made file was edited by hand', async () => {
    const { notes, out, run } = await workspace();
    await run(indexingConverter().converter);
    // b.org's heading moves: a.org's text is the same, what its link resolves to is not.
    await writeNotes(
      notes,
      { 'b.org': '#+TITLE: B\n* Other\n* Target\n:PROPERTIES:\n:ID: b-target\n:END:\n' },
      EDITED_AT,
    );
    const moved = indexingConverter();
    await run(moved.converter);
    expect(moved.made()).toBe(1);

    await writeFile(path.join(out, 'index.txt'), 'edited by hand\n');
    const repaired = indexingConverter();
    const result = await run(repaired.converter);
    expect(repaired.made()).toBe(1);
    expect(result.summary.written.map((p) => path.basename(p))).toEqual(['index.txt']);
    expect(await readFile(path.join(out, 'index.txt'), 'utf8')).toBe(
      'a.txt A\nb.txt B\nc.txt warn\n',
    );
  });
});
