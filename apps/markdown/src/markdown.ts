/**
 * org2md: one Org document -> one Markdown file (GitHub-flavoured), with YAML front matter.
 */
import type { Root } from 'mdast';
import { stringify as stringifyYaml } from 'yaml';
import { exportConfigFromOptions, isFileExported, type Document } from '@orgnotes/core';
import type { ConvertContext, Converter } from '@orgnotes/cli';
import { toMdast } from './convert.js';
import { stringify } from './serialize.js';
import { markdownInfo } from './info.js';

/**
 * YAML front matter as static site generators (Hugo, Jekyll, Astro...) read it and GitHub
 * shows it: only the keys the file sets, in a fixed order.
 */
export function frontMatter(document: Document, withTitle: boolean): string {
  const meta = document.meta;
  const data: Record<string, unknown> = {};
  if (withTitle && meta.title) data['title'] = meta.title;
  if (meta.author) data['author'] = meta.author;
  if (meta.date) data['date'] = orgDate(meta.date);
  if (meta.description) data['description'] = meta.description;
  if (meta.filetags.length) data['tags'] = meta.filetags;
  if (meta.id) data['id'] = meta.id;
  if (meta.aliases.length) data['aliases'] = meta.aliases;
  if (Object.keys(data).length === 0) return '';
  return `---\n${stringifyYaml(data, { lineWidth: 0 })}---\n\n`;
}

/** `<2024-01-02 Tue 10:30>` -> `2024-01-02 10:30`: the date without Org's brackets and weekday. */
function orgDate(value: string): string {
  const m = /^[<[]?(\d{4}-\d{2}-\d{2})(?:\s+[^\s\d>\]]+)?(?:\s+(\d{1,2}:\d{2}))?[^>\]]*[>\]]?$/.exec(value.trim());
  if (!m) return value;
  return m[2] ? `${m[1]} ${m[2].padStart(5, '0')}` : m[1]!;
}

/** The Markdown text of one document of `context.notes`. */
export function toMarkdown(document: Document, context: ConvertContext): string {
  const { options, children } = toMdast(document, context);
  const root: Root = { type: 'root', children };
  const body = children.length ? stringify(root) : '';
  const front = options.frontMatter === 'yaml' ? frontMatter(document, !options.titleHeading) : '';
  return front + body;
}

export const converter: Converter = {
  ...markdownInfo,
  convert(document, context) {
    const front = context.options['front-matter'];
    if (front !== undefined && front !== 'yaml' && front !== 'none') {
      context.report('error', 'bad-option', `--front-matter must be yaml or none, not ${JSON.stringify(front)}`);
    }
    // A note whose #+FILETAGS carry an exclude tag is private: it has no output at all.
    if (!isFileExported(document, exportConfigFromOptions(context.options))) return [];
    return [{ path: context.outputPath, content: toMarkdown(document, context) }];
  },
};
