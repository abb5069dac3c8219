/**
 * The date in `.TH`: reproducible, so that the same notes always give the same bytes
 * (https://reproducible-builds.org/specs/source-date-epoch/). Never the clock.
 */
import { statSync } from 'node:fs';
import type { Document } from '@orgnotes/core';
import { gitCommitDate } from '@orgnotes/cli';

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

/**
 * What the date of a page may come from besides its text: SOURCE_DATE_EPOCH, and for a file
 * git tracks its last commit date (one `git log` over `root`, the notes' root, per run), else
 * the file's modification time. An export converts the page again when it changes: a commit
 * re-exports the pages of the notes it touched, not every page.
 */
export function dateDependencies(absolutePath: string | null, root?: string): string {
  const epoch = process.env.SOURCE_DATE_EPOCH ?? '';
  if (!absolutePath) return epoch;
  const committed = gitCommitDate(absolutePath, root);
  if (committed !== null) return `${epoch} git ${committed}`;
  return `${epoch} mtime ${systemDateSources.mtime(absolutePath)?.getTime() ?? 'none'}`;
}

export const systemDateSources: DateSources = {
  sourceDateEpoch: () => process.env.SOURCE_DATE_EPOCH,
  // The date part of %cI is %cs: both are in the committer's time zone.
  gitDate: (absolutePath) => gitCommitDate(absolutePath)?.slice(0, 10) ?? null,
  mtime: (absolutePath) => {
    try {
      return statSync(absolutePath).mtime;
    } catch {
      return null;
    }
  },
};
