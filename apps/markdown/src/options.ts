/**
 * Export settings: this converter's flags combined with the file's `#+OPTIONS:` line
 * (SPEC: org-export-options-alist; defaults are Org's own, org-export-with-*).
 */
import type { Document } from '@orgnotes/core';

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
  /** `d:` (org-export-with-drawers, default: every drawer but LOGBOOK). */
  drawers: boolean;
  /** `f:` (org-export-with-footnotes, default t). */
  footnotes: boolean;
  /** `H:` (org-export-headline-levels, default 3 in Org; we default to 6, Markdown's limit). */
  headlineLevels: number;
  /** `arch:` (org-export-with-archived-trees, default `headline`). */
  archived: 'headline' | boolean;
  /**
   * Whether `#+begin_export html|md|markdown|gfm` blocks and `@@html:…@@`-style snippets pass
   * through raw (default). `--no-raw-html` turns them into code, shown and inert, so that the
   * output holds no HTML or Markdown markup that did not come from Org constructs.
   */
  rawOutput: boolean;
}

export type FlagValues = Record<string, string | boolean | string[] | undefined>;

const isNil = (value: string | undefined) => value === 'nil';

export function resolveOptions(document: Document, flags: FlagValues): MarkdownOptions {
  const o = document.meta.options;
  const flagToc = flags['toc'] === true || flags['toc'] === 'true';
  let toc: number | false = false;
  if (o['toc'] !== undefined && !isNil(o['toc'])) toc = /^\d+$/.test(o['toc']) ? Number(o['toc']) : 6;
  if (flagToc && toc === false) toc = 6;
  const h = o['H'] !== undefined && /^\d+$/.test(o['H']) ? Number(o['H']) : 6;
  const frontMatter = flags['front-matter'] === 'none' ? 'none' : 'yaml';
  return {
    frontMatter,
    titleHeading: flags['title-heading'] === true,
    toc,
    todo: !isNil(o['todo']),
    priority: o['pri'] !== undefined && !isNil(o['pri']),
    tags: isNil(o['tags']) ? false : o['tags'] === 'not-in-toc' ? 'not-in-toc' : true,
    timestamps: !isNil(o['<']),
    drawers: !isNil(o['d']),
    footnotes: !isNil(o['f']),
    headlineLevels: h,
    rawOutput: flags['no-raw-html'] !== true,
    archived: o['arch'] === undefined ? 'headline' : isNil(o['arch']) ? false : o['arch'] === 'headline' ? 'headline' : true,
  };
}
