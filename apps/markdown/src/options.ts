/**
 * How this file is written as Markdown: core's export settings (the file's `#+OPTIONS:`,
 * read once) combined with this converter's flags. What is exported at all (drawers,
 * archived trees, tags) is core's exportedTree.
 */
import { exportConfigFromOptions, exportSettings, type Document } from '@orgnotes/core';

export interface MarkdownOptions {
  /** `--front-matter=yaml|none`. */
  frontMatter: 'yaml' | 'none';
  /** `--title-heading`: the title as a `# Title` heading; Org headings then start at `##`. */
  titleHeading: boolean;
  /** Table of contents depth (`--toc`, `toc:t`, `toc:N`), false for none. */
  toc: number | false;
  /** `todo:` (org-export-with-todo-keywords, default t). */
  todo: boolean;
  /** `pri:` (org-export-with-priority, default nil). */
  priority: boolean;
  /** `tags:` (org-export-with-tags, default t; `not-in-toc` keeps them out of the TOC). */
  tags: boolean | 'not-in-toc';
  /** `<:` (org-export-with-timestamps, default t). */
  timestamps: boolean;
  /** `f:` (org-export-with-footnotes, default t). */
  footnotes: boolean;
  /** `H:` (org-export-headline-levels, default 3 in Org; we default to 6, Markdown's limit). */
  headlineLevels: number;
  /**
   * Whether `#+begin_export html|md|markdown|gfm` blocks and `@@html:…@@`-style snippets pass
   * through raw (default). `--no-raw-html` turns them into code, shown and inert, so that the
   * output holds no HTML or Markdown markup that did not come from Org constructs.
   */
  rawOutput: boolean;
  /** `--backlinks=section|front-matter|none` (issue 14): where the notes linking to this one are listed. */
  backlinks: 'section' | 'front-matter' | 'none';
  /** `--backlinks-title`: the backlinks section's heading. */
  backlinksTitle: string;
  /** `--lastmod=keyword|git`: front matter `lastmod` from the note's keywords or its last commit. */
  lastmod: 'keyword' | 'git';
}

export const LASTMOD_MODES = ['keyword', 'git'] as const;

export const BACKLINKS_MODES = ['section', 'front-matter', 'none'] as const;

export type FlagValues = Record<string, string | boolean | string[] | undefined>;

/** The file's export settings (core's exportSettings) with this converter's flags on top. */
export function resolveOptions(document: Document, flags: FlagValues): MarkdownOptions {
  const settings = exportSettings(document, exportConfigFromOptions(flags));
  // Markdown's own default for `H:` is 6, its deepest heading (Org's is 3).
  const headlineLevels = settings.headlineLevels ?? 6;
  const flagToc = flags['toc'] === true || flags['toc'] === 'true';
  // SPEC: org-export-with-toc: `toc:t` lists headings down to `H:`, `toc:N` down to level N.
  let toc: number | false =
    settings.toc === true ? headlineLevels : settings.toc === false ? false : settings.toc;
  if (flagToc && toc === false) toc = headlineLevels;
  return {
    frontMatter: flags['front-matter'] === 'none' ? 'none' : 'yaml',
    titleHeading: flags['title-heading'] === true,
    toc,
    todo: settings.todoKeywords,
    priority: settings.priority,
    tags: settings.tags,
    timestamps: settings.timestamps,
    footnotes: settings.footnotes,
    headlineLevels,
    rawOutput: flags['no-raw-html'] !== true,
    backlinks: BACKLINKS_MODES.find((mode) => mode === flags['backlinks']) ?? 'section',
    backlinksTitle:
      typeof flags['backlinks-title'] === 'string' ? flags['backlinks-title'] : 'Backlinks',
    lastmod: flags['lastmod'] === 'git' ? 'git' : 'keyword',
  };
}
