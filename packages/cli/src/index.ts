/**
 * The command-line contract every orgnotes converter shares:
 *
 *   CONVERTER [options] FILE.org         convert one file to standard output
 *   CONVERTER [options] -                read standard input
 *   CONVERTER [options] -o DIR PATH...   mirror the input tree into DIR; all inputs are one set of notes
 *
 * Exit codes: 0 success (warnings allowed), 1 errors (or warnings with --strict), 2 usage error.
 * Outputs are written atomically (temporary file + rename): a failure never leaves a partial
 * file, and an input is never overwritten.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildNoteSet,
  collectInputs,
  compareDiagnostics,
  decodeOrg,
  formatDiagnostic,
  type Diagnostic,
  type Document,
  type NoteSet,
  type NoteSource,
  type Severity,
} from '@orgnotes/core';

export interface OutputFile {
  /** Relative to the output directory, forward slashes. */
  path: string;
  content: string | Uint8Array;
}

export type FlagValue = string | boolean | string[] | undefined;

export interface ConvertContext {
  notes: NoteSet;
  options: Record<string, FlagValue>;
  /** This document's default output path: its input path mirrored, extension replaced. */
  outputPath: string;
  /** The same for any document of the set, for relative cross-file links. */
  outputPathOf(document: Document): string;
  report(severity: Severity, rule: string, message: string, loc?: { line: number; column: number }): void;
}

export interface FlagSpec {
  type: 'boolean' | 'string';
  short?: string;
  multiple?: boolean;
  default?: string | boolean;
  description: string;
  /** Placeholder shown in --help for string flags. */
  valueName?: string;
}

export interface Converter {
  name: string;
  summary: string;
  version: string;
  /** Output extension, with the dot: `.md`. */
  extension: string;
  flags?: Record<string, FlagSpec>;
  /** The first file is the document's main output; more for assets or split pages. */
  convert(document: Document, context: ConvertContext): OutputFile[];
}

/** Exit codes, documented in every --help. */
export const EXIT = { ok: 0, errors: 1, usage: 2 } as const;

const COMMON_FLAGS: Record<string, FlagSpec> = {
  out: { type: 'string', short: 'o', description: 'write into DIR, mirroring the input tree (required for several inputs or a directory)', valueName: 'DIR' },
  strict: { type: 'boolean', description: 'treat warnings as errors (exit 1)' },
  help: { type: 'boolean', short: 'h', description: 'show this help and exit' },
  version: { type: 'boolean', short: 'V', description: 'print the version and exit' },
};

export class UsageError extends Error {}

export interface CommandLine {
  inputs: string[];
  out: string | undefined;
  strict: boolean;
  options: Record<string, FlagValue>;
}

export interface Program {
  name: string;
  summary: string;
  version: string;
  usage: string[];
  flags?: Record<string, FlagSpec>;
}

/** Parses argv; prints help or version and returns null when asked for them. Throws UsageError. */
export function parseCommandLine(program: Program, argv: string[]): CommandLine | null {
  const flags = { ...COMMON_FLAGS, ...program.flags };
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(
        Object.entries(flags).map(([name, spec]) => [
          name,
          { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}), ...(spec.default !== undefined ? { default: spec.default } : {}) },
        ]),
      ),
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const values = parsed.values as Record<string, FlagValue>;
  if (values.help) {
    process.stdout.write(helpText(program));
    return null;
  }
  if (values.version) {
    process.stdout.write(`${program.name} ${program.version}\n`);
    return null;
  }
  const inputs = parsed.positionals;
  const out = values.out as string | undefined;
  if (inputs.length === 0) throw new UsageError('no input: give a file, a directory, or - for standard input');
  if (inputs.includes('-') && (inputs.length > 1 || out !== undefined)) throw new UsageError('- (standard input) must be the only input, without -o');
  if (out === '') throw new UsageError('-o needs a directory');
  const options: Record<string, FlagValue> = {};
  for (const name of Object.keys(program.flags ?? {})) options[name] = values[name];
  return { inputs, out, strict: Boolean(values.strict), options };
}

export function helpText(program: Program): string {
  const flags = { ...program.flags, ...COMMON_FLAGS };
  const rows = Object.entries(flags).map(([name, spec]) => {
    const names = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : ''}`;
    const dflt = spec.default !== undefined && spec.default !== false ? ` (default: ${String(spec.default)})` : '';
    return `  ${names.padEnd(28)} ${spec.description}${dflt}`;
  });
  return [
    `${program.name} ${program.version}: ${program.summary}`,
    '',
    'Usage:',
    ...program.usage.map((u) => `  ${u}`),
    '',
    'Options:',
    ...rows,
    '',
    'Diagnostics go to standard error as path:line:col: error|warning: message (rule-id).',
    '',
    'Exit status:',
    '  0  success (warnings allowed)',
    '  1  errors in the notes, or warnings with --strict',
    '  2  usage error',
    '',
  ].join('\n');
}

/** Prints diagnostics to stderr with paths as the user typed them; returns whether the run failed. */
export function printDiagnostics(diagnostics: Diagnostic[], strict: boolean): boolean {
  const sorted = [...diagnostics].sort(compareDiagnostics);
  let failed = false;
  for (const d of sorted) {
    const shown = strict && d.severity === 'warning' ? { ...d, severity: 'error' as const } : d;
    if (shown.severity === 'error') failed = true;
    process.stderr.write(formatDiagnostic(shown) + '\n');
  }
  return failed;
}

/**
 * Writes a file atomically: a temporary file beside it, then a rename, so that readers
 * never see half a file and a failure leaves the old file (or nothing) in place.
 */
export async function writeAtomic(file: string, content: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, content);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Resolves an output path under `outDir`, refusing anything that would land outside it. */
export function outputLocation(outDir: string, relative: string): string | undefined {
  const root = path.resolve(outDir);
  const target = path.resolve(root, relative);
  return target === root || !target.startsWith(root + path.sep) ? undefined : target;
}

export function replaceExtension(file: string, extension: string): string {
  const parsed = path.posix.parse(file);
  return path.posix.join(parsed.dir, parsed.name + extension);
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface LoadedInputs {
  root: string;
  sources: NoteSource[];
  diagnostics: Diagnostic[];
  /** Absolute paths of every input file, never to be written. */
  inputFiles: Set<string>;
}

/** Reads the inputs (files, directories, or `-`) as raw text. */
export async function loadInputs(inputs: string[], extension: string, decode: (bytes: Uint8Array, shown: string) => { text: string; diagnostics: Diagnostic[] }): Promise<LoadedInputs> {
  if (inputs.length === 1 && inputs[0] === '-') {
    const decoded = decode(await readStdin(), '<stdin>');
    return { root: process.cwd(), sources: [{ path: '<stdin>', text: decoded.text }], diagnostics: decoded.diagnostics, inputFiles: new Set() };
  }
  const collected = await collectInputs(inputs, extension);
  const diagnostics = [...collected.diagnostics];
  const sources: NoteSource[] = [];
  for (const file of collected.files) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file.absolutePath);
    } catch (error) {
      diagnostics.push({ severity: 'error', rule: 'input-unreadable', message: `cannot read: ${(error as Error).message}`, path: file.path, line: 1, column: 1 });
      continue;
    }
    const decoded = decode(bytes, file.path);
    diagnostics.push(...decoded.diagnostics);
    // A file that is not text cannot be converted faithfully: report it and leave it out.
    if (decoded.diagnostics.some((d) => d.severity === 'error')) continue;
    sources.push({ path: file.path, text: decoded.text, absolutePath: file.absolutePath });
  }
  return { root: collected.root, sources, diagnostics, inputFiles: new Set(collected.files.map((f) => f.absolutePath)) };
}

/** Shows document-relative diagnostic paths relative to the current directory, as the user typed them. */
export function displayPaths(diagnostics: Diagnostic[], root: string): Diagnostic[] {
  return diagnostics.map((d) => {
    if (d.path === '<stdin>' || path.isAbsolute(d.path)) return d.path.startsWith('/') ? { ...d, path: path.relative(process.cwd(), d.path) || d.path } : d;
    return { ...d, path: path.relative(process.cwd(), path.join(root, d.path)) };
  });
}

export interface Emitted {
  document: Document | null;
  /** Path the files came from, relative to the root (for messages). */
  source: string;
  files: OutputFile[];
}

/** Writes emitted files: to stdout without -o (main file only), else atomically under DIR. */
export async function emit(results: Emitted[], out: string | undefined, inputFiles: Set<string>, diagnostics: Diagnostic[]): Promise<void> {
  if (out === undefined) {
    for (const result of results) {
      const [main, ...rest] = result.files;
      if (main) process.stdout.write(main.content);
      if (rest.length > 0) {
        diagnostics.push({ severity: 'warning', rule: 'needs-output-dir', message: `${rest.length} more file(s) (media, split pages) are only written with -o DIR`, path: result.source, line: 1, column: 1 });
      }
    }
    return;
  }
  for (const result of results) {
    for (const file of result.files) {
      const target = outputLocation(out, file.path);
      if (!target) {
        diagnostics.push({ severity: 'error', rule: 'output-outside', message: `refusing to write ${file.path}: it would land outside ${out}`, path: result.source, line: 1, column: 1 });
        continue;
      }
      if (inputFiles.has(target)) {
        diagnostics.push({ severity: 'error', rule: 'output-is-input', message: `refusing to overwrite the input ${path.relative(process.cwd(), target)}`, path: result.source, line: 1, column: 1 });
        continue;
      }
      try {
        await writeAtomic(target, file.content);
      } catch (error) {
        diagnostics.push({ severity: 'error', rule: 'write-failed', message: `cannot write ${path.relative(process.cwd(), target)}: ${(error as Error).message}`, path: result.source, line: 1, column: 1 });
      }
    }
  }
}

/** Runs `main`, turning usage errors into exit 2 and unexpected failures into a one-line message and exit 1. */
export async function runMain(name: string, main: () => Promise<number>): Promise<void> {
  // A closed pipe (`org2json x.org | head`) is the reader's choice, not our failure.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  try {
    process.exitCode = await main();
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${name}: ${error.message}\nTry '${name} --help' for more information.\n`);
      process.exitCode = EXIT.usage;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${name}: internal error: ${message}\n`);
    if (process.env.ORGNOTES_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = EXIT.errors;
  }
}

/** The whole command for a converter from Org notes to another format. */
export async function runConverter(converter: Converter, argv: string[] = process.argv.slice(2)): Promise<void> {
  await runMain(converter.name, async () => {
    const program: Program = {
      name: converter.name,
      summary: converter.summary,
      version: converter.version,
      usage: [`${converter.name} [options] FILE.org`, `${converter.name} [options] -`, `${converter.name} [options] -o DIR PATH...`],
      ...(converter.flags ? { flags: converter.flags } : {}),
    };
    const command = parseCommandLine(program, argv);
    if (!command) return EXIT.ok;
    const loaded = await loadInputs(command.inputs, '.org', decodeOrg);
    if (command.out === undefined && loaded.sources.length > 1) {
      throw new UsageError(`${loaded.sources.length} input files: use -o DIR to write them`);
    }
    const notes = buildNoteSet(loaded.sources, { root: loaded.root });
    const diagnostics: Diagnostic[] = [...loaded.diagnostics, ...notes.diagnostics];
    const outputPathOf = (document: Document) => replaceExtension(document.path === '<stdin>' || !document.path ? 'stdin.org' : document.path, converter.extension);
    const results: Emitted[] = [];
    for (const document of notes.documents) {
      const source = document.path ?? '<stdin>';
      const report: ConvertContext['report'] = (severity, rule, message, loc) =>
        diagnostics.push({ severity, rule, message, path: source, line: loc?.line ?? 1, column: loc?.column ?? 1 });
      try {
        const files = converter.convert(document, { notes, options: command.options, outputPath: outputPathOf(document), outputPathOf, report });
        results.push({ document, source, files });
      } catch (error) {
        report('error', 'internal-error', `cannot convert this file: ${error instanceof Error ? error.message : String(error)}`);
        if (process.env.ORGNOTES_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
      }
    }
    await emit(results, command.out, loaded.inputFiles, diagnostics);
    const failed = printDiagnostics(displayPaths(diagnostics, loaded.root), command.strict);
    return failed ? EXIT.errors : EXIT.ok;
  });
}
