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
export const STATE_FORMAT = 8;

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
  return recorded !== undefined && sameStamp(recorded, stamp);
}

/** Whether two stamps (or their absence) are the same size and modification time. */
export function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  return a?.size === b?.size && a?.mtimeMs === b?.mtimeMs;
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
  return path.join(cacheDir, 'runs', `${key}.jsonl`);
}

export async function readState(file: string): Promise<RunState> {
  try {
    return parseState(await readFile(file));
  } catch {
    // Missing or damaged: start from nothing.
    return emptyState();
  }
}

/**
 * A state as stored is JSON lines: first `{format, setKey, sets}`, then one line per
 * document, `[path, record]` (its headings and findings as arrays, see StoredRecord). Lines
 * are ASCII (characters beyond it escaped), so that a document's line is the same bytes
 * whatever decodes it, and a text made of them takes one byte per character.
 *
 * Most runs change a few documents and keep the rest: writeState writes a kept record's
 * line again as the bytes it was read from, not serialized again (docs/benchmarks.md).
 */
function parseState(bytes: Buffer): RunState {
  const lines = lineRanges(bytes);
  const header = JSON.parse(bytes.toString('utf8', lines[0]![0], lines[0]![1])) as StoredHeader;
  if (
    header.format !== STATE_FORMAT ||
    !header.sets ||
    typeof header.sets !== 'object' ||
    Array.isArray(header.sets)
  )
    return emptyState();
  const state: RunState = { ...header, documents: {} };
  const asRead = new Map<string, ReadRecord>();
  for (const [start, end] of lines.slice(1)) {
    const [path, stored] = JSON.parse(bytes.toString('utf8', start, end)) as [string, StoredRecord];
    if (typeof path !== 'string' || !stored || typeof stored !== 'object')
      throw new Error('damaged state');
    const record = recordOf(stored, path);
    state.documents[path] = record;
    asRead.set(path, { record, line: bytes.subarray(start, end) });
  }
  linesRead.set(state, asRead);
  return state;
}

/** A record as read, and its line's bytes. */
interface ReadRecord {
  record: DocumentRecord;
  line: Buffer;
}

/** The records of each state read from a file, to write them again as they were (see parseState). */
const linesRead = new WeakMap<RunState, Map<string, ReadRecord>>();

/** [start, end) of each line but the empty one after the last newline. */
function lineRanges(bytes: Buffer): [number, number][] {
  const ranges: [number, number][] = [];
  let start = 0;
  while (start < bytes.length) {
    const newline = bytes.indexOf(NEWLINE, start);
    const end = newline === -1 ? bytes.length : newline;
    ranges.push([start, end]);
    start = end + 1;
  }
  if (ranges.length === 0) throw new Error('empty state');
  return ranges;
}

const NEWLINE = 0x0a;

/**
 * What a state stores of a document: its headings and findings as arrays. They are most of
 * it, and objects repeat their field names and each finding its document's path: arrays
 * make the text read and written at each run a third smaller (docs/benchmarks.md).
 */
type StoredRecord = RecordOf<StoredHeading, StoredDiagnostic>;

/** A state's first line: all but its documents. */
type StoredHeader = Omit<RunState, 'documents'>;

/** A document record whose headings are `H` and findings `D`: as used (DocumentRecord), or as stored. */
interface RecordOf<H, D> extends Omit<DocumentRecord, 'index' | 'parse' | 'links' | 'formats'> {
  index: Omit<DocumentIndex, 'headings'> & { headings: H[] };
  parse: D[];
  links: D[];
  formats: Record<string, { files: OutputStamp[]; diagnostics: D[] }>;
}

type Heading = DocumentIndex['headings'][number];
/** Title, line, column, parent (null when absent), then what most headings lack. */
type StoredHeading = [string, number, number, number | null, HeadingExtras?];
type HeadingExtras = Pick<Heading, 'id' | 'customId' | 'aliases' | 'facts'>;
/** Severity, rule, message, line, column, then the path when it is not the document's. */
type StoredDiagnostic = [Severity, string, string, number, number, string?];

/** A record with its headings and findings mapped (to be stored, or as read back). */
function mapRecord<H, D, H2, D2>(
  record: RecordOf<H, D>,
  path: string,
  heading: (heading: H) => H2,
  finding: (finding: D, documentPath: string) => D2,
): RecordOf<H2, D2> {
  const findings = (list: D[]) => list.map((d) => finding(d, path));
  const formats: RecordOf<H2, D2>['formats'] = {};
  for (const [name, format] of Object.entries(record.formats))
    formats[name] = { files: format.files, diagnostics: findings(format.diagnostics) };
  return {
    ...record,
    index: { ...record.index, headings: record.index.headings.map(heading) },
    parse: findings(record.parse),
    links: findings(record.links),
    formats,
  };
}

function storedRecord(record: DocumentRecord, path: string): StoredRecord {
  return mapRecord(record, path, storedHeading, storedDiagnostic);
}

function recordOf(stored: StoredRecord, path: string): DocumentRecord {
  return mapRecord(stored, path, headingOf, diagnosticOf);
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

/**
 * Writes a run's state. `previous`, the state it started from: the records it kept are
 * written as the bytes they were read from (see parseState).
 */
export async function writeState(
  file: string,
  state: RunState,
  previous?: RunState,
): Promise<void> {
  const asRead = previous ? linesRead.get(previous) : undefined;
  const { documents, ...header } = state;
  const lines: Uint8Array[] = [asciiLine(header), NEWLINE_BYTES];
  for (const [path, record] of Object.entries(documents)) {
    const read = asRead?.get(path);
    lines.push(
      read && sameRecord(read.record, record)
        ? read.line
        : asciiLine([path, storedRecord(record, path)]),
      NEWLINE_BYTES,
    );
  }
  await putEntry(file, lines);
  // The oldest states go: a configuration not run for a while starts from the parse cache.
  try {
    const dir = path.dirname(file);
    // `.json`: states of earlier formats.
    const states = (await readdir(dir)).filter((name) => /\.jsonl?$/.test(name));
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

const NEWLINE_BYTES = Buffer.from('\n');

/**
 * A value as one line of ASCII JSON: characters beyond ASCII as `\\u` escapes (JSON.stringify
 * escapes line breaks and control characters already).
 */
function asciiLine(value: unknown): Buffer {
  const json = JSON.stringify(value).replace(
    NON_ASCII,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return Buffer.from(json, 'latin1');
}

const NON_ASCII = /[\u0080-\uffff]/g;

/**
 * Whether a record of this run is the one read (keepDocument copies it, with this run's
 * stamp of its file): the same fields, the stamp the same size and time.
 */
function sameRecord(read: DocumentRecord, record: DocumentRecord): boolean {
  if (record === read) return true;
  const keys = Object.keys(record) as (keyof DocumentRecord)[];
  if (keys.length !== Object.keys(read).length) return false;
  return keys.every((key) =>
    key === 'stamp' ? sameStamp(record.stamp, read.stamp) : record[key] === read[key],
  );
}
