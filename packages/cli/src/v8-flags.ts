import { setFlagsFromString } from 'node:v8';

/**
 * V8 flags for a run that lasts seconds to minutes and whose code is hot in up to three
 * isolates at once (the main thread and two workers), each compiling it again. V8's defaults
 * suit long-lived processes: they optimize early and inline much, and on our runs the
 * optimizing compiler's background threads cost more than the code they make saves. Set on
 * the command's entry (runMain), so they hold for the workers it starts; a user's own
 * NODE_OPTIONS come first and are overridden for these two only.
 *
 * Measured with `pnpm bench`'s sets (user CPU, same cores, docs/benchmarks.md): 1x cold on
 * one core 10.1 s to 8.4 s, with two workers 14.3 s to 10.5 s; 4x one core 30.5 s to 27.3 s;
 * 16x one core 116.5 s to 109.9 s (on the slower core).
 */
const BATCH_RUN_FLAGS = [
  // Each optimized function compiles on its own: inlining makes the compiles several times
  // larger, and hot callees are compiled anyway.
  '--no-turbo-inlining',
  // Twice the default budget (132 KB of bytecode executed) before a function is optimized:
  // fewer functions that are only warm get compiled.
  '--interrupt-budget=264000',
];

let tuned = false;

/** Sets BATCH_RUN_FLAGS once per process, before the run's code gets hot. */
export function tuneV8ForBatchRuns(): void {
  if (tuned) return;
  tuned = true;
  for (const flag of BATCH_RUN_FLAGS) setFlagsFromString(flag);
}
