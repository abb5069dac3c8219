/**
 * Publishing a whole knowledge base (issue 14): which notes an index, the tag pages, the
 * link graph and each note's backlinks list. Decided here once, from the documents' indexes
 * alone (no document is parsed again), under the same export rules as each note's own
 * output: a note that is not exported (an exclude tag in its `#+FILETAGS`, see
 * `isFileExported`) appears in no index, backlinks list or graph, and only links the export
 * keeps count (not those in an excluded, COMMENTed or archived tree, nor in a dropped drawer
 * or block, nor those to an excluded heading: `LinkIndex.exportedOrigins`, `targetExported`).
 */
import { compareText } from './diagnostics.js';
import type { ExportConfig } from './export-settings.js';
import { isIndexExported } from './export.js';
import { parseLinkKey, type IndexedDocument, type LinkIndex } from './notes.js';

export interface PublishedNote {
  /** Relative to the notes' root, forward slashes. */
  path: string;
  id: string | null;
  /** `#+TITLE`, else the file name without `.org`. */
  title: string;
  tags: string[];
  aliases: string[];
}

function titleOf(entry: IndexedDocument): string {
  return entry.index.title ?? entry.path.replace(/^.*\//, '').replace(/\.org$/i, '');
}

/** Title first, then path: the order of every list of notes, so that output is deterministic. */
export function compareNotes(
  a: { title: string; path: string },
  b: { title: string; path: string },
): number {
  return compareText(a.title, b.title) || compareText(a.path, b.path);
}

function note(entry: IndexedDocument): PublishedNote {
  const { index } = entry;
  return {
    path: entry.path,
    id: index.id,
    title: titleOf(entry),
    tags: index.filetags,
    aliases: index.aliases ?? [],
  };
}

/** Every exported note, by title then path. */
export function publishedNotes(links: LinkIndex, config: ExportConfig = {}): PublishedNote[] {
  return links.documents
    .filter((entry) => isIndexExported(entry.index, config))
    .map(note)
    .sort(compareNotes);
}

/** The exported notes of each tag (tags sorted), each list by title then path. */
export function notesByTag(notes: readonly PublishedNote[]): [string, PublishedNote[]][] {
  const byTag = new Map<string, PublishedNote[]>();
  for (const entry of notes)
    for (const tag of new Set(entry.tags)) byTag.set(tag, [...(byTag.get(tag) ?? []), entry]);
  return [...byTag].sort(([a], [b]) => compareText(a, b));
}

export interface NoteBacklink extends PublishedNote {
  /** The heading (its number in the linking note) the first of its links stands under; null: before any heading. */
  heading: number | null;
}

/**
 * The exported notes that link to `path` (to the file or to any heading of it) from what
 * they export, each once, with the place of its first link, by title then path (issue 14,
 * section 1). Links of a note to itself are not backlinks.
 */
export function noteBacklinks(
  links: LinkIndex,
  path: string,
  config: ExportConfig = {},
): NoteBacklink[] {
  const seen = new Map<string, NoteBacklink>();
  for (const backlink of links.exportedBacklinks(path, config)) {
    if (seen.has(backlink.from)) continue;
    seen.set(backlink.from, { ...note(links.get(backlink.from)!), heading: backlink.heading });
  }
  return [...seen.values()].sort(compareNotes);
}

export interface GraphEdge {
  /** Paths of the linking and the linked note. */
  source: string;
  target: string;
  /** The link's type: `id`, `file`, `custom-id` or `fuzzy`. */
  kind: string;
}

/**
 * The link graph of the exported notes: nodes, and one edge per linking note, linked note
 * and link type for the links their exported content makes to exported notes and headings
 * (links inside a note are not edges), sorted by source, target, kind.
 */
export function linkGraph(
  links: LinkIndex,
  config: ExportConfig = {},
): { nodes: PublishedNote[]; edges: GraphEdge[] } {
  const nodes = publishedNotes(links, config);
  const exported = new Set(nodes.map((n) => n.path));
  const edges = new Map<string, GraphEdge>();
  for (const entry of links.documents) {
    if (!exported.has(entry.path)) continue;
    for (const [key] of links.exportedOrigins(entry.path, config)) {
      const link = parseLinkKey(key);
      // Resolved once per run (resolveKey remembers): backlinks and the dependencies ask too.
      const target = links.resolveKey(key, entry.path);
      if (!target || (target.kind !== 'document' && target.kind !== 'heading')) continue;
      if (target.path === entry.path || !links.targetExported(target, config)) continue;
      edges.set(`${entry.path}\0${target.path}\0${link.linkType}`, {
        source: entry.path,
        target: target.path,
        kind: link.linkType,
      });
    }
  }
  const sorted = [...edges.values()].sort(
    (a, b) =>
      compareText(a.source, b.source) ||
      compareText(a.target, b.target) ||
      compareText(a.kind, b.kind),
  );
  return { nodes, edges: sorted };
}

/**
 * The non-Org files inside the root that exported notes link to from what they export
 * (`file:` links, images included): what is published beside the pages. Sorted; missing files are left out (the
 * note set has reported them as missing-file).
 */
export function publishedFiles(
  links: LinkIndex,
  config: ExportConfig,
  exists: (absolutePath: string) => boolean,
): { path: string; absolutePath: string }[] {
  const files = new Map<string, string>();
  for (const entry of links.documents) {
    for (const [key] of links.exportedOrigins(entry.path, config)) {
      const target = links.resolveKey(key, entry.path);
      if (
        target?.kind === 'file' &&
        target.insideRoot &&
        !/\.org$/i.test(target.path) &&
        exists(target.absolutePath)
      )
        files.set(target.path, target.absolutePath);
    }
  }
  return [...files]
    .sort(([a], [b]) => compareText(a, b))
    .map(([p, absolutePath]) => ({ path: p, absolutePath }));
}

/** SPEC: (org) Timestamps: `<2024-01-02 Tue 10:30>` or `[2024-01-02 Tue]`, the weekday and time optional. */
const ORG_TIMESTAMP =
  /^[<[]?(\d{4}-\d{2}-\d{2})(?:\s+[^\s\d>\]]+)?(?:\s+(\d{1,2}):(\d{2}))?[^>\]]*[>\]]?$/;

/** An Org timestamp as ISO 8601 (`2024-01-02`, `2024-01-02T10:30:00`); any other text as written. */
export function isoDate(value: string): string {
  const m = ORG_TIMESTAMP.exec(value.trim());
  if (!m) return value.trim();
  return m[2] ? `${m[1]}T${m[2].padStart(2, '0')}:${m[3]}:00` : m[1]!;
}

/**
 * A note's dates for front matter: `date` from `#+DATE`, else `#+CREATED` (org-roam
 * templates write `#+created:`); `lastmod` from `#+LAST_MODIFIED`, else `#+MODIFIED`
 * (org-roam and time-stamp.el users keep one of these). ISO 8601 when an Org timestamp.
 */
export function noteDates(keywords: Readonly<Record<string, readonly string[]>>): {
  date: string | null;
  lastmod: string | null;
} {
  const first = (...keys: string[]) => {
    for (const key of keys) {
      const value = keywords[key]?.find((v) => v.trim() !== '');
      if (value !== undefined) return isoDate(value);
    }
    return null;
  };
  return { date: first('DATE', 'CREATED'), lastmod: first('LAST_MODIFIED', 'MODIFIED') };
}
