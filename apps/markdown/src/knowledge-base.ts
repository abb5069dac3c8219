/**
 * A knowledge base published as Markdown (issue 14): each note's backlinks, and the files of
 * the whole set: `index.md`, one page per tag under `tags/`, and the linked media copied
 * beside the pages. What is listed is core's decision (publish.ts: exported notes only, by
 * title then path); this module only renders it.
 */
import { readFileSync } from 'node:fs';
import type { List, ListItem, PhrasingContent, Root, RootContent } from 'mdast';
import {
  exportConfigFromOptions,
  noteBacklinks,
  notesByTag,
  type Document,
  type PublishedNote,
} from '@orgnotes/core';
import type { ConvertContext, OutputFile, SetContext } from '@orgnotes/cli';
import { planOf, relativeUrl } from './convert.js';
import type { MarkdownOptions } from './options.js';
import { stringify } from './serialize.js';
import { markdownSetPlan } from './set-files.js';

/** Each note linking to this one: the relative URL (to the heading the link stands under, where it has an anchor) and the title. */
export function backlinkEntries(
  document: Document,
  context: ConvertContext,
): { url: string; file: string; title: string }[] {
  if (!document.path) return [];
  const config = exportConfigFromOptions(context.options);
  return noteBacklinks(context.notes.links, document.path, config).map((backlink) => {
    const { document: from, heading } = context.notes.locate(backlink.path, backlink.heading);
    const file = relativeUrl(context.outputPath, context.outputPathOf(from));
    const planned = heading ? planOf(from, context).headings.get(heading) : undefined;
    return { url: planned ? `${file}#${planned.anchor}` : file, file, title: backlink.title };
  });
}

function linkList(items: { url: string; title: string }[]): List {
  return {
    type: 'list',
    ordered: false,
    spread: false,
    children: items.map(
      (item): ListItem => ({
        type: 'listItem',
        spread: false,
        children: [
          {
            type: 'paragraph',
            children: [
              { type: 'link', url: item.url, children: [{ type: 'text', value: item.title }] },
            ],
          },
        ],
      }),
    ),
  };
}

/**
 * The closing backlinks section, one level below the note's top level (issue 14): `##`
 * always, since the top level is the note's title, which a static site generator renders as
 * h1 from the front matter's `title` (or which is the `# Title` heading of --title-heading).
 */
export function backlinksSection(
  document: Document,
  context: ConvertContext,
  options: MarkdownOptions,
): RootContent[] {
  if (options.backlinks !== 'section') return [];
  const entries = backlinkEntries(document, context);
  if (entries.length === 0) return [];
  return [
    {
      type: 'heading',
      depth: 2,
      children: [{ type: 'text', value: options.backlinksTitle }],
    },
    linkList(entries),
  ];
}

function page(title: string, body: RootContent[]): string {
  const children: RootContent[] = [
    { type: 'heading', depth: 1, children: [{ type: 'text', value: title }] },
    ...body,
  ];
  return stringify({ type: 'root', children } satisfies Root);
}

function noteItems(
  notes: PublishedNote[],
  from: string,
  set: SetContext,
  tagPage: ((tag: string) => string) | null,
): List {
  return {
    type: 'list',
    ordered: false,
    spread: false,
    children: notes.map((note): ListItem => {
      const line: PhrasingContent[] = [
        {
          type: 'link',
          url: relativeUrl(from, set.outputPathOf(note.path)),
          children: [{ type: 'text', value: note.title }],
        },
      ];
      note.tags.forEach((tag, i) => {
        line.push({ type: 'text', value: i === 0 ? ' · ' : ' ' });
        line.push(
          tagPage
            ? {
                type: 'link',
                url: relativeUrl(from, tagPage(tag)),
                children: [{ type: 'inlineCode', value: tag }],
              }
            : { type: 'inlineCode', value: tag },
        );
      });
      return { type: 'listItem', spread: false, children: [{ type: 'paragraph', children: line }] };
    }),
  };
}

/**
 * The files of the whole set: `index.md` (every exported note by title, with its tags and a
 * link), `tags/TAG.md` (a tag's notes), and every file inside the root that an exported
 * note links to (images, PDFs, any non-Org file) at the same relative path, so that the
 * links, written as in the Org, reach it.
 */
export async function markdownSetOutputs(set: SetContext): Promise<OutputFile[]> {
  const { notes, index, tagPage, files: linked } = markdownSetPlan(set);
  const files: OutputFile[] = [];
  // No note, no index: a run whose every input failed writes nothing at all.
  if (index && notes.length > 0)
    files.push({
      path: index,
      content: page('Index', notes.length ? [noteItems(notes, index, set, tagPage)] : []),
    });
  if (tagPage) {
    for (const [tag, tagged] of notesByTag(notes)) {
      const at = tagPage(tag);
      files.push({ path: at, content: page(tag, [noteItems(tagged, at, set, tagPage)]) });
    }
  }
  for (const file of linked)
    files.push({ path: file.path, content: readFileSync(file.absolutePath) });
  return files;
}
