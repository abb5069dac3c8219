// `pnpm bench --complexity`: how each stage's cost grows with its input, on the adversarial
// shapes of the robustness tests (@orgnotes/robustness/shapes). Every stage (uniorg-parse,
// our reader, printing, the note set, each converter) is timed at several sizes, each about
// twice the bytes of the one before, and the exponent of the cost in the input bytes is fitted
// by least squares on log-log: 1 is linear, 2 quadratic. This is where time is measured; the
// test suite checks the same shapes with counts that do not depend on the machine's load
// (packages/robustness/test/growth.test.ts).
//
// Runs in a process of its own, started with --expose-gc by run.js, and prints one line of
// JSON: { sizes, runs, rows: [{ shape, stage, points: [{ bytes, ms, outBytes? }], exponent, outExponent? }] }.
//
//   node --expose-gc src/complexity.js [--sizes 4] [--runs 3]
import { parseArgs } from 'node:util';
import { buildNoteSet, printOrg, readOrg } from '@orgnotes/core';
import { SHAPES, sourceBytes } from '@orgnotes/robustness/shapes';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '4' },
    runs: { type: 'string', default: '3' },
  },
});
const sizeCount = Math.max(4, Number(args.sizes));
const runs = Math.max(1, Number(args.runs));

const collect = globalThis.gc ?? (() => {});
if (!globalThis.gc)
  process.stderr.write(
    'complexity: run with --expose-gc, or garbage collection lands in the timings\n',
  );

/**
 * CPU milliseconds of one run of `task` (user + system of this process: other programs on a
 * busy machine do not count), best of `runs`. A task under 20 ms is repeated until the
 * repetitions take 20 ms, and their mean kept, so the clock's resolution does not dominate.
 */
function cpuMs(task) {
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    let repeat = 1;
    for (;;) {
      collect();
      const start = process.cpuUsage();
      for (let i = 0; i < repeat; i++) task();
      const used = process.cpuUsage(start);
      const ms = (used.user + used.system) / 1000;
      if (ms >= 20 || repeat >= 1024) {
        best = Math.min(best, ms / repeat);
        break;
      }
      repeat *= 2;
    }
  }
  return best;
}

/** Least-squares slope of log(y) against log(x): the exponent of y in x. */
function fitExponent(points) {
  const xs = points.map((p) => Math.log(p.x));
  const ys = points.map((p) => Math.log(p.y));
  const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  return sxy / sxx;
}

/** The converters, each with the options its command line would give it by default. */
async function loadConverters() {
  const modules = {
    json: async () => (await import('@orgnotes/json')).org2json,
    markdown: async () => (await import('@orgnotes/markdown')).converter,
    anki: async () => (await import('@orgnotes/anki')).converter,
    man: async () => (await import('@orgnotes/man')).converter,
  };
  const converters = [];
  for (const [name, load] of Object.entries(modules)) {
    const converter = await load();
    await converter.prepare?.({});
    const options = Object.fromEntries(
      Object.entries(converter.flags ?? {}).map(([flag, spec]) => [
        flag,
        spec.default ?? (spec.multiple ? [] : undefined),
      ]),
    );
    converters.push({ name, converter, options });
  }
  return converters;
}

/** Converts every document of the set; returns the bytes written. */
function convertSet(notes, { converter, options }) {
  const outputPathOf = (d) => (d.path || 'stdin.org').replace(/\.org$/, '') + converter.extension;
  let bytes = 0;
  for (const document of notes.documents) {
    const files = converter.convert(document, {
      notes,
      options,
      outputPath: outputPathOf(document),
      outputPathOf,
      report: () => {},
    });
    for (const file of files) bytes += Buffer.byteLength(file.content);
  }
  return bytes;
}

async function main() {
  // The parser as our reader calls it (positions as offsets, `doi` links), without the reader.
  const { parse } = await import('uniorg-parse/lib/parser.js');
  const { defaultOptions } = await import('uniorg-parse/lib/parse-options.js');
  const parserOptions = {
    trackPosition: 'offsets',
    linkTypes: defaultOptions.linkTypes.includes('doi')
      ? defaultOptions.linkTypes
      : [...defaultOptions.linkTypes, 'doi'],
  };
  const converters = await loadConverters();

  /** Each stage: `prepare` (not timed) makes its input from the sources; `run` is timed; `out` measures its output once. */
  const stages = [
    {
      name: 'uniorg-parse',
      prepare: (sources) => sources,
      run: (sources) => sources.forEach((s) => parse(s.text, parserOptions)),
    },
    {
      name: 'our reader (readOrg)',
      prepare: (sources) => sources,
      run: (sources) => sources.forEach((s) => readOrg(s.text, { path: s.path })),
    },
    {
      name: 'printing (printOrg)',
      prepare: (sources) => sources.map((s) => readOrg(s.text, { path: s.path }).document),
      run: (documents) => documents.forEach((d) => printOrg(d)),
    },
    {
      name: 'note set (buildNoteSet)',
      prepare: (sources) => sources,
      run: (sources) => buildNoteSet(sources),
    },
    ...converters.map((entry) => ({
      name: `convert: ${entry.name}`,
      prepare: (sources) => buildNoteSet(sources),
      run: (notes) => convertSet(notes, entry),
      out: (notes) => convertSet(notes, entry),
    })),
  ];

  const rows = [];
  for (const shape of SHAPES) {
    const sizes = shape.sizes(sizeCount);
    const inputs = sizes.map((n) => shape.make(n));
    for (const stage of stages) {
      // Warm the JIT on a small input first, so the smallest size is not timed cold.
      stage.run(stage.prepare(shape.make(Math.max(1, Math.round(sizes[0] / 4)))));
      const points = inputs.map((sources) => {
        const prepared = stage.prepare(sources);
        const point = { bytes: sourceBytes(sources), ms: cpuMs(() => stage.run(prepared)) };
        if (stage.out) point.outBytes = stage.out(prepared);
        return point;
      });
      const row = {
        shape: shape.name,
        stage: stage.name,
        points,
        exponent: fitExponent(points.map((p) => ({ x: p.bytes, y: p.ms }))),
      };
      if (stage.out && points.every((p) => p.outBytes > 0))
        row.outExponent = fitExponent(points.map((p) => ({ x: p.bytes, y: p.outBytes })));
      rows.push(row);
      process.stderr.write(
        `[complexity] ${shape.name}, ${stage.name}: ${points.map((p) => `${p.ms.toFixed(1)} ms`).join(', ')}; exponent ${row.exponent.toFixed(2)}\n`,
      );
    }
  }
  return { sizes: sizeCount, runs, rows };
}

process.stdout.write(JSON.stringify(await main()) + '\n');
