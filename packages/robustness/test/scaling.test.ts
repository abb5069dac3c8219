/**
 * Cost stays linear on adversarial input: doubling an input's size at most about doubles the
 * time to parse it (uniorg-parse alone, and our reader) and to convert it with each converter.
 * Best of three runs at n and 2n bytes, measured in CPU time of this process (other programs on
 * a busy CI machine do not count) with garbage collected before each, on sizes that take well
 * under a second. The bound (2.6x for 2x the bytes) leaves room for noise (garbage-collector
 * and cache steps make single measurements jump); a check that misses it is measured again,
 * up to three times, while any quadratic step (4x, every time) fails. Converters are timed on
 * a note set built beforehand. Memory: the heap a note set keeps alive, at n and 2n, with the
 * same bound.
 */
import { describe, expect, it } from 'vitest';
import { unified } from 'unified';
import uniorgParse from 'uniorg-parse';
import { buildNoteSet, printOrg, readOrg, type NoteSet, type NoteSource } from '@orgnotes/core';
import { CONVERTERS, convertSet } from './helpers.js';
import { GENERATORS } from './generate.js';

const BOUND = 2.6;

/**
 * Stages known to cost more than linear time on one family, with the exponent of their cost in
 * the input size and why. Their bound is 2^exponent with the same 30 % of room for noise, so a
 * step worse than that (a quadratic one: 4x) still fails.
 */
const SUPERLINEAR: Record<string, Record<string, { exponent: number; why: string }>> = {
  'deeply nested lists': {
    'convert (markdown)': {
      exponent: 1.5,
      why: 'mdast-util-to-markdown indents a nested list by re-indenting the text of each level below it: depth d costs d passes over its text, and d grows as the square root of the bytes',
    },
  },
};
/** Below this a measurement is mostly noise: the stage is cheap at both sizes, which is what we want. */
const NOISE_MS = 15;

interface Family {
  name: string;
  /** Sources at size parameter n; sizes[1] gives about twice the bytes of sizes[0]. */
  make: (n: number) => NoteSource[];
  sizes: [number, number];
}

const single = (f: (n: number) => string) => (n: number) => [{ path: 'x.org', text: f(n) }];

// Nesting depth d costs about d² bytes (each level is indented further), so 2x the bytes is √2 x the depth.
const FAMILIES: Family[] = [
  { name: 'unclosed emphasis markers', make: single(GENERATORS.unbalancedEmphasis), sizes: [10_000, 20_000] },
  { name: 'deeply nested lists', make: single(GENERATORS.deepList), sizes: [283, 400] },
  { name: 'deeply nested headings', make: single(GENERATORS.deepHeadings), sizes: [300, 424] },
  { name: 'one long line of markup', make: single(GENERATORS.longLine), sizes: [200_000, 400_000] },
  { name: 'a long table', make: single(GENERATORS.bigTable), sizes: [1_200, 2_400] },
  { name: 'many files', make: (n) => GENERATORS.files(n), sizes: [500, 1_000] },
];

const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** Times `task(prepared)` three times; returns the best. */
function bestOf3<T>(prepared: T, task: (prepared: T) => void): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    collect();
    const start = process.cpuUsage();
    task(prepared);
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

const bytes = (sources: NoteSource[]) => sources.reduce((sum, s) => sum + Buffer.byteLength(s.text), 0);

interface Stage {
  prepare(sources: NoteSource[]): unknown;
  run(prepared: unknown): void;
}

const STAGES: Record<string, Stage> = {
  'uniorg-parse (patched)': {
    prepare: (sources) => sources,
    run: (sources) => {
      for (const s of sources as NoteSource[]) unified().use(uniorgParse, { trackPosition: true }).parse(s.text);
    },
  },
  'readOrg + printOrg': {
    prepare: (sources) => sources,
    run: (sources) => {
      for (const s of sources as NoteSource[]) printOrg(readOrg(s.text, { path: s.path }).document);
    },
  },
  buildNoteSet: { prepare: (sources) => sources, run: (sources) => buildNoteSet(sources as NoteSource[]) },
  ...Object.fromEntries(
    Object.entries(CONVERTERS).map(([name, converter]): [string, Stage] => [
      `convert (${name})`,
      { prepare: (sources) => buildNoteSet(sources), run: (notes) => void convertSet(notes as NoteSet, converter) },
    ]),
  ),
};

describe.each(FAMILIES)('$name', (family) => {
  const small = family.make(family.sizes[0]);
  const large = family.make(family.sizes[1]);
  const byteRatio = bytes(large) / bytes(small);

  it('the two sizes differ by about 2x in bytes (and garbage can be collected between runs)', () => {
    expect(typeof (globalThis as { gc?: unknown }).gc, 'vitest.config.ts passes --expose-gc').toBe('function');
    expect(byteRatio).toBeGreaterThan(1.8);
    expect(byteRatio).toBeLessThan(2.2);
  });

  it.each(Object.keys(STAGES))('%s: 2x the bytes costs at most ~2x the time', (stage) => {
    const { prepare, run } = STAGES[stage]!;
    const known = SUPERLINEAR[family.name]?.[stage];
    const bound = known ? (BOUND / 2) * 2 ** known.exponent : BOUND;
    run(prepare(family.make(Math.ceil(family.sizes[0] / 4)))); // warm the JIT
    const [p1, p2] = [prepare(small), prepare(large)];
    const attempts: string[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const t1 = bestOf3(p1, run);
      const t2 = bestOf3(p2, run);
      expect(t2, 'sizes chosen to run well under a second').toBeLessThan(1_500);
      if (t2 < NOISE_MS || t2 / Math.max(t1, 1) <= bound) return;
      attempts.push(`${t1.toFixed(1)} ms at ${bytes(small)} B, ${t2.toFixed(1)} ms at ${bytes(large)} B`);
    }
    expect.fail(`${stage} on ${family.name}: more than ${bound.toFixed(2)}x the time for 2x the bytes, three times: ${attempts.join('; ')}`);
  });
});

/** Heap kept alive by what `build` returns, garbage collected before and after. */
function retainedHeap(build: () => unknown): number {
  collect();
  const before = process.memoryUsage().heapUsed;
  const kept = build();
  collect();
  const after = process.memoryUsage().heapUsed;
  // Keep `kept` reachable until after the measurement.
  return kept === undefined ? 0 : after - before;
}

describe.each(FAMILIES)('memory on $name', (family) => {
  it('2x the bytes keeps at most ~2x the memory in the note set', () => {
    const small = family.make(family.sizes[0]);
    const large = family.make(family.sizes[1]);
    const attempts: string[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const m1 = retainedHeap(() => buildNoteSet(small));
      const m2 = retainedHeap(() => buildNoteSet(large));
      // Under a megabyte the heap's own bookkeeping dominates: small enough either way.
      if (m2 < 1024 * 1024 || m2 / Math.max(m1, 1) <= BOUND) return;
      attempts.push(`${(m1 / 1e6).toFixed(1)} MB, then ${(m2 / 1e6).toFixed(1)} MB`);
    }
    expect.fail(`the note set of ${family.name} grows faster than its input: ${attempts.join('; ')}`);
  });
});

describe('the measurement itself', () => {
  it('tells a quadratic task from a linear one', () => {
    // Pair counting over n items: n² steps. If this passed the bound, the checks above would prove nothing.
    const quadratic = (n: number) => {
      let pairs = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) pairs += (i ^ j) & 1;
      return pairs;
    };
    // Warmed up until optimised, and long enough (tens of milliseconds) that a scheduling
    // hiccup cannot hide the fourfold step: a 1,000-item warm-up and 4,000 items once measured 2.3x.
    for (let k = 0; k < 5; k++) quadratic(3_000);
    const t1 = bestOf3(6_000, quadratic);
    const t2 = bestOf3(12_000, quadratic);
    expect(t2 / t1).toBeGreaterThan(BOUND);
  });
});
