/**
 * The exported tree: which parts of a document a writer walks, decided once for every format
 * (the role ox.el's `org-export--prune-tree` plays in Emacs). It is a view: the model is not
 * changed (JSON is the lossless model and applies none of these rules); writers ask it.
 *
 * SPEC: ox.el `org-export--skip-p` (COMMENT, exclude and select tags, archived trees, tasks,
 * drawers), `org-export--selected-trees`, `org-export--prune-tree` (an archived tree under
 * `arch:headline` keeps its heading only), ob-exp.el `org-babel-exp-do-export` (`:exports`).
 */
import { DEFAULT_EXCLUDE_TAGS } from './derived-fields.js';
import { printInlines } from './printer.js';
import {
  configKey,
  drawerExported,
  exportSettings,
  type ExportConfig,
  type ExportSettings,
} from './export-settings.js';
import type { Block, Document, Heading, SrcBlock } from './types.js';

/** Something the export rules removed that the author may not expect to lose. */
export interface ExportFinding {
  severity: 'warning';
  rule: string;
  message: string;
  loc?: { line: number; column: number };
}

/** What `:exports` keeps of a source block (SPEC: (info "(org) Exporting Code Blocks")). */
export type SourceExports = 'none' | 'code' | 'results' | 'both';

export interface ExportedTree {
  readonly document: Document;
  /** The configuration it was made under: links to other documents are judged under the same. */
  readonly config: ExportConfig;
  readonly settings: ExportSettings;
  /** False when the file's `#+FILETAGS:` hold an exclude tag: nothing of it is exported. */
  readonly fileExported: boolean;
  /** Whether a heading is exported (its title at least). False for headings of excluded files. */
  heading(heading: Heading): boolean;
  /** Whether a heading's section and sub-headings are exported (false for `arch:headline` archived trees). */
  body(heading: Heading): boolean;
  /** The exported ones among these headings (a document's top level or a heading's children). */
  headings(headings: readonly Heading[]): Heading[];
  /** Whether a block is exported: `:exports` of source blocks, `d:` drawers. */
  block(block: Block): boolean;
  /** Whether the file is exported and some block of it is not (most files drop none). */
  readonly dropsBlocks: boolean;
  /** The exported ones among these blocks. */
  blocks(blocks: readonly Block[]): Block[];
  /** Every exported heading in document order, with its depth (1: top level). */
  outline(): readonly { heading: Heading; depth: number }[];
  /** What the rules dropped that may surprise (content in a footnotes section). */
  readonly findings: readonly ExportFinding[];
}

/** SPEC: org-footnote-section, default "Footnotes". */
export const FOOTNOTE_SECTION = 'Footnotes';

/**
 * SPEC: org-element-headline-parser sets `:footnote-section-p` when the heading's raw title
 * equals `org-footnote-section`; every back-end skips that heading with its subtree, and the
 * definitions in it are exported where they are referenced.
 */
export function isFootnoteSection(heading: Heading): boolean {
  const title = heading.title;
  // Asked of every heading, often more than once: a plain title is compared without printing.
  if (title.length === 0) return false;
  if (title.length === 1 && title[0]!.type === 'text')
    return title[0]!.value.trim() === FOOTNOTE_SECTION;
  return printInlines(title).trim() === FOOTNOTE_SECTION;
}

/**
 * Tags that decide export: a heading's own, its ancestors' and the file's (SPEC:
 * org-export-get-tags with INHERITED, which appends `:filetags`).
 */
function hasTag(tags: readonly string[], wanted: readonly string[]): boolean {
  return tags.some((tag) => wanted.includes(tag));
}

/** SPEC: org-export-with-tasks: which TODO headings are exported. */
function taskExported(
  settings: ExportSettings,
  heading: Pick<HeadingExportFacts, 'todo' | 'todoType'>,
): boolean {
  if (heading.todo === null) return true;
  const rule = settings.tasks;
  if (rule === true) return true;
  if (rule === false) return false;
  if (rule === 'todo' || rule === 'done') return heading.todoType === rule;
  return rule.includes(heading.todo);
}

/** Whether a file is exported at all: its `#+FILETAGS:` carry no exclude tag (issue 14, private notes). */
export function isFileExported(document: Document, config: ExportConfig = {}): boolean {
  return isIndexExported(document.meta, config);
}

/**
 * The file's tags as the export sees them: its `#+FILETAGS:`, each once, without the export's
 * exclude and select tags (the file's own and the configuration's). What front matter lists.
 * SPEC: org-export-get-tags: "Select tags and exclude tags are removed from the list"; at file
 * level its inherited tags are `:filetags`. (`#+SETUPFILE:` is not followed: the model has
 * only the file's own keywords.)
 */
export function exportedFileTags(document: Document, config: ExportConfig = {}): string[] {
  const settings = exportSettings(document, config);
  const removed = new Set([...settings.excludeTags, ...settings.selectTags]);
  return [...new Set(document.meta.filetags)].filter((tag) => !removed.has(tag));
}

/**
 * The same rule from what a document index keeps (its file tags and own exclude tags), so
 * that a knowledge base can tell private notes without reading them (`LinkIndex.isExported`).
 * SPEC: org-export-get-tags appends `:filetags`, so an exclude tag there excludes every heading.
 */
export function isIndexExported(
  index: { readonly filetags?: readonly string[]; readonly excludeTags?: readonly string[] },
  config: ExportConfig = {},
): boolean {
  const filetags = index.filetags ?? [];
  // Asked for every note of every format: the two lists are checked in turn, not joined.
  return (
    !hasTag(filetags, index.excludeTags ?? DEFAULT_EXCLUDE_TAGS) &&
    !hasTag(filetags, config.excludeTags ?? [])
  );
}

/** Calls `visit` on the blocks whose children are blocks (a plain list's are its items'). */
function forChildBlocks(block: Block, visit: (children: readonly Block[]) => void): void {
  switch (block.type) {
    case 'plain-list':
      for (const item of block.children) visit(item.children);
      return;
    case 'quote-block':
    case 'center-block':
    case 'special-block':
    case 'drawer':
    case 'footnote-definition':
      visit(block.children);
  }
}

const EXPORTS = /(?:^|\s):exports\s+(\S+)/g;

/** The last `:exports` value in a header argument string, if any. */
function exportsIn(text: string | null | undefined): SourceExports | undefined {
  let found: string | undefined;
  for (const m of (text ?? '').matchAll(EXPORTS)) found = m[1]!.toLowerCase();
  return found === 'none' || found === 'code' || found === 'results' || found === 'both'
    ? found
    : undefined;
}

/**
 * Header arguments that may set `:exports`, weakest first (SPEC: (info "(org) Using Header
 * Arguments"): `#+PROPERTY: header-args`, then `:header-args:` of enclosing headings outermost
 * first, each with its `header-args:LANG` after it, then `#+HEADER:` lines, then the block's own line).
 */
function inheritedHeaderArgs(
  properties: Record<string, string>,
  language: string | null,
): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(properties))
    if (key.toLowerCase() === 'header-args') out.push(value);
  if (language)
    for (const [key, value] of Object.entries(properties))
      if (key.toLowerCase() === `header-args:${language.toLowerCase()}`) out.push(value);
  return out;
}

function fileHeaderArgs(document: Document): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of document.meta.keywords['PROPERTY'] ?? []) {
    const m = /^\s*(header-args(?::\S+)?)\s+(.*)$/i.exec(line);
    if (m) out[m[1]!] = `${out[m[1]!] ?? ''} ${m[2]!}`;
  }
  return out;
}

/** `:exports` of a source block given the header arguments around it; `code` by default. */
export function sourceExports(
  block: SrcBlock,
  around: readonly Record<string, string>[] = [],
): SourceExports {
  let result: SourceExports = 'code';
  const layers = [
    ...around.flatMap((properties) => inheritedHeaderArgs(properties, block.language)),
    ...(block.affiliated ?? []).filter((a) => a.key === 'HEADER').map((a) => a.value),
    block.parameters,
  ];
  for (const layer of layers) result = exportsIn(layer) ?? result;
  return result;
}

/** What the export rules read of a heading to tell whether it is exported; a document's index keeps it too. */
export interface HeadingExportFacts {
  /** Its own tags (ancestors' are inherited by walking down the outline). */
  tags: readonly string[];
  commented: boolean;
  archived: boolean;
  todo: string | null;
  todoType: 'todo' | 'done' | null;
  /** Whether it is Org's footnote section (`isFootnoteSection`). */
  footnoteSection: boolean;
}

export function headingExportFacts(heading: Heading): HeadingExportFacts {
  return {
    tags: heading.tags,
    commented: heading.commented,
    archived: heading.archived,
    todo: heading.todo,
    todoType: heading.todoType,
    footnoteSection: isFootnoteSection(heading),
  };
}

/** How much of a heading is exported: its title only (an archived tree under `arch:headline`), or its section too. */
export type HeadingExport = 'title' | 'body';

/** An outline the export rules can prune: a document's headings, or a document index's. */
export interface Outline<H> {
  children(heading: H): readonly H[];
  facts(heading: H): HeadingExportFacts;
}

/** One exported heading: its depth (1: top level), and whether its section and sub-headings are exported too. */
export interface OutlineEntry<H> {
  heading: H;
  depth: number;
  body: boolean;
}

/**
 * The exported headings of an outline, in document order: the one place the heading rules
 * are written, for a document (`exportedTree`) and for a document index alike (backlinks and
 * the link graph, decided without parsing the notes again).
 * SPEC: org-export--skip-p for headlines (exclude and select tags, COMMENT, archived trees,
 * tasks), plus the footnote section every back-end skips; org-export--prune-tree (the body
 * of an archived tree under `arch:headline` is not exported).
 */
export function pruneOutline<H>(
  roots: readonly H[],
  outline: Outline<H>,
  settings: ExportSettings,
  filetags: readonly string[],
  onFootnoteSection: (heading: H) => void = () => {},
): OutlineEntry<H>[] {
  const selected = selectedTrees(roots, outline, settings.selectTags, filetags);
  const skipped = (heading: H): boolean => {
    const facts = outline.facts(heading);
    if (hasTag(facts.tags, settings.excludeTags)) return true;
    if (selected !== null && !selected.has(heading)) return true;
    if (facts.commented) return true;
    if (facts.archived && settings.archivedTrees === false) return true;
    if (!taskExported(settings, facts)) return true;
    if (facts.footnoteSection) {
      onFootnoteSection(heading);
      return true;
    }
    return false;
  };
  const order: OutlineEntry<H>[] = [];
  const walk = (headings: readonly H[], depth: number) => {
    for (const heading of headings) {
      if (skipped(heading)) continue;
      const body = !(outline.facts(heading).archived && settings.archivedTrees === 'headline');
      order.push({ heading, depth, body });
      if (body) walk(outline.children(heading), depth + 1);
    }
  };
  walk(roots, 1);
  return order;
}

/**
 * SPEC: org-export--selected-trees: when a heading carries a select tag, only such trees
 * and their ancestors are exported; null when none does. A select tag in `#+FILETAGS:` is
 * inherited by every heading, so it selects the whole file.
 */
function selectedTrees<H>(
  roots: readonly H[],
  outline: Outline<H>,
  select: readonly string[],
  filetags: readonly string[],
): Set<H> | null {
  if (select.length === 0 || hasTag(filetags, select)) return null;
  const selected = new Set<H>();
  const all = (heading: H) => {
    selected.add(heading);
    outline.children(heading).forEach(all);
  };
  const visit = (headings: readonly H[], ancestors: H[]) => {
    for (const heading of headings) {
      if (hasTag(outline.facts(heading).tags, select)) {
        for (const ancestor of ancestors) selected.add(ancestor);
        all(heading);
      } else visit(outline.children(heading), [...ancestors, heading]);
    }
  };
  visit(roots, []);
  return selected.size > 0 ? selected : null;
}

const documentOutline: Outline<Heading> = {
  children: (heading) => heading.children,
  facts: headingExportFacts,
};

class Tree implements ExportedTree {
  readonly settings: ExportSettings;
  readonly fileExported: boolean;
  readonly findings: ExportFinding[] = [];
  private readonly kept = new Set<Heading>();
  private readonly titleOnly = new Set<Heading>();
  private readonly dropped = new Set<Block>();
  private readonly order: { heading: Heading; depth: number }[] = [];

  constructor(
    readonly document: Document,
    readonly config: ExportConfig,
  ) {
    this.settings = exportSettings(document, config);
    this.fileExported = isFileExported(document, config);
    if (!this.fileExported) return;
    const fileArgs = fileHeaderArgs(document);
    this.markBlocks(document.children, [fileArgs]);
    // Every heading's blocks, exported or not: a document's index records which of its links
    // stand in dropped blocks once, whatever headings a configuration's tags keep.
    const markAll = (headings: readonly Heading[], around: Record<string, string>[]) => {
      for (const heading of headings) {
        const inner = [...around, heading.properties];
        this.markBlocks(heading.content, inner);
        markAll(heading.children, inner);
      }
    };
    markAll(document.headings, [fileArgs]);
    const pruned = pruneOutline(
      document.headings,
      documentOutline,
      this.settings,
      document.meta.filetags,
      (heading) => this.reportFootnoteSection(heading),
    );
    for (const { heading, depth, body } of pruned) {
      this.kept.add(heading);
      if (!body) this.titleOnly.add(heading);
      this.order.push({ heading, depth });
    }
  }

  /** Org drops a footnote section whole: say so when it holds more than definitions. */
  private reportFootnoteSection(heading: Heading) {
    const other = heading.content.find(
      (b) =>
        b.type !== 'footnote-definition' &&
        b.type !== 'property-drawer' &&
        b.type !== 'planning' &&
        b.type !== 'comment',
    );
    const lost = other ?? heading.children[0];
    if (!lost) return;
    this.findings.push({
      severity: 'warning',
      rule: 'footnote-section-content',
      message: `the "${FOOTNOTE_SECTION}" heading is Org's footnote section (org-footnote-section), which is not exported: only its footnote definitions are, where they are referenced; move this ${lost.type === 'heading' ? 'heading' : 'text'} out of it`,
      ...(lost.loc ? { loc: { line: lost.loc.line, column: lost.loc.column } } : {}),
    });
  }

  private markBlocks(blocks: readonly Block[], around: Record<string, string>[]) {
    for (const block of blocks) {
      if (block.type === 'src-block') {
        const exports = sourceExports(block, around);
        if (exports === 'none' || exports === 'results') this.dropped.add(block);
      } else if (block.type === 'drawer' && !drawerExported(this.settings.drawers, block.name)) {
        this.dropped.add(block);
        continue;
      }
      forChildBlocks(block, (children) => this.markBlocks(children, around));
    }
  }

  heading(heading: Heading): boolean {
    return this.kept.has(heading);
  }

  body(heading: Heading): boolean {
    return this.kept.has(heading) && !this.titleOnly.has(heading);
  }

  headings(headings: readonly Heading[]): Heading[] {
    return headings.filter((h) => this.kept.has(h));
  }

  block(block: Block): boolean {
    return this.fileExported && !this.dropped.has(block);
  }

  get dropsBlocks(): boolean {
    return this.fileExported && this.dropped.size > 0;
  }

  blocks(blocks: readonly Block[]): Block[] {
    return blocks.filter((b) => this.block(b));
  }

  outline(): readonly { heading: Heading; depth: number }[] {
    return this.order;
  }
}

const trees = new WeakMap<Document, Map<string, ExportedTree>>();

/** The exported tree of a document under a configuration, computed once per document and configuration. */
export function exportedTree(document: Document, config: ExportConfig = {}): ExportedTree {
  const key = configKey(config);
  let byConfig = trees.get(document);
  if (!byConfig) trees.set(document, (byConfig = new Map()));
  let tree = byConfig.get(key);
  if (!tree) byConfig.set(key, (tree = new Tree(document, config)));
  return tree;
}
