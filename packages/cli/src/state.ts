/**
 * What an export run leaves for the next one, so that a run converts only the documents
 * whose outputs can have changed.
 *
 * A run's state is kept in the cache directory under a key made of everything that decides
 * the outputs as a whole: the code (core, parser, engine, each converter), the converters'
 * options, the output directories and the notes' root. Inside, one record per document:
 *
 * - `key`: the document's parse-cache key (its text, the parser options, the tool), and the
 *   file's size and modification time then: a file with the same ones is not even read;
 * - `index`: what other documents need to resolve links into it (core's DocumentIndex), so
 *   that the set's link index is rebuilt without reading unchanged documents;
 * - `depends`: a hash of what its links resolve to (the target documents' keys, the linked
 *   files' size and time) and of what each converter says it depends on besides (a man
 *   page's date: git's HEAD or the file's time; Anki's media names);
 * - `linkDepends` and `linkedFiles`: the part of `depends` that follows from the set's
 *   documents alone, and the linked files to stamp (plan.ts `linkDependsOf`): a run whose
 *   documents all have the keys of the last one (`setKey`) takes them as they are;
 * - its diagnostics, and the stamp (size, modification time) of every file each format
 *   wrote for it.
 *
 * - `sets`, per converter: the files it made of the whole set, and the keys of what they were
 *   made from: every document's text and `depends` (plan.ts `setOutputsKey`), and the
 *   converter's own key when it has one (`Converter.setOutputsKey`).
 *
 * A document is converted again when its key or `depends` changed, or when any of its
 * output files is not exactly as the last run left it; otherwise its recorded diagnostics
 * are reported again and its files are kept. Like the parse cache, the state can only make
 * a run faster: a missing or damaged state is an empty one, and a change the keys do not
 * see cannot happen without a change of code, options, text or stamps.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic, DocumentIndex, FileStamp, Severity } from '@orgnotes/core';
import { codeFingerprint, putEntry, toolFingerprint } from './cache.js';
import type { OutputStamp } from './outputs.js';

/** Bump when the layout of a state changes. */
export const STATE_FORMAT = 7;

export interface FormatRecord {
  files: OutputStamp[];
  diagnostics: Diagnostic[];
}

export interface DocumentRecord {
  key: string;
  /** The file's size and modification time when its text had this key. */
  stamp?: FileStamp;
  index: DocumentIndex;
  /** The reader's diagnostics. */
  parse: Diagnostic[];
  depends: string;
  /** plan.ts `LinkDepends.hash`. */
  linkDepends: string;
  /** plan.ts `LinkDepends.files`, when there is one. */
  linkedFiles?: string[];
  /** Broken links, missing files, links out of the root. */
  links: Diagnostic[];
  /** By converter name. */
  formats: Record<string, FormatRecord>;
}

/** The files a converter made of the whole set (an index, tag pages, the graph, media copies). */
export interface SetRecord {
  /** `setOutputsKey` (plan.ts) of the documents they were made from, when all were known. */
  documents?: string;
  /** The converter's own key of what they were made from (`Converter.setOutputsKey`), when it has one. */
  key?: string;
  files: OutputStamp[];
}

export interface RunState {
  format: number;
  /** plan.ts `setKeyOf` the documents of the run that left it. */
  setKey?: string;
  documents: Record<string, DocumentRecord>;
  /** By converter name. */
  sets: Record<string, SetRecord>;
}

export function emptyState(): RunState {
  return { format: STATE_FORMAT, documents: {}, sets: {} };
}

/**
 * A file whose size and modification time are those recorded is not read again, as git and
 * make trust them. A stamp is recorded only for a file last modified well before the run that
 * read it started: one changed within the same tick of the clock as it was read would keep
 * its time although its text changed ("racy git").
 */
export const RACY_MILLISECONDS = 2000;

/** The stamp to record for a file read by a run that started at `runStartedAt` (ms since the epoch). */
export function trustedStamp(
  stamp: FileStamp | undefined,
  runStartedAt: number,
): FileStamp | undefined {
  return stamp && stamp.mtimeMs < runStartedAt - RACY_MILLISECONDS ? stamp : undefined;
}

export function unchangedSince(state: RunState, path: string, stamp: FileStamp): boolean {
  const recorded = state.documents[path]?.stamp;
  return (
    recorded !== undefined && recorded.size === stamp.size && recorded.mtimeMs === stamp.mtimeMs
  );
}

/** The key of a run's state: everything that decides the outputs besides the documents themselves. */
export function runKey(parts: unknown): string {
  return createHash('sha256')
    .update(
      JSON.stringify({
        format: STATE_FORMAT,
        tool: toolFingerprint(),
        engine: codeFingerprint(import.meta.url),
        parts,
      }),
    )
    .digest('hex');
}

export function stateFile(cacheDir: string, key: string): string {
  return path.join(cacheDir, 'runs', `${key}.json`);
}

export async function readState(file: string): Promise<RunState> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as StoredState;
    if (
      value.format === STATE_FORMAT &&
      value.documents &&
      typeof value.documents === 'object' &&
      value.sets &&
      typeof value.sets === 'object'
    )
      return fromStored(value);
  } catch {
    // Missing or damaged: start from nothing.
  }
  return emptyState();
}

/**
 * A state as written: its documents' headings and findings as arrays. They are most of it
 * (the 4x bench set: 2.8 MB of 8 MB are headings, 2.4 MB findings), and objects repeat their
 * field names and each finding its document's path: arrays make the text read and written
 * at each run a third smaller.
 */
interface StoredState extends Omit<RunState, 'documents'> {
  documents: Record<string, StoredRecord>;
}

/** A document record whose headings are `H` and findings `D`: as used (DocumentRecord), or as stored. */
interface RecordOf<H, D> extends Omit<DocumentRecord, 'index' | 'parse' | 'links' | 'formats'> {
  index: Omit<DocumentIndex, 'headings'> & { headings: H[] };
  parse: D[];
  links: D[];
  formats: Record<string, { files: OutputStamp[]; diagnostics: D[] }>;
}

type StoredRecord = RecordOf<StoredHeading, StoredDiagnostic>;
type Heading = DocumentIndex['headings'][number];
/** Title, line, column, parent (null when absent), then what most headings lack. */
type StoredHeading = [string, number, number, number | null, HeadingExtras?];
type HeadingExtras = Pick<Heading, 'id' | 'customId' | 'aliases' | 'facts'>;
/** Severity, rule, message, line, column, then the path when it is not the document's. */
type StoredDiagnostic = [Severity, string, string, number, number, string?];

/** Every record with its headings and findings mapped (to be stored, or as read back). */
function mapRecords<H, D, H2, D2>(
  documents: Record<string, RecordOf<H, D>>,
  heading: (heading: H) => H2,
  finding: (finding: D, documentPath: string) => D2,
): Record<string, RecordOf<H2, D2>> {
  const mapped: Record<string, RecordOf<H2, D2>> = {};
  for (const [path, record] of Object.entries(documents)) {
    const findings = (list: D[]) => list.map((d) => finding(d, path));
    const formats: RecordOf<H2, D2>['formats'] = {};
    for (const [name, format] of Object.entries(record.formats))
      formats[name] = { files: format.files, diagnostics: findings(format.diagnostics) };
    mapped[path] = {
      ...record,
      index: { ...record.index, headings: record.index.headings.map(heading) },
      parse: findings(record.parse),
      links: findings(record.links),
      formats,
    };
  }
  return mapped;
}

function toStored(state: RunState): StoredState {
  return { ...state, documents: mapRecords(state.documents, storedHeading, storedDiagnostic) };
}

function fromStored(state: StoredState): RunState {
  return { ...state, documents: mapRecords(state.documents, headingOf, diagnosticOf) };
}

function storedHeading(heading: Heading): StoredHeading {
  const { title, line, column, parent, id, customId, aliases, facts } = heading;
  const stored: StoredHeading = [title, line, column, parent ?? null];
  if (id !== undefined || customId !== undefined || aliases !== undefined || facts !== undefined)
    stored.push({ id, customId, aliases, facts });
  return stored;
}

/**
 * A heading as core's indexDocument makes it, fields in its order (keys hash the index); set
 * one by one, since spreading objects for the optional ones cost more than parsing the text.
 */
function headingOf([title, line, column, parent, extras]: StoredHeading): Heading {
  const heading = { title } as Heading;
  if (extras?.id !== undefined) heading.id = extras.id;
  if (extras?.customId !== undefined) heading.customId = extras.customId;
  if (extras?.aliases !== undefined) heading.aliases = extras.aliases;
  heading.line = line;
  heading.column = column;
  if (parent !== null) heading.parent = parent;
  if (extras?.facts !== undefined) heading.facts = extras.facts;
  return heading;
}

function storedDiagnostic(d: Diagnostic, path: string): StoredDiagnostic {
  return d.path === path
    ? [d.severity, d.rule, d.message, d.line, d.column]
    : [d.severity, d.rule, d.message, d.line, d.column, d.path];
}

function diagnosticOf(
  [severity, rule, message, line, column, path]: StoredDiagnostic,
  documentPath: string,
): Diagnostic {
  return { severity, rule, message, path: path ?? documentPath, line, column };
}

/** States kept per cache directory: one per combination of inputs, formats and options used lately. */
export const STATES_KEPT = 16;

export async function writeState(file: string, state: RunState): Promise<void> {
  await putEntry(file, JSON.stringify(toStored(state)));
  // The oldest states go: a configuration not run for a while starts from the parse cache.
  try {
    const dir = path.dirname(file);
    const states = (await readdir(dir)).filter((name) => name.endsWith('.json'));
    if (states.length <= STATES_KEPT) return;
    const dated = await Promise.all(
      states.map(async (name) => ({ name, mtimeMs: (await stat(path.join(dir, name))).mtimeMs })),
    );
    dated.sort((a, b) => b.mtimeMs - a.mtimeMs);
    await Promise.all(
      dated.slice(STATES_KEPT).map(({ name }) => rm(path.join(dir, name), { force: true })),
    );
  } catch {
    // Another run pruning at the same time, or a read-only cache: nothing is lost.
  }
}
