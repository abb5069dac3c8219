/**
 * `--watch`: run once, then again whenever an input changes, until SIGINT or SIGTERM.
 *
 * Directories are watched recursively with node:fs.watch (inotify on Linux, FSEvents on macOS),
 * single files through their directory, since editors save by writing a new file and renaming
 * it over the old one. Events are debounced; a change during a run triggers one more run after
 * it. Each run reuses the parse results of the last (and the cache), so only the changed files
 * are parsed again; outputs whose bytes did not change are not rewritten, which is also why an
 * output directory inside a watched one does not loop.
 */
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';

export const WATCH_DEBOUNCE_MS = 150;

/** Whether a changed name can matter: Org files and directories, not editor droppings (`.#x.org`, `x.org~`). */
export function isRelevantChange(name: string | null, extension: string): boolean {
  if (name === null) return true;
  const base = path.basename(name);
  if (base.startsWith('.') || base.endsWith('~')) return false;
  return base.endsWith(extension) || !base.includes('.');
}

export interface WatchOptions {
  extension: string;
  log: (line: string) => void;
  /** Resolves when the loop should stop; defaults to the first SIGINT or SIGTERM. */
  stop?: Promise<void>;
}

export async function watchInputs(
  inputs: string[],
  run: () => Promise<void>,
  options: WatchOptions,
): Promise<void> {
  await run();
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  const trigger = () => {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        await run().catch((error: unknown) =>
          options.log(`watch: ${error instanceof Error ? error.message : String(error)}`),
        );
      } while (again);
    })().finally(() => {
      running = null;
    });
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(trigger, WATCH_DEBOUNCE_MS);
  };
  for (const input of inputs) {
    const absolute = path.resolve(input);
    const info = await stat(absolute).catch(() => undefined);
    if (info?.isDirectory()) {
      watchers.push(
        watch(
          absolute,
          { recursive: true },
          (_event, name) => isRelevantChange(name, options.extension) && schedule(),
        ),
      );
    } else {
      const base = path.basename(absolute);
      watchers.push(
        watch(
          path.dirname(absolute),
          (_event, name) => (name === null || name === base) && schedule(),
        ),
      );
    }
  }
  options.log(`watching ${inputs.join(' ')} for changes (interrupt to stop)`);
  const stop =
    options.stop ??
    new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
  await stop;
  clearTimeout(timer);
  for (const watcher of watchers) watcher.close();
  await running;
}
