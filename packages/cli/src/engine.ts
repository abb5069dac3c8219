/**
 * One export run: read the inputs, index every document (from the last run's state, the
 * parse cache or the parser), build the set's link index, then document by document either
 * keep what the last run produced (nothing it depends on changed) or convert it to every
 * requested format and write its outputs at once; then report. `runConverter` is this with
 * one format; `orgnotes export` with all four.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  compareDiagnostics,
  decodeOrg,
  indexDocument,
  KnowledgeBase,
  LinkIndex,
  parseLinkKey,
  readOrg,
  type Diagnostic,
  type Document,
  type IndexedDocument,
  type NoteSource,
  type ReadResult,
} from '@orgnotes/core';
import { defaultCacheDir, ParseCache } from './cache.js';
import { EXIT, parseCommandLine, runMain, UsageError, type ConvertContext, type Converter, type FlagValue, type OutputFile, type Program, type RunFlags } from './contract.js';
import { replaceExtension } from './files.js';
import { displayPaths, loadInputs } from './io.js';
import { OutputDirectory, type OutputStamp, type PlannedFile, type SyncResult } from './outputs.js';
import { parseSources, readOptionsOf } from './parse.js';
import { Progress } from './progress.js';
import { effectiveDiagnostics, renderReport, wantsColor, type RunSummary } from './reporters.js';
import { codeFingerprint, emptyState, readState, runKey, stateFile, writeState, type DocumentRecord, type FormatRecord, type RunState } from './state.js';
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
 * Parsed documents held for conversion and as link targets, up to a budget of source
 * bytes, least recently used first out; a document dropped is read again from the parse
 * cache (or parsed again) when it is needed. This keeps a run's memory bounded by the
 * budget and the largest file, not by the size of the set.
 */
const RESIDENT_BYTES = Number(process.env.ORGNOTES_RESIDENT_BYTES ?? 16 * 1024 * 1024);

class DocumentStore {
  private readonly resident = new Map<string, { document: Document; bytes: number }>();
  private bytes = 0;

  constructor(
    private readonly sources: Map<string, { source: NoteSource; key: string }>,
    private readonly cache: ParseCache | null,
    private readonly memo: Map<string, ReadResult> | undefined,
  ) {}

  put(path: string, document: Document) {
    const bytes = this.sources.get(path)?.source.text.length ?? 0;
    this.resident.delete(path);
    this.resident.set(path, { document, bytes });
    this.bytes += bytes;
    for (const [held, entry] of this.resident) {
      if (this.bytes <= RESIDENT_BYTES || held === path) break;
      this.resident.delete(held);
      this.bytes -= entry.bytes;
    }
  }

  /** The document of a path: held, remembered (watch mode), cached, or parsed again. */
  get(path: string): Document {
    const held = this.resident.get(path);
    if (held) {
      this.resident.delete(path);
      this.resident.set(path, held);
      return held.document;
    }
    const { source, key } = this.sources.get(path)!;
    let result = this.memo?.get(key);
    if (!result && this.cache) {
      try {
        result = JSON.parse(readFileSync(this.cache.file(key), 'utf8')) as ReadResult;
      } catch {
        // Not cached (or damaged): parse it again below.
      }
    }
    result ??= readOrg(source.text, readOptionsOf(source));
    this.put(path, result.document);
    return result.document;
  }
}

/** Hash of what a document's links resolve to, and what each converter says its output depends on besides. */
function dependsOf(entry: IndexedDocument, links: LinkIndex, keyOf: (path: string) => string, formats: FormatJob[]): string {
  const hash = createHash('sha256');
  for (const link of entry.index.links) {
    hash.update(link).update('\0');
    const target = links.resolve(parseLinkKey(link), entry.path);
    if (!target) continue;
    switch (target.kind) {
      case 'heading':
        hash.update(`heading ${target.path} ${target.heading} ${keyOf(target.path)}`);
        break;
      case 'document':
        hash.update(`document ${target.path} ${keyOf(target.path)}`);
        break;
      case 'file': {
        const stat = target.insideRoot ? statSync(target.absolutePath, { throwIfNoEntry: false }) : undefined;
        hash.update(`file ${target.path} ${String(target.insideRoot)} ${stat ? `${stat.size} ${stat.mtimeMs}` : 'missing'}`);
        break;
      }
      default:
        hash.update(`broken ${target.reason}`);
    }
    hash.update('\n');
  }
  for (const { converter } of formats) {
    if (converter.dependencies) hash.update(`${converter.name} ${converter.dependencies(entry, links)}\n`);
  }
  return hash.digest('hex');
}

/** A run exports into directories, or (one document, no -o) to standard output. */
type Sink = { kind: 'directory'; directory: OutputDirectory } | { kind: 'stdout'; files: PlannedFile[] };

/** Exports the inputs in every format: converts what changed, keeps the rest, writes (or checks) outputs as it goes. */
export async function exportOnce(inputs: string[], formats: FormatJob[], options: ExportOptions): Promise<ExportResult> {
  const loaded = await loadInputs(inputs, '.org', decodeOrg);
  const toStdout = formats.some((f) => f.outDir === undefined);
  if (toStdout && loaded.sources.length > 1) {
    throw new UsageError(`${loaded.sources.length} input files: use -o DIR to write them`);
  }
  const { cache, memo } = options;
  const keyer = cache ?? (memo ? new ParseCache('', 'memory') : null) ?? new ParseCache('', 'no-cache');
  const sources = new Map(loaded.sources.map((source) => [source.path, { source, key: keyer.key(source.text, readOptionsOf(source)) }]));
  const keyOf = (p: string) => sources.get(p)?.key ?? '';

  // The last run's state, when there is one to trust: outputs go to directories, a cache (or watch mode) keeps it.
  const stateKey = runKey({
    root: loaded.root,
    formats: formats.map(({ converter, outDir, options: o }) => ({ name: converter.name, version: converter.version, code: converter.module ? codeFingerprint(converter.module) : null, outDir, options: o })),
  });
  const statePath = !toStdout && cache && !memo ? stateFile(cache.dir, stateKey) : null;
  const previous: RunState = toStdout ? emptyState() : memo ? memo.state : statePath ? await readState(statePath) : emptyState();
  const next: RunState = emptyState();

  const progress = Progress.create(loaded.sources.length, 1 + formats.length, options.progress);
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const store = new DocumentStore(sources, cache, memo?.parsed);
  const entries: IndexedDocument[] = [];
  const parseDiagnostics = new Map<string, Diagnostic[]>();
  let summaryParsed: string[] = [];
  try {
    // 1. Every document's index: recorded by the last run when its text is the same, else parsed.
    const toParse: NoteSource[] = [];
    for (const { source, key } of sources.values()) {
      const record = previous.documents[source.path];
      if (record && record.key === key) {
        entries.push({ path: source.path, absolutePath: source.absolutePath ?? null, index: record.index });
        parseDiagnostics.set(source.path, record.parse);
        progress?.tick('reading', source.path);
      } else toParse.push(source);
    }
    const parsed = await parseSources(toParse, {
      cache,
      memo: memo?.parsed,
      jobs: options.jobs,
      timeBudgetMs: options.timeBudgetMs,
      onParsed: (source) => progress?.tick('reading', source.path),
      onResult: (source, result) => {
        store.put(source.path, result.document);
        entries.push({ path: source.path, absolutePath: source.absolutePath ?? null, index: indexDocument(result.document) });
        parseDiagnostics.set(source.path, result.diagnostics);
      },
    });
    summaryParsed = parsed.parsed;
    for (const i of parsed.overBudget) {
      diagnostics.push({
        severity: 'error',
        rule: 'time-budget',
        message: `parsing took longer than the time budget (${((options.timeBudgetMs ?? 0) / 1000).toString()} s, --time-budget); this file is left out of the run`,
        path: toParse[i]!.path,
        line: 1,
        column: 1,
      });
    }

    // 2. The link index of the whole set, from the indexes alone.
    const links = new LinkIndex(loaded.root, entries);
    const notes = new KnowledgeBase(links, (p) => store.get(p));
    diagnostics.push(...links.diagnostics);

    // 3. Document by document: keep, or convert and write.
    const sinks: Sink[] = formats.map((format) =>
      format.outDir === undefined
        ? { kind: 'stdout', files: [] }
        : {
            kind: 'directory',
            directory: new OutputDirectory(format.outDir, { check: options.check, clean: options.clean, inputFiles: loaded.inputFiles, generator: format.converter.name, manifest: format.manifest ?? false }),
          },
    );
    const outputPathOfs = formats.map(({ converter }) => (document: Document) => replaceExtension(document.path === '<stdin>' || !document.path ? 'stdin.org' : document.path, converter.extension));
    let converted = 0;
    for (const entry of links.documents) {
      const key = keyOf(entry.path);
      const depends = dependsOf(entry, links, keyOf, formats);
      const parse = parseDiagnostics.get(entry.path) ?? [];
      const record = previous.documents[entry.path];
      if (record && record.key === key && record.depends === depends && keepOutputs(record, formats, sinks, entry.path)) {
        next.documents[entry.path] = record;
        diagnostics.push(...parse, ...record.links, ...formats.flatMap((f) => record.formats[f.converter.name]?.diagnostics ?? []));
        for (const format of formats) progress?.tick(format.converter.name, entry.path);
        continue;
      }
      if (converted++ === 0) await Promise.all(formats.map(({ converter }) => converter.prepare?.()));
      const document = store.get(entry.path);
      const linkDiagnostics = notes.checkLinks(document);
      const fresh: DocumentRecord = { key, index: entry.index, parse, depends, links: linkDiagnostics, formats: {} };
      let complete = true;
      diagnostics.push(...parse, ...linkDiagnostics);
      for (const [i, format] of formats.entries()) {
        const { converter } = format;
        progress?.tick(converter.name, entry.path);
        const reported: Diagnostic[] = [];
        const report: ConvertContext['report'] = (severity, rule, message, loc) =>
          reported.push({ severity, rule, message, path: entry.path, line: loc?.line ?? 1, column: loc?.column ?? 1 });
        let files: OutputFile[] = [];
        try {
          files = converter.convert(document, { notes, options: format.options, outputPath: outputPathOfs[i]!(document), outputPathOf: outputPathOfs[i]!, report });
        } catch (error) {
          report('error', 'internal-error', `${converter.name} cannot convert this file: ${error instanceof Error ? error.message : String(error)}`);
          if (process.env.ORGNOTES_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
          complete = false;
        }
        diagnostics.push(...reported);
        const formatRecord: FormatRecord = { files: [], diagnostics: reported };
        const sink = sinks[i]!;
        for (const file of files) {
          if (sink.kind === 'stdout') {
            sink.files.push({ ...file, source: entry.path });
            continue;
          }
          const stamp = await sink.directory.add({ ...file, source: entry.path });
          if (stamp) formatRecord.files.push(stamp);
          else complete = false;
        }
        fresh.formats[converter.name] = formatRecord;
      }
      // A document whose outputs are not all in place is converted again next time.
      if (complete) next.documents[entry.path] = fresh;
    }

    // 4. Finish the directories, or print the one document.
    const summary: RunSummary = {
      files: loaded.sources.length,
      parsed: summaryParsed,
      cacheHits: loaded.sources.length - summaryParsed.length - parsed.overBudget.length,
      converted,
      written: [],
      unchanged: 0,
      removed: [],
      stale: [],
      formats: formats.map((f) => f.converter.name),
      check: options.check,
      milliseconds: 0,
    };
    for (const sink of sinks) {
      if (sink.kind === 'stdout') {
        const [main, ...rest] = sink.files;
        if (main) process.stdout.write(main.content);
        if (rest.length > 0) {
          diagnostics.push({ severity: 'warning', rule: 'needs-output-dir', message: `${rest.length} more file(s) (media, split pages) are only written with -o DIR`, path: main?.source ?? '<stdin>', line: 1, column: 1 });
        }
        continue;
      }
      const synced: SyncResult = await sink.directory.finish();
      summary.written.push(...synced.written);
      summary.unchanged += synced.unchanged;
      summary.removed.push(...synced.removed);
      summary.stale.push(...synced.stale);
      diagnostics.push(...synced.diagnostics);
    }
    if (memo) {
      // Keep exactly this run's documents, so memory follows the notes, not their history.
      const current = new Set([...sources.values()].map((s) => s.key));
      for (const key of memo.parsed.keys()) if (!current.has(key)) memo.parsed.delete(key);
    }
    const unchanged = converted === 0 && Object.keys(previous.documents).length === Object.keys(next.documents).length;
    if (!options.check) {
      if (memo) memo.state = next;
      else if (statePath && !unchanged) await writeState(statePath, next);
    }
    diagnostics.sort(compareDiagnostics);
    return { root: loaded.root, diagnostics, summary, toStdout };
  } finally {
    progress?.clear();
  }
}

/** Keeps a document's recorded outputs when every one of them is exactly as the last run left it. */
function keepOutputs(record: DocumentRecord, formats: FormatJob[], sinks: Sink[], source: string): boolean {
  const kept: { sink: OutputDirectory; stamps: OutputStamp[] }[] = [];
  for (const [i, format] of formats.entries()) {
    const sink = sinks[i]!;
    const recorded = record.formats[format.converter.name];
    if (!recorded || sink.kind !== 'directory') return false;
    if (!recorded.files.every((stamp) => OutputDirectory.intact(sink.directory.outDir, stamp))) return false;
    kept.push({ sink: sink.directory, stamps: recorded.files });
  }
  for (const { sink, stamps } of kept) for (const stamp of stamps) sink.keep(stamp, source);
  return true;
}

export interface Tool {
  name: string;
  version: string;
}

/** Writes (or checks) outputs made in memory (json2org) and reports; returns the exit code. */
export async function deliver(tool: Tool, produced: Produced, flags: RunFlags, started: number): Promise<number> {
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
      const [main, ...rest] = output.files;
      if (main) process.stdout.write(main.content);
      if (rest.length > 0) {
        diagnostics.push({ severity: 'warning', rule: 'needs-output-dir', message: `${rest.length} more file(s) are only written with -o DIR`, path: main?.source ?? '<stdin>', line: 1, column: 1 });
      }
      continue;
    }
    const directory = new OutputDirectory(output.outDir, { check: flags.check, clean: flags.clean, inputFiles: produced.inputFiles, generator: output.generator, manifest: output.manifest ?? false });
    for (const file of output.files) await directory.add(file);
    const synced = await directory.finish();
    summary.written.push(...synced.written);
    summary.unchanged += synced.unchanged;
    summary.removed.push(...synced.removed);
    summary.stale.push(...synced.stale);
    diagnostics.push(...synced.diagnostics);
  }
  summary.milliseconds = Math.round(performance.now() - started);
  return report(tool, { root: produced.root, diagnostics, summary, toStdout }, flags);
}

/** Reports a run's diagnostics and summary as the flags ask; returns the exit code. */
export function report(tool: Tool, result: ExportResult, flags: RunFlags): number {
  const { summary, toStdout } = result;
  const shown = displayPaths(result.diagnostics, result.root);
  summary.parsed = displayPaths(
    summary.parsed.map((p) => ({ path: p, severity: 'warning', rule: '', message: '', line: 1, column: 1 })),
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
  return failed || summary.stale.length > 0 ? EXIT.errors : EXIT.ok;
}

export interface ExportJob {
  tool: Tool;
  inputs: string[];
  formats: FormatJob[];
  flags: RunFlags;
  /** Where the default cache is looked for (the nearest package from here). */
  projectDir?: string;
  jobs?: number;
}

/** A whole export: once, or with --watch until interrupted (the exit code of the last run). */
export async function runExport(job: ExportJob): Promise<number> {
  const { flags } = job;
  const cache = flags.cache ? new ParseCache(flags.cacheDir ?? defaultCacheDir(job.projectDir)) : null;
  const memo = flags.watch ? { parsed: new Map<string, ReadResult>(), state: emptyState() } : undefined;
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
export async function runWatched(tool: Tool, flags: RunFlags, inputs: string[], extension: string, once: () => Promise<number>): Promise<number> {
  if (!flags.watch) return once();
  let code: number = EXIT.ok;
  await watchInputs(
    inputs,
    async () => {
      code = await once();
    },
    { extension, log: (line) => (flags.quiet ? undefined : process.stderr.write(`${tool.name}: ${line}\n`)) },
  );
  return code;
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
    return runExport({
      tool: converter,
      inputs: command.inputs,
      formats: [{ converter, outDir: command.out, options: command.options }],
      flags: command,
    });
  });
}
