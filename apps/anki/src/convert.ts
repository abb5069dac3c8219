/**
 * org2anki: each Org file as an Anki CSV file (`x.org` -> `x.csv`) whose notes update on
 * re-import instead of duplicating, plus the pictures its cards show under `media/`; with
 * `--package`, an Anki package (`x.apkg`) holding the same notes and their pictures.
 */
import {
  exportConfigFromOptions,
  exportedTree,
  footnoteDefinitions,
  type Document,
  type Heading,
} from '@orgnotes/core';
import type { ConvertContext, Converter, FlagValue, OutputFile } from '@orgnotes/cli';
import { buildPackage, loadPackageWriter } from './apkg.js';
import { packageEpoch } from './epoch.js';
import { collectNotes, type AnkiNote, type CardOptions } from './cards.js';
import { writeAnkiCsv, type Separator } from './csv.js';
import type { RenderState } from './html.js';
import { MediaFiles } from './media.js';
import { ankiInfo } from './info.js';

/** Where copied pictures go, relative to the output directory (one flat folder, as Anki's). */
export const MEDIA_DIR = 'media';

/** Anki package extension. */
export const PACKAGE_EXTENSION = '.apkg';

export type PackagePer = 'file' | 'deck' | 'set';

export interface AnkiOptions extends CardOptions {
  separator: Separator;
  /** Write Anki packages: one per Org file, per deck or one for the whole set; none when null. */
  packagePer: PackagePer | null;
  /** With packages: no CSV files and no media folder (the packages hold the pictures). */
  packageOnly: boolean;
}

export const DEFAULT_OPTIONS: AnkiOptions = {
  separator: 'comma',
  packagePer: null,
  packageOnly: false,
  noteType: 'Basic',
  deck: undefined,
  deckPerNote: false,
  headings: 'all',
  fileCards: false,
  tables: true,
  contextSeparator: ' > ',
};

/** The converter's flags, parsed; a value it does not know is a problem, and the default is used. */
export function parseOptions(raw: Record<string, FlagValue>, problems: string[] = []): AnkiOptions {
  const choice = <T extends string>(
    value: FlagValue,
    allowed: readonly T[],
    flag: string,
    fallback: T,
  ): T => {
    if (value === undefined) return fallback;
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value.toLowerCase()))
      return value.toLowerCase() as T;
    problems.push(
      `--${flag} must be one of ${allowed.join(', ')} (got ${String(value)}); using ${fallback}`,
    );
    return fallback;
  };
  const text = (v: FlagValue) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
  const per =
    raw['package-per'] === undefined
      ? undefined
      : choice(raw['package-per'], ['file', 'deck', 'set'] as const, 'package-per', 'file');
  const packageOnly = raw['package-only'] === true;
  return {
    separator: choice(
      raw.separator,
      ['comma', 'tab'] as const,
      'separator',
      DEFAULT_OPTIONS.separator,
    ),
    // --package-per and --package-only ask for packages too.
    packagePer: per ?? (raw.package === true || packageOnly ? 'file' : null),
    packageOnly,
    noteType: text(raw['note-type'])?.trim() ?? DEFAULT_OPTIONS.noteType,
    deck: text(raw.deck),
    deckPerNote: raw['deck-per-note'] === true,
    fileCards: raw['file-cards'] === true,
    headings: choice(
      raw.headings,
      ['id', 'all', 'none'] as const,
      'headings',
      DEFAULT_OPTIONS.headings,
    ),
    tables: choice(raw.tables, ['rows', 'none'] as const, 'tables', 'rows') === 'rows',
    contextSeparator:
      typeof raw['context-separator'] === 'string'
        ? raw['context-separator']
        : DEFAULT_OPTIONS.contextSeparator,
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
  /** The document's own package (`--package-per file`), else null. */
  package: Uint8Array | null;
}

/** The pure conversion: one document of a note set to its notes, CSV text and media files. */
export function convertToAnki(
  document: Document,
  context: ConvertContext,
  options?: AnkiOptions,
): AnkiResult {
  if (!options) {
    const problems: string[] = [];
    options = parseOptions(context.options, problems);
    for (const problem of problems) context.report('error', 'invalid-option', problem);
  }
  const media = new MediaFiles(context.notes, MEDIA_DIR);
  const tree = exportedTree(document, exportConfigFromOptions(context.options));
  const headings: Heading[] = [];
  // A note whose #+FILETAGS carry an exclude tag is private: no cards, no package.
  if (!tree.fileExported)
    return { notes: [], headings, csv: '', media: [], package: null, exported: false };
  for (const finding of tree.findings)
    context.report(finding.severity, finding.rule, finding.message, finding.loc);
  // A heading's text is on its own card and on the cards of the headings above it: what it
  // cannot render is reported once, where it is written.
  const reported = new Set<string>();
  const reportOnce: ConvertContext['report'] = (severity, rule, message, loc) => {
    const key = `${rule}\0${loc?.line}\0${loc?.column}\0${message}`;
    if (reported.has(key)) return;
    reported.add(key);
    context.report(severity, rule, message, loc);
  };
  const state: RenderState = {
    notes: context.notes,
    document,
    report: reportOnce,
    media,
    footnotes: footnoteDefinitions(document),
    tree,
  };
  const notes = collectNotes(document, state, options, headings);
  const files = media.list();
  const apkg =
    options.packagePer === 'file'
      ? buildPackage({ notes, media: files.map(packageMedia) }, { epoch: packageEpoch() })
      : null;
  return {
    notes,
    headings,
    csv: writeAnkiCsv(notes, options.separator),
    media: files,
    package: apkg,
    exported: true,
  };
}

/** A media output file as a package entry: its flat name (the path below `media/`). */
export function packageMedia(file: OutputFile): { name: string; content: Uint8Array } {
  const name = file.path.slice(MEDIA_DIR.length + 1);
  return {
    name,
    content:
      typeof file.content === 'string' ? new TextEncoder().encode(file.content) : file.content,
  };
}

/** `x.csv` -> `x.apkg` (with --package-only the note's own file is already `x.apkg`: info.ts). */
export function packagePath(csvPath: string): string {
  return csvPath.replace(/\.(?:csv|apkg)$/, '') + PACKAGE_EXTENSION;
}

/** The output files of one document: its CSV and pictures, its package, or both; none for a private note. */
export function ankiOutputs(
  result: AnkiResult,
  outputPath: string,
  options: AnkiOptions,
): OutputFile[] {
  if (!result.exported) return [];
  const apkg: OutputFile[] = result.package
    ? [{ path: packagePath(outputPath), content: result.package }]
    : [];
  if (options.packageOnly) return apkg;
  return [{ path: outputPath, content: result.csv }, ...result.media, ...apkg];
}

export const converter: Converter = {
  ...ankiInfo,
  // sql.js (WebAssembly) only when packages are asked for: loading it took 0.4 s of every run.
  async prepare(options) {
    if (parseOptions(options, []).packagePer !== null) await loadPackageWriter();
  },
  convert(document: Document, context: ConvertContext): OutputFile[] {
    const problems: string[] = [];
    const options = parseOptions(context.options, problems);
    for (const problem of problems) context.report('error', 'invalid-option', problem);
    return ankiOutputs(convertToAnki(document, context, options), context.outputPath, options);
  },
};
