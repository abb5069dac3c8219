/**
 * The date in `.TH`: reproducible, so that the same notes always give the same bytes
 * (https://reproducible-builds.org/specs/source-date-epoch/). Never the clock.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Document } from '@orgnotes/core';

/** Where dates come from; tests inject their own. */
export interface DateSources {
  /** Value of SOURCE_DATE_EPOCH, if set. */
  sourceDateEpoch: () => string | undefined;
  /** `git log -1 --format=%cs -- file`, null when the file is not tracked or git is absent. */
  gitDate: (absolutePath: string) => string | null;
  /** The file's modification time, null when it cannot be read. */
  mtime: (absolutePath: string) => Date | null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `#+DATE` when it holds a date: `2024-01-02`, `<2024-01-02 Tue>`, `[2024-01-02 Tue 10:00]`. */
export function dateKeyword(value: string | null): string | null {
  if (!value) return null;
  const m = /^\s*[<[]?(\d{4})-(\d{2})-(\d{2})(?=$|[\s\]>])/.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  )
    return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * `#+DATE` if it is a date, else SOURCE_DATE_EPOCH, else the file's last commit date in git,
 * else its mtime; standard input with none of these gets the epoch (1970-01-01), never today.
 */
export function pageDate(
  document: Document,
  absolutePath: string | null,
  sources: DateSources,
): string {
  const keyword = dateKeyword(document.meta.date);
  if (keyword) return keyword;
  const epoch = sources.sourceDateEpoch();
  if (epoch !== undefined && /^\d+$/.test(epoch.trim())) {
    const date = new Date(Number(epoch.trim()) * 1000);
    if (!Number.isNaN(date.getTime())) return utcDay(date);
  }
  if (absolutePath) {
    const git = sources.gitDate(absolutePath);
    if (git && ISO_DATE.test(git)) return git;
    const mtime = sources.mtime(absolutePath);
    if (mtime && !Number.isNaN(mtime.getTime())) return utcDay(mtime);
  }
  return '1970-01-01';
}

/** Last commit date of every file git knows under a directory, by absolute path. */
const gitDates = new Map<string, string>();
const scannedDirectories = new Set<string>();

/**
 * One `git log` per directory instead of one per file: walking the history once, newest
 * first, the first date seen for a path is its last change. Outside a work tree (or without
 * git) nothing is recorded and the caller falls back to the file's mtime.
 */
function scanGitDates(directory: string) {
  scannedDirectories.add(directory);
  let out: string;
  try {
    out = execFileSync('git', ['log', '--format=%x00%cs', '--name-only', '--relative', '--', '.'], {
      cwd: directory,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 30_000,
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch {
    return;
  }
  for (const commit of out.split('\0')) {
    const [date, ...files] = commit.split('\n');
    if (!date || !ISO_DATE.test(date)) continue;
    for (const file of files) {
      if (!file) continue;
      const absolute = path.join(directory, file);
      if (!gitDates.has(absolute)) gitDates.set(absolute, date);
    }
  }
}

/** Per directory: the top of its git work tree, or null outside one. */
const workTrees = new Map<string, string | null>();
/** Per work tree: its HEAD commit and the files it tracks (null when git cannot tell). */
const trees = new Map<string, { head: string; tracked: Set<string> } | null>();

function workTreeOf(directory: string): string | null {
  const known = workTrees.get(directory);
  if (known !== undefined) return known;
  const parent = path.dirname(directory);
  const found = existsSync(path.join(directory, '.git'))
    ? directory
    : parent === directory
      ? null
      : workTreeOf(parent);
  workTrees.set(directory, found);
  return found;
}

function treeOf(top: string): { head: string; tracked: Set<string> } | null {
  if (trees.has(top)) return trees.get(top)!;
  let tree: { head: string; tracked: Set<string> } | null = null;
  try {
    const git = (args: string[]) =>
      execFileSync('git', args, {
        cwd: top,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 30_000,
        maxBuffer: 256 * 1024 * 1024,
      });
    const head = git(['rev-parse', 'HEAD']).trim();
    const tracked = new Set(
      git(['ls-files', '-z'])
        .split('\0')
        .filter(Boolean)
        .map((file) => path.join(top, file)),
    );
    tree = { head, tracked };
  } catch {
    tree = null;
  }
  trees.set(top, tree);
  return tree;
}

/**
 * What the date of a page may come from besides its text, cheaply: SOURCE_DATE_EPOCH, and
 * for a file git tracks the HEAD commit (a new commit may change its last-commit date),
 * else the file's modification time. An export converts the page again when it changes.
 */
export function dateDependencies(absolutePath: string | null): string {
  const epoch = process.env.SOURCE_DATE_EPOCH ?? '';
  if (!absolutePath) return epoch;
  const top = workTreeOf(path.dirname(absolutePath));
  const tree = top === null ? null : treeOf(top);
  if (tree && tree.tracked.has(absolutePath)) return `${epoch} git ${tree.head}`;
  return `${epoch} mtime ${systemDateSources.mtime(absolutePath)?.getTime() ?? 'none'}`;
}

export const systemDateSources: DateSources = {
  sourceDateEpoch: () => process.env.SOURCE_DATE_EPOCH,
  gitDate: (absolutePath) => {
    const directory = path.dirname(absolutePath);
    // A file git does not track has no commit date: no `git log` for it (ignored notes, copies).
    const top = workTreeOf(directory);
    if (top === null || treeOf(top)?.tracked.has(absolutePath) !== true) return null;
    if (!scannedDirectories.has(directory)) scanGitDates(directory);
    return gitDates.get(absolutePath) ?? null;
  },
  mtime: (absolutePath) => {
    try {
      return statSync(absolutePath).mtime;
    } catch {
      return null;
    }
  },
};
