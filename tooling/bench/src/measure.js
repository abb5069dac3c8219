// One measurement, in its own process (so that its peak RSS is its own): the parent runs
//
//   node measure.js KIND SET_DIR [OUT_DIR]
//
// and reads one line of JSON from standard output: { files, bytes, phases: { name: ms }, maxRssKb }.
// KIND is one of
//   uniorg          bare uniorg-parse (default options, as a user of the library would call it)
//   uniorg-pos      uniorg-parse with the options our reader passes (positions on)
//   read            our reader: buildNoteSet over every file (readOrg + link index)
//   convert:NAME    our reader, then one converter (json, markdown, anki, man) over every document
//   four            our reader once, then the four converters, outputs written under OUT_DIR
// Everything runs on the main thread: this is the one-core, in-process measurement.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { listOrgFiles } from './sets.js';

const [kind, setDir, outDir] = process.argv.slice(2);
if (!kind || !setDir) {
  process.stderr.write('usage: node measure.js KIND SET_DIR [OUT_DIR]\n');
  process.exit(2);
}

const phases = {};
let mark = performance.now();
/** Ends a phase: the time since the previous mark. */
function lap(name) {
  const now = performance.now();
  phases[name] = (phases[name] ?? 0) + (now - mark);
  mark = now;
}

/** The converters, each with the options its command line would give it by default. */
async function loadConverters(names) {
  const modules = {
    json: async () => (await import('@orgnotes/json')).org2json,
    markdown: async () => (await import('@orgnotes/markdown')).converter,
    anki: async () => (await import('@orgnotes/anki')).converter,
    man: async () => (await import('@orgnotes/man')).converter,
  };
  const converters = [];
  for (const name of names) {
    const load = modules[name];
    if (!load) throw new Error(`unknown converter ${name}`);
    const converter = await load();
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

function readSources() {
  const files = listOrgFiles(setDir);
  const sources = files.map((relative) => {
    const absolutePath = path.join(setDir, relative);
    return { path: relative, text: readFileSync(absolutePath, 'utf8'), absolutePath };
  });
  return sources;
}

async function main() {
  const converterNames =
    kind === 'four'
      ? ['json', 'markdown', 'anki', 'man']
      : kind.startsWith('convert:')
        ? [kind.slice('convert:'.length)]
        : [];
  const { buildNoteSet } = await import('@orgnotes/core');
  const { replaceExtension } = await import('@orgnotes/cli');
  const converters = await loadConverters(converterNames);
  let parse;
  let readerOptions;
  if (kind.startsWith('uniorg')) {
    parse = (await import('uniorg-parse/lib/parser.js')).parse;
    // The same options as packages/core/src/resilient-parse.ts (positions as offsets, `doi` links).
    const { defaultOptions } = await import('uniorg-parse/lib/parse-options.js');
    const linkTypes = defaultOptions.linkTypes.includes('doi')
      ? defaultOptions.linkTypes
      : [...defaultOptions.linkTypes, 'doi'];
    readerOptions = { trackPosition: 'offsets', linkTypes };
  }
  lap('load');

  const sources = readSources();
  const bytes = sources.reduce((sum, s) => sum + Buffer.byteLength(s.text), 0);
  lap('read-files');

  if (kind === 'uniorg' || kind === 'uniorg-pos') {
    let nodes = 0;
    for (const source of sources) {
      const tree = kind === 'uniorg' ? parse(source.text) : parse(source.text, readerOptions);
      nodes += tree.children.length;
    }
    lap('parse');
    return { files: sources.length, bytes, nodes };
  }

  const notes = buildNoteSet(sources, { root: setDir });
  lap('parse');
  if (kind === 'read') return { files: sources.length, bytes, documents: notes.documents.length };

  // Document by document, each converter in turn, each output written at once (as an export
  // does): outputs never pile up in memory.
  let outputs = 0;
  let outBytes = 0;
  let failures = 0;
  const made = new Set();
  const paths = converters.map(
    ({ converter }) =>
      (document) =>
        replaceExtension(document.path || 'stdin.org', converter.extension),
  );
  for (const document of notes.documents) {
    converters.forEach(({ name, converter, options }, i) => {
      const outputPathOf = paths[i];
      const context = {
        notes,
        options,
        outputPath: outputPathOf(document),
        outputPathOf,
        report: () => {},
      };
      let produced = [];
      try {
        produced = converter.convert(document, context);
      } catch {
        failures += 1;
      }
      lap(`convert:${name}`);
      for (const file of produced) {
        outputs += 1;
        outBytes +=
          typeof file.content === 'string'
            ? Buffer.byteLength(file.content)
            : file.content.byteLength;
        if (!outDir) continue;
        const target = path.join(outDir, name, file.path);
        const dir = path.dirname(target);
        if (!made.has(dir)) {
          mkdirSync(dir, { recursive: true });
          made.add(dir);
        }
        writeFileSync(target, file.content);
      }
      if (outDir) lap('write');
    });
  }
  return { files: sources.length, bytes, outputs, outBytes, failures };
}

const result = await main();
const total = Object.values(phases).reduce((a, b) => a + b, 0);
process.stdout.write(
  JSON.stringify({ kind, ...result, phases, total, maxRssKb: process.resourceUsage().maxRSS }) +
    '\n',
);
