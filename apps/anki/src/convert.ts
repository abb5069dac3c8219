/**
 * org2anki: each Org file as an Anki CSV file (`x.org` -> `x.csv`) whose notes update on
 * re-import instead of duplicating, plus the pictures its cards show under `media/`.
 */
import { exportConfigFromOptions, exportedTree, footnoteDefinitions, type Document, type Heading } from '@orgnotes/core';
import type { ConvertContext, Converter, FlagValue, OutputFile } from '@orgnotes/cli';
import { collectNotes, type AnkiNote, type CardOptions } from './cards.js';
import { writeAnkiCsv, type Separator } from './csv.js';
import type { RenderState } from './html.js';
import { MediaFiles } from './media.js';
import { ankiInfo } from './info.js';

/** Where copied pictures go, relative to the output directory (one flat folder, as Anki's). */
export const MEDIA_DIR = 'media';

export interface AnkiOptions extends CardOptions {
  separator: Separator;
}

export const DEFAULT_OPTIONS: AnkiOptions = {
  separator: 'comma',
  noteType: 'Basic',
  deck: undefined,
  headings: 'id',
  tables: true,
  contextSeparator: ' > ',
};

/** The converter's flags, parsed; a value it does not know is a problem, and the default is used. */
export function parseOptions(raw: Record<string, FlagValue>, problems: string[] = []): AnkiOptions {
  const choice = <T extends string>(value: FlagValue, allowed: readonly T[], flag: string, fallback: T): T => {
    if (value === undefined) return fallback;
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value.toLowerCase())) return value.toLowerCase() as T;
    problems.push(`--${flag} must be one of ${allowed.join(', ')} (got ${String(value)}); using ${fallback}`);
    return fallback;
  };
  const text = (v: FlagValue) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
  return {
    separator: choice(raw.separator, ['comma', 'tab'] as const, 'separator', DEFAULT_OPTIONS.separator),
    noteType: text(raw['note-type'])?.trim() ?? DEFAULT_OPTIONS.noteType,
    deck: text(raw.deck),
    headings: choice(raw.headings, ['id', 'all', 'none'] as const, 'headings', DEFAULT_OPTIONS.headings),
    tables: choice(raw.tables, ['rows', 'none'] as const, 'tables', 'rows') === 'rows',
    contextSeparator: typeof raw['context-separator'] === 'string' ? raw['context-separator'] : DEFAULT_OPTIONS.contextSeparator,
  };
}

export interface AnkiResult {
  notes: AnkiNote[];
  /** False for a private note (an exclude tag in its #+FILETAGS): it has no output at all. */
  exported: boolean;
  /** The headings the cards were made from or under, in order (core's exported headings). */
  headings: Heading[];
  csv: string;
  media: OutputFile[];
}

/** The pure conversion: one document of a note set to its notes, CSV text and media files. */
export function convertToAnki(document: Document, context: ConvertContext, options?: AnkiOptions): AnkiResult {
  if (!options) {
    const problems: string[] = [];
    options = parseOptions(context.options, problems);
    for (const problem of problems) context.report('error', 'invalid-option', problem);
  }
  const media = new MediaFiles(context.notes, MEDIA_DIR);
  const tree = exportedTree(document, exportConfigFromOptions(context.options));
  const headings: Heading[] = [];
  // A note whose #+FILETAGS carry an exclude tag is private: no cards.
  if (!tree.fileExported) return { notes: [], headings, csv: '', media: [], exported: false };
  for (const finding of tree.findings) context.report(finding.severity, finding.rule, finding.message, finding.loc);
  const state: RenderState = { notes: context.notes, document, report: context.report, media, footnotes: footnoteDefinitions(document), tree };
  const notes = collectNotes(document, state, options, headings);
  return { notes, headings, csv: writeAnkiCsv(notes, options.separator), media: media.list(), exported: true };
}

export const converter: Converter = {
  ...ankiInfo,
  convert(document: Document, context: ConvertContext): OutputFile[] {
    const result = convertToAnki(document, context);
    if (!result.exported) return [];
    return [{ path: context.outputPath, content: result.csv }, ...result.media];
  },
};
