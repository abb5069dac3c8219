/**
 * Reading inputs and writing converted text: the pieces json2org shares with the converters.
 */
import path from 'node:path';
import { readInputFiles, type Diagnostic, type Document, type FileStamp, type InputSources } from '@orgnotes/core';
import type { OutputFile } from './contract.js';
import { outputLocation, writeAtomic } from './files.js';

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export type LoadedInputs = InputSources;

/** Reads the inputs (files, directories, or `-`) as raw text; files that do not decode are reported and left out. */
export async function loadInputs(
  inputs: string[],
  extension: string,
  decode: (bytes: Uint8Array, shown: string) => { text: string; diagnostics: Diagnostic[] },
  unchanged?: (path: string, stamp: FileStamp) => boolean,
): Promise<LoadedInputs> {
  if (inputs.length === 1 && inputs[0] === '-') {
    const decoded = decode(await readStdin(), '<stdin>');
    return { root: process.cwd(), sources: [{ path: '<stdin>', text: decoded.text }], diagnostics: decoded.diagnostics, inputFiles: new Set() };
  }
  return readInputFiles(inputs, extension, decode, unchanged);
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
