import { buildNoteSet, type Diagnostic, type NoteSet } from '@orgnotes/core';
import { reportInto, type ConvertContext, type FlagValue } from '@orgnotes/cli';
import { convertToAnki, type AnkiResult } from '../src/index.js';

export interface Converted extends AnkiResult {
  diagnostics: Diagnostic[];
  notes: AnkiResult['notes'];
  set: NoteSet;
}

/**
 * Converts Org text the way runConverter does, without the file system: one note set, a
 * context whose report collects diagnostics.
 */
export function convertText(
  text: string,
  options: {
    path?: string;
    root?: string;
    options?: Record<string, FlagValue>;
    others?: { path: string; text: string }[];
    fileExists?: (p: string) => boolean;
  } = {},
): Converted {
  const path = options.path ?? 'notes.org';
  const root = options.root ?? '/notes-root';
  const sources = [
    { path, text, absolutePath: `${root}/${path}` },
    ...(options.others ?? []).map((o) => ({ ...o, absolutePath: `${root}/${o.path}` })),
  ];
  const set = buildNoteSet(sources, { root, fileExists: options.fileExists ?? (() => false) });
  const document = set.documents.find((d) => d.path === path)!;
  const diagnostics: Diagnostic[] = [];
  const context: ConvertContext = {
    notes: set,
    options: options.options ?? {},
    outputPath: path.replace(/\.org$/, '.csv'),
    outputPathOf: (d) => (d.path ?? 'stdin.org').replace(/\.org$/, '.csv'),
    report: reportInto(diagnostics, path),
  };
  const result = convertToAnki(document, context);
  return { ...result, diagnostics, set };
}

/** Front and back of every note, by front's plain text. */
export function cards(result: AnkiResult): { front: string; back: string }[] {
  return result.notes.map((n) => ({ front: n.fields[0] ?? '', back: n.fields[1] ?? '' }));
}
