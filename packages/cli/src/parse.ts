/**
 * Parsing a set of notes once per run: each file's `readOrg` result comes from memory (watch
 * mode), from the cache, or from the parser, in worker threads when there are enough files
 * to pay for starting them.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { buildNoteSet, readOrg, type NoteSet, type NoteSource, type ReadOptions, type ReadResult } from '@orgnotes/core';
import { ParseCache } from './cache.js';
import type { ParseAnswer, ParseTask } from './parse-worker.js';

/**
 * Worker threads pay only for big sets on an idle machine: each worker loads the parser and
 * warms up its own JIT (the parser runs about 2.5x faster warm than cold), and every result
 * crosses back as JSON. Measured on the 380-file, 9 MB shared corpus on a busy 2-core machine,
 * two workers took longer than the main thread alone; so workers start only with at least
 * WORKER_MIN_FILES files and WORKER_MIN_BYTES to parse, and as many as there are idle cores
 * (cores minus the load average), at least two. ORGNOTES_JOBS=N overrides (0: no workers).
 */
export const WORKER_MIN_FILES = 64;
export const WORKER_MIN_BYTES = 4 * 1024 * 1024;

export function workerCount(files: number, bytes: number, requested: number | undefined = envJobs()): number {
  if (requested !== undefined) return Math.max(0, Math.min(requested, files));
  if (files < WORKER_MIN_FILES || bytes < WORKER_MIN_BYTES) return 0;
  const idle = os.availableParallelism() - Math.floor(os.loadavg()[0] ?? 0);
  return idle < 2 ? 0 : Math.min(idle, Math.ceil(files / 32), 8);
}

/**
 * The time budget guard. A parse cannot be interrupted on the main thread, so files big enough
 * to take seconds are parsed in a worker of their own that is stopped when the budget runs out:
 * that file gets an error and the rest of the run completes. Smaller files cannot stall a run:
 * the patched parser is linear, about 0.1 MB/s at worst (a line dense with markup), so
 * GUARD_MIN_BYTES takes a few seconds at most.
 */
export const GUARD_MIN_BYTES = 256 * 1024;
export const DEFAULT_TIME_BUDGET_SECONDS = 60;

export interface ParseOptions {
  cache: ParseCache | null;
  /** Milliseconds a big file may take to parse; 0 turns the guard off. */
  timeBudgetMs?: number | undefined;
  /** Worker threads: 0 parses on the main thread; undefined decides from the work and the cores (ORGNOTES_JOBS overrides). */
  jobs?: number | undefined;
  /** Results kept between runs of one process (watch mode), by cache key. */
  memo?: Map<string, ReadResult> | undefined;
  onParsed?: ((source: NoteSource) => void) | undefined;
  /**
   * Receives each result instead of `results` (which then stays empty), so that a caller
   * that indexes documents one by one does not hold them all; the memo then only grows,
   * and the caller prunes it.
   */
  onResult?: ((source: NoteSource, result: ReadResult) => void) | undefined;
}

export interface ParsedSources {
  results: ReadResult[];
  /** Paths of the files parsed this time (not found in memory or in the cache). */
  parsed: string[];
  cacheHits: number;
  /** Worker threads used (0: main thread). */
  workers: number;
  /** Indices of the sources whose parse ran out of time: they have no result. */
  overBudget: number[];
}

/** The options `buildNoteSet` reads a source with: the cache key must use the same. */
export function readOptionsOf(source: NoteSource): ReadOptions {
  return source.path === '<stdin>' ? {} : { path: source.path };
}

function envJobs(): number | undefined {
  const value = process.env.ORGNOTES_JOBS;
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

export async function parseSources(sources: NoteSource[], options: ParseOptions): Promise<ParsedSources> {
  const { cache, memo } = options;
  const results: (ReadResult | undefined)[] = new Array(sources.length);
  const keep = (i: number, result: ReadResult) => {
    if (options.onResult) {
      memo?.set(keys[i]!, result);
      options.onResult(sources[i]!, result);
    } else results[i] = result;
  };
  // Memory-only runs (--no-cache --watch) still need keys; they never touch the disk.
  const keyer = cache ?? (memo ? new ParseCache('', 'memory') : null);
  const keys = sources.map((source) => (keyer ? keyer.key(source.text, readOptionsOf(source)) : ''));
  let cacheHits = 0;
  const misses: number[] = [];
  const lookups = sources.map(async (source, i) => {
    const key = keys[i]!;
    const remembered = memo?.get(key);
    if (remembered) {
      keep(i, remembered);
      cacheHits++;
      options.onParsed?.(source);
      return;
    }
    const json = cache ? await cache.get(key) : undefined;
    if (json !== undefined) {
      try {
        keep(i, JSON.parse(json) as ReadResult);
        cacheHits++;
        options.onParsed?.(source);
        return;
      } catch {
        // A damaged entry is a miss; parsing again rewrites it.
      }
    }
    misses.push(i);
  });
  await Promise.all(lookups);
  misses.sort((a, b) => a - b);
  const budget = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_SECONDS * 1000;
  const overBudget: number[] = [];
  if (budget > 0) {
    // One guarded file at a time: each holds a whole parse in memory.
    for (const i of misses.filter((m) => sources[m]!.text.length >= GUARD_MIN_BYTES)) {
      const result = await parseGuarded(sources[i]!, budget, cache ? cache.file(keys[i]!) : null);
      if (result === 'over-budget') overBudget.push(i);
      else {
        keep(i, result);
        options.onParsed?.(sources[i]!);
      }
    }
    const guarded = new Set(misses.filter((m) => sources[m]!.text.length >= GUARD_MIN_BYTES));
    misses.splice(0, misses.length, ...misses.filter((m) => !guarded.has(m)));
  }
  const bytes = misses.reduce((sum, i) => sum + sources[i]!.text.length, 0);
  const workers = workerCount(misses.length, bytes, options.jobs);
  const parseHere = async (i: number) => {
    const source = sources[i]!;
    const result = readOrg(source.text, readOptionsOf(source));
    keep(i, result);
    options.onParsed?.(source);
    if (cache) await cache.put(keys[i]!, JSON.stringify(result));
  };
  if (workers > 0) {
    await parseInWorkers(misses, sources, keys, cache, workers, (i, result) => {
      keep(i, result);
      options.onParsed?.(sources[i]!);
    }, parseHere);
  } else {
    const writes: Promise<void>[] = [];
    for (const i of misses) writes.push(parseHere(i));
    await Promise.all(writes);
  }
  if (memo && !options.onResult) {
    // Keep exactly this run's files, so memory follows the notes, not their history.
    memo.clear();
    sources.forEach((_, i) => results[i] && memo.set(keys[i]!, results[i]!));
  }
  return { results: results as ReadResult[], parsed: misses.map((i) => sources[i]!.path), cacheHits, workers, overBudget };
}

const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? '../dist/parse-worker.js' : './parse-worker.js', import.meta.url);

/** Parses one file in a worker of its own, stopped when `budgetMs` runs out. */
async function parseGuarded(source: NoteSource, budgetMs: number, cacheFile: string | null): Promise<ReadResult | 'over-budget'> {
  const worker = new Worker(WORKER_URL);
  try {
    return await new Promise<ReadResult | 'over-budget'>((resolve) => {
      const timer = setTimeout(() => resolve('over-budget'), budgetMs);
      const here = () => {
        clearTimeout(timer);
        resolve(readOrg(source.text, readOptionsOf(source)));
      };
      worker.on('message', (answer: ParseAnswer) => {
        clearTimeout(timer);
        if ('json' in answer) resolve(JSON.parse(answer.json) as ReadResult);
        else here();
      });
      // A worker that cannot start or dies: parse here, unguarded, rather than lose the file.
      worker.on('error', here);
      const task: ParseTask = { id: 0, text: source.text, options: readOptionsOf(source), cacheFile };
      worker.postMessage(task);
    });
  } finally {
    await worker.terminate();
  }
}

/** Largest files first, each to the next idle worker; a worker that dies hands its file back to the main thread. */
async function parseInWorkers(
  order: number[],
  sources: NoteSource[],
  keys: string[],
  cache: ParseCache | null,
  count: number,
  done: (i: number, result: ReadResult) => void,
  fallback: (i: number) => Promise<void>,
): Promise<void> {
  const queue = [...order].sort((a, b) => sources[b]!.text.length - sources[a]!.text.length);
  const run = (worker: Worker) =>
    new Promise<void>((resolve) => {
      let current: number | undefined;
      const next = () => {
        current = queue.shift();
        if (current === undefined) return resolve();
        const task: ParseTask = { id: current, text: sources[current]!.text, options: readOptionsOf(sources[current]!), cacheFile: cache ? cache.file(keys[current]!) : null };
        worker.postMessage(task);
      };
      worker.on('message', (answer: ParseAnswer) => {
        if ('json' in answer) done(answer.id, JSON.parse(answer.json) as ReadResult);
        else void fallback(answer.id);
        next();
      });
      worker.on('error', () => {
        // The worker is gone: its file and the rest of the queue are parsed here.
        const pending = current;
        current = undefined;
        void (async () => {
          if (pending !== undefined) await fallback(pending);
          for (let i = queue.shift(); i !== undefined; i = queue.shift()) await fallback(i);
          resolve();
        })();
      });
      next();
    });
  const pool = Array.from({ length: count }, () => new Worker(WORKER_URL));
  try {
    await Promise.all(pool.map(run));
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
}

/** A NoteSet over documents already read (from the cache or workers), as `buildNoteSet(sources)` would make it. */
export function noteSetFromParsed(sources: NoteSource[], results: ReadResult[], root: string, fileExists?: (p: string) => boolean): NoteSet {
  return buildNoteSet(
    sources.map((source, i) => ({ ...source, parsed: results[i]! })),
    { root, ...(fileExists ? { fileExists } : {}) },
  );
}
