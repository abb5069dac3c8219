/**
 * One export run: read the inputs, parse each file once (memory, cache or parser), build the
 * note set, run every requested converter over it, then write or check the outputs and
 * report. `runConverter` is this with one format; `orgnotes export` with all four.
 */
import { performance } from 'node:perf_hooks';
import { decodeOrg, type Diagnostic, type Document, type ReadResult } from '@orgnotes/core';
import { defaultCacheDir, ParseCache } from './cache.js';
import { EXIT, parseCommandLine, runMain, UsageError, type ConvertContext, type Converter, type FlagValue, type Program, type RunFlags } from './contract.js';
import { replaceExtension } from './files.js';
import { displayPaths, loadInputs } from './io.js';
import { syncOutputs, type PlannedFile } from './outputs.js';
import { noteSetFromParsed, parseSources } from './parse.js';
import { Progress } from './progress.js';
import { effectiveDiagnostics, renderReport, wantsColor, type RunSummary } from './reporters.js';
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

export interface ProduceOptions {
  cache: ParseCache | null;
  /** Milliseconds a big file may take to parse (0: no guard). */
  timeBudgetMs?: number | undefined;
  memo?: Map<string, ReadResult> | undefined;
  jobs?: number | undefined;
  /** Whether a progress line may be shown (a terminal decides the rest). */
  progress: boolean;
}

/** Reads, parses once and converts to every format, in memory. */
export async function produce(inputs: string[], formats: FormatJob[], options: ProduceOptions): Promise<Produced> {
  const loaded = await loadInputs(inputs, '.org', decodeOrg);
  if (formats.some((f) => f.outDir === undefined) && loaded.sources.length > 1) {
    throw new UsageError(`${loaded.sources.length} input files: use -o DIR to write them`);
  }
  const progress = Progress.create(loaded.sources.length, 1 + formats.length, options.progress);
  try {
    const parsed = await parseSources(loaded.sources, {
      cache: options.cache,
      memo: options.memo,
      jobs: options.jobs,
      timeBudgetMs: options.timeBudgetMs,
      onParsed: (source) => progress?.tick('reading', source.path),
    });
    const late = new Set(parsed.overBudget);
    const budgetErrors: Diagnostic[] = parsed.overBudget.map((i) => ({
      severity: 'error',
      rule: 'time-budget',
      message: `parsing took longer than the time budget (${((options.timeBudgetMs ?? 0) / 1000).toString()} s, --time-budget); this file is left out of the run`,
      path: loaded.sources[i]!.path,
      line: 1,
      column: 1,
    }));
    const notes = noteSetFromParsed(
      loaded.sources.filter((_, i) => !late.has(i)),
      parsed.results.filter((_, i) => !late.has(i)),
      loaded.root,
    );
    const diagnostics: Diagnostic[] = [...loaded.diagnostics, ...budgetErrors, ...notes.diagnostics];
    const outputs: ProducedOutputs[] = [];
    for (const format of formats) {
      const { converter } = format;
      const outputPathOf = (document: Document) => replaceExtension(document.path === '<stdin>' || !document.path ? 'stdin.org' : document.path, converter.extension);
      const files: PlannedFile[] = [];
      for (const document of notes.documents) {
        const source = document.path ?? '<stdin>';
        progress?.tick(converter.name, source);
        const report: ConvertContext['report'] = (severity, rule, message, loc) =>
          diagnostics.push({ severity, rule, message, path: source, line: loc?.line ?? 1, column: loc?.column ?? 1 });
        try {
          const converted = converter.convert(document, { notes, options: format.options, outputPath: outputPathOf(document), outputPathOf, report });
          files.push(...converted.map((file) => ({ ...file, source })));
        } catch (error) {
          report('error', 'internal-error', `${converter.name} cannot convert this file: ${error instanceof Error ? error.message : String(error)}`);
          if (process.env.ORGNOTES_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
        }
      }
      outputs.push({ generator: converter.name, outDir: format.outDir, files, ...(format.manifest ? { manifest: true } : {}) });
    }
    return { root: loaded.root, inputFiles: loaded.inputFiles, outputs, diagnostics, files: loaded.sources.length, parsed: parsed.parsed, cacheHits: parsed.cacheHits };
  } finally {
    progress?.clear();
  }
}

export interface Tool {
  name: string;
  version: string;
}

/** Writes (or checks) what `produce` made and reports; returns the exit code. */
export async function deliver(tool: Tool, produced: Produced, flags: RunFlags, started: number): Promise<number> {
  const diagnostics = [...produced.diagnostics];
  const summary: RunSummary = {
    files: produced.files,
    parsed: produced.parsed,
    cacheHits: produced.cacheHits,
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
        diagnostics.push({ severity: 'warning', rule: 'needs-output-dir', message: `${rest.length} more file(s) (media, split pages) are only written with -o DIR`, path: main?.source ?? '<stdin>', line: 1, column: 1 });
      }
      continue;
    }
    const synced = await syncOutputs(output.outDir, output.files, { check: flags.check, clean: flags.clean, inputFiles: produced.inputFiles, generator: output.generator, manifest: output.manifest ?? false });
    summary.written.push(...synced.written);
    summary.unchanged += synced.unchanged;
    summary.removed.push(...synced.removed);
    summary.stale.push(...synced.stale);
    diagnostics.push(...synced.diagnostics);
  }
  summary.milliseconds = Math.round(performance.now() - started);
  const shown = displayPaths(diagnostics, produced.root);
  summary.parsed = displayPaths(
    summary.parsed.map((p) => ({ path: p, severity: 'warning', rule: '', message: '', line: 1, column: 1 })),
    produced.root,
  ).map((d) => d.path);
  const report = renderReport(flags.reporter, shown, toStdout ? null : summary, {
    tool: tool.name,
    version: tool.version,
    strict: flags.strict,
    quiet: flags.quiet,
    color: wantsColor(process.stderr),
    summary: process.stderr.isTTY === true || process.env.ORGNOTES_SUMMARY === '1',
  });
  if (report.stderr) process.stderr.write(report.stderr);
  if (report.json) (toStdout ? process.stderr : process.stdout).write(report.json);
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
  const memo = flags.watch ? new Map<string, ReadResult>() : undefined;
  const once = async () => {
    const started = performance.now();
    const produced = await produce(job.inputs, job.formats, { cache, memo, jobs: job.jobs, timeBudgetMs: flags.timeBudget * 1000, progress: flags.reporter === 'human' && !flags.quiet });
    return deliver(job.tool, produced, flags, started);
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
