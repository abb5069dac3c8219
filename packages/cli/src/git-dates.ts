/**
 * A file's last commit date in git, for dates that must not come from the clock (man's
 * `.TH`, Markdown's `lastmod` with `--lastmod=git`): the same commits always give the same
 * date (https://reproducible-builds.org/specs/source-date-epoch/).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Last commit date (`%cI`, strict ISO 8601 with the committer's offset) by absolute path. */
const gitDates = new Map<string, string>();
const scannedDirectories = new Set<string>();

const STRICT_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})$/;

function git(args: string[], cwd: string): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 30_000,
    maxBuffer: 256 * 1024 * 1024,
  });
}

/**
 * One `git log` per directory instead of one per file: walking the history once, newest
 * first, the first date seen for a path is its last change. Outside a work tree (or without
 * git) nothing is recorded and the caller falls back to something else.
 */
function scanGitDates(directory: string) {
  scannedDirectories.add(directory);
  let out: string;
  try {
    out = git(['log', '--format=%x00%cI', '--name-only', '--relative', '--', '.'], directory);
  } catch {
    return;
  }
  for (const commit of out.split('\0')) {
    const [date, ...files] = commit.split('\n');
    if (!date || !STRICT_ISO.test(date)) continue;
    for (const file of files) {
      if (!file) continue;
      const absolute = path.join(directory, file);
      if (!gitDates.has(absolute)) gitDates.set(absolute, date);
    }
  }
}

/** Per directory: the top of its git work tree, or null outside one. */
const workTrees = new Map<string, string | null>();
/** Per work tree: the files it tracks (null when git cannot tell). */
const trees = new Map<string, { tracked: Set<string> } | null>();

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

function treeOf(top: string): { tracked: Set<string> } | null {
  if (trees.has(top)) return trees.get(top)!;
  let tree: { tracked: Set<string> } | null = null;
  try {
    const tracked = new Set(
      git(['ls-files', '-z'], top)
        .split('\0')
        .filter(Boolean)
        .map((file) => path.join(top, file)),
    );
    tree = { tracked };
  } catch {
    tree = null;
  }
  trees.set(top, tree);
  return tree;
}

/**
 * `git log -1 --format=%cI -- file`: the committer date of the file's last commit, strict
 * ISO 8601 (`2024-01-02T10:30:00+01:00`); null when git does not track the file or is absent.
 * `scope` is a directory holding the file (the notes' root): its whole history is read with
 * one `git log` the first time, so that a set of notes costs one call, not one per file or
 * directory.
 */
export function gitCommitDate(absolutePath: string, scope?: string): string | null {
  const directory = path.dirname(absolutePath);
  // A file git does not track has no commit date: no `git log` for it (ignored notes, copies).
  const top = workTreeOf(directory);
  if (top === null || treeOf(top)?.tracked.has(absolutePath) !== true) return null;
  // The scope, when it holds the file inside the same work tree; else the file's directory.
  const wide =
    scope !== undefined &&
    (directory === scope || directory.startsWith(scope + path.sep)) &&
    workTreeOf(scope) === top;
  const scanned = wide ? scope : directory;
  if (!scannedDirectories.has(scanned)) scanGitDates(scanned);
  return gitDates.get(absolutePath) ?? null;
}

/**
 * Forgets what git said: an export calls it as each run starts, so that a long-lived
 * process (watch mode, a test running several exports) sees the commits made since.
 */
export function forgetGitDates(): void {
  gitDates.clear();
  scannedDirectories.clear();
  workTrees.clear();
  trees.clear();
}
