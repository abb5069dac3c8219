/**
 * Cost stays linear on adversarial input, checked with measures that do not depend on the
 * machine or its load: for 2x the input bytes, at most about 2x the parser's steps (calls of
 * RegExp.prototype.exec, which every regular-expression method goes through once it is
 * replaced: uniorg-parse and our reader and converters scan text with regular
 * expressions), 2x the nodes of the tree and of the model, 2x the note set's JSON (what it
 * keeps in memory) and 2x each converter's output bytes and steps. The counts are exact, so
 * the bound is tight: 2.2x where linear gives 2x and quadratic 4x. The times themselves, with
 * the exponent fitted over more sizes, are `pnpm bench --complexity`'s (docs/benchmarks.md).
 */
import { describe, expect, it } from 'vitest';
import { unified } from 'unified';
import uniorgParse from 'uniorg-parse';
import { buildNoteSet, printOrg, readOrg, type NoteSource } from '@orgnotes/core';
import { CONVERTERS, convertSet } from './helpers.js';
import { SHAPES, sourceBytes } from './generate.js';

/** For 2x the bytes, a linear measure grows 2x; this leaves room for a shape's bytes not doubling exactly. */
const SLACK = 1.1;

/**
 * Measures known to grow faster than the input, with the exponent of their growth in the input
 * bytes and why. Their bound is 2^exponent with the same slack, so a step worse than that (a
 * quadratic one: 4x) still fails.
 */
const SUPERLINEAR: Record<string, Record<string, { exponent: number; why: string }>> = {
  'deeply nested lists': {
    'markdown steps': {
      exponent: 1.5,
      why: 'mdast-util-to-markdown indents a nested list by re-indenting the text of each level below it: depth d costs d passes over its text, and d grows as the square root of the bytes (its output stays linear: "markdown bytes")',
    },
  },
};

/** Calls of RegExp.prototype.exec while `task` runs: the steps of a parser or writer that scans with regular expressions. */
function steps(task: () => void): number {
  const exec = RegExp.prototype.exec;
  let calls = 0;
  RegExp.prototype.exec = function (this: RegExp, text: string) {
    calls++;
    return exec.call(this, text);
  };
  try {
    task();
  } finally {
    RegExp.prototype.exec = exec;
  }
  return calls;
}

/** Nodes (objects with a string `type`) in a tree. */
function countNodes(tree: unknown): number {
  if (Array.isArray(tree)) return tree.reduce((sum: number, child) => sum + countNodes(child), 0);
  if (tree === null || typeof tree !== 'object') return 0;
  const own = typeof (tree as { type?: unknown }).type === 'string' ? 1 : 0;
  return Object.values(tree).reduce((sum: number, child) => sum + countNodes(child), own);
}

const parseUniorg = (text: string) =>
  unified().use(uniorgParse, { trackPosition: true }).parse(text);

/** Every load-independent measure of every stage on one input. */
function measure(sources: NoteSource[]): Record<string, number> {
  const sum = (f: (source: NoteSource) => number) =>
    sources.reduce((total, source) => total + f(source), 0);
  const read = sources.map((source) => readOrg(source.text, { path: source.path }).document);
  const notes = buildNoteSet(sources);
  const measures: Record<string, number> = {
    'uniorg-parse steps': steps(() => sources.forEach((source) => parseUniorg(source.text))),
    'uniorg-parse nodes': sum((source) => countNodes(parseUniorg(source.text))),
    'reader steps': steps(() =>
      sources.forEach((source) => readOrg(source.text, { path: source.path })),
    ),
    'model nodes': read.reduce((total, document) => total + countNodes(document), 0),
    'printed bytes': read.reduce(
      (total, document) => total + Buffer.byteLength(printOrg(document)),
      0,
    ),
    'note set JSON bytes': Buffer.byteLength(JSON.stringify(notes.documents)),
  };
  for (const [name, converter] of Object.entries(CONVERTERS)) {
    let bytes = 0;
    measures[`${name} steps`] = steps(() => {
      for (const converted of convertSet(notes, converter))
        for (const file of converted.files) bytes += Buffer.byteLength(file.content);
    });
    measures[`${name} bytes`] = bytes;
  }
  return measures;
}

describe.each(SHAPES)('$name', (shape) => {
  // A quarter of the bench's base size, and the next size up: the counts are exact at any size.
  const [small, large] = [
    Math.round(shape.base / shape.growth ** 2),
    Math.round(shape.base / shape.growth),
  ].map((n) => shape.make(n));
  const byteRatio = sourceBytes(large!) / sourceBytes(small!);
  let measures: [Record<string, number>, Record<string, number>] | undefined;
  const measured = () => (measures ??= [measure(small!), measure(large!)]);

  it('the two sizes differ by about 2x in bytes', () => {
    expect(byteRatio).toBeGreaterThan(1.8);
    expect(byteRatio).toBeLessThan(2.2);
  });

  it.each(Object.keys(measure(shape.make(2))))('%s: 2x the bytes gives at most ~2x', (name) => {
    const [a, b] = measured();
    const known = SUPERLINEAR[shape.name]?.[name];
    const bound = byteRatio ** (known?.exponent ?? 1) * SLACK;
    // A writer that scans nothing with regular expressions (the JSON one) counts no steps at either size.
    if (a[name] === 0) return void expect(b[name], `${name} on ${shape.name}`).toBe(0);
    expect(
      b[name]! / a[name]!,
      `${name} on ${shape.name}: ${a[name]} at ${sourceBytes(small!)} B, ${b[name]} at ${sourceBytes(large!)} B`,
    ).toBeLessThanOrEqual(bound);
  });
});

describe('the measures themselves', () => {
  it('tell a quadratic task from a linear one', () => {
    // A global replace scans once (one call per match); a search restarted for every pair does not.
    const linear = (n: number) => steps(() => void 'a'.repeat(n).replace(/a/g, 'b'));
    const quadratic = (n: number) =>
      steps(() => {
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) /b/.exec('a');
      });
    expect(linear(200) / linear(100)).toBeLessThanOrEqual(2 * SLACK);
    expect(quadratic(200) / quadratic(100)).toBe(4);
  });

  it('see the superlinear Markdown of deep lists that the bench times (exponent about 1.5)', () => {
    const shape = SHAPES.find((s) => s.name === 'deeply nested lists')!;
    const [a, b] = [shape.make(100), shape.make(141)].map((sources) =>
      steps(() => convertSet(buildNoteSet(sources), CONVERTERS.markdown!)),
    );
    expect(b! / a!).toBeGreaterThan(2.4);
  });
});
