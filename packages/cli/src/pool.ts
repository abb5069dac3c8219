/**
 * Export workers: threads that parse and convert documents while the main thread reads
 * inputs and writes outputs. A request goes to the next idle worker; a worker that dies
 * answers null for what it held and for everything after it when none is left, and the
 * caller then does that work on the main thread, so a run never loses a document.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { WorkerAnswer, WorkerRequest } from './export-worker.js';

const WORKER_URL = new URL(
  import.meta.url.endsWith('.ts') ? '../dist/export-worker.js' : './export-worker.js',
  import.meta.url,
);

/**
 * Workers pay only for big enough work: each loads the parser and the converters and warms up
 * its own JIT, documents a worker does not hold are read back from the cache, and results
 * cross between threads as messages; a pool spends about a fifth more CPU than one thread.
 * Two workers only tie with the main thread on the shared corpus and win on four copies of it
 * (docs/benchmarks.md, "Figures behind the code's constants"), so workers start only with at
 * least WORKER_MIN_FILES files and WORKER_MIN_BYTES to
 * parse or convert, as many as the process may use cores (`os.availableParallelism`, which
 * follows `taskset` and CPU affinity), at most 8. ORGNOTES_JOBS=N overrides (0: no workers).
 */
export const WORKER_MIN_FILES = 64;
export const WORKER_MIN_BYTES = 16 * 1024 * 1024;

export function envJobs(): number | undefined {
  const value = process.env.ORGNOTES_JOBS;
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

export function workerCount(
  files: number,
  bytes: number,
  requested: number | undefined = envJobs(),
  cores: number = os.availableParallelism(),
): number {
  if (requested !== undefined) return Math.max(0, Math.min(requested, files));
  if (files < WORKER_MIN_FILES || bytes < WORKER_MIN_BYTES || cores < 2) return 0;
  return Math.min(cores, Math.ceil(files / 32), 8);
}

type Answer = WorkerAnswer | null | 'over-budget';

/**
 * Requests a worker may hold at once. With one, a worker sits idle from posting an answer until
 * the main thread, busy writing outputs, sends the next request; a second one queued in the
 * worker's own message queue keeps it busy (about a seventh of each worker's time on 2 cores).
 */
const PIPELINE_DEPTH = 2;

interface Running {
  resolve: (answer: Answer) => void;
  /** Set for a request with a time budget: it runs alone on its worker. */
  timer: NodeJS.Timeout | undefined;
}

interface Slot {
  worker: Worker;
  alive: boolean;
  /** Requests sent and not answered yet, by the id the pool gave them. */
  running: Map<number, Running>;
  /** Waiting for every worker's answer to a broadcast (answers without an id). */
  broadcast: ((answer: Answer) => void) | undefined;
}

interface Queued {
  request: RunRequest;
  budgetMs: number;
  prefer: number | undefined;
  resolve: (answer: Answer) => void;
}

/** The requests that go to one worker and get one answer, matched by their `id`. */
type RunRequest = Extract<WorkerRequest, { id: number }>;

export class WorkerPool {
  private readonly slots: Slot[];
  private readonly queue: Queued[] = [];
  private sequence = 0;

  /** `init` goes to every worker before anything else (also to those that replace stopped ones). */
  constructor(
    count: number,
    private readonly init?: WorkerRequest,
  ) {
    this.slots = Array.from({ length: count }, () => this.spawn());
  }

  private spawn(): Slot {
    const slot: Slot = {
      worker: new Worker(WORKER_URL),
      alive: true,
      running: new Map(),
      broadcast: undefined,
    };
    if (this.init) slot.worker.postMessage(this.init);
    slot.worker.on('message', (answer: WorkerAnswer) => this.answered(slot, answer));
    slot.worker.on('error', () => this.died(slot));
    slot.worker.on('exit', () => this.died(slot));
    return slot;
  }

  get size(): number {
    return this.slots.filter((slot) => slot.alive).length;
  }

  /** The thread ids of the live workers, for `run`'s `prefer`. */
  get workerIds(): number[] {
    return this.slots.filter((slot) => slot.alive).map((slot) => slot.worker.threadId);
  }

  private answered(slot: Slot, answer: WorkerAnswer) {
    const id = 'id' in answer ? answer.id : undefined;
    const running = id === undefined ? undefined : slot.running.get(id);
    if (running) {
      clearTimeout(running.timer);
      slot.running.delete(id!);
      running.resolve(answer);
    } else {
      const resolve = slot.broadcast;
      slot.broadcast = undefined;
      resolve?.(answer);
    }
    this.dispatch();
  }

  /** A request ran out of time: its worker is stopped (it cannot be interrupted otherwise) and replaced. */
  private overBudget(slot: Slot, id: number) {
    const late = slot.running.get(id);
    slot.running.delete(id);
    this.retire(slot);
    this.slots[this.slots.indexOf(slot)] = this.spawn();
    late?.resolve('over-budget');
    this.dispatch();
  }

  private died(slot: Slot) {
    if (!slot.alive) return;
    this.retire(slot);
    if (this.size === 0)
      for (let next = this.queue.shift(); next; next = this.queue.shift()) next.resolve(null);
    this.dispatch();
  }

  /** Stops a worker; what it still held is answered null (the caller does it on the main thread). */
  private retire(slot: Slot) {
    slot.alive = false;
    void slot.worker.terminate();
    const held = [...slot.running.values()];
    slot.running.clear();
    for (const { resolve, timer } of held) {
      clearTimeout(timer);
      resolve(null);
    }
    slot.broadcast?.(null);
    slot.broadcast = undefined;
  }

  /**
   * An idle worker takes the first request that prefers it, else the first request; a busy one
   * (below the pipeline depth, running nothing under a time budget) only takes requests that
   * prefer it or no worker, and never one with a budget, whose clock must start when it runs.
   */
  private dispatch() {
    for (let depth = 0; depth < PIPELINE_DEPTH; depth++) {
      for (const slot of this.slots) {
        if (this.queue.length === 0) return;
        if (!slot.alive || slot.running.size !== depth) continue;
        if ([...slot.running.values()].some((running) => running.timer !== undefined)) continue;
        const id = slot.worker.threadId;
        let taken = this.queue.findIndex(
          (queued) => queued.prefer === id && (depth === 0 || queued.budgetMs === 0),
        );
        if (taken === -1)
          taken =
            depth === 0
              ? 0
              : this.queue.findIndex(
                  (queued) => queued.prefer === undefined && queued.budgetMs === 0,
                );
        if (taken === -1) continue;
        this.send(slot, this.queue.splice(taken, 1)[0]!);
      }
    }
  }

  private send(slot: Slot, { request, budgetMs, resolve }: Queued) {
    const id = ++this.sequence;
    const timer = budgetMs > 0 ? setTimeout(() => this.overBudget(slot, id), budgetMs) : undefined;
    slot.running.set(id, { resolve, timer });
    slot.worker.postMessage({ ...request, id });
  }

  /**
   * Runs a request on the next idle worker; null when no worker could answer it,
   * 'over-budget' when it took longer than `budgetMs` (0: no limit) and was stopped.
   * `prefer`: the thread id of the worker that should take it when it can (it holds the document).
   */
  run(request: RunRequest, budgetMs = 0, prefer?: number): Promise<Answer> {
    if (this.size === 0) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.queue.push({ request, budgetMs, prefer, resolve });
      this.dispatch();
    });
  }

  /** Sends a request to every worker (the pool must be idle); resolves when all have answered. */
  async broadcast(request: WorkerRequest): Promise<Answer[]> {
    return Promise.all(
      this.slots
        .filter((slot) => slot.alive)
        .map(
          (slot) =>
            new Promise<Answer>((resolve) => {
              slot.broadcast = resolve;
              slot.worker.postMessage(request);
            }),
        ),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}
