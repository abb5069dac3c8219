/**
 * Model -> mdast. One handler per block type and one per inline type, in maps typed with
 * `Handlers<...>` so that a type without a handler does not compile. Every handler returns
 * a list of mdast nodes (empty when the Org construct is not content, e.g. a planning line).
 */
import path from 'node:path';
import GithubSlugger, { slug as githubSlug } from 'github-slugger';
import type {
  BlockContent,
  Html,
  ListItem as MdListItem,
  PhrasingContent,
  RootContent,
  Table as MdTable,
  TableRow as MdTableRow,
  AlignType,
  FootnoteDefinition as MdFootnoteDefinition,
} from 'mdast';
import {
  environmentLabels,
  exportConfigFromOptions,
  exportedTree,
  documentNames,
  referenceText,
  footnoteDefinitions as collectFootnoteDefinitions,
  citationTarget,
  latexEnvironmentExport,
  linkTarget,
  macroSource,
  plainText,
  PRIVATE_LINK_RULE,
  specialBlockLabel,
  URL_LINK_TYPES,
  type ExportedTree,
  type ExportLinkTarget,
  type Block,
  type BlockType,
  type Document,
  type FootnoteDefinition,
  type Handlers,
  type Heading,
  type Inline,
  type InlineType,
  type Link,
  type ListItem,
  type PlainList,
} from '@orgnotes/core';
import type { ConvertContext } from '@orgnotes/cli';
import './mdast-extra.js';
import { resolveOptions, type MarkdownOptions } from './options.js';

// ---- state ---------------------------------------------------------------------------------

export interface State {
  document: Document;
  context: ConvertContext;
  options: MarkdownOptions;
  /** What is exported (core's export rules). */
  tree: ExportedTree;
  plan: Plan;
  /** While planning anchors: convert titles for their text only (no reports, no URLs). */
  quiet: boolean;
  /** Every footnote definition of the file by label (Org collects them file-wide). */
  footnoteDefinitions: Map<string, FootnoteDefinition>;
  /** Footnotes in order of first reference, with their rendered content. */
  footnotes: Map<string, MdFootnoteDefinition | null>;
  /** Labels given to anonymous inline footnotes. */
  nextFootnote: number;
  /** Inside a verse block, where whitespace is significant. */
  verse?: boolean;
  /** Headings written so far, in order. */
  rendered: Heading[];
  /** Dedicated targets and labels whose anchor is written (the first of a name only). */
  anchorsWritten: Set<string>;
}

function report(
  state: State,
  rule: string,
  message: string,
  node: { loc?: { line: number; column: number } },
  severity: 'warning' | 'info' = 'warning',
) {
  if (state.quiet) return;
  state.context.report(
    severity,
    rule,
    message,
    node.loc ? { line: node.loc.line, column: node.loc.column } : undefined,
  );
}

// ---- anchors -------------------------------------------------------------------------------

export interface PlannedHeading {
  heading: Heading;
  /** Markdown heading depth 1-6, or null when rendered as a bold paragraph (deeper than `H:`/6). */
  depth: number | null;
  anchor: string;
  /** The anchor needs an explicit `<a id>`: GitHub only makes slugs. */
  explicit: boolean;
  /** Whether the body and sub-headings are exported (false for archived trees). */
  body: boolean;
  /** The heading's visible text (what GitHub slugs). */
  text: string;
}

export interface Plan {
  headings: Map<Heading, PlannedHeading>;
  order: PlannedHeading[];
  titleAnchor: string | null;
  /**
   * The anchor of each dedicated target, org-ref `label:` and `\label{}` by name; `html`
   * when it needs its own `<a id>` (not when it is the slug of the heading it stands in).
   */
  anchors: Map<string, { anchor: string; html: boolean }>;
}

const plans = new WeakMap<Document, { key: string; plan: Plan }>();

/**
 * Which headings a document exports and their anchors: CUSTOM_ID when set, else the
 * GitHub slug of the rendered heading text (github-slugger dedups `x`, `x-1`, ... in
 * document order, as GitHub does), so the same input always gives the same anchors.
 */
export function planOf(document: Document, context: ConvertContext): Plan {
  const options = resolveOptions(document, context.options);
  const key = JSON.stringify([options, exportConfigFromOptions(context.options)]);
  const cached = plans.get(document);
  if (cached && cached.key === key) return cached.plan;
  const plan: Plan = { headings: new Map(), order: [], titleAnchor: null, anchors: new Map() };
  const state = newState(document, context, options, plan, true);
  const slugger = new GithubSlugger();
  const used = new Set<string>();
  if (options.titleHeading && document.meta.title)
    plan.titleAnchor = slugger.slug(document.meta.title);
  const visit = (headings: Heading[]) => {
    for (const heading of state.tree.headings(headings)) {
      const text = phrasingText(headingPhrasing(heading, state));
      const level = heading.level + (options.titleHeading ? 1 : 0);
      const deep = heading.level > options.headlineLevels || level > 6;
      let anchor: string;
      let explicit: boolean;
      if (!deep) {
        const generated = slugger.slug(text);
        anchor = heading.customId ?? generated;
        explicit = anchor !== generated;
      } else {
        anchor = heading.customId ?? uniqueSlug(text, used, slugger);
        explicit = true;
      }
      used.add(anchor);
      const body = state.tree.body(heading);
      const planned: PlannedHeading = {
        heading,
        depth: deep ? null : level,
        anchor,
        explicit,
        body,
        text,
      };
      plan.headings.set(heading, planned);
      plan.order.push(planned);
      if (body) visit(heading.children);
    }
  };
  visit(document.headings);
  // Targets after every heading, so that a heading keeps the slug GitHub gives it. A target
  // in a heading's title whose slug is the heading's anchor needs no anchor of its own.
  for (const planned of plan.order) {
    for (const node of planned.heading.title) {
      if (
        node.type === 'target' &&
        !plan.anchors.has(node.value) &&
        githubSlug(node.value) === planned.anchor
      )
        plan.anchors.set(node.value, { anchor: planned.anchor, html: false });
    }
  }
  for (const name of documentNames(document).anchors) {
    if (plan.anchors.has(name)) continue;
    const anchor = uniqueSlug(name, used, slugger);
    used.add(anchor);
    plan.anchors.set(name, { anchor, html: true });
  }
  plans.set(document, { key, plan });
  return plan;
}

function uniqueSlug(text: string, used: Set<string>, slugger: GithubSlugger): string {
  const base = githubSlug(text) || 'section';
  let candidate = base;
  for (let n = 1; used.has(candidate) || slugger.occurrences[candidate] !== undefined; n++)
    candidate = `${base}-${n}`;
  return candidate;
}

/** The text GitHub takes a heading's slug from: its text content (raw HTML tags add none). */
export function phrasingText(nodes: PhrasingContent[]): string {
  let out = '';
  for (const node of nodes) {
    if (
      node.type === 'text' ||
      node.type === 'inlineCode' ||
      node.type === 'orgMath' ||
      node.type === 'orgCookie'
    )
      out += node.value;
    else if (node.type === 'break') out += ' ';
    else if ('children' in node) out += phrasingText(node.children as PhrasingContent[]);
  }
  return out;
}

// ---- entry ---------------------------------------------------------------------------------

function newState(
  document: Document,
  context: ConvertContext,
  options: MarkdownOptions,
  plan: Plan,
  quiet: boolean,
): State {
  const footnoteDefinitions = quiet
    ? new Map<string, FootnoteDefinition>()
    : collectFootnoteDefinitions(document);
  const tree = exportedTree(document, exportConfigFromOptions(context.options));
  return {
    document,
    context,
    options,
    tree,
    plan,
    quiet,
    footnoteDefinitions,
    footnotes: new Map(),
    nextFootnote: 1,
    rendered: [],
    anchorsWritten: new Set(),
  };
}

export interface Converted {
  options: MarkdownOptions;
  plan: Plan;
  children: RootContent[];
  /** The headings written, in order (what the agreement checks compare with the exported tree). */
  headings: Heading[];
}

export function toMdast(document: Document, context: ConvertContext): Converted {
  const plan = planOf(document, context);
  const options = resolveOptions(document, context.options);
  const state = newState(document, context, options, plan, false);
  for (const finding of state.tree.findings)
    context.report(finding.severity, finding.rule, finding.message, finding.loc);
  const children: RootContent[] = [];
  if (options.titleHeading && document.meta.title) {
    children.push({
      type: 'heading',
      depth: 1,
      children: [{ type: 'text', value: document.meta.title }],
    });
  }
  const tocAt = children.length;
  children.push(...blocks(document.children, state));
  for (const heading of document.headings) children.push(...headingBlocks(heading, state));
  if (options.toc !== false && !hasTocKeyword(document))
    children.splice(tocAt, 0, ...toc(state, options.toc));
  children.push(...footnoteSection(state));
  return { options, plan, children, headings: state.rendered };
}

function hasTocKeyword(document: Document): boolean {
  return document.children.some((b) => b.type === 'keyword' && b.key === 'TOC');
}

// ---- headings ------------------------------------------------------------------------------

/** What a heading shows: `TODO [#A] Title :tag:` as the export options allow. */
function headingPhrasing(heading: Heading, state: State): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  if (heading.todo && state.options.todo) out.push({ type: 'text', value: `${heading.todo} ` });
  if (heading.priority && state.options.priority)
    out.push({ type: 'text', value: `[#${heading.priority}] ` });
  out.push(...inlines(heading.title, state));
  if (heading.tags.length > 0 && state.options.tags !== false)
    out.push({ type: 'text', value: ` :${heading.tags.join(':')}:` });
  return trimPhrasing(out);
}

function anchorHtml(anchor: string): Html {
  return { type: 'html', value: `<a id="${escapeAttribute(anchor)}"></a>` };
}

/** The only raw HTML we generate from names: the value of an `id` attribute. */
function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function headingBlocks(heading: Heading, state: State): RootContent[] {
  const planned = state.plan.headings.get(heading);
  if (!planned) return [];
  state.rendered.push(heading);
  const out: RootContent[] = [];
  const title = headingPhrasing(heading, state);
  if (planned.depth === null) {
    out.push({
      type: 'paragraph',
      children: [anchorHtml(planned.anchor), { type: 'strong', children: title }],
    });
  } else {
    if (planned.explicit) out.push({ type: 'paragraph', children: [anchorHtml(planned.anchor)] });
    out.push({ type: 'heading', depth: planned.depth as 1 | 2 | 3 | 4 | 5 | 6, children: title });
  }
  if (!planned.body) return out;
  out.push(...blocks(heading.content, state));
  for (const child of heading.children) out.push(...headingBlocks(child, state));
  return out;
}

function toc(state: State, depth: number): RootContent[] {
  const entries = state.plan.order.filter((p) => p.heading.level <= depth);
  if (entries.length === 0) return [];
  interface Item {
    level: number;
    item: MdListItem;
  }
  const root: MdListItem[] = [];
  const stack: Item[] = [];
  for (const entry of entries) {
    let title = headingPhrasing(entry.heading, state);
    if (state.options.tags === 'not-in-toc')
      title = headingPhrasing(entry.heading, {
        ...state,
        options: { ...state.options, tags: false },
      });
    const item: MdListItem = {
      type: 'listItem',
      spread: false,
      children: [
        {
          type: 'paragraph',
          children: [{ type: 'link', url: `#${entry.anchor}`, children: stripLinks(title) }],
        },
      ],
    };
    while (stack.length > 0 && stack[stack.length - 1]!.level >= entry.heading.level) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) {
      let list = parent.item.children.find((c) => c.type === 'list');
      if (!list) {
        list = { type: 'list', ordered: false, spread: false, children: [] };
        parent.item.children.push(list);
      }
      list.children.push(item);
    } else root.push(item);
    stack.push({ level: entry.heading.level, item });
  }
  return [{ type: 'list', ordered: false, spread: false, children: root }];
}

/** Link text cannot hold links or footnote references. */
function stripLinks(nodes: PhrasingContent[]): PhrasingContent[] {
  return nodes.flatMap((node): PhrasingContent[] => {
    if (node.type === 'link') return stripLinks(node.children);
    if (node.type === 'footnoteReference') return [];
    if ('children' in node && node.type !== 'linkReference')
      return [
        { ...node, children: stripLinks(node.children as PhrasingContent[]) } as PhrasingContent,
      ];
    return [node];
  });
}

// ---- blocks --------------------------------------------------------------------------------

export function blocks(nodes: Block[], state: State): RootContent[] {
  const out: RootContent[] = [];
  for (const node of nodes) {
    if (!state.tree.block(node)) continue;
    const handler = blockHandlers[node.type] as (node: Block, state: State) => RootContent[];
    out.push(...handler(node, state));
  }
  return out;
}

function blockContent(nodes: Block[], state: State): BlockContent[] {
  return blocks(nodes, state) as BlockContent[];
}

/** Backends whose raw text is valid in Markdown output (GitHub renders a safe subset of HTML). */
const RAW_BACKENDS = new Set(['md', 'markdown', 'gfm', 'html']);

const nothing = (): RootContent[] => [];

function code(value: string, lang: string | null = null): RootContent[] {
  return [{ type: 'code', lang, meta: null, value: value.replace(/\n$/, '') }];
}

function caption(node: { affiliated?: { key: string; value: string }[] }): string | null {
  const found = node.affiliated?.find((a) => a.key === 'CAPTION');
  return found ? found.value : null;
}

/** A `#+CAPTION:` of a table or block becomes an italic line before it. */
function withCaption(
  node: { affiliated?: { key: string; value: string }[] },
  rendered: RootContent[],
): RootContent[] {
  const text = caption(node);
  if (text === null || rendered.length === 0) return rendered;
  return [
    {
      type: 'paragraph',
      children: [{ type: 'emphasis', children: [{ type: 'text', value: text }] }],
    },
    ...rendered,
  ];
}

const blockHandlers: Handlers<BlockType, [State], RootContent[]> = {
  paragraph: (node, state) => {
    let children = trimPhrasing(inlines(node.children, state));
    // An image alone in a captioned paragraph: the caption is its alt text.
    const only = children.length === 1 ? children[0] : undefined;
    const text = caption(node);
    if (only?.type === 'image' && text !== null) children = [{ ...only, alt: text }];
    else if (text !== null)
      return withCaption(node, children.length ? [{ type: 'paragraph', children }] : []);
    return children.length ? [{ type: 'paragraph', children }] : [];
  },
  'plain-list': (node, state) => [list(node, state)],
  table: (node, state) => {
    if (node.tableType === 'table.el') return withCaption(node, code(node.value ?? ''));
    return withCaption(node, table(node, state));
  },
  'src-block': (node) => withCaption(node, code(node.value, node.language)),
  'example-block': (node) => withCaption(node, code(node.value)),
  'fixed-width': (node) => code(node.value),
  'export-block': (node, state) => {
    if (!node.backend || !RAW_BACKENDS.has(node.backend.toLowerCase())) return [];
    if (state.options.rawOutput) return [{ type: 'html', value: node.value.replace(/\n$/, '') }];
    report(
      state,
      'raw-output',
      `--no-raw-html: this #+begin_export ${node.backend} block is shown as code, not passed through`,
      node,
    );
    return code(node.value, node.backend.toLowerCase());
  },
  'comment-block': nothing,
  comment: nothing,
  'quote-block': (node, state) => [
    { type: 'blockquote', children: blockContent(node.children, state) },
  ],
  'center-block': (node, state) => blocks(node.children, state),
  'verse-block': (node, state) => {
    const children = verse(inlines(node.children, { ...state, verse: true }));
    return children.length ? [{ type: 'paragraph', children }] : [];
  },
  // A theorem-like block is a blockquote led by its bold label (core's specialBlockLabel).
  'special-block': (node, state) => {
    const label = specialBlockLabel(node);
    if (!label) return blocks(node.children, state);
    const children = blockContent(node.children, state);
    const strong: PhrasingContent = {
      type: 'strong',
      children: [{ type: 'text', value: label.text }],
    };
    const first = children[0];
    if (first?.type === 'paragraph') first.children.unshift(strong, { type: 'text', value: ' ' });
    else children.unshift({ type: 'paragraph', children: [strong] });
    return [{ type: 'blockquote', children }];
  },
  // Which drawers are exported is core's rule (`d:`).
  drawer: (node, state) => blocks(node.children, state),
  'property-drawer': nothing,
  keyword: (node, state) => {
    if (node.key === 'TOC') {
      const m = /headlines\s*(\d+)?/.exec(node.value);
      if (m) return toc(state, m[1] ? Number(m[1]) : state.options.toc || 6);
      report(state, 'unsupported', `#+TOC: ${node.value} is not supported in Markdown`, node);
      return [];
    }
    return [];
  },
  clock: nothing,
  planning: nothing,
  // Math for MathJax only when MathJax knows the environment (core's latexEnvironmentExport);
  // an equation's `\label{}`s become anchors just before it, which `ref:`/`eqref:` lead to.
  'latex-environment': (node, state) => {
    if (latexEnvironmentExport(node).kind !== 'math') return code(node.value, 'latex');
    const anchors = environmentLabels(node.value).flatMap((name) => anchorFor(name, state));
    const math: RootContent = { type: 'orgMathBlock', value: node.value };
    return anchors.length ? [{ type: 'paragraph', children: anchors }, math] : [math];
  },
  'horizontal-rule': () => [{ type: 'thematicBreak' }],
  // SPEC: org-export ignores diary sexps: they are agenda entries, not text.
  'diary-sexp': nothing,
  // Rendered at the end, where GitHub shows footnotes (footnoteSection).
  'footnote-definition': nothing,
  unparsed: (node) => code(node.value),
};

function verse(children: PhrasingContent[]): PhrasingContent[] {
  // Every newline of a verse is a line break, and its indentation is kept (as no-break
  // spaces, which Markdown does not strip).
  const out: PhrasingContent[] = [];
  for (const node of children) {
    if (node.type !== 'text') {
      out.push(node);
      continue;
    }
    const lines = node.value.split('\n');
    lines.forEach((line, i) => {
      if (i > 0) out.push({ type: 'break' });
      const text = line.replace(/^[ \t]+/, (s) => '\u00a0'.repeat(s.length));
      if (text) out.push({ type: 'text', value: text });
    });
  }
  while (out.length > 0 && out[out.length - 1]!.type === 'break') out.pop();
  return out;
}

function orderedStart(item: ListItem | undefined): number {
  if (!item) return 1;
  const counter = item.counter ?? item.bullet.replace(/[.)]$/, '');
  if (/^\d+$/.test(counter)) return Number(counter);
  if (/^[a-z]$/i.test(counter)) return counter.toLowerCase().charCodeAt(0) - 96;
  return 1;
}

function list(node: PlainList, state: State): RootContent {
  const ordered = node.listType === 'ordered';
  // SPEC: org-list-allow-alphabetical: a file may letter its lists; Markdown can only number.
  const lettered = node.children.find((item) => /^[A-Za-z][.)]$/.test(item.bullet));
  if (ordered && lettered)
    report(
      state,
      'list-letters',
      `Markdown has no lettered lists: the items of this list (${lettered.bullet} ...) are numbered 1., 2., ...`,
      node,
    );
  const items = node.children.map((item, index): MdListItem => {
    if (index > 0 && item.counter !== null)
      report(
        state,
        'list-counter',
        `Markdown cannot restart numbering inside a list ([@${item.counter}]); items are numbered in sequence`,
        item,
      );
    const children = blockContent(item.children, state);
    if (item.tag) {
      // A description list item: `- **term**: description` (Markdown has no <dl>).
      const term: PhrasingContent = {
        type: 'strong',
        children: trimPhrasing(inlines(item.tag, state)),
      };
      const first = children[0];
      if (first?.type === 'paragraph') first.children.unshift(term, { type: 'text', value: ': ' });
      else children.unshift({ type: 'paragraph', children: [term] });
    }
    // GFM task lists know checked and unchecked; a partial `[-]` shows as unchecked.
    const checked = item.checkbox === null ? null : item.checkbox === 'on';
    if (checked !== null && children[0]?.type !== 'paragraph')
      children.unshift({ type: 'paragraph', children: [] });
    return { type: 'listItem', spread: false, checked, children };
  });
  return {
    type: 'list',
    ordered,
    start: ordered ? orderedStart(node.children[0]) : null,
    spread: false,
    children: items,
  };
}

/** `<l>`, `<c10>`, `<r>`, `<8>`: a column cookie (SPEC: (org) Column Width and Alignment). */
const COOKIE = /^<([lcr])?\d*>$/;

function table(node: Extract<Block, { type: 'table' }>, state: State): RootContent[] {
  let align: AlignType[] = [];
  const rows: ({ rule: true } | { rule: false; cells: PhrasingContent[][] })[] = [];
  for (const row of node.children) {
    if (row.rowType === 'rule') {
      rows.push({ rule: true });
      continue;
    }
    const texts = row.children.map((c) => plainText(c.children).trim());
    // A row of alignment cookies is not exported; it sets the column alignment.
    if (texts.some((t) => t !== '') && texts.every((t) => t === '' || COOKIE.test(t))) {
      align = texts.map((t) => {
        const m = COOKIE.exec(t);
        return m?.[1] === 'l'
          ? 'left'
          : m?.[1] === 'c'
            ? 'center'
            : m?.[1] === 'r'
              ? 'right'
              : null;
      });
      continue;
    }
    rows.push({
      rule: false,
      cells: row.children.map((c) => cellPhrasing(inlines(c.children, state))),
    });
  }
  // Rows before the first rule are the header (SPEC: org-export-table-has-header-p); GFM has
  // room for one header row, further ones become body rows. Without a rule the table has no
  // header and GFM gets an empty header row, so no data row is promoted to a header.
  const firstRule = rows.findIndex((r) => r.rule);
  const standard = rows.filter((r): r is { rule: false; cells: PhrasingContent[][] } => !r.rule);
  const headerCount = firstRule > 0 ? rows.slice(0, firstRule).length : 0;
  // Trailing empty rows (a common Org placeholder for the next entry) carry nothing.
  while (standard.length > 0 && standard[standard.length - 1]!.cells.every((c) => c.length === 0))
    standard.pop();
  if (standard.length === 0) return [];
  const width = Math.max(1, ...standard.map((r) => r.cells.length), align.length);
  const toRow = (cells: PhrasingContent[][]): MdTableRow => ({
    type: 'tableRow',
    children: Array.from({ length: width }, (_, i) => ({
      type: 'tableCell',
      children: cells[i] ?? [],
    })),
  });
  const header = headerCount > 0 ? toRow(standard[0]!.cells) : toRow([]);
  const body = (headerCount > 0 ? standard.slice(1) : standard).map((r) => toRow(r.cells));
  const result: MdTable = {
    type: 'table',
    align: Array.from({ length: width }, (_, i) => align[i] ?? null),
    children: [header, ...body],
  };
  return [result];
}

/** A table cell is one line: line breaks become spaces. */
function cellPhrasing(nodes: PhrasingContent[]): PhrasingContent[] {
  return trimPhrasing(nodes.map((n) => (n.type === 'break' ? { type: 'text', value: ' ' } : n)));
}

// ---- footnotes -----------------------------------------------------------------------------

/** GitHub renders footnote definitions at the end whatever their place; we put them there. */
function footnoteSection(state: State): RootContent[] {
  const out: RootContent[] = [];
  // Definitions may reference further footnotes: iterate until none is added.
  for (let i = 0; i < state.footnotes.size; i++) {
    const label = [...state.footnotes.keys()][i]!;
    if (state.footnotes.get(label) !== null) continue;
    const definition = state.footnoteDefinitions.get(label)!;
    state.footnotes.set(label, {
      type: 'footnoteDefinition',
      identifier: label,
      label,
      children: blockContent(definition.children, state),
    });
  }
  for (const definition of state.footnotes.values()) if (definition) out.push(definition);
  return out;
}

function footnoteReference(
  node: Extract<Inline, { type: 'footnote-reference' }>,
  state: State,
): PhrasingContent[] {
  if (!state.options.footnotes || state.quiet) return [];
  let label = node.label;
  if (node.footnoteType === 'inline') {
    if (label === null) {
      while (state.footnoteDefinitions.has(String(state.nextFootnote))) state.nextFootnote++;
      label = String(state.nextFootnote++);
      state.footnoteDefinitions.set(label, { type: 'footnote-definition', label, children: [] });
    }
    if (!state.footnotes.has(label)) {
      state.footnotes.set(label, {
        type: 'footnoteDefinition',
        identifier: label,
        label,
        children: [{ type: 'paragraph', children: trimPhrasing(inlines(node.children, state)) }],
      });
    }
  } else {
    if (label === null || !state.footnoteDefinitions.has(label)) {
      report(state, 'broken-footnote', `footnote [fn:${label ?? ''}] has no definition`, node);
      return [{ type: 'text', value: `[fn:${label ?? ''}]` }];
    }
    if (!state.footnotes.has(label)) state.footnotes.set(label, null);
  }
  return [{ type: 'footnoteReference', identifier: label, label }];
}

// ---- inlines -------------------------------------------------------------------------------

export function inlines(nodes: Inline[], state: State): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (const node of nodes) {
    const handler = inlineHandlers[node.type] as (node: Inline, state: State) => PhrasingContent[];
    for (const produced of handler(node, state)) {
      // A hard break already ends the line: the newline after `\\` in the source is not a
      // second one (it would end the paragraph in Markdown).
      const previous = out[out.length - 1];
      if (previous?.type === 'break' && produced.type === 'text') {
        const value = produced.value.replace(/^\n[ \t]*/, '');
        if (value) out.push({ type: 'text', value });
      } else out.push(produced);
    }
  }
  return out;
}

/** No leading/trailing whitespace or trailing hard break: Markdown would show a stray `\`. */
function trimPhrasing(nodes: PhrasingContent[]): PhrasingContent[] {
  const out = [...nodes];
  while (out.length > 0) {
    const last = out[out.length - 1]!;
    if (last.type === 'break') out.pop();
    else if (last.type === 'text' && last.value.trimEnd() !== last.value) {
      const value = last.value.trimEnd();
      if (value) out[out.length - 1] = { type: 'text', value };
      else out.pop();
    } else break;
  }
  while (out.length > 0) {
    const first = out[0]!;
    if (first.type === 'break') out.shift();
    else if (first.type === 'text' && first.value.trimStart() !== first.value) {
      const value = first.value.trimStart();
      if (value) out[0] = { type: 'text', value };
      else out.shift();
    } else break;
  }
  return out;
}

const html = (value: string): Html => ({ type: 'html', value });

const inlineHandlers: Handlers<InlineType, [State], PhrasingContent[]> = {
  // Runs of blanks mean nothing in an Org paragraph, and in Markdown leading blanks of a line
  // can read as code and trailing ones as a hard break: one space, none at line ends. Kept
  // in a verse, where they are the layout.
  text: (node, state) => [
    { type: 'text', value: state.verse ? node.value : collapseBlanks(node.value) },
  ],
  bold: (node, state) => [{ type: 'strong', children: inlines(node.children, state) }],
  italic: (node, state) => [{ type: 'emphasis', children: inlines(node.children, state) }],
  // Markdown has no underline and raw <u> would be HTML from text markup: shown as emphasis.
  underline: (node, state) => [{ type: 'emphasis', children: inlines(node.children, state) }],
  'strike-through': (node, state) => [{ type: 'delete', children: inlines(node.children, state) }],
  code: (node) => [{ type: 'inlineCode', value: node.value }],
  verbatim: (node) => [{ type: 'inlineCode', value: node.value }],
  // Left unexpanded by core (undefined, reported there): the call as written, as text.
  macro: (node) => [{ type: 'text', value: macroSource(node) }],
  // The one documented use of HTML for text markup: GitHub renders <sup>/<sub>.
  superscript: (node, state) => [html('<sup>'), ...inlines(node.children, state), html('</sup>')],
  subscript: (node, state) => [html('<sub>'), ...inlines(node.children, state), html('</sub>')],
  'line-break': () => [{ type: 'break' }],
  link: (node, state) => link(node, state),
  timestamp: (node, state) =>
    state.options.timestamps ? [{ type: 'text', value: node.rawValue }] : [],
  'statistics-cookie': (node) => [{ type: 'orgCookie', value: node.value }],
  // SPEC: org-html-target: a dedicated target is an anchor without text.
  target: (node, state) => anchorFor(node.value, state),
  'footnote-reference': (node, state) => footnoteReference(node, state),
  'latex-fragment': (node) => {
    const v = node.value;
    if (v.startsWith('$$') || v.startsWith('\\['))
      return [{ type: 'orgMath', display: true, value: node.contents }];
    if (v.startsWith('$') || v.startsWith('\\('))
      return [{ type: 'orgMath', display: false, value: node.contents }];
    // A bare LaTeX command (`\ref{x}`): no math delimiters, so it is text as written.
    return [{ type: 'text', value: v }];
  },
  entity: (node) => [{ type: 'text', value: node.utf8 }],
  'export-snippet': (node, state) => {
    if (!RAW_BACKENDS.has(node.backEnd.toLowerCase())) return [];
    if (state.options.rawOutput) return [html(node.value)];
    report(
      state,
      'raw-output',
      `--no-raw-html: this @@${node.backEnd}:…@@ snippet is shown as code, not passed through`,
      node,
    );
    return [{ type: 'inlineCode', value: node.value }];
  },
  // A citation in pandoc's syntax, read by pandoc's citeproc; a key with a reference note
  // (core's citationTarget) links to it (citation()).
  citation: (node, state) => citation(node, state),
  'citation-reference': (node, state) => inlines(node.children, state),
  'citation-common-prefix': (node, state) => inlines(node.children, state),
  'citation-common-suffix': (node, state) => inlines(node.children, state),
  'citation-prefix': (node, state) => inlines(node.children, state),
  'citation-suffix': (node, state) => inlines(node.children, state),
  'citation-key': (node) => [{ type: 'text', value: `@${node.key}` }],
};

/** No blanks around line ends, runs of blanks as one space (the checks spare most texts the regexes). */
function collapseBlanks(value: string): string {
  let result = value.includes('\n') ? value.replace(/[ \t]*\n[ \t]*/g, '\n') : value;
  if (result.includes('\t') || result.includes('  ')) result = result.replace(/[ \t]{2,}/g, ' ');
  return result;
}

type CitationReference = Extract<Inline, { type: 'citation-reference' }>;

/**
 * `[cite:@a;@b]` -> `[@a; @b]`, pandoc's citation syntax (SPEC: pandoc manual, "Citation
 * syntax"). A reference whose key an org-roam reference note declares in `:ROAM_REFS:` becomes
 * a link to that note, `[@a](a.md)` (pandoc reads an in-text citation inside the link); the
 * other references stay bracketed together, in order.
 */
function citation(node: Extract<Inline, { type: 'citation' }>, state: State): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  // The bracket being filled: its contents and how many references it holds.
  let group: PhrasingContent[] | null = null;
  let references = 0;
  // Brackets and links written so far, separated by `; `.
  let items = 0;
  const close = () => {
    if (group && references > 0) {
      out.push({ type: 'orgCitation', children: group });
      items++;
    } else if (group) out.push(...group);
    group = null;
    references = 0;
  };
  for (const child of node.children) {
    const parts = inlines([child], state);
    if (child.type !== 'citation-reference') {
      // The common prefix opens the bracket; the common suffix ends it.
      if (child.type === 'citation-common-prefix' && group === null) group = [];
      (group ?? out).push(...parts);
      continue;
    }
    const url = state.quiet ? null : citationUrl(child, state);
    if (url === null) {
      if (group === null) {
        if (items > 0) out.push({ type: 'text', value: '; ' });
        group = [];
      }
      if (references > 0) group.push({ type: 'text', value: '; ' });
      group.push(...parts);
      references++;
      continue;
    }
    close();
    if (items > 0) out.push({ type: 'text', value: '; ' });
    out.push({ type: 'link', url, children: stripLinks(parts) });
    items++;
  }
  close();
  return out;
}

function citationUrl(reference: CitationReference, state: State): string | null {
  const target = citationTarget(
    reference.key,
    state.document,
    state.context.notes,
    state.tree.config,
  );
  if (!target) return null;
  const file =
    target.document === state.document
      ? ''
      : relativeUrl(state.context.outputPath, state.context.outputPathOf(target.document));
  if (target.kind === 'document') return file || '#';
  const planned = planOf(target.document, state.context).headings.get(target.heading);
  return planned ? `${file}#${planned.anchor}` : null;
}

// ---- links ---------------------------------------------------------------------------------

/** The `<a id>` of a target or label, the first time its name is written. */
function anchorFor(name: string, state: State): PhrasingContent[] {
  const planned = state.plan.anchors.get(name);
  if (state.quiet || !planned?.html || state.anchorsWritten.has(name)) return [];
  state.anchorsWritten.add(name);
  return [anchorHtml(planned.anchor)];
}

/** `#anchor` of a target or label in a planned document, or of its heading. */
function anchorUrl(document: Document, name: string | undefined, state: State): string | undefined {
  if (name === undefined) return undefined;
  return planOf(document, state.context).anchors.get(name)?.anchor;
}

/** `from`'s relative URL to `to`, both output paths. */
export function relativeUrl(from: string, to: string): string {
  const rel = path.posix.relative(path.posix.dirname(from), to);
  return rel === '' ? path.posix.basename(to) : rel;
}

function link(node: Link, state: State): PhrasingContent[] {
  const description = inlines(node.children, state);
  const target = linkTarget(node, state.document, state.context.notes, state.tree.config);
  const label = (fallback: string): PhrasingContent[] =>
    description.length ? description : [{ type: 'text', value: fallback }];
  const broken = (why: string): PhrasingContent[] => {
    report(state, 'broken-link', `broken link [[${node.rawLink}]]: ${why}; its text is kept`, node);
    return label(node.rawLink);
  };
  // A link to a target or label shows what it names (`eqref:` in parentheses).
  const named = referenceText(node) ?? node.path;
  switch (target.kind) {
    case 'broken':
      // The note set has already reported it (rule broken-link): only the text remains.
      return label(referenceText(node) ?? node.rawLink);
    case 'private':
      // Rule and wording from core: the description alone, never the target's title or path.
      report(state, PRIVATE_LINK_RULE, target.message, node, 'info');
      return stripLinks(description);
    case 'heading': {
      const children = label(target.anchor !== undefined ? named : plainText(target.heading.title));
      if (state.quiet) return children;
      const planned = planOf(target.document, state.context).headings.get(target.heading);
      if (!planned) return broken('its target heading is not exported');
      const file =
        target.document === state.document
          ? ''
          : relativeUrl(state.context.outputPath, state.context.outputPathOf(target.document));
      const anchor = anchorUrl(target.document, target.anchor, state) ?? planned.anchor;
      return [{ type: 'link', url: `${file}#${anchor}`, children: stripLinks(children) }];
    }
    case 'document': {
      const children = label(
        target.anchor !== undefined ? named : (target.document.meta.title ?? node.path),
      );
      if (state.quiet) return children;
      const file =
        target.document === state.document
          ? ''
          : relativeUrl(state.context.outputPath, state.context.outputPathOf(target.document));
      const anchor = anchorUrl(target.document, target.anchor, state);
      const url =
        anchor !== undefined
          ? `${file}#${anchor}`
          : relativeUrl(state.context.outputPath, state.context.outputPathOf(target.document));
      return [{ type: 'link', url, children: stripLinks(children) }];
    }
    case 'anchor':
      return anchorFor(target.name, state);
    case 'citation':
      return inlineHandlers.citation(target.citation, state);
    case 'hidden':
      return [];
    case 'file':
      return fileLink(node, target, description, state);
    case 'url':
      return external(node, target, description, state);
    case 'man':
    case 'emacs':
      report(
        state,
        'unsupported-link',
        `[[${node.rawLink}]] is an Emacs link (${node.linkType}:) that has no URL; its text is kept`,
        node,
      );
      return label(node.rawLink);
  }
}

function fileLink(
  node: Link,
  target: Extract<ExportLinkTarget, { kind: 'file' }>,
  description: PhrasingContent[],
  state: State,
): PhrasingContent[] {
  const text = (): PhrasingContent[] =>
    description.length ? description : [{ type: 'text', value: node.path }];
  // The path as written, without `file:`: Org resolves it against the file's directory and
  // the output tree mirrors the input tree.
  let url = node.path;
  // Files are copied beside the pages at their place in the notes' tree: an attachment, or
  // any file linked from a page that #+EXPORT_FILE_NAME puts in another directory than its
  // note, is linked at that place from the page.
  const pageDirectory = path.posix.dirname(state.context.outputPath);
  const moved = pageDirectory !== path.posix.dirname(state.document.path ?? '');
  if (node.linkType === 'attachment' || (moved && target.insideRoot))
    url = path.posix.relative(pageDirectory, target.path);
  if (target.orgFile) {
    // An Org file is linked as its Markdown output. One that is not on disk inside the notes'
    // root has no output, so the link would be dead: its text is kept (the note set has
    // reported it as missing-file or outside-root).
    if (!target.exists || !target.insideRoot) return text();
    url = url.replace(/\.org$/i, '.md');
  }
  // Other files (images, PDFs...) are not ours to produce: they are linked as written, even
  // when missing here (reported as missing-file), as they are served beside the Markdown.
  if (target.image) return [{ type: 'image', url, alt: '', title: null }];
  if (state.quiet) return text();
  return [{ type: 'link', url, title: null, children: stripLinks(text()) }];
}

function external(
  node: Link,
  target: Extract<ExportLinkTarget, { kind: 'url' }>,
  description: PhrasingContent[],
  state: State,
): PhrasingContent[] {
  const url = target.url;
  if (target.image) return [{ type: 'image', url, alt: '', title: null }];
  // Without a description a web link shows its URL (an autolink); `info:`/`doi:` links their target as written.
  const text: PhrasingContent[] = description.length
    ? description
    : [{ type: 'text', value: URL_LINK_TYPES.has(node.linkType) ? url : node.rawLink }];
  if (state.quiet) return text;
  return [{ type: 'link', url, title: null, children: stripLinks(text) }];
}
