/**
 * What the Markdown set's files are made of (issue 14): the index and tag pages list the
 * exported notes (core's publishedNotes) with links to their pages, and the media are the
 * files those notes link to. Kept apart from the rendering (knowledge-base.ts, which loads
 * the Markdown writer) so that a warm run can tell whether the files would change without
 * making them (`setOutputsKey`).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  exportConfigFromOptions,
  insideRealRoot,
  publishedFiles,
  publishedNotes,
  type PublishedNote,
} from '@orgnotes/core';
import { fileStamp, type SetContext } from '@orgnotes/cli';

export interface MarkdownSetPlan {
  /** The exported notes, by title then path. */
  notes: PublishedNote[];
  /** The index page's path, or null (`--index-page none`). */
  index: string | null;
  /** The directory of the tag pages, or null (`--tag-pages none`). */
  tagDirectory: string | null;
  /** A tag's page, or null (`--tag-pages none`). */
  tagPage: ((tag: string) => string) | null;
  /** Linked files to copy beside the pages, at their paths relative to the notes' root. */
  files: { path: string; absolutePath: string }[];
}

/** The `--index-page` and `--tag-pages` flags: a file name, or `none`. */
function setting(value: unknown, fallback: string): string | null {
  const text = typeof value === 'string' ? value : fallback;
  return text === 'none' || text === '' ? null : text;
}

/** A tag as a file name: characters a path or a URL would read otherwise are replaced. */
export function tagFileName(tag: string): string {
  return `${tag.replace(/[^\p{L}\p{N}_@#%-]/gu, '_')}.md`;
}

/** markdownSetPlan's answers, by set: a run may ask for the key (setOutputsKey), then for the files. */
const plans = new WeakMap<SetContext, MarkdownSetPlan>();

export function markdownSetPlan(set: SetContext): MarkdownSetPlan {
  let plan = plans.get(set);
  if (!plan) plans.set(set, (plan = planSet(set)));
  return plan;
}

function planSet(set: SetContext): MarkdownSetPlan {
  const config = exportConfigFromOptions(set.options);
  const tags = setting(set.options['tag-pages'], 'tags');
  const root = set.notes.links.root;
  return {
    notes: publishedNotes(set.notes.links, config),
    index: setting(set.options['index-page'], 'index.md'),
    tagDirectory: tags,
    tagPage: tags ? (tag) => `${tags}/${tagFileName(tag)}` : null,
    // A symbolic link inside the notes that points out of them is not copied.
    files: publishedFiles(set.notes.links, config, existsSync).filter((file) =>
      insideRealRoot(root, file.absolutePath),
    ),
  };
}

/**
 * Everything the set's files are made of: each listed note with its page's path, the pages'
 * names, and each copied file's stamp (cli's fileStamp, as a note's linked files count for
 * its own outputs).
 */
export function markdownSetKey(set: SetContext): string {
  const plan = markdownSetPlan(set);
  const hash = createHash('sha256');
  hash.update(JSON.stringify([plan.index, plan.tagDirectory]));
  for (const note of plan.notes)
    hash.update(`\nnote ${JSON.stringify(note)} ${set.outputPathOf(note.path)}`);
  for (const file of plan.files)
    hash.update(`\nfile ${file.path} ${file.absolutePath} ${fileStamp(file.absolutePath)}`);
  return hash.digest('hex');
}
