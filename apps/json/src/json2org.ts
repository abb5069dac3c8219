/**
 * json2org: the JSON form back to Org. Unchanged nodes print their source bytes, so
 * `org2json x.org | json2org -` gives x.org back byte for byte; edited nodes print as Emacs
 * would write them.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  EXIT,
  deliver,
  loadInputs,
  parseCommandLine,
  replaceExtension,
  runMain,
  runWatched,
  UsageError,
  type CommandLine,
  type PlannedFile,
} from '@orgnotes/cli';
import { printOrg, type Diagnostic, type Document } from '@orgnotes/core';
import { GRAPH_FILE, validateDocument, validateGraph, version } from './index.js';

const name = 'json2org';

function decodeJson(bytes: Uint8Array, shown: string): { text: string; diagnostics: Diagnostic[] } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), diagnostics: [] };
  } catch {
    return {
      text: '',
      diagnostics: [
        {
          severity: 'error',
          rule: 'invalid-utf8',
          message: 'the file is not valid UTF-8',
          path: shown,
          line: 1,
          column: 1,
        },
      ],
    };
  }
}

/** Line and column of a JSON.parse error, when the engine reports a position. */
function jsonErrorLocation(text: string, error: Error): { line: number; column: number } {
  const position = /position (\d+)/.exec(error.message);
  if (!position) return { line: 1, column: 1 };
  const offset = Number(position[1]);
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

await runMain(name, async () => {
  const command = parseCommandLine(
    {
      name,
      summary: 'turn orgnotes JSON back into Org text',
      version,
      usage: [
        `${name} [options] FILE.json`,
        `${name} [options] -`,
        `${name} [options] -o DIR PATH...`,
      ],
    },
    process.argv.slice(2),
  );
  if (!command) return EXIT.ok;
  return runWatched({ name, version }, command, command.inputs, '.json', () =>
    convertOnce(command),
  );
});

/** One run: every input JSON file back to Org, written (or checked) like the converters' outputs. */
async function convertOnce(command: CommandLine): Promise<number> {
  const started = performance.now();
  const loaded = await loadInputs(command.inputs, '.json', decodeJson);
  if (command.out === undefined && loaded.sources.length > 1)
    throw new UsageError(`${loaded.sources.length} input files: use -o DIR to write them`);
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const files: PlannedFile[] = [];
  for (const source of loaded.sources) {
    const fail = (rule: string, message: string, at = { line: 1, column: 1 }) =>
      diagnostics.push({ severity: 'error', rule, message, path: source.path, ...at });
    let value: unknown;
    try {
      value = JSON.parse(source.text);
    } catch (error) {
      fail(
        'invalid-json',
        `not valid JSON: ${(error as Error).message}`,
        jsonErrorLocation(source.text, error as Error),
      );
      continue;
    }
    // The link graph org2json --graph writes beside the notes is not a note: a directory of
    // org2json's output converts back without it.
    if (path.posix.basename(source.path) === GRAPH_FILE && validateGraph(value).length === 0)
      continue;
    const problems = validateDocument(value);
    if (problems.length > 0) {
      fail('schema', `does not match the orgnotes schema: ${problems.join('; ')}`);
      continue;
    }
    const target = source.path === '<stdin>' ? 'stdin.org' : replaceExtension(source.path, '.org');
    files.push({ path: target, content: printOrg(value as Document), source: source.path });
  }
  return deliver(
    { name, version },
    {
      root: loaded.root,
      inputFiles: loaded.inputFiles,
      outputs: [{ generator: name, outDir: command.out, files }],
      diagnostics,
      files: loaded.sources.length,
      parsed: loaded.sources.map((s) => s.path),
      cacheHits: 0,
    },
    command,
    started,
  );
}
