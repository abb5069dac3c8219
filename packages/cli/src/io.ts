/**
 * Reading inputs, and showing diagnostics' paths as the user typed them: shared by json2org and the converters.
 */
import path from 'node:path';
import { readInputFiles, type Diagnostic, type FileStamp, type InputSources } from '@orgnotes/core';

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export type LoadedInputs = InputSources;

/** The path standard input goes by (`-` as the input). */
export const STDIN = '<stdin>';

/** Reads the inputs (files, directories, or `-`) as raw text; files that do not decode are reported and left out. */
export async function loadInputs(
  inputs: string[],
  extension: string,
  decode: (bytes: Uint8Array, shown: string) => { text: string; diagnostics: Diagnostic[] },
  unchanged?: (path: string, stamp: FileStamp) => boolean,
): Promise<LoadedInputs> {
  if (inputs.length === 1 && inputs[0] === '-') {
    const decoded = decode(await readStdin(), STDIN);
    return {
      root: process.cwd(),
      sources: [{ path: STDIN, text: decoded.text }],
      diagnostics: decoded.diagnostics,
      inputFiles: new Set(),
    };
  }
  return readInputFiles(inputs, extension, decode, unchanged);
}

/** Shows document-relative diagnostic paths relative to the current directory, as the user typed them. */
export function displayPaths(diagnostics: Diagnostic[], root: string): Diagnostic[] {
  // Once per path: a big set has thousands of findings in a few hundred files.
  const shown = new Map<string, string>();
  const show = (p: string): string => {
    if (p === STDIN || path.isAbsolute(p))
      return p.startsWith('/') ? path.relative(process.cwd(), p) || p : p;
    return path.relative(process.cwd(), path.join(root, p));
  };
  return diagnostics.map((d) => {
    let p = shown.get(d.path);
    if (p === undefined) shown.set(d.path, (p = show(d.path)));
    return p === d.path ? d : { ...d, path: p };
  });
}
