/**
 * The converter API: what a converter declares (name, extension, flags, what its output
 * depends on), what it is given for each document (`ConvertContext`) and what it returns;
 * and `convertDocument`, the one place the engine calls converters, on the main thread and in
 * the export workers alike.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  expandForExport,
  type Diagnostic,
  type Document,
  type ExpandedDocument,
  type IndexedDocument,
  type KnowledgeBase,
  type LinkIndex,
  type LinkResolver,
  type OutputNaming,
  type Severity,
  outputBase,
  outputNaming,
} from '@orgnotes/core';

export interface OutputFile {
  /** Relative to the output directory, forward slashes. */
  path: string;
  content: string | Uint8Array;
  /**
   * Several documents may make this file, with the same bytes (a picture in Anki's flat media
   * folder that several notes link): written once, not an output-collision.
   */
  shared?: boolean;
}

export type FlagValue = string | boolean | string[] | undefined;

export interface ConvertContext {
  notes: LinkResolver;
  options: Record<string, FlagValue>;
  /**
   * This document's output path (`outputPathOf`): its input path mirrored, or its
   * `#+EXPORT_FILE_NAME`, with the format's extension.
   */
  outputPath: string;
  /** The same for any document of the set, for relative cross-file links. */
  outputPathOf(document: Document): string;
  report(
    severity: Severity,
    rule: string,
    message: string,
    loc?: { line: number; column: number },
  ): void;
}

/** What a converter is given to make the files of the whole set (`Converter.setOutputs`). */
export interface SetContext {
  /** The set's links (`notes.links`) and its documents, loaded on demand (`notes.locate`). */
  notes: LinkResolver;
  options: Record<string, FlagValue>;
  /** The output path of the document at this input path. */
  outputPathOf(path: string): string;
  /**
   * The output path of the document at this input path in each format of the run, by the
   * format's name (`Converter.format`), each relative to that format's output directory.
   */
  outputPathsOf(path: string): Record<string, string>;
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

/** A module (URL) and the name of its export that is a Converter. */
export interface ConverterEntry {
  module: string;
  name: string;
}

export interface Converter {
  name: string;
  summary: string;
  version: string;
  /** Output extension, with the dot: `.md`. */
  extension: string;
  /**
   * The format's short name (`markdown`, `json`): the key of its output paths in graph.json,
   * and `orgnotes export`'s output subdirectory. Defaults to `name`.
   */
  format?: string;
  /**
   * A document's main output path from `base` (core's `outputBase`: the mirrored input path
   * or `#+EXPORT_FILE_NAME`, without extension), when it is not `base` + `extension` (man:
   * the page name and section); null when the format writes no file of the note's own (Anki
   * packages per deck only). Decided from the index alone, for links, graph and collisions.
   */
  outputPath?(
    base: string,
    naming: OutputNaming,
    options: Record<string, FlagValue>,
  ): string | null;
  flags?: Record<string, FlagSpec>;
  /** The first file is the document's main output; more for assets or split pages. */
  convert(document: Document, context: ConvertContext): OutputFile[];
  /**
   * Loads what `convert` needs under these options (the format's flags); an export awaits it
   * before the first document it converts.
   */
  prepare?(options: Record<string, FlagValue>): Promise<void>;
  /** Where a worker thread finds this converter; without it, an export converts on the main thread only. */
  entry?: ConverterEntry;
  /**
   * The converter's module (`import.meta.url`): the code beside it is part of the key under
   * which an export keeps earlier outputs, so a changed converter converts everything again.
   */
  module?: string;
  /**
   * What a document's output depends on besides its text, the options and what its links
   * resolve to (a man page's date, from git or the file's time; Markdown's `lastmod` with
   * `--lastmod=git`), under the format's options: an export converts the document again when
   * this value changes.
   */
  dependencies?(
    document: IndexedDocument,
    links: LinkIndex,
    options: Record<string, FlagValue>,
  ): string;
  /**
   * What a document's output depends on among the set's documents besides what its links
   * resolve to (Anki's media names: which file of the set keeps each flat name), under the
   * format's options. Unlike `dependencies`, a function of the documents' texts alone: a run
   * whose documents all kept their keys reuses the last run's answer without resolving a link.
   */
  setDependencies?(
    document: IndexedDocument,
    links: LinkIndex,
    options: Record<string, FlagValue>,
  ): string;
  /**
   * Whether the converter writes the model as read (JSON): it gets the document unexpanded.
   * Every other converter gets it with its `#+INCLUDE:`s and macros expanded (core's
   * expandForExport), as Emacs exports.
   */
  lossless?: boolean;

  /**
   * Files made from the whole set rather than one document (an index, tag pages, the link
   * graph, media copied beside the pages), made every run with an output directory from the
   * indexes and written like the others, only when their bytes change. One whose path is a
   * document's output is a usage error.
   */
  setOutputs?(set: SetContext): Promise<OutputFile[]>;
  /**
   * What `setOutputs` makes its files of, as a key (equal keys make equal files under the
   * same options), computed without making them. A warm run keeps the files while it is
   * unchanged, so editing a note's text remakes the index only when something the index
   * shows changed. Without it, every document's text and dependencies are the key.
   */
  setOutputsKey?(set: SetContext): string;
}

/**
 * A converter whose writer is loaded only when a document is converted, so that a run that
 * keeps every earlier output (or only validates a configuration) never loads it.
 */
export function lazyConverter(
  info: Omit<Converter, 'convert' | 'prepare'>,
  load: (options: Record<string, FlagValue>) => Promise<Converter['convert']>,
): Converter {
  let convert: Converter['convert'] | undefined;
  return {
    ...info,
    async prepare(options) {
      convert ??= await load(options);
    },
    convert(document, context) {
      if (!convert) throw new Error(`${info.name}: prepare() must be awaited before convert()`);
      return convert(document, context);
    },
  };
}

export interface FormatSpec {
  converter: Converter;
  options: Record<string, FlagValue>;
}

export interface ConvertedFormat {
  files: OutputFile[];
  diagnostics: Diagnostic[];
  /** The converter threw: the document is converted again next run. */
  failed: boolean;
}

export interface ConvertedDocument {
  /** Broken links, missing files, links out of the root; includes and macros that cannot be expanded. */
  links: Diagnostic[];
  formats: ConvertedFormat[];
}

/**
 * The main output path of the note at `path` in a format, relative to its output directory:
 * core's outputBase (mirrored, or `#+EXPORT_FILE_NAME`) with the format's extension. The one
 * function behind every output path: the engine's, the writers' links, indexes and graph.
 */
export function notePath(
  converter: Converter,
  path: string | undefined,
  naming: OutputNaming | undefined,
  options: Record<string, FlagValue> = {},
): string | null {
  const { base } = outputBase(path, naming);
  return converter.outputPath
    ? converter.outputPath(base, naming ?? { exportFileName: null, manSection: null }, options)
    : base + converter.extension;
}

/**
 * A `report` that collects what a converter says of one document as diagnostics at `path`
 * (at line 1, column 1 when it gives no place): for running a converter without the engine.
 */
export function reportInto(diagnostics: Diagnostic[], path: string): ConvertContext['report'] {
  return (severity, rule, message, loc) =>
    diagnostics.push({
      severity,
      rule,
      message,
      path,
      line: loc?.line ?? 1,
      column: loc?.column ?? 1,
    });
}

/**
 * A document's main output path in a format (see notePath), what its other files and the
 * links to it are named after (the `extension` one when the format writes none of its own).
 */
export function outputPathOf(
  converter: Converter,
  document: Document,
  options: Record<string, FlagValue> = {},
): string {
  const naming = outputNaming(document);
  return (
    notePath(converter, document.path, naming, options) ??
    outputBase(document.path, naming).base + converter.extension
  );
}

/**
 * The time `{{{modification-time}}}` gives, never the clock: SOURCE_DATE_EPOCH, else the
 * file's last commit, else its mtime (SPEC: org-macro--get-modification-time reads the file's
 * time or its last commit with VC).
 */
function modificationTime(absolutePath: string | null): Date | null {
  const epoch = process.env.SOURCE_DATE_EPOCH?.trim();
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  if (!absolutePath) return null;
  try {
    const out = execFileSync(
      'git',
      ['log', '-1', '--format=%ct', '--', path.basename(absolutePath)],
      {
        cwd: path.dirname(absolutePath),
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 10_000,
      },
    ).trim();
    if (/^\d+$/.test(out)) return new Date(Number(out) * 1000);
  } catch {
    // Not in a work tree, or no git: the file's time.
  }
  const stat = statSync(absolutePath, { throwIfNoEntry: false });
  return stat ? new Date(Math.floor(stat.mtimeMs / 1000) * 1000) : null;
}

/** The document with its includes and macros expanded, reading included files from the notes' root. */
export function expandDocument(
  document: Document,
  notes: Pick<KnowledgeBase, 'root' | 'absolutePath'>,
): ExpandedDocument {
  return expandForExport(document, {
    readFile: (relative) => {
      try {
        return readFileSync(path.join(notes.root, relative), 'utf8');
      } catch {
        return null;
      }
    },
    modificationTime: () => modificationTime(notes.absolutePath(document)),
  });
}

/**
 * What converters ask of the note set, seen from an expanded document: links into the
 * document itself lead to the expanded document and its headings, so that a writer still
 * knows them for its own.
 */
function expandedResolver(
  notes: KnowledgeBase,
  original: Document,
  expanded: ExpandedDocument,
): LinkResolver {
  const view = Object.create(notes) as KnowledgeBase;
  view.resolveLink = (link, from) => {
    const target = notes.resolveLink(link, from === expanded.document ? original : from);
    if (!target || !('document' in target) || target.document !== original) return target;
    if (target.kind === 'heading') {
      const heading = expanded.headingFor(target.heading);
      return heading
        ? { ...target, document: expanded.document, heading }
        : { kind: 'document', document: expanded.document };
    }
    return { ...target, document: expanded.document };
  };
  view.absolutePath = (document) =>
    notes.absolutePath(document === expanded.document ? original : document);
  return view;
}

/** Checks a document's links and converts it with each format; a converter that throws gives an error diagnostic, never an exception. */
export function convertDocument(
  document: Document,
  notes: KnowledgeBase,
  formats: FormatSpec[],
): ConvertedDocument {
  const source = document.path ?? '<stdin>';
  const links = notes.checkLinks(document);
  const expansion = formats.some((f) => !f.converter.lossless)
    ? expandDocument(document, notes)
    : null;
  if (expansion) links.push(...expansion.diagnostics);
  const expandedNotes = expansion?.expanded ? expandedResolver(notes, document, expansion) : notes;
  const converted = formats.map(({ converter, options }): ConvertedFormat => {
    const diagnostics: Diagnostic[] = [];
    const expanded = !converter.lossless && expansion?.expanded ? expansion : null;
    const report: ConvertContext['report'] = (severity, rule, message, loc) => {
      let line = loc?.line ?? 1;
      let column = loc?.column ?? 1;
      let text = message;
      if (expanded && loc) {
        // A line of the expanded text: where it was written (an included file's line is
        // reported at its #+INCLUDE:, naming the file).
        const from = expanded.origin(loc.line);
        if (from.path === source) line = from.line;
        else {
          text = `${message} (in ${from.path}:${from.line}, included here)`;
          line = from.includedAt;
          column = 1;
        }
      }
      diagnostics.push({ severity, rule, message: text, path: source, line, column });
    };
    const outputPathOfDocument = (other: Document) =>
      outputPathOf(converter, other === expanded?.document ? document : other, options);
    try {
      const files = converter.convert(expanded ? expanded.document : document, {
        notes: expanded ? expandedNotes : notes,
        options,
        outputPath: outputPathOfDocument(document),
        outputPathOf: outputPathOfDocument,
        report,
      });
      return { files, diagnostics, failed: false };
    } catch (error) {
      report(
        'error',
        'internal-error',
        `${converter.name} cannot convert this file: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (process.env.ORGNOTES_DEBUG && error instanceof Error)
        process.stderr.write(`${error.stack}\n`);
      return { files: [], diagnostics, failed: true };
    }
  });
  return { links, formats: converted };
}
