/**
 * org2md: one Org document -> one Markdown file (GitHub-flavoured), with YAML front matter.
 */
import type { Root } from 'mdast';
import { stringify as stringifyYaml } from 'yaml';
import {
  exportConfigFromOptions,
  exportedFileTags,
  isFileExported,
  noteDates,
  type Document,
  type ExportConfig,
} from '@orgnotes/core';
import { gitCommitDate, type ConvertContext, type Converter } from '@orgnotes/cli';
import { toMdast } from './convert.js';
import { stringify } from './serialize.js';
import { markdownInfo } from './info.js';
import { backlinkEntries, backlinksSection } from './knowledge-base.js';
import { BACKLINKS_MODES, LASTMOD_MODES } from './options.js';

/**
 * YAML front matter as static site generators (Hugo, Jekyll, Astro...) read it and GitHub
 * shows it: only the keys the file sets, in a fixed order.
 */
export function frontMatter(
  document: Document,
  withTitle: boolean,
  backlinks: readonly string[] = [],
  config: ExportConfig = {},
  commitDate: string | null = null,
): string {
  const meta = document.meta;
  const data: Record<string, unknown> = {};
  // Dates as core reads them: #+date or #+created, #+last_modified or #+modified, ISO 8601;
  // with --lastmod=git the note's last commit date comes first.
  const { date, lastmod: keywordLastmod } = noteDates(meta.keywords);
  const lastmod = commitDate ?? keywordLastmod;
  if (withTitle && meta.title) data['title'] = meta.title;
  if (meta.author) data['author'] = meta.author;
  if (date) data['date'] = date;
  if (lastmod) data['lastmod'] = lastmod;
  if (meta.description) data['description'] = meta.description;
  // As Org's export sees them (core's exportedFileTags): without exclude and select tags.
  const tags = exportedFileTags(document, config);
  if (tags.length) data['tags'] = tags;
  if (meta.id) data['id'] = meta.id;
  if (meta.aliases.length) data['aliases'] = meta.aliases;
  if (backlinks.length) data['backlinks'] = backlinks;
  if (Object.keys(data).length === 0) return '';
  return `---\n${stringifyYaml(data, { lineWidth: 0 })}---\n\n`;
}

/** The Markdown text of one document of `context.notes`. */
export function toMarkdown(document: Document, context: ConvertContext): string {
  const { options, children } = toMdast(document, context);
  children.push(...backlinksSection(document, context, options));
  const root: Root = { type: 'root', children };
  const body = children.length ? stringify(root) : '';
  const backlinks =
    options.backlinks === 'front-matter'
      ? [...new Set(backlinkEntries(document, context).map((b) => b.file))]
      : [];
  const front =
    options.frontMatter === 'yaml'
      ? frontMatter(
          document,
          !options.titleHeading,
          backlinks,
          exportConfigFromOptions(context.options),
          options.lastmod === 'git' ? lastCommitDate(document, context) : null,
        )
      : '';
  return front + body;
}

/** The note's last commit date (strict ISO 8601), null for standard input or a file git does not track. */
function lastCommitDate(document: Document, context: ConvertContext): string | null {
  const absolutePath = context.notes.absolutePath(document);
  return absolutePath ? gitCommitDate(absolutePath, context.notes.root) : null;
}

export const converter: Converter = {
  ...markdownInfo,
  convert(document, context) {
    const front = context.options['front-matter'];
    if (front !== undefined && front !== 'yaml' && front !== 'none') {
      context.report(
        'error',
        'bad-option',
        `--front-matter must be yaml or none, not ${JSON.stringify(front)}`,
      );
    }
    const backlinks = context.options['backlinks'];
    if (backlinks !== undefined && !BACKLINKS_MODES.some((mode) => mode === backlinks)) {
      context.report(
        'error',
        'bad-option',
        `--backlinks must be ${BACKLINKS_MODES.join(', ')}, not ${JSON.stringify(backlinks)}`,
      );
    }
    const lastmod = context.options['lastmod'];
    if (lastmod !== undefined && !LASTMOD_MODES.some((mode) => mode === lastmod)) {
      context.report(
        'error',
        'bad-option',
        `--lastmod must be ${LASTMOD_MODES.join(' or ')}, not ${JSON.stringify(lastmod)}`,
      );
    }
    // A note whose #+FILETAGS carry an exclude tag is private: it has no output at all.
    if (!isFileExported(document, exportConfigFromOptions(context.options))) return [];
    return [{ path: context.outputPath, content: toMarkdown(document, context) }];
  },
};
