/**
 * What org2md is, without its writer: enough for a command line or a configuration, and
 * for an export that may keep every earlier output (`converter.ts` loads the writer lazily).
 */
import { EXPORT_TAG_FLAGS } from '@orgnotes/core';
import { gitCommitDate, type Converter, type SetContext } from '@orgnotes/cli';
import { markdownSetKey } from './set-files.js';

export const markdownInfo = {
  name: 'org2md',
  format: 'markdown',
  summary: 'Convert Org notes to GitHub-flavoured Markdown whose links all work',
  version: '0.1.0',
  extension: '.md',
  flags: {
    ...EXPORT_TAG_FLAGS,
    'front-matter': {
      type: 'string',
      default: 'yaml',
      description:
        'yaml (default): title, author, date, description, tags, id, aliases as YAML front matter; none: no front matter',
    },
    lastmod: {
      type: 'string',
      default: 'keyword',
      valueName: 'SOURCE',
      description:
        'keyword (default): front matter lastmod from #+LAST_MODIFIED or #+MODIFIED; git: the last commit date of the note (git log -1 --format=%cI), else those keywords',
    },
    'title-heading': {
      type: 'boolean',
      default: false,
      description:
        'write the title as a "# Title" heading (Org headings then start at "##") instead of in the front matter',
    },
    backlinks: {
      type: 'string',
      default: 'section',
      valueName: 'MODE',
      description:
        'section (default): a closing "Backlinks" section lists the notes linking to this one; front-matter: a backlinks: list of their output paths; none',
    },
    'backlinks-title': {
      type: 'string',
      default: 'Backlinks',
      valueName: 'TEXT',
      description: 'the heading of the backlinks section',
    },
    'index-page': {
      type: 'string',
      default: 'index.md',
      valueName: 'PATH',
      description:
        'with -o DIR: the page listing every exported note by title, with its tags (none: no index page)',
    },
    'tag-pages': {
      type: 'string',
      default: 'tags',
      valueName: 'DIR',
      description:
        "with -o DIR: the directory of one page per tag listing that tag's notes (none: no tag pages)",
    },
    toc: {
      type: 'boolean',
      default: false,
      description: 'add a table of contents after the title (also #+OPTIONS: toc:t or toc:N)',
    },
    'no-raw-html': {
      type: 'boolean',
      default: false,
      description:
        'show #+begin_export html|md blocks and @@html:...@@ snippets as code instead of passing them through raw (for untrusted notes)',
    },
  },
  module: import.meta.url,
  /**
   * With --lastmod=git, front matter `lastmod` is the note's last commit date: a warm run
   * converts the note again when a new commit changes it (one `git log` for the notes' root).
   */
  dependencies(entry, links, options) {
    if (options['lastmod'] !== 'git' || entry.absolutePath === null) return '';
    return `lastmod git ${gitCommitDate(entry.absolutePath, links.root) ?? 'untracked'}`;
  },
  /** The index, tag pages and media of the whole set (knowledge-base.ts, loaded only here). */
  async setOutputs(set: SetContext) {
    return (await import('./knowledge-base.js')).markdownSetOutputs(set);
  },
  /** The listed notes, their pages' paths and the copied files' stamps (set-files.ts). */
  setOutputsKey: markdownSetKey,
  entry: { module: new URL('./converter.js', import.meta.url).href, name: 'converter' },
} satisfies Omit<Converter, 'convert'>;
