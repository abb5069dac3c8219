/**
 * One export run, in phases: read the inputs (`readInputs`); index every document, from the
 * last run's state, the parse cache or the parser (`indexDocuments`); build the set's link
 * index and decide which documents keep what the last run produced, because nothing they
 * depend on changed (`planRun`, with plan.ts); convert the others to every requested format
 * and write their outputs at once (`convertAndWrite`); then finish the output directories and
 * keep the run's state (`finish`). `runConverter` is this with one format; `orgnotes export`
 * with all four.
 */
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { statSync } from 'node:fs';
import {
  compareDiagnostics,
  compareText,
  decodeOrg,
  exportConfigFromOptions,
  isIndexExported,
  outputBase,
  indexDocument,
  KnowledgeBase,
  LinkIndex,
  type Diagnostic,
  type DocumentIndex,
  type ExportConfig,
  type FileStamp,
  type IndexedDocument,
  type NoteSource,
  type ReadResult,
} from '@orgnotes/core';
import { EXIT, parseCommandLine, runMain, UsageError, type RunFlags } from './args.js';
import { cacheKey, codeFingerprint, defaultCacheDir, ParseCache } from './cache.js';
import {
  convertDocument,
  notePath,
  type ConvertedDocument,
  type Converter,
  type FlagValue,
  type OutputFile,
  type SetContext,
} from './converter.js';
import type { WorkerDocument } from './export-worker.js';
import type { Program } from './help.js';
import { letTheLoopTurn } from './files.js';
import { displayPaths, loadInputs, STDIN } from './io.js';
import {
  OutputDirectory,
  syncOutputs,
  type OutputStamp,
  type PlannedFile,
  type SyncResult,
} from './outputs.js';
import { parseSources } from './parse.js';
import { forgetGitDates } from './git-dates.js';
import {
  dependsOf,
  linkDependsOf,
  planDocuments,
  setOutputsKey,
  type PlannedDocument,
} from './plan.js';
import { WorkerPool, workerCount } from './pool.js';
import { Progress } from './progress.js';
import { effectiveDiagnostics, renderReport, wantsColor, type RunSummary } from './reporters.js';
import {
  emptyState,
  readState,
  runKey,
  sameStamp,
  stateFile,
  trustedStamp,
  unchangedSince,
  writeState,
  type DocumentRecord,
  type FormatRecord,
  type RunState,
} from './state.js';
import { DocumentStore, readOptionsOf, reloadDocument, RESIDENT_CHARACTERS } from './store.js';
import { watchInputs } from './watch.js';

export interface FormatJob {
  converter: Converter;
  /** Undefined: the one document's main output goes to standard output. */
  outDir: string | undefined;
  options: Record<string, FlagValue>;
  /** Always keep `.orgnotes-manifest.json` in the output directory (see outputs.ts). */
  manifest?: boolean;
}

export interface ProducedOutputs {
  generator: string;
  outDir: string | undefined;
  files: PlannedFile[];
  manifest?: boolean;
}

/** What json2org hands to `deliver`: its outputs in memory. */
export interface Produced {
  root: string;
  inputFiles: Set<string>;
  outputs: ProducedOutputs[];
  /** Paths relative to the root, as the documents know them. */
  diagnostics: Diagnostic[];
  files: number;
  parsed: string[];
  cacheHits: number;
}

export interface ExportOptions {
  cache: ParseCache | null;
  /** Milliseconds a big file may take to parse (0: no guard). */
  timeBudgetMs?: number | undefined;
  /** Watch mode: parse results and the run state kept in memory between runs. */
  memo?: { parsed: Map<string, ReadResult>; state: RunState } | undefined;
  jobs?: number | undefined;
  /** Whether a progress line may be shown (a terminal decides the rest). */
  progress: boolean;
  check: boolean;
  clean: boolean;
}

export interface ExportResult {
  root: string;
  diagnostics: Diagnostic[];
  summary: RunSummary;
  toStdout: boolean;
}

/**
 * Documents whose outputs may be in writing at once: writes wait on the file system, and on
 * a slow one a run that waited for each would spend most of its time idle. Bounded, because
 * a pending write holds its content.
 */
const MAX_PENDING_WRITES = 32;

/**
 * ORGNOTES_TIMING=1: each phase's time, CPU time (user and system) and page faults, and the
 * process's memory on standard error (the heap after a collection when node runs with
 * --expose-gc), for profiling a run. On hosts where a fresh page is dear, the system time and
 * faults show what memory churn costs.
 */
function phaseTimer(): { lap(phase: string): void } | undefined {
  if (process.env.ORGNOTES_TIMING !== '1') return undefined;
  let last = performance.now();
  let lastUsage = process.resourceUsage();
  return {
    lap(phase) {
      const elapsed = performance.now() - last;
      const usage = process.resourceUsage();
      const cpu = (key: 'userCPUTime' | 'systemCPUTime') =>
        ((usage[key] - lastUsage[key]) / 1000).toFixed(0);
      const faults = usage.minorPageFault - lastUsage.minorPageFault;
      (globalThis as { gc?: () => void }).gc?.();
      const memory = process.memoryUsage();
      process.stderr.write(
        `orgnotes timing: ${phase} ${elapsed.toFixed(0)} ms (user ${cpu('userCPUTime')} ms, system ${cpu('systemCPUTime')} ms, ${faults} page faults; rss ${(memory.rss / 1e6).toFixed(0)} MB, heap ${(memory.heapUsed / 1e6).toFixed(0)} of ${(memory.heapTotal / 1e6).toFixed(0)} MB, external ${(memory.external / 1e6).toFixed(0)} MB)\n`,
      );
      last = performance.now();
      lastUsage = process.resourceUsage();
    },
  };
}

/** A run exports into directories, or (one document, no -o) to standard output. */
type Sink =
  | { kind: 'directory'; directory: OutputDirectory }
  | { kind: 'stdout'; files: PlannedFile[] };

/** An input of the run: its source, key and size. */
interface RunSource {
  /** A file's without its text (see `bytes`); standard input's with it (it cannot be read again). */
  source: NoteSource;
  key: string;
  /** Characters of its text: what holding it costs (see DocumentStore). */
  size: number;
  /**
   * The file's bytes, until it is parsed (its text is decoded again from them then) or
   * found to need no parse (its key is the last run's). Bytes live outside the V8 heap, and
   * V8 lets its heap grow to about four times what it held after its last collection, so
   * texts held on the heap while the parse goes weigh four times over (docs/benchmarks.md).
   */
  bytes?: Uint8Array;
}

/** What the phases of one export run share. */
interface Run {
  formats: FormatJob[];
  options: ExportOptions;
  /** When the run started (ms since the epoch): files modified after it are not trusted by their stamp. */
  started: number;
  toStdout: boolean;
  /** The parse-cache key salt (see `cacheKey`). */
  salt: string;
  root: string;
  inputFiles: Set<string>;
  fileCount: number;
  sources: Map<string, RunSource>;
  /** The last run's state, and this run's, filled as documents are kept or converted. */
  previous: RunState;
  next: RunState;
  /** Where the state is kept (null: not kept on disk). */
  statePath: string | null;
  diagnostics: Diagnostic[];
  progress: Progress | null;
  store: DocumentStore;
  /** The export workers, once a phase has enough work for them. */
  pool: WorkerPool | undefined;
}

const keyOf = (run: Run, p: string): string => run.sources.get(p)?.key ?? '';

/** Exports the inputs in every format: converts what changed, keeps the rest, writes (or checks) outputs as it goes. */
export async function exportOnce(
  inputs: string[],
  formats: FormatJob[],
  options: ExportOptions,
): Promise<ExportResult> {
  const timing = phaseTimer();
  const run = await readInputs(inputs, formats, options);
  timing?.lap('read');
  try {
    const indexed = await indexDocuments(run);
    timing?.lap(`index (${indexed.parsed.length} parsed, ${run.pool?.size ?? 0} workers)`);
    const planned = planRun(run, indexed);
    const outputs = planOutputPaths(run, planned);
    let setFiles = await setOutputs(run, planned, outputs);
    // A note that a set file refused is no longer among what the run writes (the graph
    // lists its outputs): the set's files are made again, at the same paths.
    if (claimSetFiles(run, planned, outputs, setFiles.files))
      setFiles = await setOutputs(run, planned, outputs, { fresh: true });
    timing?.lap('plan');
    const written = await convertAndWrite(run, indexed, planned, outputs.refused);
    await writeSetOutputs(run, planned, outputs, setFiles);
    timing?.lap(`convert and write (${written.converted} converted)`);
    const result = await finish(run, indexed, planned.sinks, written);
    timing?.lap('finish');
    return result;
  } finally {
    run.progress?.clear();
    await run.pool?.close();
  }
}

/** Reads the last run's state and the inputs (those unchanged since by their stamp are not read), and keys them. */
async function readInputs(
  inputs: string[],
  formats: FormatJob[],
  options: ExportOptions,
): Promise<Run> {
  const started = Date.now();
  // Commits made since the last run in this process change commit dates (--lastmod=git, man dates).
  forgetGitDates();
  const toStdout = formats.some((f) => f.outDir === undefined);
  const { cache, memo } = options;
  const salt = cache?.salt ?? (memo ? 'memory' : 'no-cache');

  // The last run's state, when there is one to trust: outputs go to directories, a cache (or watch mode) keeps it.
  const stateKey = runKey({
    inputs: inputs.map((input) => (input === '-' ? input : path.resolve(input))),
    formats: formats.map(({ converter, outDir, options: o }) => ({
      name: converter.name,
      version: converter.version,
      code: converter.module ? codeFingerprint(converter.module) : null,
      outDir,
      options: o,
    })),
  });
  const statePath = !toStdout && cache && !memo ? stateFile(cache.dir, stateKey) : null;
  const previous: RunState = toStdout
    ? emptyState()
    : memo
      ? memo.state
      : statePath
        ? await readState(statePath)
        : emptyState();
  // Each file's text is keyed as it is read and let go: only the bytes of one to parse wait
  // (see RunSource), so a run that reads every file (their stamps are new) never holds all
  // their texts. Standard input keeps its text: it cannot be read again.
  const read = new Map<string, { key: string; size: number; bytes?: Uint8Array }>();
  const loaded = await loadInputs(
    inputs,
    '.org',
    (bytes, shown) => {
      const decoded = decodeOrg(bytes, shown);
      const key = cacheKey(decoded.text, readOptionsOf({ path: shown }), salt);
      if (shown === STDIN) {
        read.set(shown, { key, size: decoded.text.length });
        return decoded;
      }
      const parsed = previous.documents[shown]?.key !== key;
      read.set(shown, { key, size: decoded.text.length, ...(parsed ? { bytes } : {}) });
      return { ...decoded, text: '' };
    },
    (p, stamp) => unchangedSince(previous, p, stamp),
  );
  if (toStdout && loaded.sources.length > 1) {
    throw new UsageError(`${loaded.sources.length} input files: use -o DIR to write them`);
  }
  const readSource = (source: NoteSource): RunSource => {
    const { key, size, bytes } = read.get(source.path)!;
    return { source, key, size, ...(bytes ? { bytes } : {}) };
  };
  const sources = new Map(
    loaded.sources.map((source): [string, RunSource] => [
      source.path,
      source.unread
        ? { source, key: previous.documents[source.path]!.key, size: source.stamp!.size }
        : readSource(source),
    ]),
  );
  // The store's reader below keeps this scope alive: the bytes are held by the sources only.
  read.clear();
  const fileCount = loaded.sources.length;
  const store = new DocumentStore(
    (p, toConvert) => {
      const { source, key } = sources.get(p)!;
      const stored = {
        key,
        cacheFile: cache?.file(key) ?? null,
        absolutePath: source.absolutePath ?? null,
      };
      return memo?.parsed.get(key) ?? reloadDocument(p, stored, salt, source.text, toConvert);
    },
    (p) => sources.get(p)?.size ?? 0,
  );
  return {
    formats,
    options,
    started,
    toStdout,
    salt,
    root: loaded.root,
    inputFiles: loaded.inputFiles,
    fileCount,
    sources,
    previous,
    next: emptyState(),
    statePath,
    diagnostics: [...loaded.diagnostics],
    progress: Progress.create(fileCount, 1 + formats.length, options.progress),
    store,
    pool: undefined,
  };
}

/**
 * Starts the export workers when `files` documents of `characters` in all are worth them and
 * every converter can run in a worker; a later phase with more work may start them.
 */
function startPool(run: Run, files: number, characters: number): void {
  const { formats } = run;
  const count =
    run.toStdout || !formats.every((f) => f.converter.entry)
      ? 0
      : workerCount(files, characters, run.options.jobs);
  if (count > 0)
    run.pool ??= new WorkerPool(count, {
      kind: 'init',
      root: run.root,
      salt: run.salt,
      formats: formats.map(({ converter, options }) => ({ entry: converter.entry!, options })),
    });
}

interface Indexed {
  /** Every document's index, in the order they were indexed. */
  entries: IndexedDocument[];
  /** The reader's diagnostics, by document. */
  parseDiagnostics: Map<string, Diagnostic[]>;
  /** Which worker holds each document it parsed. */
  holders: Map<string, number>;
  /** Paths of the files parsed this run. */
  parsed: string[];
  /** How many files ran out of their time budget. */
  overBudget: number;
}

/** A source's text: standard input keeps it, a file's is decoded from its bytes (see RunSource). */
function textOf(run: Run, p: string): string {
  const entry = run.sources.get(p);
  return entry?.bytes ? decodeOrg(entry.bytes, p).text : (entry?.source.text ?? '');
}

/**
 * Drops a file's bytes once it is parsed: a document dropped from memory is read again from
 * the cache, or from its file (checked against its key), so memory does not grow with the set.
 */
function releaseBytes(run: Run, p: string): void {
  const entry = run.sources.get(p);
  if (entry) delete entry.bytes;
}

/** Every document's index: recorded by the last run when its text is the same, else parsed (and held in the store, or by the worker that parsed it). */
async function indexDocuments(run: Run): Promise<Indexed> {
  const { previous, progress, options } = run;
  const entries: IndexedDocument[] = [];
  const parseDiagnostics = new Map<string, Diagnostic[]>();
  const holders = new Map<string, number>();
  const toParse: NoteSource[] = [];
  for (const { source, key } of run.sources.values()) {
    const record = previous.documents[source.path];
    if (record && record.key === key) {
      entries.push({
        path: source.path,
        absolutePath: source.absolutePath ?? null,
        index: record.index,
      });
      parseDiagnostics.set(source.path, record.parse);
      progress?.tick('reading', source.path);
    } else toParse.push(source);
  }
  startPool(
    run,
    toParse.length,
    toParse.reduce((sum, source) => sum + run.sources.get(source.path)!.size, 0),
  );
  const indexed = (
    source: NoteSource,
    index: DocumentIndex,
    found: Diagnostic[],
    worker?: number,
  ) => {
    entries.push({ path: source.path, absolutePath: source.absolutePath ?? null, index });
    parseDiagnostics.set(source.path, worker === undefined ? ownStrings(found) : found);
    if (worker !== undefined) holders.set(source.path, worker);
    releaseBytes(run, source.path);
  };
  const parsed = await parseSources(toParse, {
    keys:
      options.cache || options.memo ? toParse.map((source) => keyOf(run, source.path)) : undefined,
    cache: options.cache,
    memo: options.memo?.parsed,
    jobs: options.jobs,
    timeBudgetMs: options.timeBudgetMs,
    pool: run.pool,
    onParsed: (source) => progress?.tick('reading', source.path),
    textOf: (source) => textOf(run, source.path),
    sizeOf: (source) => run.sources.get(source.path)!.size,
    onResult: (source, result) => {
      run.store.put(source.path, result.document);
      indexed(source, indexDocument(result.document), result.diagnostics);
    },
    onIndexed: indexed,
  });
  for (const i of parsed.overBudget) {
    run.diagnostics.push({
      severity: 'error',
      rule: 'time-budget',
      message: `parsing took longer than the time budget (${((options.timeBudgetMs ?? 0) / 1000).toString()} s, --time-budget); this file is left out of the run`,
      path: toParse[i]!.path,
      line: 1,
      column: 1,
    });
  }
  for (const p of run.sources.keys()) releaseBytes(run, p);
  return {
    entries,
    parseDiagnostics,
    holders,
    parsed: parsed.parsed,
    overBudget: parsed.overBudget.length,
  };
}

interface Planned {
  plan: PlannedDocument[];
  sinks: Sink[];
  links: LinkIndex;
  notes: KnowledgeBase;
}

/** The set's link index (from the indexes alone), and which documents keep their outputs. */
function planRun(run: Run, indexed: Indexed): Planned {
  const { formats, options, store } = run;
  const links = new LinkIndex(run.root, indexed.entries);
  const notes = new KnowledgeBase(links, (p) => store.get(p));
  run.diagnostics.push(...links.diagnostics);
  const sinks: Sink[] = formats.map((format) =>
    format.outDir === undefined
      ? { kind: 'stdout', files: [] }
      : {
          kind: 'directory',
          directory: new OutputDirectory(format.outDir, {
            check: options.check,
            clean: options.clean,
            inputFiles: run.inputFiles,
            generator: format.converter.name,
            manifest: format.manifest ?? false,
          }),
        },
  );
  const { plan, setKey } = planDocuments({
    documents: links.documents,
    previous: run.previous,
    links,
    keyOf: (p) => keyOf(run, p),
    formats,
    outputsIntact: (record) => intactOutputs(record, formats, sinks),
  });
  run.next.setKey = setKey;
  return { plan, sinks, links, notes };
}

/** A format's name in graph.json and the like (`Converter.format`, else its name). */
const formatName = (converter: Converter) => converter.format ?? converter.name;

/**
 * The main output path of the document at `p` in the run's format `format`, from its index
 * alone (core's outputBase through cli's notePath: the one function behind every output
 * path); null when the format writes no file of the note's own.
 */
function indexedOutputPath(links: LinkIndex, format: FormatJob, p: string): string | null {
  let byFormat = outputPaths.get(links);
  if (!byFormat) outputPaths.set(links, (byFormat = new Map()));
  let paths = byFormat.get(format);
  if (!paths) byFormat.set(format, (paths = new Map()));
  let found = paths.get(p);
  if (found === undefined) {
    found = notePath(format.converter, p, links.get(p)?.index.naming, format.options);
    paths.set(p, found);
  }
  return found;
}

/**
 * indexedOutputPath's answers, by the run's link index (a note's naming may change between
 * runs of a watch) and format: the plan, the set's files and the graph ask for each note's
 * paths in every format, some many times.
 */
const outputPaths = new WeakMap<LinkIndex, Map<FormatJob, Map<string, string | null>>>();

/**
 * Whether a format writes the document at `p`: not a private note (an exclude tag in its
 * `#+FILETAGS`, under the format's tags), unless the format writes those too (JSON's
 * `private-files`).
 */
function writesDocument(links: LinkIndex, format: FormatJob, p: string): boolean {
  const entry = links.get(p);
  if (!entry) return false;
  return (
    format.options['private-files'] === true || isIndexExported(entry.index, exportConfig(format))
  );
}

/** A format's export configuration, read from its options once: asked for every note, often. */
const exportConfigs = new WeakMap<FormatJob, ExportConfig>();
function exportConfig(format: FormatJob): ExportConfig {
  let config = exportConfigs.get(format);
  if (!config) exportConfigs.set(format, (config = exportConfigFromOptions(format.options)));
  return config;
}

/** A note, or a file of the whole set (an index in `setOutputs`' list), that claims an output path. */
type Claimant = { note: string } | { setFile: number };

/**
 * The output paths of the run, planned before anything is written: who claims each main
 * output path of each directory format, and what is refused (engine.ts `planOutputPaths`).
 */
interface OutputPlan {
  /** By format index: normalized path relative to its directory -> its claimants. */
  claims: Map<string, Claimant[]>[];
  /** `format index\0document path`: the document's files in that format are not written. */
  refused: Set<string>;
  /** Indexes into the set's files (`setOutputs`) that are not written. */
  refusedSetFiles: Set<number>;
}

const refusedKey = (format: number, p: string) => `${format}\0${p}`;

/**
 * Every note's main output path in each directory format, decided from the indexes alone
 * (before anything is written, and before the set's files, so that the graph lists only
 * what the run writes). Refused: a `#+EXPORT_FILE_NAME` that leaves the output directory
 * (`output-outside`, reported here) and a path two notes claim (reported by `claimSetFiles`
 * with the set's own collisions).
 */
function planOutputPaths(run: Run, planned: Planned): OutputPlan {
  const plan: OutputPlan = { claims: [], refused: new Set(), refusedSetFiles: new Set() };
  if (run.toStdout) return plan;
  const { links, sinks } = planned;
  for (const entry of links.documents) {
    const naming = entry.index.naming;
    const { problem } = outputBase(entry.path, naming);
    if (problem === null) continue;
    run.diagnostics.push({
      severity: 'error',
      rule: 'output-outside',
      message: `${problem}: the note is not written`,
      path: entry.path,
      line: naming?.exportFileName?.line ?? 1,
      column: naming?.exportFileName?.column ?? 1,
    });
    run.formats.forEach((_, i) => plan.refused.add(refusedKey(i, entry.path)));
  }
  for (const [i, format] of run.formats.entries()) {
    const claims = new Map<string, Claimant[]>();
    plan.claims.push(claims);
    if (sinks[i]!.kind !== 'directory') continue;
    for (const entry of links.documents) {
      if (plan.refused.has(refusedKey(i, entry.path))) continue;
      if (!writesDocument(links, format, entry.path)) continue;
      const relative = indexedOutputPath(links, format, entry.path);
      if (relative === null) continue;
      const key = path.posix.normalize(relative);
      claims.set(key, [...(claims.get(key) ?? []), { note: entry.path }]);
    }
    for (const claimants of claims.values())
      if (claimants.length > 1)
        for (const claimant of claimants)
          if ('note' in claimant) plan.refused.add(refusedKey(i, claimant.note));
  }
  return plan;
}

/**
 * One file a converter makes of the whole set: made this run (`file`), or kept from the last
 * run (`stamp`), which made it from the same documents.
 */
interface SetFile {
  sink: Extract<Sink, { kind: 'directory' }>;
  /** Index of its format in the run. */
  format: number;
  path: string;
  file?: OutputFile;
  stamp?: OutputStamp;
}

/**
 * The set's files, and the key that each format with a `setOutputsKey` made (or kept) them
 * under, by format index; the others are keyed on the documents when the run is done.
 */
interface SetFiles {
  files: SetFile[];
  keys: Map<number, string>;
}

/**
 * The files each converter makes of the whole set (`Converter.setOutputs`), for output
 * directories. A note's paths they are told are those the run writes (`plan`); whether a set
 * file takes a note's path is decided with the notes' own (`claimSetFiles`). Made again only
 * when what they are made of changed (the converter's `setOutputsKey`; without one, any
 * document) or a file made last run is not as that run left it (or `fresh`): rendering an
 * index of every note was most of a warm run, and most edits change nothing an index shows.
 */
async function setOutputs(
  run: Run,
  planned: Planned,
  plan: OutputPlan,
  { fresh = false } = {},
): Promise<SetFiles> {
  const made: SetFile[] = [];
  const keys = new Map<number, string>();
  const { links } = planned;
  // Undefined when a document's `depends` is not known yet (its text changed).
  const documentsKey = setOutputsKey(
    planned.plan.map(({ entry, key, depends }) => ({ path: entry.path, key, depends })),
  );
  for (const [i, format] of run.formats.entries()) {
    const { converter, options } = format;
    const sink = planned.sinks[i]!;
    if (!converter.setOutputs || sink.kind !== 'directory') continue;
    const set: SetContext = {
      notes: planned.notes,
      options,
      outputPathOf: (p) =>
        indexedOutputPath(links, format, p) ??
        outputBase(p, links.get(p)?.index.naming).base + converter.extension,
      outputPathsOf: (p) => {
        const paths: Record<string, string> = {};
        run.formats.forEach((other, j) => {
          if (planned.sinks[j]!.kind !== 'directory' || plan.refused.has(refusedKey(j, p))) return;
          const found = writesDocument(links, other, p) && indexedOutputPath(links, other, p);
          if (found) paths[formatName(other.converter)] = found;
        });
        return paths;
      },
    };
    const recorded = run.previous.sets[converter.name];
    // The same documents make the same files; else the converter's key may say they do.
    let same = documentsKey !== undefined && recorded?.documents === documentsKey;
    if (same) {
      if (recorded?.key !== undefined) keys.set(i, recorded.key);
    } else if (converter.setOutputsKey) {
      const key = converter.setOutputsKey(set);
      keys.set(i, key);
      same = recorded?.key === key;
    }
    if (
      !fresh &&
      same &&
      recorded!.files.every((stamp) => OutputDirectory.intact(sink.directory.outDir, stamp))
    ) {
      for (const stamp of recorded!.files) made.push({ sink, format: i, path: stamp.path, stamp });
      continue;
    }
    const files = await converter.setOutputs(set);
    for (const file of files) made.push({ sink, format: i, path: file.path, file });
  }
  return { files: made, keys };
}

/**
 * Writes (or keeps) the set's files, and records them for the next run: only after a run that
 * refused no output, since which notes a set file lists depends on what was refused.
 */
async function writeSetOutputs(
  run: Run,
  planned: Planned,
  plan: OutputPlan,
  { files: setFiles, keys }: SetFiles,
): Promise<void> {
  // The documents' key the next run will compute, from what this run recorded of each
  // document (the `depends` of a changed one is known once it is converted).
  const documents = setOutputsKey(
    planned.plan.map(({ entry }) => {
      const record = run.next.documents[entry.path];
      return { path: entry.path, key: record?.key ?? '', depends: record?.depends };
    }),
  );
  const stamps = await Promise.all(
    setFiles.map(async ({ sink, path: relative, file, stamp }, n) => {
      if (plan.refusedSetFiles.has(n)) return undefined;
      if (file) return sink.directory.add({ ...file, source: file.path });
      return sink.directory.keep(stamp!, relative) ? stamp : undefined;
    }),
  );
  const complete = plan.refused.size === 0 && plan.refusedSetFiles.size === 0;
  run.formats.forEach(({ converter }, i) => {
    const mine = setFiles.flatMap((f, n) => (f.format === i ? [n] : []));
    if (!converter.setOutputs || planned.sinks[i]!.kind !== 'directory') return;
    const key = keys.get(i);
    if (
      (documents !== undefined || key !== undefined) &&
      complete &&
      mine.every((n) => stamps[n] !== undefined)
    )
      run.next.sets[converter.name] = {
        ...(documents !== undefined ? { documents } : {}),
        ...(key !== undefined ? { key } : {}),
        files: mine.map((n) => stamps[n]!),
      };
  });
}

/**
 * The rule of a note whose output has the name of one of the set's files (the index, a tag
 * page, graph.json): a usage error, which exits as one (`EXIT.usage`).
 */
export const SET_NAME_TAKEN = 'set-name-taken';

/**
 * Adds the set's files to the planned claims and reports every path claimed twice
 * (`output-collision`): for each note, naming the others, at its `#+EXPORT_FILE_NAME` when
 * it has one. Neither of two colliding files is written, so that no run decides between them
 * by the order of their paths, and nothing there is overwritten or, with --clean, removed.
 * True when a set file refused a note that planning had not.
 */
function claimSetFiles(run: Run, planned: Planned, plan: OutputPlan, setFiles: SetFile[]): boolean {
  const { links, sinks } = planned;
  let refusedNotes = false;
  for (const [i, format] of run.formats.entries()) {
    const sink = sinks[i]!;
    if (sink.kind !== 'directory') continue;
    const claims = plan.claims[i]!;
    setFiles.forEach(({ format: of, path: relative }, n) => {
      if (of !== i) return;
      const key = path.posix.normalize(relative);
      claims.set(key, [...(claims.get(key) ?? []), { setFile: n }]);
    });
    const shown = (relative: string) =>
      path.relative(process.cwd(), path.resolve(sink.directory.outDir, relative)) || relative;
    const name = (claimant: Claimant) =>
      'note' in claimant
        ? claimant.note
        : `${format.converter.name}'s ${setFiles[claimant.setFile]!.path} (the set's index, tag page, graph or linked file)`;
    for (const [relative, claimants] of [...claims].sort(([a], [b]) => compareText(a, b))) {
      if (claimants.length < 2) continue;
      sink.directory.hold(relative);
      for (const claimant of claimants) {
        if ('setFile' in claimant) {
          plan.refusedSetFiles.add(claimant.setFile);
          continue;
        }
        if (!plan.refused.has(refusedKey(i, claimant.note))) refusedNotes = true;
        plan.refused.add(refusedKey(i, claimant.note));
        const others = claimants.filter((c) => c !== claimant).map(name);
        const at = links.get(claimant.note)?.index.naming?.exportFileName;
        run.diagnostics.push({
          severity: 'error',
          // A note on the name of the set's index or tag page is a usage error (the set's
          // names are options); two notes on one name are an error of the notes.
          rule: claimants.some((c) => 'setFile' in c) ? SET_NAME_TAKEN : 'output-collision',
          message: `${shown(relative)} would be the output of both ${claimant.note} and ${others.join(' and ')}: neither is written; rename one of them (#+EXPORT_FILE_NAME)`,
          path: claimant.note,
          line: at?.line ?? 1,
          column: at?.column ?? 1,
        });
      }
    }
  }
  return refusedNotes;
}

interface Written {
  converted: number;
  /** A kept document's input file has a new stamp to record (the state changed, though nothing was converted). */
  restamped: boolean;
}

/**
 * Document by document, in path order: keeps its outputs, or writes what was converted (by
 * the workers, a few documents ahead, when they run).
 */
async function convertAndWrite(
  run: Run,
  indexed: Indexed,
  planned: Planned,
  refused: Set<string>,
): Promise<Written> {
  const { formats } = run;
  const { sinks, links, notes } = planned;
  // A document with an output refused is converted (for its findings), not kept: its record
  // must not say its outputs are in place.
  const plan = planned.plan.map((p) =>
    p.keep && formats.some((_, i) => refused.has(refusedKey(i, p.entry.path)))
      ? { ...p, keep: undefined }
      : p,
  );
  const toConvert = plan.filter((p) => !p.keep);
  if (toConvert.length > 0)
    await Promise.all(formats.map(({ converter, options }) => converter.prepare?.(options)));
  startPool(
    run,
    toConvert.length,
    toConvert.reduce((sum, p) => sum + (run.sources.get(p.entry.path)?.size ?? 0), 0),
  );
  const here = (p: string) => convertHere(run, notes, p);
  const conversions = run.pool
    ? await convertInPool(
        run.pool,
        toConvert.map((p) => p.entry.path),
        {
          entries: links.documents,
          sources: run.sources,
          cache: run.options.cache,
          holders: indexed.holders,
        },
        here,
      )
    : undefined;
  let restamped = false;
  const pendingWrites: Promise<void>[] = [];
  for (const { entry, key, keep, depends: known, linked: knownLinked } of plan) {
    const parse = indexed.parseDiagnostics.get(entry.path) ?? [];
    const stamp = trustedStamp(run.sources.get(entry.path)?.source.stamp, run.started);
    if (keep) {
      if (!sameStamp(keep.stamp, stamp)) restamped = true;
      keepDocument(run, sinks, entry.path, keep, parse, stamp);
      continue;
    }
    const linked = knownLinked ?? linkDependsOf(entry, links, (p) => keyOf(run, p), formats);
    const depends = known ?? dependsOf(entry, links, formats, linked);
    const result = (await conversions?.next(entry.path)) ?? here(entry.path);
    const record: DocumentRecord = {
      key,
      ...(stamp ? { stamp } : {}),
      index: entry.index,
      parse,
      depends,
      linkDepends: linked.hash,
      ...(linked.files.length > 0 ? { linkedFiles: linked.files } : {}),
      links: result.links,
      formats: {},
    };
    run.diagnostics.push(...parse, ...result.links);
    pendingWrites.push(writeDocument(run, sinks, entry.path, result, record, refused));
    if (pendingWrites.length >= MAX_PENDING_WRITES) await pendingWrites.shift();
    await letTheLoopTurn();
  }
  await Promise.all(pendingWrites);
  return { converted: toConvert.length, restamped };
}

/**
 * Findings made on this thread, with strings of their own. A message that quotes its source
 * holds a slice of the document's whole text (V8's sliced strings), and findings are kept to
 * the end of the run (and in its state): each would keep its document's text in memory.
 * Findings from workers are copies already.
 */
function ownStrings(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.length === 0 ? diagnostics : structuredClone(diagnostics);
}

/** Converts a document on this thread; a document that cannot be read again gets an error instead. */
function convertHere(run: Run, notes: KnowledgeBase, p: string): ConvertedDocument {
  const { formats } = run;
  try {
    const converted = run.store.with(p, (document) => convertDocument(document, notes, formats));
    return {
      ...converted,
      links: ownStrings(converted.links),
      formats: converted.formats.map((made) => ({
        ...made,
        diagnostics: ownStrings(made.diagnostics),
      })),
    };
  } catch (error) {
    // Only reading the document again can fail here (converters' errors are caught inside).
    const message = error instanceof Error ? error.message : String(error);
    const failed = {
      files: [],
      diagnostics: [
        {
          severity: 'error' as const,
          rule: 'input-unreadable',
          message,
          path: p,
          line: 1,
          column: 1,
        },
      ],
      failed: true,
    };
    return {
      links: [],
      formats: formats.map((_, i) => (i === 0 ? failed : { ...failed, diagnostics: [] })),
    };
  }
}

/** Keeps a document's outputs from the last run, and reports its recorded findings again. */
function keepDocument(
  run: Run,
  sinks: Sink[],
  source: string,
  keep: DocumentRecord,
  parse: Diagnostic[],
  stamp: FileStamp | undefined,
): void {
  const { formats, next } = run;
  const { stamp: _old, ...kept } = keep;
  next.documents[source] = stamp ? { ...kept, stamp } : kept;
  run.diagnostics.push(
    ...parse,
    ...keep.links,
    ...formats.flatMap((f) => keep.formats[f.converter.name]?.diagnostics ?? []),
  );
  if (!keepOutputs(keep, formats, sinks, source)) delete next.documents[source];
  for (const format of formats) run.progress?.tick(format.converter.name, source);
}

/**
 * Claims a converted document's files in their directories, in document order, and writes
 * them while the next documents convert; resolves when they are written and `record` (this
 * run's, for the document) lists their stamps.
 */
async function writeDocument(
  run: Run,
  sinks: Sink[],
  source: string,
  result: ConvertedDocument,
  record: DocumentRecord,
  refused: Set<string>,
): Promise<void> {
  run.next.documents[source] = record;
  const writes: Promise<boolean>[] = [];
  for (const [i, { converter }] of run.formats.entries()) {
    run.progress?.tick(converter.name, source);
    const made = result.formats[i]!;
    if (made.failed) writes.push(Promise.resolve(false));
    run.diagnostics.push(...made.diagnostics);
    const formatRecord: FormatRecord = { files: [], diagnostics: made.diagnostics };
    record.formats[converter.name] = formatRecord;
    const sink = sinks[i]!;
    if (refused.has(refusedKey(i, source))) {
      // Planning refused this output (and said why): convert again next run.
      writes.push(Promise.resolve(false));
      continue;
    }
    for (const file of made.files) {
      if (sink.kind === 'stdout') {
        sink.files.push({ ...file, source });
        continue;
      }
      const placed = sink.directory.add({ ...file, source });
      const slot = formatRecord.files.length;
      formatRecord.files.push({ path: file.path, size: 0, mtimeMs: 0 });
      writes.push(placed.then((s) => (s ? ((formatRecord.files[slot] = s), true) : false)));
    }
  }
  // A document whose outputs are not all in place is converted again next time.
  const done = await Promise.all(writes);
  if (done.includes(false)) delete run.next.documents[source];
}

/** Finishes the output directories (or prints the one document), keeps the run's state, and sums up. */
async function finish(
  run: Run,
  indexed: Indexed,
  sinks: Sink[],
  written: Written,
): Promise<ExportResult> {
  const { options, diagnostics, previous, next } = run;
  const summary: RunSummary = {
    files: run.fileCount,
    parsed: indexed.parsed,
    cacheHits: run.fileCount - indexed.parsed.length - indexed.overBudget,
    converted: written.converted,
    written: [],
    unchanged: 0,
    removed: [],
    stale: [],
    formats: run.formats.map((f) => f.converter.name),
    check: options.check,
    milliseconds: 0,
  };
  for (const sink of sinks) {
    if (sink.kind === 'stdout') printMainOutput(sink.files, diagnostics);
    else addSynced(summary, diagnostics, await sink.directory.finish());
  }
  const { memo } = options;
  if (memo) {
    // Keep exactly this run's documents, so memory follows the notes, not their history.
    const current = new Set([...run.sources.values()].map((s) => s.key));
    for (const key of memo.parsed.keys()) if (!current.has(key)) memo.parsed.delete(key);
  }
  const unchanged =
    written.converted === 0 &&
    !written.restamped &&
    Object.keys(previous.documents).length === Object.keys(next.documents).length &&
    JSON.stringify(previous.sets) === JSON.stringify(next.sets);
  if (!options.check) {
    if (memo) memo.state = next;
    else if (run.statePath && !unchanged) await writeState(run.statePath, next, previous);
  }
  diagnostics.sort(compareDiagnostics);
  return { root: run.root, diagnostics, summary, toStdout: run.toStdout };
}

interface PoolSetup {
  entries: IndexedDocument[];
  sources: Map<string, RunSource>;
  cache: ParseCache | null;
  holders: Map<string, number>;
}

/**
 * Converts documents in the workers, a few ahead of the one the main thread writes, so
 * that results are taken in document order and only a handful wait in memory. `next(path)`
 * gives the result of the next document (null: convert it here).
 */
/**
 * Source characters converted ahead of the document being written. Each character waits as
 * its four outputs (the JSON model alone is several times the text), which the main thread
 * holds, and V8 lets its heap grow to four times what it holds (docs/benchmarks.md). A
 * quarter of a worker's document budget still keeps both workers busy.
 */
const CONVERTED_AHEAD_CHARACTERS = RESIDENT_CHARACTERS / 4;

async function convertInPool(
  pool: WorkerPool,
  paths: string[],
  setup: PoolSetup,
  here: (path: string) => ConvertedDocument,
) {
  const documents: Record<string, WorkerDocument> = {};
  for (const [p, { source, key, size }] of setup.sources) {
    documents[p] = {
      key,
      cacheFile: setup.cache ? setup.cache.file(key) : null,
      absolutePath: source.absolutePath ?? null,
      size,
    };
  }
  await pool.broadcast({ kind: 'links', entries: setup.entries, documents });
  // Ahead of the one written, so that a long document does not leave the other workers idle;
  // bounded by source characters, so that waiting results stay a small part of memory.
  const sizeOf = (p: string) => setup.sources.get(p)?.size ?? 0;
  const pending = new Map<string, Promise<ConvertedDocument>>();
  let submitted = 0;
  let inFlight = 0;
  const submit = () => {
    while (
      submitted < paths.length &&
      (pending.size < pool.size ||
        inFlight + sizeOf(paths[submitted]!) <= CONVERTED_AHEAD_CHARACTERS)
    ) {
      const p = paths[submitted++]!;
      inFlight += sizeOf(p);
      pending.set(
        p,
        pool
          .run({ kind: 'convert', id: submitted, path: p }, 0, setup.holders.get(p))
          .then((answer) =>
            answer !== null && answer !== 'over-budget' && answer.kind === 'converted'
              ? answer.result
              : here(p),
          ),
      );
    }
  };
  return {
    async next(p: string): Promise<ConvertedDocument> {
      submit();
      const result = await pending.get(p)!;
      pending.delete(p);
      inFlight -= sizeOf(p);
      submit();
      return result;
    },
  };
}

/** Standard output takes one document's main file; the others (media, split pages) need -o DIR. */
function printMainOutput(files: PlannedFile[], diagnostics: Diagnostic[]): void {
  const [main, ...rest] = files;
  if (main) process.stdout.write(main.content);
  if (rest.length > 0) {
    diagnostics.push({
      severity: 'warning',
      rule: 'needs-output-dir',
      message: `${rest.length} more file(s) (media, split pages) are only written with -o DIR`,
      path: main?.source ?? '<stdin>',
      line: 1,
      column: 1,
    });
  }
}

/** What bringing one output directory up to date did, added to the run's summary and findings. */
function addSynced(summary: RunSummary, diagnostics: Diagnostic[], synced: SyncResult): void {
  summary.written.push(...synced.written);
  summary.unchanged += synced.unchanged;
  summary.removed.push(...synced.removed);
  summary.stale.push(...synced.stale);
  diagnostics.push(...synced.diagnostics);
}

/** Whether every file a document's record lists is exactly as the last run left it. */
function intactOutputs(record: DocumentRecord, formats: FormatJob[], sinks: Sink[]): boolean {
  return formats.every((format, i) => {
    const sink = sinks[i]!;
    const recorded = record.formats[format.converter.name];
    return (
      recorded !== undefined &&
      sink.kind === 'directory' &&
      recorded.files.every((stamp) => OutputDirectory.intact(sink.directory.outDir, stamp))
    );
  });
}

/** Claims a kept document's files in their directories (false when another document claimed one first). */
function keepOutputs(
  record: DocumentRecord,
  formats: FormatJob[],
  sinks: Sink[],
  source: string,
): boolean {
  let kept = true;
  formats.forEach((format, i) => {
    const sink = sinks[i]!;
    if (sink.kind !== 'directory') return;
    for (const stamp of record.formats[format.converter.name]?.files ?? [])
      kept = sink.directory.keep(stamp, source) && kept;
  });
  return kept;
}

export interface Tool {
  name: string;
  version: string;
}

/** Writes (or checks) outputs made in memory (json2org) and reports; returns the exit code. */
export async function deliver(
  tool: Tool,
  produced: Produced,
  flags: RunFlags,
  started: number,
): Promise<number> {
  const diagnostics = [...produced.diagnostics];
  const summary: RunSummary = {
    files: produced.files,
    parsed: produced.parsed,
    cacheHits: produced.cacheHits,
    converted: produced.files,
    written: [],
    unchanged: 0,
    removed: [],
    stale: [],
    formats: produced.outputs.map((o) => o.generator),
    check: flags.check,
    milliseconds: 0,
  };
  let toStdout = false;
  for (const output of produced.outputs) {
    if (output.outDir === undefined) {
      toStdout = true;
      printMainOutput(output.files, diagnostics);
      continue;
    }
    const synced = await syncOutputs(output.outDir, output.files, {
      check: flags.check,
      clean: flags.clean,
      inputFiles: produced.inputFiles,
      generator: output.generator,
      manifest: output.manifest ?? false,
    });
    addSynced(summary, diagnostics, synced);
  }
  summary.milliseconds = Math.round(performance.now() - started);
  return report(tool, { root: produced.root, diagnostics, summary, toStdout }, flags);
}

/** Reports a run's diagnostics and summary as the flags ask; returns the exit code. */
export function report(tool: Tool, result: ExportResult, flags: RunFlags): number {
  const { summary, toStdout } = result;
  const shown = displayPaths(result.diagnostics, result.root);
  summary.parsed = displayPaths(
    summary.parsed.map((p) => ({
      path: p,
      severity: 'warning',
      rule: '',
      message: '',
      line: 1,
      column: 1,
    })),
    result.root,
  ).map((d) => d.path);
  const rendered = renderReport(flags.reporter, shown, toStdout ? null : summary, {
    tool: tool.name,
    version: tool.version,
    strict: flags.strict,
    quiet: flags.quiet,
    color: wantsColor(process.stderr),
    summary: process.stderr.isTTY === true || process.env.ORGNOTES_SUMMARY === '1',
  });
  if (rendered.stderr) process.stderr.write(rendered.stderr);
  if (rendered.json) (toStdout ? process.stderr : process.stdout).write(rendered.json);
  const failed = effectiveDiagnostics(shown, flags.strict).some((d) => d.severity === 'error');
  if (shown.some((d) => d.severity === 'error' && d.rule === SET_NAME_TAKEN)) return EXIT.usage;
  return failed || summary.stale.length > 0 ? EXIT.errors : EXIT.ok;
}

export interface ExportJob {
  tool: Tool;
  inputs: string[];
  formats: FormatJob[];
  flags: RunFlags;
  /** Where the default cache is looked for (the nearest package from here; default: the first input's directory). */
  projectDir?: string;
  /** The configuration file's directory: without a package, the cache goes beside it. */
  configDir?: string;
  jobs?: number;
}

function inputDirectory(input: string): string {
  const full = path.resolve(input);
  return statSync(full, { throwIfNoEntry: false })?.isDirectory() ? full : path.dirname(full);
}

/** A whole export: once, or with --watch until interrupted (the exit code of the last run). */
export async function runExport(job: ExportJob): Promise<number> {
  const { flags } = job;
  const firstInput = job.inputs.find((input) => input !== '-');
  const outDir = job.formats.find((format) => format.outDir !== undefined)?.outDir;
  const cacheDir = flags.cache
    ? (flags.cacheDir ??
      defaultCacheDir({
        start:
          job.projectDir ?? (firstInput === undefined ? undefined : inputDirectory(firstInput)),
        ...(job.configDir !== undefined ? { configDir: job.configDir } : {}),
        ...(outDir !== undefined ? { outDir } : {}),
      }))
    : null;
  const cache = cacheDir ? new ParseCache(cacheDir) : null;
  const memo = flags.watch
    ? { parsed: new Map<string, ReadResult>(), state: emptyState() }
    : undefined;
  const once = async () => {
    const started = performance.now();
    const result = await exportOnce(job.inputs, job.formats, {
      cache,
      memo,
      jobs: job.jobs,
      timeBudgetMs: flags.timeBudget * 1000,
      progress: flags.reporter === 'human' && !flags.quiet,
      check: flags.check,
      clean: flags.clean,
    });
    result.summary.milliseconds = Math.round(performance.now() - started);
    return report(job.tool, result, flags);
  };
  return runWatched(job.tool, flags, job.inputs, '.org', once);
}

/** Runs `once`, or with --watch again on every change of the inputs until interrupted; returns the last exit code. */
export async function runWatched(
  tool: Tool,
  flags: RunFlags,
  inputs: string[],
  extension: string,
  once: () => Promise<number>,
): Promise<number> {
  if (!flags.watch) return once();
  let code: number = EXIT.ok;
  await watchInputs(
    inputs,
    async () => {
      code = await once();
    },
    {
      extension,
      log: (line) => (flags.quiet ? undefined : process.stderr.write(`${tool.name}: ${line}\n`)),
    },
  );
  return code;
}

/** The whole command for a converter from Org notes to another format. */
export async function runConverter(
  converter: Converter,
  argv: string[] = process.argv.slice(2),
): Promise<void> {
  await runMain(converter.name, async () => {
    const program: Program = {
      name: converter.name,
      summary: converter.summary,
      version: converter.version,
      usage: [
        `${converter.name} [options] FILE.org`,
        `${converter.name} [options] -`,
        `${converter.name} [options] -o DIR PATH...`,
      ],
      ...(converter.flags ? { flags: converter.flags } : {}),
    };
    const command = parseCommandLine(program, argv);
    if (!command) return EXIT.ok;
    return runExport({
      tool: converter,
      inputs: command.inputs,
      formats: [{ converter, outDir: command.out, options: command.options }],
      flags: command,
    });
  });
}
