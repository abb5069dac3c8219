/**
 * Parsing a set of notes once per run: each file's `readOrg` result comes from memory (watch
 * mode), from the cache, or from the parser, in worker threads when there are enough files
 * to pay for starting them.
 */
import {
  readOrg,
  type Diagnostic,
  type DocumentIndex,
  type NoteSource,
  type ReadResult,
} from '@orgnotes/core';
import { cacheKey, type ParseCache } from './cache.js';
import { letTheLoopTurn } from './files.js';
import { readOptionsOf } from './store.js';
import { WorkerPool, workerCount } from './pool.js';

/**
 * The time budget guard. A parse cannot be interrupted on the main thread, so a file that
 * could take longer than the budget is parsed in a worker that is stopped when the budget
 * runs out: that file gets an error and the rest of the run completes. The patched parser is
 * linear, so a file below the budget times SLOWEST_BYTES_PER_SECOND (a tenth of the slowest
 * rate measured, docs/benchmarks.md "Figures behind the code's constants", for slow or busy
 * machines) cannot run out of time and is parsed where it is.
 */
export const SLOWEST_BYTES_PER_SECOND = 50_000;

/** Files this long or longer are parsed under the guard (Infinity: no budget). */
export function guardThreshold(budgetMs: number): number {
  return budgetMs > 0
    ? Math.max(1, Math.floor((budgetMs / 1000) * SLOWEST_BYTES_PER_SECOND))
    : Infinity;
}
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
  /**
   * With a pool: the workers keep the documents they parse (for converting them later) and
   * answer with their index only, given here instead of to `onResult`.
   */
  pool?: WorkerPool | undefined;
  onIndexed?:
    | ((
        source: NoteSource,
        index: DocumentIndex,
        diagnostics: Diagnostic[],
        worker: number,
      ) => void)
    | undefined;
  /** The sources' cache keys, when the caller has them already (hashing every text again costs time). */
  keys?: string[] | undefined;
  /**
   * The text of a source given without it: a caller that keeps a big set's texts out of the
   * V8 heap (see RunSource.bytes in engine.ts) decodes each when it is parsed. With it,
   * `sizeOf` gives the sources' sizes (their `text` is empty).
   */
  textOf?: ((source: NoteSource) => string) | undefined;
  sizeOf?: ((source: NoteSource) => number) | undefined;
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

export async function parseSources(
  sources: NoteSource[],
  options: ParseOptions,
): Promise<ParsedSources> {
  const { cache, memo } = options;
  const textOf = options.textOf ?? ((source: NoteSource) => source.text);
  const sizeOf = options.sizeOf ?? ((source: NoteSource) => source.text.length);
  const results: (ReadResult | undefined)[] = new Array(sources.length);
  const keep = (i: number, result: ReadResult) => {
    if (options.onResult) {
      memo?.set(keys[i]!, result);
      options.onResult(sources[i]!, result);
    } else results[i] = result;
  };
  // Memory-only runs (--no-cache --watch) still need keys; they never touch the disk.
  const salt = cache?.salt ?? (memo ? 'memory' : undefined);
  const keys =
    options.keys ??
    sources.map((source) =>
      salt !== undefined ? cacheKey(textOf(source), readOptionsOf(source), salt) : '',
    );
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
  // With a pool, its workers guard big files themselves (pool.run with a budget).
  const guarded = options.pool
    ? []
    : misses.filter((m) => sizeOf(sources[m]!) >= guardThreshold(budget));
  const unguarded = misses.filter((m) => !guarded.includes(m));
  const bytes = unguarded.reduce((sum, i) => sum + sizeOf(sources[i]!), 0);
  // Each entry is written as soon as its file is parsed (the write is synchronous, see
  // writeAtomic), so no JSON text waits in memory.
  const parseHere = async (i: number) => {
    const source = sources[i]!;
    const result = readOrg(textOf(source), readOptionsOf(source));
    keep(i, result);
    options.onParsed?.(source);
    if (cache) await cache.put(keys[i]!, JSON.stringify(result));
  };
  const inPool = {
    sources,
    textOf,
    sizeOf,
    keys,
    cache,
    budgetMs: budget,
    keep,
    parseHere,
    onParsed: options.onParsed,
    onIndexed: options.onIndexed,
    overBudget,
  };
  // One guarded file at a time (each holds a whole parse in memory), in a worker of their own
  // beside the others; a worker stopped for running out of time is replaced for the next.
  const guarding = (async () => {
    if (guarded.length === 0) return;
    const guard = new WorkerPool(1);
    try {
      await parseInPool({ ...inPool, pool: guard, files: guarded, answer: 'json' });
    } finally {
      await guard.close();
    }
  })();
  const count = options.pool
    ? options.pool.size
    : workerCount(unguarded.length, bytes, options.jobs);
  if (count > 0) {
    const pool = options.pool ?? new WorkerPool(count);
    try {
      // Only a pool that outlives this call can keep the documents it parses.
      await parseInPool({
        ...inPool,
        pool,
        files: unguarded,
        answer: options.pool && options.onIndexed ? 'index' : 'json',
      });
    } finally {
      if (!options.pool) await pool.close();
    }
  } else {
    for (const i of unguarded) {
      await parseHere(i);
      await letTheLoopTurn();
    }
  }
  await guarding;
  const workers = count;
  if (memo && !options.onResult) {
    // Keep exactly this run's files, so memory follows the notes, not their history.
    memo.clear();
    sources.forEach((_, i) => results[i] && memo.set(keys[i]!, results[i]!));
  }
  const late = new Set(overBudget);
  return {
    results: results as ReadResult[],
    parsed: misses.filter((i) => !late.has(i)).map((i) => sources[i]!.path),
    cacheHits,
    workers,
    overBudget,
  };
}

/** Files of a set for one pool to parse, and where their results go. */
interface ParseJob {
  pool: WorkerPool;
  /** Indices into `sources` of the files to parse, in path order. */
  files: number[];
  /** `index`: the workers keep the documents (for converting them later); `json`: they are sent back whole. */
  answer: 'json' | 'index';
  sources: NoteSource[];
  /** A source's text and size (see ParseOptions.textOf). */
  textOf: (source: NoteSource) => string;
  sizeOf: (source: NoteSource) => number;
  keys: string[];
  cache: ParseCache | null;
  /** A file this long or longer runs under this budget (see `guardThreshold`). */
  budgetMs: number;
  /** Takes a result sent back whole. */
  keep: (i: number, result: ReadResult) => void;
  /** Parses a file on this thread: no worker could. */
  parseHere: (i: number) => Promise<void>;
  onParsed: ParseOptions['onParsed'];
  /** Takes the index of a document a worker keeps (with `answer: 'index'`). */
  onIndexed: ParseOptions['onIndexed'];
  /** Collects the indices of the files that ran out of time. */
  overBudget: number[];
}

/**
 * Each file to the next idle worker: when the workers keep what they parse, runs of neighbouring
 * files to each (see `neighbourhoods`), else largest files first; what no worker could parse is
 * parsed here.
 */
async function parseInPool(job: ParseJob): Promise<void> {
  const { pool, files, answer, sources, keys, cache, budgetMs, textOf, sizeOf } = job;
  const size = (i: number) => sizeOf(sources[i]!);
  const owners = answer === 'index' ? neighbourhoods(files, size, pool.workerIds) : undefined;
  const largestFirst = [...files].sort((a, b) => size(b) - size(a));
  await Promise.all(
    (owners ? files : largestFirst).map(async (i) => {
      const source = sources[i]!;
      const guard = size(i) >= guardThreshold(budgetMs) ? budgetMs : 0;
      const reply = await pool.run(
        {
          kind: 'parse',
          id: i,
          path: source.path,
          // Decoded when the pool posts the request (structured cloning reads it), not while
          // the request waits in the pool's queue: the texts are not all in memory at once.
          get text() {
            return textOf(source);
          },
          cacheFile: cache ? cache.file(keys[i]!) : null,
          answer,
        },
        guard,
        owners?.get(i),
      );
      if (reply === 'over-budget') return void job.overBudget.push(i);
      if (reply?.kind === 'json') job.keep(i, JSON.parse(reply.json) as ReadResult);
      else if (reply?.kind === 'index')
        job.onIndexed!(source, reply.index, reply.diagnostics, reply.worker);
      else return job.parseHere(i);
      job.onParsed?.(source);
    }),
  );
}

/**
 * Which worker should parse (and so hold, and later convert) each file: runs of consecutive
 * files in path order, dealt to the workers in turn. Notes link mostly to their neighbours (a
 * directory, an org-roam folder), so a worker converting a document finds most of its link
 * targets among the documents it holds instead of reading them back from the cache; and since
 * documents are converted in path order, runs far smaller than a worker's share keep every
 * worker busy converting. An idle worker still takes another's files.
 */
function neighbourhoods(
  order: number[],
  sizeOf: (i: number) => number,
  workers: number[],
): Map<number, number> {
  const total = order.reduce((sum, i) => sum + sizeOf(i), 0);
  const run = Math.max(
    NEIGHBOURHOOD_MIN_CHARACTERS,
    total / (workers.length * NEIGHBOURHOODS_PER_WORKER),
  );
  const owners = new Map<number, number>();
  let before = 0;
  for (const i of order) {
    owners.set(i, workers[Math.floor(before / run) % workers.length]!);
    before += sizeOf(i);
  }
  return owners;
}
const NEIGHBOURHOODS_PER_WORKER = 8;
const NEIGHBOURHOOD_MIN_CHARACTERS = 256 * 1024;
