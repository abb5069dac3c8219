/**
 * Export workers: threads that parse and convert documents while the main thread reads
 * inputs and writes outputs. A request goes to the next idle worker; a worker that dies
 * answers null for what it held and for everything after it when none is left, and the
 * caller then does that work on the main thread, so a run never loses a document.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { WorkerAnswer, WorkerRequest } from './export-worker.js';

const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? '../dist/export-worker.js' : './export-worker.js', import.meta.url);

/**
 * Workers pay only for big enough work: each loads the parser and the converters and warms up
 * its own JIT, documents a worker does not hold are read back from the cache, and results
 * cross between threads as messages; a pool spends about a third more CPU than one thread.
 * Measured on 2 cores (the shared corpus, 9 MB, and 4 copies of it, 35 MB): two workers took
 * 8.6 s against 7.7 s for the main thread alone at 9 MB (which already uses the second core
 * for garbage collection and file I/O), and 21.9 s against 24.2 s at 35 MB. So workers start
 * only with at least WORKER_MIN_FILES files and WORKER_MIN_BYTES to parse or convert, as many
 * as the process may use cores (`os.availableParallelism`, which follows `taskset` and CPU
 * affinity), at most 8. ORGNOTES_JOBS=N overrides (0: no workers).
 */
export const WORKER_MIN_FILES = 64;
export const WORKER_MIN_BYTES = 16 * 1024 * 1024;

export function envJobs(): number | undefined {
  const value = process.env.ORGNOTES_JOBS;
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

export function workerCount(files: number, bytes: number, requested: number | undefined = envJobs(), cores: number = os.availableParallelism()): number {
  if (requested !== undefined) return Math.max(0, Math.min(requested, files));
  if (files < WORKER_MIN_FILES || bytes < WORKER_MIN_BYTES || cores < 2) return 0;
  return Math.min(cores, Math.ceil(files / 32), 8);
}

type Answer = WorkerAnswer | null | 'over-budget';

interface Slot {
  worker: Worker;
  alive: boolean;
  current: ((answer: Answer) => void) | undefined;
  timer: NodeJS.Timeout | undefined;
}

export class WorkerPool {
  private readonly slots: Slot[];
  private readonly queue: { request: WorkerRequest; budgetMs: number; prefer: number | undefined; resolve: (answer: Answer) => void }[] = [];

  /** `init` goes to every worker before anything else (also to those that replace stopped ones). */
  constructor(
    count: number,
    private readonly init?: WorkerRequest,
  ) {
    this.slots = Array.from({ length: count }, () => this.spawn());
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(WORKER_URL), alive: true, current: undefined, timer: undefined };
    if (this.init) slot.worker.postMessage(this.init);
    slot.worker.on('message', (answer: WorkerAnswer) => this.answered(slot, answer));
    slot.worker.on('error', () => this.died(slot));
    slot.worker.on('exit', () => this.died(slot));
    return slot;
  }

  get size(): number {
    return this.slots.filter((slot) => slot.alive).length;
  }

  private answered(slot: Slot, answer: Answer) {
    clearTimeout(slot.timer);
    const resolve = slot.current;
    slot.current = undefined;
    resolve?.(answer);
    this.dispatch();
  }

  /** A request ran out of time: its worker is stopped (it cannot be interrupted otherwise) and replaced. */
  private overBudget(slot: Slot) {
    const resolve = slot.current;
    slot.current = undefined;
    slot.alive = false;
    void slot.worker.terminate();
    this.slots[this.slots.indexOf(slot)] = this.spawn();
    resolve?.('over-budget');
    this.dispatch();
  }

  private died(slot: Slot) {
    if (!slot.alive) return;
    slot.alive = false;
    this.answered(slot, null);
    if (this.size === 0) for (let next = this.queue.shift(); next; next = this.queue.shift()) next.resolve(null);
  }

  /** Each idle worker takes the first request that prefers it, else the first request. */
  private dispatch() {
    for (const slot of this.slots) {
      if (!slot.alive || slot.current || this.queue.length === 0) continue;
      const mine = this.queue.findIndex((queued) => queued.prefer === slot.worker.threadId);
      const { request, budgetMs, resolve } = this.queue.splice(mine === -1 ? 0 : mine, 1)[0]!;
      slot.current = resolve;
      if (budgetMs > 0) slot.timer = setTimeout(() => this.overBudget(slot), budgetMs);
      slot.worker.postMessage(request);
    }
  }

  /**
   * Runs a request on the next idle worker; null when no worker could answer it,
   * 'over-budget' when it took longer than `budgetMs` (0: no limit) and was stopped.
   * `prefer`: the thread id of the worker that should take it when it can (it holds the document).
   */
  run(request: WorkerRequest, budgetMs = 0, prefer?: number): Promise<Answer> {
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
              slot.current = resolve;
              slot.worker.postMessage(request);
            }),
        ),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}
