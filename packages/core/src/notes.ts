/**
 * Notes as a knowledge base: several files read as one set, indexed by `:ID:`, CUSTOM_ID
 * and heading path, with links resolved across files and backlinks computed.
 *
 * SPEC: (info "(org) Internal Links"), (info "(org) Search Options"), org-id, org-roam v2
 * (file-level `:ID:` in a property drawer at the top of the file).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { compareDiagnostics, compareText, type Diagnostic } from './diagnostics.js';
import {
  exportedTree,
  headingExportFacts,
  isIndexExported,
  pruneOutline,
  type HeadingExport,
  type HeadingExportFacts,
} from './export.js';
import {
  configKey,
  exportSettings,
  outputNaming,
  type ExportConfig,
  type OutputNaming,
} from './export-settings.js';
import { attachmentAsFileLink } from './attachment.js';
import { plainText } from './inline.js';
import { readOrg, type ReadResult } from './reader.js';
import type { Block, Document, FootnoteDefinition, Heading, Inline, Link, Node } from './types.js';

export type LinkTarget =
  /** `anchor`: the dedicated target or label inside the heading (or before any) the link leads to. */
  | { kind: 'heading'; document: Document; heading: Heading; anchor?: string }
  | { kind: 'document'; document: Document; anchor?: string }
  | { kind: 'file'; path: string; absolutePath: string; exists: boolean; insideRoot: boolean }
  | { kind: 'broken'; reason: string };

export interface Backlink {
  from: Document;
  heading: Heading | null;
  link: Link;
}

/** What a converter may ask of the notes around the document it converts. */
export interface LinkResolver {
  /** Absolute directory the document paths are relative to. */
  root: string;
  /** Where a link points; null for external links (https:, mailto:, ...). */
  resolveLink(link: Link, from: Document): LinkTarget | null;
  /** Absolute path of the file a document was read from; null for standard input. */
  absolutePath(document: Document): string | null;
  /** Every file inside the root that some document links to and that is not a document of the set, sorted. */
  linkedFiles(): readonly string[];
  /** The set's link index: what every document links to, from the indexes alone. */
  readonly links: LinkIndex;
  /** A document of the set and its heading number `heading` (null: the document itself). */
  locate(path: string, heading: number | null): { document: Document; heading: Heading | null };
}

/** A whole set of notes in memory. */
export interface NoteSet extends LinkResolver {
  /** Sorted by path; `document.path` is relative to `root`, with forward slashes. */
  documents: Document[];
  diagnostics: Diagnostic[];
  backlinks(target: Document | Heading): Backlink[];
  /** Whether a document is exported (false: a private note); see KnowledgeBase.isExported. */
  isExported(document: Document | string, config?: ExportConfig): boolean;
  parentOf(heading: Heading): Heading | null;
  documentOf(heading: Heading): Document;
  /** The heading with this `:ID:` (or the document, for a file-level ID). */
  byId(id: string): { document: Document; heading: Heading | null } | undefined;
}

export interface NoteSource {
  /** Path relative to the root, forward slashes (`<stdin>` for standard input). */
  path: string;
  text: string;
  absolutePath?: string;
  /** The file already read (from a cache or a worker): used instead of parsing `text` again. */
  parsed?: ReadResult;
  /** The file's size and modification time when it was read (or found unchanged). */
  stamp?: FileStamp;
  /** Not read: the caller said the file is unchanged since it last read it (`text` is empty). */
  unread?: boolean;
}

export interface FileStamp {
  size: number;
  mtimeMs: number;
}

export interface NoteSetOptions {
  /** Absolute root directory; defaults to the current directory. */
  root?: string;
  /** Checks whether a linked file exists; defaults to the file system. */
  fileExists?: (absolutePath: string) => boolean;
}

/**
 * Link types that point inside the notes (SPEC: org-link-parameters for id, file; internal
 * link syntax; org-roam's `roam:` link, org-roam-link-follow-link).
 */
const INTERNAL_TYPES = new Set(['id', 'custom-id', 'fuzzy', 'file', 'roam']);

/**
 * What other documents need to know of a document to resolve links into it: its IDs,
 * heading titles and CUSTOM_IDs, `#+NAME`s and `<<targets>>`, and the internal links it
 * makes itself. Small and plain JSON, so an export can keep it between runs and decide
 * which documents need converting again without reading them.
 */
export interface DocumentIndex {
  /** The file-level `:ID:` and its line. */
  id: string | null;
  idLine: number;
  /** `#+TITLE` and the file-level ROAM_ALIASES: what a `roam:` link names the note by. */
  title: string | null;
  aliases: string[];
  /** Every heading in document order (pre-order, as walkHeadings visits them). */
  headings: {
    title: string;
    /** Absent (as customId and aliases) when it has none: most headings, in every run's state. */
    id?: string;
    customId?: string;
    aliases?: string[];
    line: number;
    column: number;
    /** Its parent heading's number, -1 at top level. */
    parent?: number;
    /**
     * What the export rules read of it: with `options`, which headings a configuration
     * exports. Absent when it has none (no tags, not commented, archived, a task or the
     * footnote section: nothing that would exclude it).
     */
    facts?: HeadingExportFacts;
  }[];
  /** The file's `#+OPTIONS:` and select tags (its exclude tags are `excludeTags`): its export settings. */
  options?: Record<string, string>;
  selectTags?: string[];
  /** `#+NAME` values and `<<target>>` texts: the heading (index into `headings`) holding the first one, -1 before any heading. */
  names: [string, number][];
  /** The names that are anchors of their own: `<<target>>`s, org-ref `label:` links and `\label{}`s of LaTeX environments. */
  anchors: string[];
  /**
   * The distinct internal links the document makes, as `type\0path\0search option`; a
   * citation key is a link `cite\0key\0` (it leads to the note whose `:ROAM_REFS:` has it).
   */
  links: string[];
  /** Citation keys in `:ROAM_REFS:` (org-roam reference notes): the heading holding each, -1 for the file. */
  refs?: [string, number][];
  /** The values of its `#+INCLUDE:` keywords: an export reads those files (dependencies). */
  includes: string[];
  /** Its `#+FILETAGS:` and its own exclude tags (`#+EXCLUDE_TAGS:`, default `noexport`): whether it is private. */
  filetags: string[];
  excludeTags: string[];
  /**
   * Where each internal link stands: `[link key, heading index]` (-1 before any heading),
   * distinct, in document order. Backlinks, the link graph and the published files (issue 14)
   * are read from these, so that they come from the other notes' indexes without parsing
   * them again, and only from exported content: a third element `title` says the link is in
   * the heading's title (exported with the heading even when its body is not), `footnote`
   * that it is in a footnote definition of Org's footnote section (exported where referenced,
   * so with the section's parent heading), `dropped` that it stands in a block the export
   * drops whatever headings are kept (a drawer `d:` leaves out, a source block `:exports
   * none`); none, that it is in the heading's body.
   */
  origins?: LinkOrigin[];
  /** `#+EXPORT_FILE_NAME` and `#+MAN_SECTION`: what its output paths need (core's outputBase). */
  naming?: OutputNaming;
}

export type LinkOrigin = [key: string, heading: number, place?: 'title' | 'footnote' | 'dropped'];

/** What an index without facts says of a heading: nothing that would exclude it. */
const NO_FACTS: HeadingExportFacts = {
  tags: [],
  commented: false,
  archived: false,
  todo: null,
  todoType: null,
  footnoteSection: false,
};

/** An index heading with export facts (the index keeps them only when one would matter). */
const hasFacts = (heading: { facts?: HeadingExportFacts }) => heading.facts !== undefined;

/** The answers cached for `config` (by its configKey) in a cache keyed by configuration, then by path. */
function byConfig<V>(cache: Map<string, Map<string, V>>, config: ExportConfig): Map<string, V> {
  const key = configKey(config);
  let found = cache.get(key);
  if (!found) cache.set(key, (found = new Map()));
  return found;
}

function hasExportFacts(facts: HeadingExportFacts): boolean {
  return (
    facts.tags.length > 0 ||
    facts.commented ||
    facts.archived ||
    facts.todo !== null ||
    facts.todoType !== null ||
    facts.footnoteSection
  );
}

/** Where a link stands, weakest first: a dropped block is never exported, a title is whenever its heading is. */
const PLACE_STRENGTH = { dropped: 0, body: 1, footnote: 2, title: 3 } as const;

/**
 * org-ref's links that refer to a label (SPEC: org-ref-ref-types, org-ref-refproc.el), and
 * a `\label{}` in a LaTeX environment (an equation, as org-ref labels them).
 */
export const REF_LINK_TYPES: ReadonlySet<string> = new Set([
  'ref',
  'eqref',
  'autoref',
  'pageref',
  'nameref',
  'cref',
  'Cref',
]);
const LATEX_LABEL = /\\label\{([^{}\n]+)\}/g;

/** The `\label{}`s of a LaTeX environment, in order: anchors that `ref:`/`eqref:` lead to. */
export function environmentLabels(value: string): string[] {
  return [...value.matchAll(LATEX_LABEL)].map((m) => m[1]!);
}

/**
 * A document's `#+NAME` values and anchors (`<<target>>`s, org-ref `label:` links, `\label{}`s
 * of LaTeX environments), each with the number of the heading holding its first occurrence
 * (pre-order, -1 before any heading): the `names` and `anchors` of its index.
 */
export function documentNames(document: Document): {
  names: Map<string, number>;
  anchors: Set<string>;
} {
  const collector = new NameCollector();
  collector.addBlocks(document.children, -1);
  forEachNode(document.children, (node) => collector.visit(node, -1));
  let number = 0;
  walkHeadings(document.headings, null, (heading) => {
    forEachNode(heading.title, (node) => collector.visit(node, number));
    collector.addBlocks(heading.content, number);
    forEachNode(heading.content, (node) => collector.visit(node, number));
    number++;
  });
  return collector;
}

/**
 * `#+NAME`s and anchors as a walk meets them: documentNames, and indexDocument in the same
 * walk as its links (one pass over the document instead of two).
 */
class NameCollector {
  readonly names = new Map<string, number>();
  readonly anchors = new Set<string>();

  /** The `#+NAME`s of a holder's top-level blocks: they come before its anchors. */
  addBlocks(blocks: Block[], holder: number): void {
    for (const block of blocks) {
      if ('affiliated' in block)
        for (const a of block.affiliated ?? [])
          if (a.key === 'NAME' && !this.names.has(a.value)) this.names.set(a.value, holder);
    }
  }

  visit(node: AnyNode, holder: number): void {
    if (node.type === 'target') this.addAnchor(String(node.value), holder);
    else if (node.type === 'link' && (node as unknown as Link).linkType === 'label')
      this.addAnchor((node as unknown as Link).path, holder);
    else if (node.type === 'latex-environment')
      for (const label of environmentLabels(String(node.value))) this.addAnchor(label, holder);
  }

  private addAnchor(name: string, holder: number): void {
    if (this.names.has(name)) return;
    this.names.set(name, holder);
    this.anchors.add(name);
  }
}

export function indexDocument(document: Document): DocumentIndex {
  const headings: DocumentIndex['headings'] = [];
  const links = new Set<string>();
  const refs = new Map<string, number>();
  const addRefs = (value: string | undefined, holder: number) => {
    for (const key of roamRefKeys(value ?? '')) if (!refs.has(key)) refs.set(key, holder);
  };
  // The blocks the export drops come from the file's own settings (`d:`, `:exports`), which no
  // configuration changes; the headings a configuration keeps are decided later from `facts`.
  const tree = exportedTree(document);
  const dropped = tree.dropsBlocks
    ? (node: AnyNode) => !tree.block(node as unknown as Block)
    : undefined;
  const origins = new Map<string, LinkOrigin>();
  const collector = new NameCollector();
  // One walk per holder collects its names and anchors (documentNames) and its links.
  const visit = (nodes: Block[] | Inline[], holder: number, place: 'title' | 'body' | 'footnote') =>
    forEachNode(
      nodes,
      (node, inDropped) => {
        collector.visit(node, holder);
        let key: string;
        // A citation key is a link to the reference note whose :ROAM_REFS: declares it.
        if (node.type === 'citation-reference')
          key = `cite\0${(node as unknown as { key: string }).key}\0`;
        else if (node.type === 'link') {
          let link = node as unknown as Link;
          // An attachment is the file it names in its entry's attachment directory.
          if (link.linkType === 'attachment') link = attachmentAsFileLink(link, document) ?? link;
          if (!INTERNAL_TYPES.has(link.linkType) && !REF_LINK_TYPES.has(link.linkType)) return;
          key = `${link.linkType}\0${link.path}\0${link.searchOption ?? ''}`;
        } else return;
        links.add(key);
        // The same link twice in one place counts where it is most exported.
        const here = inDropped ? 'dropped' : place;
        const known = origins.get(`${holder}\0${key}`);
        if (known && PLACE_STRENGTH[known[2] ?? 'body'] >= PLACE_STRENGTH[here]) return;
        origins.set(`${holder}\0${key}`, here === 'body' ? [key, holder] : [key, holder, here]);
      },
      dropped,
    );
  const includes: string[] = [];
  const addIncludes = (blocks: Block[]) => {
    for (const block of blocks)
      if (block.type === 'keyword' && block.key === 'INCLUDE') includes.push(block.value);
  };
  collector.addBlocks(document.children, -1);
  visit(document.children, -1, 'body');
  addIncludes(document.children);
  addRefs(document.meta.properties.ROAM_REFS, -1);
  const numbers = new Map<Heading, number>();
  walkHeadings(document.headings, null, (heading, parent) => {
    const index = headings.length;
    numbers.set(heading, index);
    const facts = headingExportFacts(heading);
    const parentNumber = parent ? numbers.get(parent)! : -1;
    headings.push({
      title: normalizeTitle(plainText(heading.title)),
      // Most headings have none of these: the index (kept in every run's state) leaves them out.
      ...(heading.id !== null ? { id: heading.id } : {}),
      ...(heading.customId !== null ? { customId: heading.customId } : {}),
      ...(heading.aliases.length > 0 ? { aliases: heading.aliases } : {}),
      line: heading.loc?.line ?? 1,
      column: heading.loc?.column ?? 1,
      parent: parentNumber,
      ...(hasExportFacts(facts) ? { facts: { ...facts, tags: [...facts.tags] } } : {}),
    });
    addRefs(heading.properties.ROAM_REFS, index);
    visit(heading.title, index, 'title');
    collector.addBlocks(heading.content, index);
    // SPEC: org-footnote-section: the footnote section is not exported, but its definitions
    // are, where they are referenced: their links are exported with the enclosing heading.
    for (const block of heading.content)
      visit(
        [block] as Block[],
        index,
        facts.footnoteSection && block.type === 'footnote-definition' ? 'footnote' : 'body',
      );
    addIncludes(heading.content);
  });
  const { names, anchors } = collector;
  // A copy: the index outlives its document (the whole run, then the run state), and its
  // strings are slices of the document's text, each of which would keep that whole text in
  // memory (V8's sliced strings). A clone's strings are its own (docs/benchmarks.md).
  return structuredClone({
    id: document.meta.id,
    idLine: document.loc?.line ?? 1,
    title: document.meta.title,
    aliases: document.meta.aliases,
    headings,
    names: [...names],
    anchors: [...anchors],
    links: [...links].sort(),
    includes,
    filetags: [...document.meta.filetags],
    excludeTags: [...document.meta.excludeTags],
    options: { ...document.meta.options },
    selectTags: [...document.meta.selectTags],
    refs: [...refs],
    origins: [...origins.values()],
    naming: outputNaming(document),
  });
}

/**
 * The citation keys of a `:ROAM_REFS:` value. SPEC: org-roam-db-insert-refs: the value is split
 * as a string of words (quotes group); a word that is an org-cite citation (`@key`,
 * `[cite:@a;@b]`) or an org-ref link (`cite:key1,key2`, v3 `cite:&a;&b`) declares its keys,
 * other words (URLs) are not citations.
 */
export function roamRefKeys(value: string): string[] {
  const keys: string[] = [];
  for (const quoted of value.match(/"[^"]*"|\[[^\]]*\]|\S+/g) ?? []) {
    const word = quoted.replace(/^"(.*)"$/, '$1');
    if (word.startsWith('[cite')) {
      for (const m of word.matchAll(/@([^\s;\]]+)/g)) keys.push(m[1]!);
    } else if (word.startsWith('@')) keys.push(word.slice(1));
    else {
      const m = /^\[?\[?cite[a-z]*:(.+?)\]?\]?$/i.exec(word);
      if (m)
        for (const key of m[1]!.split(/[,;]/))
          if (key.replace(/^[&@]/, '')) keys.push(key.replace(/^[&@]/, ''));
    }
  }
  return keys;
}

export function parseLinkKey(key: string): Pick<Link, 'linkType' | 'path' | 'searchOption'> {
  const [linkType, linkPath, searchOption] = key.split('\0') as [string, string, string];
  return { linkType, path: linkPath, searchOption: searchOption === '' ? null : searchOption };
}

/** Where a link points, by document path and heading number: what the index alone can tell. */
export type IndexedTarget =
  | { kind: 'heading'; path: string; heading: number; anchor?: string }
  | { kind: 'document'; path: string; anchor?: string }
  | { kind: 'file'; path: string; absolutePath: string; insideRoot: boolean }
  | { kind: 'broken'; reason: string };

export interface IndexedDocument {
  /** Relative to the root, forward slashes (`<stdin>` for standard input). */
  path: string;
  absolutePath: string | null;
  index: DocumentIndex;
}

/** A link from another document: which document, the heading it stands under (null: before any heading), the link's key. */
export interface IndexedBacklink {
  from: string;
  heading: number | null;
  key: string;
}

interface SearchTables {
  titles: Map<string, number>;
  customIds: Map<string, number>;
  names: Map<string, number>;
  anchors: Set<string>;
}

/**
 * The link index of a note set, built from the documents' indexes alone: resolves links to
 * document paths and heading numbers, and finds duplicate IDs (the first in path order
 * wins, as org-id keeps one location per ID).
 */
export class LinkIndex {
  readonly documents: IndexedDocument[];
  /** duplicate-id errors, in document order. */
  readonly diagnostics: Diagnostic[] = [];
  private readonly ids = new Map<string, { path: string; heading: number | null }>();
  private roamNodes: Map<string, { path: string; heading: number | null }> | undefined;
  private readonly refs = new Map<string, { path: string; heading: number }>();
  private readonly byPath = new Map<string, IndexedDocument>();
  private readonly tables = new Map<string, SearchTables>();
  private files: string[] | undefined;
  private linkers: Map<string, IndexedBacklink[]> | undefined;
  /**
   * By configuration (configKey), then by document path: what exportedHeadings and
   * exportedOrigins found (asked for every link's target, so not keyed on a string built per call).
   */
  private readonly exportedHeadingsFound = new Map<
    string,
    Map<string, ReadonlyMap<number, HeadingExport> | null>
  >();
  private readonly exportedOriginsFound = new Map<string, Map<string, readonly LinkOrigin[]>>();
  private readonly exportedLinkers = new Map<string, Map<string, IndexedBacklink[]>>();
  /** resolveKey's answers, by the linking document's path then the link's key. */
  private readonly resolvedKeys = new Map<string, Map<string, IndexedTarget | null>>();

  constructor(
    readonly root: string,
    documents: IndexedDocument[],
  ) {
    this.documents = [...documents].sort((a, b) => compareText(a.path, b.path));
    for (const document of this.documents) {
      this.byPath.set(document.path, document);
      const { index } = document;
      if (index.id) this.addId(index.id, document.path, null, index.idLine, 1);
      index.headings.forEach((heading, i) => {
        if (heading.id) this.addId(heading.id, document.path, i, heading.line, heading.column);
      });
      // The first note in path order that declares a key is its reference note.
      for (const [key, heading] of index.refs ?? [])
        if (!this.refs.has(key)) this.refs.set(key, { path: document.path, heading });
    }
  }

  /**
   * Whether the document at `path` is exported under `config`: false for a private note (an
   * exclude tag in its `#+FILETAGS:`), which has no output and belongs in no index, backlinks
   * list or graph (issue 14). Decided from the index alone, without reading the document;
   * the same rule as `isFileExported`.
   */
  isExported(path: string, config: ExportConfig = {}): boolean {
    const entry = this.byPath.get(path);
    return entry ? isIndexExported(entry.index, config) : false;
  }

  /** The paths of the documents exported under `config`, in path order. */
  exportedPaths(config: ExportConfig = {}): string[] {
    return this.documents.filter((d) => isIndexExported(d.index, config)).map((d) => d.path);
  }

  private addId(id: string, path: string, heading: number | null, line: number, column: number) {
    const existing = this.ids.get(id);
    if (existing) {
      const at =
        existing.heading === null
          ? undefined
          : this.byPath.get(existing.path)!.index.headings[existing.heading];
      const where = `${existing.path}${at ? `:${at.line}` : ''}`;
      this.diagnostics.push({
        severity: 'error',
        rule: 'duplicate-id',
        message: `ID "${id}" is already used at ${where}`,
        path,
        line,
        column,
      });
      return;
    }
    this.ids.set(id, { path, heading });
  }

  has(path: string): boolean {
    return this.byPath.has(path);
  }

  get(path: string): IndexedDocument | undefined {
    return this.byPath.get(path);
  }

  byId(id: string): { path: string; heading: number | null } | undefined {
    return this.ids.get(id);
  }

  /**
   * `resolve` of a link as the index keeps it (`index.links`, an origin's key), remembered:
   * the plan, the converters' dependencies, backlinks and the linked files all resolve the
   * same links of a document, and the answer depends only on the set.
   */
  resolveKey(key: string, fromPath: string): IndexedTarget | null {
    let known = this.resolvedKeys.get(fromPath);
    if (!known) this.resolvedKeys.set(fromPath, (known = new Map()));
    let target = known.get(key);
    if (target === undefined) {
      target = this.resolve(parseLinkKey(key), fromPath);
      known.set(key, target);
    }
    return target;
  }

  /** SPEC: (org) Internal Links, (org) Search Options. */
  resolve(
    link: Pick<Link, 'linkType' | 'path' | 'searchOption'>,
    fromPath: string,
  ): IndexedTarget | null {
    if (REF_LINK_TYPES.has(link.linkType)) {
      const found = this.search(fromPath, link.path);
      return found?.kind === 'heading' || found?.kind === 'document'
        ? found
        : { kind: 'broken', reason: `no label "${link.path}" in this file` };
    }
    if (link.linkType === 'cite') {
      const found = this.refs.get(link.path);
      // A key no note declares is an ordinary citation, not a broken link.
      if (!found) return null;
      return found.heading === -1
        ? { kind: 'document', path: found.path }
        : { kind: 'heading', path: found.path, heading: found.heading };
    }
    if (!INTERNAL_TYPES.has(link.linkType)) return null;
    switch (link.linkType) {
      case 'id': {
        const found = this.ids.get(link.path);
        if (!found) return { kind: 'broken', reason: `no note has ID "${link.path}"` };
        const target: IndexedTarget =
          found.heading === null
            ? { kind: 'document', path: found.path }
            : { kind: 'heading', path: found.path, heading: found.heading };
        return link.searchOption ? (this.search(found.path, link.searchOption) ?? target) : target;
      }
      case 'custom-id':
        return (
          this.search(fromPath, `#${link.path}`) ?? {
            kind: 'broken',
            reason: `no heading has CUSTOM_ID "${link.path}" in this file`,
          }
        );
      case 'fuzzy':
        return (
          this.search(fromPath, link.path) ?? {
            kind: 'broken',
            reason: `nothing in this file matches "${link.path}"`,
          }
        );
      case 'roam': {
        const found = this.roamNode(link.path);
        if (!found)
          return {
            kind: 'broken',
            reason: `no note with an ID has the title or alias "${link.path}"`,
          };
        return found.heading === null
          ? { kind: 'document', path: found.path }
          : { kind: 'heading', path: found.path, heading: found.heading };
      }
      default:
        return this.resolveFile(link, fromPath);
    }
  }

  /**
   * The org-roam node with this title or alias. Nodes are the files and headings that have
   * an `:ID:` (a file's title is its `#+TITLE`, else its file name without `.org`). Where
   * several share a name, org-roam asks which; we take the first in path and document order.
   * SPEC: org-roam-node-from-title-or-alias, org-roam-db-insert-file-node,
   * org-roam-db-insert-node-data.
   */
  private roamNode(name: string): { path: string; heading: number | null } | undefined {
    if (!this.roamNodes) {
      const nodes = new Map<string, { path: string; heading: number | null }>();
      const add = (key: string, node: { path: string; heading: number | null }) => {
        if (!nodes.has(key)) nodes.set(key, node);
      };
      for (const { path: docPath, index } of this.documents) {
        const fileNode = index.id ? this.ids.get(index.id) : undefined;
        if (fileNode?.path === docPath && fileNode.heading === null) {
          const title = index.title ?? path.posix.basename(docPath).replace(/\.org$/i, '');
          for (const key of [title, ...(index.aliases ?? [])])
            add(key, { path: docPath, heading: null });
        }
        index.headings.forEach((heading, i) => {
          const owner = heading.id ? this.ids.get(heading.id) : undefined;
          if (owner?.path === docPath && owner.heading === i)
            for (const key of [heading.title, ...(heading.aliases ?? [])])
              add(key, { path: docPath, heading: i });
        });
      }
      this.roamNodes = nodes;
    }
    return this.roamNodes.get(name.trim());
  }

  /** Every file inside the root that some document links to and that is not a document of the set, sorted. */
  linkedFiles(): readonly string[] {
    if (!this.files) {
      const files = new Set<string>();
      for (const document of this.documents) {
        for (const key of document.index.links) {
          const target = this.resolveKey(key, document.path);
          if (target?.kind === 'file' && target.insideRoot) files.add(target.path);
        }
      }
      this.files = [...files].sort();
    }
    return this.files;
  }

  /**
   * Where the other documents link to this one (to the file or to any heading in it): each
   * link's place, in path order then document order. A document's links to itself are not
   * backlinks (issue 14). Every link the documents make, exported or not: what an export
   * keys a note's output on (see exportedBacklinks for what it lists).
   */
  backlinks(path: string): readonly IndexedBacklink[] {
    this.linkers ??= this.collectBacklinks(
      (entry) => entry.index.origins ?? [],
      () => true,
    );
    return this.linkers.get(path) ?? [];
  }

  /**
   * The backlinks a published note lists (issue 14): links from the exported content of
   * exported notes (not from an excluded, COMMENTed, unselected or archived tree, nor from a
   * drawer or block the export drops) to the note or one of its exported headings, as
   * `backlinks` orders them. Decided from the indexes alone, under `config`.
   */
  exportedBacklinks(path: string, config: ExportConfig = {}): readonly IndexedBacklink[] {
    const key = configKey(config);
    let linkers = this.exportedLinkers.get(key);
    if (!linkers) {
      linkers = this.collectBacklinks(
        (entry) => this.exportedOrigins(entry.path, config),
        (target) => this.targetExported(target, config),
      );
      this.exportedLinkers.set(key, linkers);
    }
    return linkers.get(path) ?? [];
  }

  private collectBacklinks(
    originsOf: (entry: IndexedDocument) => readonly LinkOrigin[],
    keep: (target: IndexedTarget) => boolean,
  ): Map<string, IndexedBacklink[]> {
    const linkers = new Map<string, IndexedBacklink[]>();
    for (const document of this.documents) {
      for (const [key, heading] of originsOf(document)) {
        const target = this.resolveKey(key, document.path);
        if (!target || (target.kind !== 'document' && target.kind !== 'heading')) continue;
        if (target.path === document.path || !keep(target)) continue;
        const list = linkers.get(target.path) ?? [];
        list.push({ from: document.path, heading: heading === -1 ? null : heading, key });
        linkers.set(target.path, list);
      }
    }
    return linkers;
  }

  /**
   * The headings of a document that are exported under `config`, by number: `title` when
   * only the title is (an archived tree under `arch:headline`), `body` when its section and
   * sub-headings are too; null for a note that is not exported. Core's heading rules
   * (pruneOutline, as exportedTree applies them), read from the index alone.
   */
  exportedHeadings(
    path: string,
    config: ExportConfig = {},
  ): ReadonlyMap<number, HeadingExport> | null {
    const found = byConfig(this.exportedHeadingsFound, config);
    const known = found.get(path);
    if (known !== undefined) return known;
    const entry = this.byPath.get(path);
    let exported: Map<number, HeadingExport> | null = null;
    if (entry && isIndexExported(entry.index, config)) {
      const { index } = entry;
      const kept = new Map<number, HeadingExport>();
      exported = kept;
      if (!index.headings.some(hasFacts)) {
        // No heading carries what a heading rule reads (a tag, COMMENT, ARCHIVE, a TODO
        // keyword, the footnotes section): pruneOutline keeps every one, whatever the settings.
        index.headings.forEach((_, i) => kept.set(i, 'body'));
      } else {
        const roots: number[] = [];
        const children: number[][] = index.headings.map(() => []);
        index.headings.forEach((heading, i) =>
          (heading.parent === undefined || heading.parent === -1
            ? roots
            : children[heading.parent]!
          ).push(i),
        );
        const settings = exportSettings(
          {
            meta: {
              options: index.options ?? {},
              excludeTags: index.excludeTags,
              selectTags: index.selectTags ?? [],
            },
          },
          config,
        );
        for (const { heading, body } of pruneOutline(
          roots,
          { children: (i) => children[i]!, facts: (i) => index.headings[i]!.facts ?? NO_FACTS },
          settings,
          index.filetags,
        ))
          kept.set(heading, body ? 'body' : 'title');
      }
    }
    found.set(path, exported);
    return exported;
  }

  /**
   * The places of the links a note's exported content makes, under `config` (none for a
   * private note): what its backlinks, graph edges and published files are made of.
   */
  exportedOrigins(path: string, config: ExportConfig = {}): readonly LinkOrigin[] {
    const found = byConfig(this.exportedOriginsFound, config);
    let origins = found.get(path);
    if (!origins) {
      const headings = this.exportedHeadings(path, config);
      const index = this.byPath.get(path)?.index;
      origins =
        headings && index
          ? (index.origins ?? []).filter(([, heading, place]) => {
              if (place === 'dropped') return false;
              if (place === 'footnote') {
                // Exported where referenced: with the heading around the footnote section.
                let owner = heading;
                while (owner !== -1 && index.headings[owner]?.facts?.footnoteSection)
                  owner = index.headings[owner]!.parent ?? -1;
                return owner === -1 || headings.get(owner) === 'body';
              }
              if (heading === -1) return true;
              const exported = headings.get(heading);
              return exported === 'body' || (exported === 'title' && place === 'title');
            })
          : [];
      found.set(path, origins);
    }
    return origins;
  }

  /** Whether a link's target is published under `config`: an exported note, or an exported heading of one. */
  targetExported(target: IndexedTarget, config: ExportConfig = {}): boolean {
    if (target.kind === 'document') return this.isExported(target.path, config);
    if (target.kind === 'heading')
      return this.exportedHeadings(target.path, config)?.has(target.heading) ?? false;
    return true;
  }

  private resolveFile(link: Pick<Link, 'path' | 'searchOption'>, from: string): IndexedTarget {
    const fromPath = from !== '<stdin>' ? from : '';
    const relative = path.posix.normalize(
      path.posix.join(path.posix.dirname(fromPath || '.'), decodeFilePath(link.path)),
    );
    const isAbsolute = path.isAbsolute(link.path) || link.path.startsWith('~');
    const insideRoot = !isAbsolute && !relative.startsWith('../') && relative !== '..';
    if (insideRoot && this.byPath.has(relative)) {
      if (!link.searchOption) return { kind: 'document', path: relative };
      return (
        this.search(relative, link.searchOption) ?? {
          kind: 'broken',
          reason: `nothing in ${relative} matches "${link.searchOption}"`,
        }
      );
    }
    // Resolved only for a file that is not a note: most file links of a set are to its notes.
    const absolutePath = isAbsolute
      ? path.resolve(link.path.replace(/^~/, process.env.HOME ?? '~'))
      : path.resolve(this.root, relative);
    return { kind: 'file', path: relative, absolutePath, insideRoot };
  }

  private tablesOf(path: string): SearchTables | undefined {
    let tables = this.tables.get(path);
    if (!tables) {
      const document = this.byPath.get(path);
      if (!document) return undefined;
      const titles = new Map<string, number>();
      const customIds = new Map<string, number>();
      document.index.headings.forEach((heading, i) => {
        if (!titles.has(heading.title)) titles.set(heading.title, i);
        if (heading.customId !== undefined && !customIds.has(heading.customId))
          customIds.set(heading.customId, i);
      });
      tables = {
        titles,
        customIds,
        names: new Map(document.index.names),
        anchors: new Set(document.index.anchors ?? []),
      };
      this.tables.set(path, tables);
    }
    return tables;
  }

  /** SPEC: (org) Search Options: `*heading`, `#custom-id`, or a target / name / heading text. */
  private search(path: string, option: string): IndexedTarget | undefined {
    const tables = this.tablesOf(path);
    if (!tables) return undefined;
    const found = (heading: number | undefined): IndexedTarget | undefined =>
      heading === undefined ? undefined : { kind: 'heading', path, heading };
    if (option.startsWith('*')) return found(tables.titles.get(normalizeTitle(option.slice(1))));
    if (option.startsWith('#')) return found(tables.customIds.get(option.slice(1)));
    if (option.startsWith('/') && option.endsWith('/')) return { kind: 'document', path };
    // A fuzzy search: `<<target>>` or a `#+NAME:` first, then a heading with that text.
    const named = tables.names.get(option);
    if (named !== undefined) {
      const anchor = tables.anchors.has(option) ? { anchor: option } : {};
      return named === -1
        ? { kind: 'document', path, ...anchor }
        : { kind: 'heading', path, heading: named, ...anchor };
    }
    return found(tables.titles.get(normalizeTitle(option)));
  }
}

export function buildNoteSet(sources: NoteSource[], options: NoteSetOptions = {}): NoteSet {
  const root = path.resolve(options.root ?? '.');
  const diagnostics: Diagnostic[] = [];
  const documents: Document[] = [];
  const entries: IndexedDocument[] = [];
  for (const source of [...sources].sort((a, b) => compareText(a.path, b.path))) {
    const { document, diagnostics: found } =
      source.parsed ?? readOrg(source.text, source.path === '<stdin>' ? {} : { path: source.path });
    documents.push(document);
    diagnostics.push(...found);
    entries.push({
      path: document.path ?? '<stdin>',
      absolutePath: source.absolutePath ?? null,
      index: indexDocument(document),
    });
  }
  const byPath = new Map(documents.map((document) => [document.path ?? '<stdin>', document]));
  const notes = new KnowledgeBase(
    new LinkIndex(root, entries),
    (p) => byPath.get(p)!,
    options.fileExists ?? existsSync,
  );
  diagnostics.push(...notes.links.diagnostics);
  const backlinks = new Map<Document | Heading, Backlink[]>();
  for (const document of documents) diagnostics.push(...notes.checkLinks(document, backlinks));
  diagnostics.sort(compareDiagnostics);
  return Object.assign(notes, {
    documents,
    diagnostics,
    backlinks: (target: Document | Heading) => backlinks.get(target) ?? [],
  });
}

/**
 * Links resolved to documents: the link index, and a loader that gives the document of a
 * path (the same object for the same path, as long as the caller needs it).
 */
export class KnowledgeBase implements LinkResolver {
  private readonly headingLists = new WeakMap<Document, Heading[]>();
  private readonly parents = new WeakMap<Heading, Heading | null>();
  private readonly owners = new WeakMap<Heading, Document>();

  constructor(
    readonly links: LinkIndex,
    private readonly load: (path: string) => Document,
    private readonly fileExists: (absolutePath: string) => boolean = existsSync,
  ) {}

  get root(): string {
    return this.links.root;
  }

  /**
   * Whether a document of the set is exported under `config` (false: a private note, with
   * no output, in no index, backlinks list or graph). Reads nothing: see LinkIndex.isExported.
   */
  isExported(document: Document | string, config: ExportConfig = {}): boolean {
    return this.links.isExported(
      typeof document === 'string' ? document : (document.path ?? '<stdin>'),
      config,
    );
  }

  private headingsOf(document: Document): Heading[] {
    let list = this.headingLists.get(document);
    if (!list) {
      list = [];
      const headings = list;
      walkHeadings(document.headings, null, (heading, parent) => {
        headings.push(heading);
        this.parents.set(heading, parent);
        this.owners.set(heading, document);
      });
      this.headingLists.set(document, list);
    }
    return list;
  }

  locate(path: string, heading: number | null): { document: Document; heading: Heading | null } {
    return this.located({ path, heading });
  }

  private located(target: { path: string; heading: number | null }): {
    document: Document;
    heading: Heading | null;
  } {
    const document = this.load(target.path);
    return {
      document,
      heading: target.heading === null ? null : (this.headingsOf(document)[target.heading] ?? null),
    };
  }

  byId(id: string) {
    const found = this.links.byId(id);
    return found ? this.located(found) : undefined;
  }

  parentOf(heading: Heading): Heading | null {
    return this.parents.get(heading) ?? null;
  }

  documentOf(heading: Heading): Document {
    const document = this.owners.get(heading);
    if (!document) throw new Error('heading is not part of this note set');
    return document;
  }

  linkedFiles(): readonly string[] {
    return this.links.linkedFiles();
  }

  absolutePath(document: Document): string | null {
    return this.links.get(document.path ?? '<stdin>')?.absolutePath ?? null;
  }

  resolveLink(link: Link, from: Document): LinkTarget | null {
    if (link.linkType === 'attachment') {
      const file = attachmentAsFileLink(link, from);
      if (!file)
        return {
          kind: 'broken',
          reason: 'its entry has no attachment directory (neither :DIR: nor :ID:)',
        };
      link = file;
    }
    const target = this.links.resolve(link, from.path ?? '<stdin>');
    if (!target) return null;
    switch (target.kind) {
      case 'heading': {
        const { document, heading } = this.located(target);
        const anchor = target.anchor !== undefined ? { anchor: target.anchor } : {};
        return heading
          ? { kind: 'heading', document, heading, ...anchor }
          : { kind: 'document', document, ...anchor };
      }
      case 'document':
        return {
          kind: 'document',
          document: this.load(target.path),
          ...(target.anchor !== undefined ? { anchor: target.anchor } : {}),
        };
      case 'file':
        return {
          ...target,
          exists: target.insideRoot ? this.fileExists(target.absolutePath) : false,
        };
      default:
        return target;
    }
  }

  /** The link diagnostics of one document (broken links, missing files, links out of the root); `backlinks` collects what links where. */
  checkLinks(document: Document, backlinks?: Map<Document | Heading, Backlink[]>): Diagnostic[] {
    const diagnostics: Diagnostic[] = [];
    this.headingsOf(document);
    const check = (heading: Heading | null, link: Link) => {
      const target = this.resolveLink(link, document);
      if (!target) return;
      const report = (severity: Diagnostic['severity'], rule: string, message: string) =>
        diagnostics.push({
          severity,
          rule,
          message,
          path: document.path ?? '<stdin>',
          line: link.loc?.line ?? 1,
          column: link.loc?.column ?? 1,
        });
      if (target.kind === 'broken')
        report('warning', 'broken-link', `broken link [[${link.rawLink}]]: ${target.reason}`);
      else if (target.kind === 'file') {
        if (!target.insideRoot)
          report(
            'warning',
            'outside-root',
            `link [[${link.rawLink}]] points outside the notes' root; it is not read`,
          );
        else if (!target.exists)
          report('warning', 'missing-file', `linked file ${target.path} does not exist`);
      } else if (backlinks) {
        const key = target.kind === 'heading' ? target.heading : target.document;
        const list = backlinks.get(key) ?? [];
        list.push({ from: document, heading, link });
        backlinks.set(key, list);
      }
    };
    forEachLink(document.children, (link) => check(null, link));
    walkHeadings(document.headings, null, (heading) => {
      forEachLink(heading.title, (link) => check(heading, link));
      forEachLink(heading.content, (link) => check(heading, link));
    });
    return diagnostics;
  }
}

function decodeFilePath(p: string): string {
  return p.replace(/^\/\/+/, '/');
}

function normalizeTitle(text: string): string {
  return text
    .replace(/\[\d*\/\d*\]|\[\d*%\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function walkHeadings(
  headings: Heading[],
  parent: Heading | null,
  visit: (heading: Heading, parent: Heading | null) => void,
) {
  for (const heading of headings) {
    visit(heading, parent);
    walkHeadings(heading.children, heading, visit);
  }
}

/**
 * Every footnote definition of a document by label, the first one winning as in Org
 * (SPEC: org-footnote-get-definition), wherever it stands: in lists, drawers, blocks or
 * other definitions.
 */
export function footnoteDefinitions(document: Document): Map<string, FootnoteDefinition> {
  const definitions = new Map<string, FootnoteDefinition>();
  const visit = (blocks: Block[]) => {
    for (const block of blocks) {
      if (block.type === 'footnote-definition' && !definitions.has(block.label))
        definitions.set(block.label, block);
      if (block.type === 'plain-list') for (const item of block.children) visit(item.children);
      else if (
        'children' in block &&
        block.type !== 'paragraph' &&
        block.type !== 'verse-block' &&
        block.type !== 'table' &&
        block.type !== 'property-drawer'
      )
        visit(block.children as Block[]);
    }
  };
  visit(document.children);
  walkHeadings(document.headings, null, (heading) => visit(heading.content));
  return definitions;
}

type AnyNode = {
  type: string;
  children?: unknown[];
  tag?: Inline[] | null;
  title?: Inline[];
  value?: unknown;
};

/**
 * Every node, in document order; `dropped` tells which nodes the export leaves out with all
 * they hold, and `visit` learns whether a node stands in one.
 */
function forEachNode(
  nodes: unknown[],
  visit: (node: AnyNode, inDropped: boolean) => void,
  dropped?: (node: AnyNode) => boolean,
  inDropped = false,
) {
  for (const node of nodes as AnyNode[]) {
    const here = inDropped || (dropped?.(node) ?? false);
    visit(node, here);
    if (node.type === 'list-item' && node.tag) forEachNode(node.tag, visit, dropped, here);
    if (Array.isArray(node.children)) forEachNode(node.children, visit, dropped, here);
  }
}

/**
 * Whether `test` holds for some node among `nodes` or inside them (the fields forEachNode
 * walks), stopping at the first that does.
 */
export function someNode(nodes: readonly unknown[], test: (node: Node) => boolean): boolean {
  for (const node of nodes as AnyNode[]) {
    if (test(node as unknown as Node)) return true;
    if (node.type === 'list-item' && node.tag && someNode(node.tag, test)) return true;
    if (Array.isArray(node.children) && someNode(node.children, test)) return true;
  }
  return false;
}

/** Every link in some elements or objects, list item tags included, in document order. */
export function forEachLink(nodes: Block[] | Inline[], visit: (link: Link) => void) {
  forEachNode(nodes, (node) => {
    if (node.type === 'link') visit(node as unknown as Link);
  });
}
