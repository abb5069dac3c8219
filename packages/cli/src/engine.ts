/**
 * One export run: read the inputs, index every document (from the last run's state, the
 * parse cache or the parser), build the set's link index, then document by document either
 * keep what the last run produced (nothing it depends on changed) or convert it to every
 * requested format and write its outputs at once; then report. `runConverter` is this with
 * one format; `orgnotes export` with all four.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  compareDiagnostics,
  decodeOrg,
  indexDocument,
  KnowledgeBase,
  LinkIndex,
  parseLinkKey,
  type Diagnostic,
  type DocumentIndex,
  type IndexedDocument,
  type NoteSource,
  type ReadResult,
} from '@orgnotes/core';
import { codeFingerprint, defaultCacheDir, ParseCache } from './cache.js';
import { EXIT, parseCommandLine, runMain, UsageError, type Converter, type FlagValue, type Program, type RunFlags } from './contract.js';
import { convertDocument, DocumentStore, readOptionsOf, reloadDocument, RESIDENT_CHARACTERS, type ConvertedDocument } from './convert.js';
import type { WorkerDocument } from './export-worker.js';
import { displayPaths, loadInputs } from './io.js';
import { OutputDirectory, syncOutputs, type PlannedFile, type SyncResult } from './outputs.js';
import { parseSources } from './parse.js';
import { WorkerPool, workerCount } from './pool.js';
import { Progress } from './progress.js';
import { effectiveDiagnostics, renderReport, wantsColor, type RunSummary } from './reporters.js';
import { emptyState, readState, runKey, stateFile, trustedStamp, unchangedSince, writeState, type DocumentRecord, type FormatRecord, type RunState } from './state.js';
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

/**
 * Documents whose outputs may be in writing at once: writes wait on the file system, and on
 * a slow one a run that waited for each would spend most of its time idle. Bounded, because
 * a pending write holds its content.
 */
const MAX_PENDING_WRITES = 32;

/**
 * ORGNOTES_TIMING=1: each phase's time and the process's memory on standard error (the heap
 * after a collection when node runs with --expose-gc), for profiling a run.
 */
function phaseTimer(): { lap(phase: string): void } | undefined {
  if (process.env.ORGNOTES_TIMING !== '1') return undefined;
  let last = performance.now();
  return {
    lap(phase) {
      const elapsed = performance.now() - last;
      (globalThis as { gc?: () => void }).gc?.();
      const memory = process.memoryUsage();
      process.stderr.write(`orgnotes timing: ${phase} ${elapsed.toFixed(0)} ms (rss ${(memory.rss / 1e6).toFixed(0)} MB, heap ${(memory.heapUsed / 1e6).toFixed(0)} of ${(memory.heapTotal / 1e6).toFixed(0)} MB, external ${(memory.external / 1e6).toFixed(0)} MB)\n`);
      last = performance.now();
    },
  };
}

/** A run exports into directories, or (one document, no -o) to standard output. */
type Sink = { kind: 'directory'; directory: OutputDirectory } | { kind: 'stdout'; files: PlannedFile[] };

/** Exports the inputs in every format: converts what changed, keeps the rest, writes (or checks) outputs as it goes. */
export async function exportOnce(inputs: string[], formats: FormatJob[], options: ExportOptions): Promise<ExportResult> {
  const timing = phaseTimer();
  const started = Date.now();
  const toStdout = formats.some((f) => f.outDir === undefined);
  const { cache, memo } = options;
  const keyer = cache ?? new ParseCache('', memo ? 'memory' : 'no-cache');

  // The last run's state, when there is one to trust: outputs go to directories, a cache (or watch mode) keeps it.
  const stateKey = runKey({
    inputs: inputs.map((input) => (input === '-' ? input : path.resolve(input))),
    formats: formats.map(({ converter, outDir, options: o }) => ({ name: converter.name, version: converter.version, code: converter.module ? codeFingerprint(converter.module) : null, outDir, options: o })),
  });
  const statePath = !toStdout && cache && !memo ? stateFile(cache.dir, stateKey) : null;
  const previous: RunState = toStdout ? emptyState() : memo ? memo.state : statePath ? await readState(statePath) : emptyState();
  const loaded = await loadInputs(inputs, '.org', decodeOrg, (p, stamp) => unchangedSince(previous, p, stamp));
  timing?.lap('read');
  if (toStdout && loaded.sources.length > 1) {
    throw new UsageError(`${loaded.sources.length} input files: use -o DIR to write them`);
  }
  const sources = new Map(
    loaded.sources.map((source) => [
      source.path,
      source.unread
        ? { source, key: previous.documents[source.path]!.key, size: source.stamp!.size }
        : { source, key: keyer.key(source.text, readOptionsOf(source)), size: source.text.length },
    ]),
  );
  const keyOf = (p: string) => sources.get(p)?.key ?? '';
  const fileCount = loaded.sources.length;
  loaded.sources = [];

  const next: RunState = emptyState();

  const progress = Progress.create(fileCount, 1 + formats.length, options.progress);
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const store = new DocumentStore(
    (p) => {
      const { source, key } = sources.get(p)!;
      return memo?.parsed.get(key) ?? reloadDocument(p, { key, cacheFile: cache?.file(key) ?? null, absolutePath: source.absolutePath ?? null }, keyer, source.text);
    },
    (p) => sources.get(p)?.size ?? 0,
  );
  const entries: IndexedDocument[] = [];
  const parseDiagnostics = new Map<string, Diagnostic[]>();
  let pool: WorkerPool | undefined;
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
    const startPool = (files: number, bytes: number) => {
      const count = toStdout || !formats.every((f) => f.converter.entry) ? 0 : workerCount(files, bytes, options.jobs);
      if (count > 0) pool ??= new WorkerPool(count, { kind: 'init', root: loaded.root, salt: keyer.salt, formats: formats.map(({ converter, options: o }) => ({ entry: converter.entry!, options: o })) });
    };
    startPool(toParse.length, toParse.reduce((sum, source) => sum + source.text.length, 0));
    /** Which worker holds each document it parsed. */
    const holders = new Map<string, number>();
    const indexed = (source: NoteSource, index: DocumentIndex, found: Diagnostic[], worker?: number) => {
      entries.push({ path: source.path, absolutePath: source.absolutePath ?? null, index });
      parseDiagnostics.set(source.path, found);
      if (worker !== undefined) holders.set(source.path, worker);
    };
    const parsed = await parseSources(toParse, {
      keys: cache || memo ? toParse.map((source) => keyOf(source.path)) : undefined,
      cache,
      memo: memo?.parsed,
      jobs: options.jobs,
      timeBudgetMs: options.timeBudgetMs,
      pool,
      onParsed: (source) => progress?.tick('reading', source.path),
      onResult: (source, result) => {
        store.put(source.path, result.document);
        indexed(source, indexDocument(result.document), result.diagnostics);
      },
      onIndexed: indexed,
    });
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

    timing?.lap(`index (${parsed.parsed.length} parsed, ${pool?.size ?? 0} workers)`);
    // The texts are not kept: a document dropped from memory is read again from the cache, or
    // from its file (checked against its key), so memory does not grow with the set.
    toParse.length = 0;
    for (const entry of sources.values()) if (entry.source.absolutePath) entry.source = { ...entry.source, text: '' };

    // 2. The link index of the whole set, from the indexes alone.
    const links = new LinkIndex(loaded.root, entries);
    const notes = new KnowledgeBase(links, (p) => store.get(p));
    diagnostics.push(...links.diagnostics);

    // 3. Which documents keep their outputs: nothing they depend on changed, every output is as the last run left it.
    const sinks: Sink[] = formats.map((format) =>
      format.outDir === undefined
        ? { kind: 'stdout', files: [] }
        : {
            kind: 'directory',
            directory: new OutputDirectory(format.outDir, { check: options.check, clean: options.clean, inputFiles: loaded.inputFiles, generator: format.converter.name, manifest: format.manifest ?? false }),
          },
    );
    // (What a document depends on is computed here only when it may keep its outputs, and
    // kept for its conversion when it may not after all; for the others while the workers convert.)
    const plan = links.documents.map((entry) => {
      const key = keyOf(entry.path);
      const record = previous.documents[entry.path];
      const depends = record && record.key === key ? dependsOf(entry, links, keyOf, formats) : undefined;
      const keep = record && depends === record.depends && intactOutputs(record, formats, sinks) ? record : undefined;
      return { entry, key, keep, depends };
    });
    const toConvert = plan.filter((p) => !p.keep);
    if (toConvert.length > 0) await Promise.all(formats.map(({ converter }) => converter.prepare?.()));
    startPool(toConvert.length, toConvert.reduce((sum, p) => sum + (sources.get(p.entry.path)?.size ?? 0), 0));
    const here = (path: string): ConvertedDocument => {
      try {
        return store.with(path, (document) => convertDocument(document, notes, formats));
      } catch (error) {
        // Only reading the document again can fail here (converters' errors are caught inside).
        const message = error instanceof Error ? error.message : String(error);
        const failed = { files: [], diagnostics: [{ severity: 'error' as const, rule: 'input-unreadable', message, path, line: 1, column: 1 }], failed: true };
        return { links: [], formats: formats.map((_, i) => (i === 0 ? failed : { ...failed, diagnostics: [] })) };
      }
    };
    const conversions = pool ? await convertInPool(pool, toConvert.map((p) => p.entry.path), { entries: links.documents, sources, cache, holders }, here) : undefined;

    timing?.lap('plan');
    // 4. Document by document, in order: keep, or write what was converted.
    let converted = 0;
    let restamped = false;
    const pendingWrites: Promise<void>[] = [];
    for (const { entry, key, keep, depends: known } of plan) {
      const parse = parseDiagnostics.get(entry.path) ?? [];
      if (keep) {
        const stamp = trustedStamp(sources.get(entry.path)?.source.stamp, started);
        if (keep.stamp?.size !== stamp?.size || keep.stamp?.mtimeMs !== stamp?.mtimeMs) restamped = true;
        const { stamp: _old, ...kept } = keep;
        next.documents[entry.path] = stamp ? { ...kept, stamp } : kept;
        diagnostics.push(...parse, ...keep.links, ...formats.flatMap((f) => keep.formats[f.converter.name]?.diagnostics ?? []));
        if (!keepOutputs(keep, formats, sinks, entry.path)) delete next.documents[entry.path];
        for (const format of formats) progress?.tick(format.converter.name, entry.path);
        continue;
      }
      converted++;
      const depends = known ?? dependsOf(entry, links, keyOf, formats);
      const result = (await conversions?.next(entry.path)) ?? here(entry.path);
      const stamp = trustedStamp(sources.get(entry.path)?.source.stamp, started);
      const fresh: DocumentRecord = { key, ...(stamp ? { stamp } : {}), index: entry.index, parse, depends, links: result.links, formats: {} };
      next.documents[entry.path] = fresh;
      diagnostics.push(...parse, ...result.links);
      const writes: Promise<boolean>[] = [];
      for (const [i, format] of formats.entries()) {
        const { converter } = format;
        progress?.tick(converter.name, entry.path);
        const made = result.formats[i]!;
        if (made.failed) writes.push(Promise.resolve(false));
        diagnostics.push(...made.diagnostics);
        const formatRecord: FormatRecord = { files: [], diagnostics: made.diagnostics };
        fresh.formats[converter.name] = formatRecord;
        const sink = sinks[i]!;
        for (const file of made.files) {
          if (sink.kind === 'stdout') {
            sink.files.push({ ...file, source: entry.path });
            continue;
          }
          // Claimed now, in document order; written while the next documents convert.
          const stamp = sink.directory.add({ ...file, source: entry.path });
          const slot = formatRecord.files.length;
          formatRecord.files.push({ path: file.path, size: 0, mtimeMs: 0 });
          writes.push(stamp.then((s) => (s ? ((formatRecord.files[slot] = s), true) : false)));
        }
      }
      // A document whose outputs are not all in place is converted again next time.
      pendingWrites.push(
        Promise.all(writes).then((done) => {
          if (done.includes(false)) delete next.documents[entry.path];
        }),
      );
      if (pendingWrites.length >= MAX_PENDING_WRITES) await pendingWrites.shift();
    }
    await Promise.all(pendingWrites);

    timing?.lap(`convert and write (${toConvert.length} converted)`);
    // 5. Finish the directories, or print the one document.
    const summary: RunSummary = {
      files: fileCount,
      parsed: parsed.parsed,
      cacheHits: fileCount - parsed.parsed.length - parsed.overBudget.length,
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
      if (sink.kind === 'stdout') printMainOutput(sink.files, diagnostics);
      else addSynced(summary, diagnostics, await sink.directory.finish());
    }
    if (memo) {
      // Keep exactly this run's documents, so memory follows the notes, not their history.
      const current = new Set([...sources.values()].map((s) => s.key));
      for (const key of memo.parsed.keys()) if (!current.has(key)) memo.parsed.delete(key);
    }
    const unchanged = converted === 0 && !restamped && Object.keys(previous.documents).length === Object.keys(next.documents).length;
    if (!options.check) {
      if (memo) memo.state = next;
      else if (statePath && !unchanged) await writeState(statePath, next);
    }
    diagnostics.sort(compareDiagnostics);
    timing?.lap('finish');
    return { root: loaded.root, diagnostics, summary, toStdout };
  } finally {
    progress?.clear();
    await pool?.close();
  }
}

interface PoolSetup {
  entries: IndexedDocument[];
  sources: Map<string, { source: NoteSource; key: string; size: number }>;
  cache: ParseCache | null;
  holders: Map<string, number>;
}

/**
 * Converts documents in the workers, a few ahead of the one the main thread writes, so
 * that results are taken in document order and only a handful wait in memory. `next(path)`
 * gives the result of the next document (null: convert it here).
 */
async function convertInPool(pool: WorkerPool, paths: string[], setup: PoolSetup, here: (path: string) => ConvertedDocument) {
  const documents: Record<string, WorkerDocument> = {};
  for (const [p, { source, key, size }] of setup.sources) {
    documents[p] = { key, cacheFile: setup.cache ? setup.cache.file(key) : null, absolutePath: source.absolutePath ?? null, size };
  }
  await pool.broadcast({ kind: 'links', entries: setup.entries, documents });
  // Ahead of the one written, so that a long document does not leave the other workers idle;
  // bounded by source characters, so that waiting results stay a small part of memory.
  const sizeOf = (p: string) => setup.sources.get(p)?.size ?? 0;
  const pending = new Map<string, Promise<ConvertedDocument>>();
  let submitted = 0;
  let inFlight = 0;
  const submit = () => {
    while (submitted < paths.length && (pending.size < pool.size || inFlight + sizeOf(paths[submitted]!) <= RESIDENT_CHARACTERS)) {
      const p = paths[submitted++]!;
      inFlight += sizeOf(p);
      pending.set(
        p,
        pool.run({ kind: 'convert', id: submitted, path: p }, 0, setup.holders.get(p)).then((answer) => (answer !== null && answer !== 'over-budget' && answer.kind === 'converted' ? answer.result : here(p))),
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
    diagnostics.push({ severity: 'warning', rule: 'needs-output-dir', message: `${rest.length} more file(s) (media, split pages) are only written with -o DIR`, path: main?.source ?? '<stdin>', line: 1, column: 1 });
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
    return recorded !== undefined && sink.kind === 'directory' && recorded.files.every((stamp) => OutputDirectory.intact(sink.directory.outDir, stamp));
  });
}

/** Claims a kept document's files in their directories (false when another document claimed one first). */
function keepOutputs(record: DocumentRecord, formats: FormatJob[], sinks: Sink[], source: string): boolean {
  let kept = true;
  formats.forEach((format, i) => {
    const sink = sinks[i]!;
    if (sink.kind !== 'directory') return;
    for (const stamp of record.formats[format.converter.name]?.files ?? []) kept = sink.directory.keep(stamp, source) && kept;
  });
  return kept;
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
      printMainOutput(output.files, diagnostics);
      continue;
    }
    const synced = await syncOutputs(output.outDir, output.files, { check: flags.check, clean: flags.clean, inputFiles: produced.inputFiles, generator: output.generator, manifest: output.manifest ?? false });
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
