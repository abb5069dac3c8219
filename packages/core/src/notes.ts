/**
 * Notes as a knowledge base: several files read as one set, indexed by `:ID:`, CUSTOM_ID
 * and heading path, with links resolved across files and backlinks computed.
 *
 * SPEC: (info "(org) Internal Links"), (info "(org) Search Options"), org-id, org-roam v2
 * (file-level `:ID:` in a property drawer at the top of the file).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { compareDiagnostics, type Diagnostic } from './diagnostics.js';
import { plainText } from './inline.js';
import { readOrg, type ReadResult } from './reader.js';
import type { Block, Document, FootnoteDefinition, Heading, Inline, Link } from './types.js';

export type LinkTarget =
  | { kind: 'heading'; document: Document; heading: Heading }
  | { kind: 'document'; document: Document }
  | { kind: 'file'; path: string; absolutePath: string; exists: boolean; insideRoot: boolean }
  | { kind: 'broken'; reason: string };

export interface Backlink {
  from: Document;
  heading: Heading | null;
  link: Link;
}

export interface NoteSet {
  /** Absolute directory the document paths are relative to. */
  root: string;
  /** Sorted by path; `document.path` is relative to `root`, with forward slashes. */
  documents: Document[];
  diagnostics: Diagnostic[];
  /** Where a link points; null for external links (https:, mailto:, ...). */
  resolveLink(link: Link, from: Document): LinkTarget | null;
  backlinks(target: Document | Heading): Backlink[];
  parentOf(heading: Heading): Heading | null;
  documentOf(heading: Heading): Document;
  /** Absolute path of the file a document was read from; null for standard input. */
  absolutePath(document: Document): string | null;
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
}

export interface NoteSetOptions {
  /** Absolute root directory; defaults to the current directory. */
  root?: string;
  /** Checks whether a linked file exists; defaults to the file system. */
  fileExists?: (absolutePath: string) => boolean;
}

/** Link types that point inside the notes (SPEC: org-link-parameters for id, file; internal link syntax). */
const INTERNAL_TYPES = new Set(['id', 'custom-id', 'fuzzy', 'file']);

export function buildNoteSet(sources: NoteSource[], options: NoteSetOptions = {}): NoteSet {
  const root = path.resolve(options.root ?? '.');
  const fileExists = options.fileExists ?? existsSync;
  const diagnostics: Diagnostic[] = [];
  const documents: Document[] = [];
  const absolute = new Map<Document, string | null>();
  for (const source of [...sources].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const { document, diagnostics: found } = source.parsed ?? readOrg(source.text, source.path === '<stdin>' ? {} : { path: source.path });
    documents.push(document);
    diagnostics.push(...found);
    absolute.set(document, source.absolutePath ?? null);
  }
  return new KnowledgeBase(root, documents, diagnostics, absolute, fileExists);
}

class KnowledgeBase implements NoteSet {
  private readonly ids = new Map<string, { document: Document; heading: Heading | null }>();
  private readonly parents = new Map<Heading, Heading | null>();
  private readonly owners = new Map<Heading, Document>();
  private readonly byPath = new Map<string, Document>();
  private readonly incoming = new Map<Document | Heading, Backlink[]>();
  /** Per document, built on first use: normalised heading title and CUSTOM_ID -> first such heading. */
  private readonly headingIndex = new Map<Document, { titles: Map<string, Heading>; customIds: Map<string, Heading> }>();

  constructor(
    readonly root: string,
    readonly documents: Document[],
    readonly diagnostics: Diagnostic[],
    private readonly absolute: Map<Document, string | null>,
    private readonly fileExists: (p: string) => boolean,
  ) {
    for (const document of documents) {
      if (document.path !== undefined) this.byPath.set(document.path, document);
      if (document.meta.id) this.addId(document.meta.id, document, null, document.loc?.line ?? 1, 1);
      walkHeadings(document.headings, null, (heading, parent) => {
        this.parents.set(heading, parent);
        this.owners.set(heading, document);
        if (heading.id) this.addId(heading.id, document, heading, heading.loc?.line ?? 1, heading.loc?.column ?? 1);
      });
    }
    for (const document of documents) this.checkLinks(document);
    this.diagnostics.sort(compareDiagnostics);
  }

  private addId(id: string, document: Document, heading: Heading | null, line: number, column: number) {
    const existing = this.ids.get(id);
    if (existing) {
      const where = `${existing.document.path ?? '<stdin>'}${existing.heading?.loc ? `:${existing.heading.loc.line}` : ''}`;
      this.report(document, 'error', 'duplicate-id', `ID "${id}" is already used at ${where}`, line, column);
      return;
    }
    this.ids.set(id, { document, heading });
  }

  private report(document: Document, severity: Diagnostic['severity'], rule: string, message: string, line: number, column: number) {
    this.diagnostics.push({ severity, rule, message, path: document.path ?? '<stdin>', line, column });
  }

  byId(id: string) {
    return this.ids.get(id);
  }

  parentOf(heading: Heading): Heading | null {
    return this.parents.get(heading) ?? null;
  }

  documentOf(heading: Heading): Document {
    const document = this.owners.get(heading);
    if (!document) throw new Error('heading is not part of this note set');
    return document;
  }

  absolutePath(document: Document): string | null {
    return this.absolute.get(document) ?? null;
  }

  backlinks(target: Document | Heading): Backlink[] {
    return this.incoming.get(target) ?? [];
  }

  resolveLink(link: Link, from: Document): LinkTarget | null {
    if (!INTERNAL_TYPES.has(link.linkType)) return null;
    switch (link.linkType) {
      case 'id': {
        const found = this.ids.get(link.path);
        if (!found) return { kind: 'broken', reason: `no note has ID "${link.path}"` };
        const target = found.heading ? { kind: 'heading' as const, document: found.document, heading: found.heading } : { kind: 'document' as const, document: found.document };
        return link.searchOption ? (this.search(found.document, link.searchOption) ?? target) : target;
      }
      case 'custom-id':
        return this.search(from, `#${link.path}`) ?? { kind: 'broken', reason: `no heading has CUSTOM_ID "${link.path}" in this file` };
      case 'fuzzy':
        return this.search(from, link.path) ?? { kind: 'broken', reason: `nothing in this file matches "${link.path}"` };
      default:
        return this.resolveFile(link, from);
    }
  }

  private resolveFile(link: Link, from: Document): LinkTarget {
    const fromPath = from.path && from.path !== '<stdin>' ? from.path : '';
    const relative = path.posix.normalize(path.posix.join(path.posix.dirname(fromPath || '.'), decodeFilePath(link.path)));
    const isAbsolute = path.isAbsolute(link.path) || link.path.startsWith('~');
    const absolutePath = isAbsolute ? path.resolve(link.path.replace(/^~/, process.env.HOME ?? '~')) : path.resolve(this.root, relative);
    const insideRoot = !isAbsolute && !relative.startsWith('../') && relative !== '..';
    const document = insideRoot ? this.byPath.get(relative) : undefined;
    if (document) {
      if (!link.searchOption) return { kind: 'document', document };
      return this.search(document, link.searchOption) ?? { kind: 'broken', reason: `nothing in ${relative} matches "${link.searchOption}"` };
    }
    return { kind: 'file', path: relative, absolutePath, exists: insideRoot ? this.fileExists(absolutePath) : false, insideRoot };
  }

  private indexOf(document: Document) {
    let index = this.headingIndex.get(document);
    if (!index) {
      const titles = new Map<string, Heading>();
      const customIds = new Map<string, Heading>();
      walkHeadings(document.headings, null, (heading) => {
        const title = normalizeTitle(plainText(heading.title));
        if (!titles.has(title)) titles.set(title, heading);
        if (heading.customId !== null && !customIds.has(heading.customId)) customIds.set(heading.customId, heading);
      });
      index = { titles, customIds };
      this.headingIndex.set(document, index);
    }
    return index;
  }

  /** SPEC: (org) Search Options: `*heading`, `#custom-id`, or a target / name / heading text. */
  private search(document: Document, option: string): LinkTarget | undefined {
    const found = (heading: Heading | undefined) => (heading ? { kind: 'heading' as const, document, heading } : undefined);
    if (option.startsWith('*')) return found(this.indexOf(document).titles.get(normalizeTitle(option.slice(1))));
    if (option.startsWith('#')) return found(this.indexOf(document).customIds.get(option.slice(1)));
    if (option.startsWith('/') && option.endsWith('/')) return { kind: 'document', document };
    // A fuzzy search: `<<target>>`, a `#+NAME:`, then a heading with that text.
    const text = normalizeTitle(option);
    const anchor = findNamedOrTarget(document, option);
    if (anchor !== undefined) return anchor ? { kind: 'heading', document, heading: anchor } : { kind: 'document', document };
    return found(this.indexOf(document).titles.get(text));
  }

  private checkLinks(document: Document) {
    const visit = (blocks: Block[], heading: Heading | null) => {
      forEachLink(blocks, (link) => this.checkLink(document, heading, link));
    };
    visit(document.children, null);
    walkHeadings(document.headings, null, (heading) => {
      forEachLink(heading.title, (link) => this.checkLink(document, heading, link));
      visit(heading.content, heading);
    });
  }

  private checkLink(document: Document, heading: Heading | null, link: Link) {
    const target = this.resolveLink(link, document);
    if (!target) return;
    const line = link.loc?.line ?? 1;
    const column = link.loc?.column ?? 1;
    if (target.kind === 'broken') {
      this.report(document, 'warning', 'broken-link', `broken link [[${link.rawLink}]]: ${target.reason}`, line, column);
    } else if (target.kind === 'file') {
      if (!target.insideRoot) this.report(document, 'warning', 'outside-root', `link [[${link.rawLink}]] points outside the notes' root; it is not read`, line, column);
      else if (!target.exists) this.report(document, 'warning', 'missing-file', `linked file ${target.path} does not exist`, line, column);
    } else {
      const key = target.kind === 'heading' ? target.heading : target.document;
      const list = this.incoming.get(key) ?? [];
      list.push({ from: document, heading, link });
      this.incoming.set(key, list);
    }
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

export function walkHeadings(headings: Heading[], parent: Heading | null, visit: (heading: Heading, parent: Heading | null) => void) {
  for (const heading of headings) {
    visit(heading, parent);
    walkHeadings(heading.children, heading, visit);
  }
}

/** The heading holding `<<target>>` or an element named `#+NAME: target` (null: before any heading); undefined when absent. */
function findNamedOrTarget(document: Document, name: string): Heading | null | undefined {
  const target = `<<${name}>>`;
  const holds = (blocks: Block[]): boolean =>
    blocks.some((block) => {
      if ('affiliated' in block && block.affiliated?.some((a) => a.key === 'NAME' && a.value === name)) return true;
      let hit = false;
      forEachText([block], (value) => {
        if (value.includes(target)) hit = true;
      });
      return hit;
    });
  if (holds(document.children)) return null;
  let result: Heading | undefined;
  walkHeadings(document.headings, null, (heading) => {
    if (!result && holds(heading.content)) result = heading;
  });
  return result;
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
      if (block.type === 'footnote-definition' && !definitions.has(block.label)) definitions.set(block.label, block);
      if (block.type === 'plain-list') for (const item of block.children) visit(item.children);
      else if ('children' in block && block.type !== 'paragraph' && block.type !== 'verse-block' && block.type !== 'table' && block.type !== 'property-drawer') visit(block.children as Block[]);
    }
  };
  visit(document.children);
  walkHeadings(document.headings, null, (heading) => visit(heading.content));
  return definitions;
}

type AnyNode = { type: string; children?: unknown[]; tag?: Inline[] | null; title?: Inline[]; value?: unknown };

function forEachNode(nodes: unknown[], visit: (node: AnyNode) => void) {
  for (const node of nodes as AnyNode[]) {
    visit(node);
    if (node.type === 'list-item' && node.tag) forEachNode(node.tag, visit);
    if (Array.isArray(node.children)) forEachNode(node.children, visit);
  }
}

/** Every link in some elements or objects, list item tags included, in document order. */
export function forEachLink(nodes: Block[] | Inline[], visit: (link: Link) => void) {
  forEachNode(nodes, (node) => {
    if (node.type === 'link') visit(node as unknown as Link);
  });
}

function forEachText(nodes: unknown[], visit: (value: string) => void) {
  forEachNode(nodes, (node) => {
    if (node.type === 'text' && typeof node.value === 'string') visit(node.value);
  });
}
