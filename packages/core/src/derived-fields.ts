/**
 * Derived fields: what the model spells out for its users (a heading's ID, aliases and
 * properties, the document's metadata) though the elements already hold it. Computed after
 * reading, and again by edit.ts when a program changes a heading's drawer.
 */
import type { FileSettings } from './settings.js';
import type { Block, DocumentMeta, Heading } from './types.js';

/** SPEC: org-export-exclude-tags (default `("noexport")`): a file without `#+EXCLUDE_TAGS` has these. */
export const DEFAULT_EXCLUDE_TAGS: readonly string[] = ['noexport'];

export function propertyMap(blocks: Block[]): Record<string, string> {
  const drawer = blocks.find((b) => b.type === 'property-drawer');
  const map: Record<string, string> = {};
  if (drawer?.type !== 'property-drawer') return map;
  for (const property of drawer.children) {
    // SPEC: (org) Property Syntax: KEY+ appends to KEY.
    if (property.key.endsWith('+')) {
      const key = property.key.slice(0, -1).toUpperCase();
      map[key] = map[key] ? `${map[key]} ${property.value}` : property.value;
    } else {
      map[property.key.toUpperCase()] = property.value;
    }
  }
  return map;
}

/** org-roam's ROAM_ALIASES: space-separated, double quotes group words. */
export function splitAliases(value: string | undefined): string[] {
  if (!value) return [];
  const result: string[] = [];
  for (const m of value.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g))
    result.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!);
  return result;
}

export function deriveHeadingFields(
  heading: Heading,
  settings: Pick<FileSettings, 'todoKeywords'>,
) {
  const properties = propertyMap(heading.content.slice(0, 2));
  heading.properties = properties;
  heading.id = properties.ID ?? null;
  heading.customId = properties.CUSTOM_ID ?? null;
  heading.aliases = splitAliases(properties.ROAM_ALIASES);
  heading.todoType =
    heading.todo === null
      ? null
      : settings.todoKeywords.done.includes(heading.todo)
        ? 'done'
        : 'todo';
  heading.archived = heading.tags.includes('ARCHIVE');
}

export function deriveMeta(
  preamble: Block[],
  headings: Heading[],
  settings: FileSettings,
): DocumentMeta {
  const keywords: Record<string, string[]> = {};
  const collect = (blocks: Block[]) => {
    for (const block of blocks)
      if (block.type === 'keyword') (keywords[block.key] ??= []).push(block.value);
  };
  collect(preamble);
  for (const heading of headings) collect(heading.content);
  const joined = (key: string) => (keywords[key] ? keywords[key].join(' ').trim() : null);
  const words = (key: string) =>
    (keywords[key] ?? []).flatMap((v) => v.split(/[ \t:]+/).filter(Boolean));
  const properties = propertyMap(preamble.filter((b) => b.type === 'property-drawer').slice(0, 1));
  return {
    title: joined('TITLE'),
    author: joined('AUTHOR'),
    date: joined('DATE'),
    description: joined('DESCRIPTION'),
    language: joined('LANGUAGE'),
    filetags: words('FILETAGS'),
    id: properties.ID ?? null,
    aliases: splitAliases(properties.ROAM_ALIASES),
    properties,
    keywords,
    todoKeywords: settings.todoKeywords,
    excludeTags: keywords.EXCLUDE_TAGS ? words('EXCLUDE_TAGS') : [...DEFAULT_EXCLUDE_TAGS],
    selectTags: keywords.SELECT_TAGS ? words('SELECT_TAGS') : ['export'],
    options: settings.options,
  };
}
