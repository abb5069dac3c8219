/**
 * The man(7) writer: one handler per block and inline type of the notes model.
 *
 * Shape follows man-pages(7) and groff_man(7): `.TH`, `NAME`, `.SH`/`.SS`, `.PP`, `.IP`/`.TP`
 * lists with `.RS`/`.RE` nesting, `.EX`/`.EE` code, `.UR`/`.UE` and `.MT`/`.ME` links, tbl(1)
 * tables, then NOTES (footnotes), AUTHORS and SEE ALSO. Every page must pass
 * `mandoc -T lint -W warning`, `groff -t -man -ww -z`, `man --warnings=w` and `lexgrog`.
 */
import {
  citationTarget,
  compareText,
  exportConfigFromOptions,
  exportedTree,
  footnoteDefinitions,
  linkTarget,
  macroSource,
  noteBacklinks,
  plainText,
  PRIVATE_LINK_RULE,
  referenceText,
  specialBlockLabel,
  type Block,
  type ExportedTree,
  type BlockType,
  type Document,
  type Handlers,
  type Heading,
  type Inline,
  type InlineType,
  type Link,
  type ListItem,
  type PlainList,
  type Table,
} from '@orgnotes/core';
import type { ConvertContext } from '@orgnotes/cli';
import {
  addBreakPoints,
  breakableNameLines,
  escapeText,
  glyphFallbacks,
  macroArgument,
  protectLine,
  type EscapeMode,
  type GlyphSet,
} from './escape.js';
import { pageHeader, planPages, PAGE_SOURCE, type Page, type PagePlan } from './pages.js';

/** A piece of inline output: escaped text (may hold soft newlines) or a whole macro line. */
type Piece = { kind: 'text'; value: string } | { kind: 'macro'; value: string };

type Font = 'R' | 'B' | 'I' | 'BI';

interface InlineMode {
  /** Macro lines (`.UR`, `.br`) are allowed: false in titles, table cells and tags. */
  macros: boolean;
  /** Upper-case text (man-pages(7): `.SH` headings are upper case). */
  upper: boolean;
  /** The font the surrounding text is set in (`.SH` titles are bold). */
  base: Font;
}

const PROSE: InlineMode = { macros: true, upper: false, base: 'R' };
const LINE: InlineMode = { macros: false, upper: false, base: 'R' };

export interface RenderOptions {
  splitLevel: number | null;
  date: string;
}

interface Footnotes {
  order: string[];
  /** Where each footnote is first referenced. */
  locs: Map<string, { line: number; column: number } | undefined>;
  numbers: Map<string, number>;
  inline: Map<string, Inline[]>;
}

interface State {
  document: Document;
  context: ConvertContext;
  /** What is exported (core's export rules). */
  tree: ExportedTree;
  /** Headings written, in order. */
  rendered: Heading[];
  options: RenderOptions;
  plan: PagePlan;
  page: Page;
  out: string[];
  /** Just after `.SH`/`.SS` and its title: a `.PP` here is redundant (mandoc warns). */
  atSectionStart: boolean;
  /** Just after an item's `.IP`/`.TP`: its first paragraph follows directly. */
  atItemStart: boolean;
  /** Text indentation of the list items we are inside (null: not in an item). */
  indents: (number | null)[];
  /** Columns taken by the `.RS 4` of headings below `.SS`. */
  headingIndent: number;
  fonts: Font[];
  glyphs: GlyphSet;
  hasTable: boolean;
  footnotes: Footnotes;
  definitions: Map<string, Block[]>;
  seeAlso: Map<string, { name: string; section: string }>;
}

// ---- output --------------------------------------------------------------------------------

function push(s: State, ...lines: string[]) {
  pushAll(s, lines);
}

/** Appends lines one by one: spreading a very long array into push() overflows the call stack. */
function pushAll(s: State, lines: string[]) {
  if (lines.length === 0) return;
  for (const line of lines) s.out.push(line);
  s.atSectionStart = false;
  s.atItemStart = false;
}

/** Renders into a fresh buffer and returns its lines, leaving the page untouched. */
function capture(s: State, body: () => void): string[] {
  const saved = { out: s.out, atSectionStart: s.atSectionStart, atItemStart: s.atItemStart };
  s.out = [];
  s.atSectionStart = false;
  s.atItemStart = false;
  body();
  const lines = s.out;
  Object.assign(s, saved);
  return lines;
}

/**
 * Starts a paragraph: nothing right after a section title or an item's tag; `.IP "" W` inside
 * a list item (continuing at the item's indentation); `.IP "" 4` for an indented block;
 * `.PP` otherwise.
 */
function paragraph(s: State, kind: 'text' | 'indented') {
  if (s.atItemStart) {
    s.atItemStart = false;
    return;
  }
  const indent = s.indents[s.indents.length - 1] ?? null;
  if (indent !== null) push(s, `.IP "" ${indent}`);
  else if (kind === 'indented') push(s, '.IP "" 4');
  else if (!s.atSectionStart) push(s, '.PP');
}

/**
 * Writes inline pieces as filled text lines. Leading blanks would break the line (roff(7)),
 * blank lines are not allowed in fill mode (mandoc), and a `.UE`/`.ME` takes the punctuation
 * glued to the link as its argument so that no space appears before it (groff_man(7)).
 */
function emit(s: State, pieces: Piece[], fill = true) {
  let buffer = '';
  let afterLinkEnd = -1;
  const flush = () => {
    let raw = buffer;
    buffer = '';
    if (afterLinkEnd >= 0) {
      const glued = /^[^\s"]+/.exec(raw);
      if (glued) {
        s.out[afterLinkEnd] += ` ${glued[0]}`;
        raw = raw.slice(glued[0].length);
      }
      afterLinkEnd = -1;
    }
    // Fill mode: runs of spaces would show (groff keeps them), leading ones would break the line.
    const trimmed = fill ? raw.trim() : raw.trimEnd();
    const line = fill && trimmed.includes('  ') ? trimmed.replace(/ {2,}/g, ' ') : trimmed;
    if (line === '' && fill) return;
    push(s, protectLine(fill ? addBreakPoints(line, WORD_CHUNK) : line));
  };
  for (const piece of pieces) {
    if (piece.kind === 'macro') {
      if (buffer.trim() !== '' || afterLinkEnd >= 0) flush();
      buffer = '';
      push(s, piece.value);
      if (/^\.(UE|ME)$/.test(piece.value)) afterLinkEnd = s.out.length - 1;
      continue;
    }
    if (!piece.value.includes('\n')) {
      buffer += piece.value;
      continue;
    }
    const parts = piece.value.split('\n');
    parts.forEach((part, i) => {
      if (i > 0) flush();
      buffer += part;
    });
  }
  if (buffer.trim() !== '' || afterLinkEnd >= 0) flush();
}

/** Longest run of visible characters in a word before an optional break point. */
const WORD_CHUNK = 24;

/** Pieces as one line of text (titles, tags, table cells): soft breaks become spaces. */
function oneLine(pieces: Piece[]): string {
  return pieces
    .map((p) => (p.kind === 'text' ? p.value : ' '))
    .join('')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

/**
 * A line break at the very start or end of a paragraph breaks nothing, and mandoc warns about
 * `.br` right after `.PP` or at the end of a section: drop those, keep the ones inside.
 */
function withoutEdgeBreaks(pieces: Piece[]): Piece[] {
  const isBreak = (p: Piece | undefined) => p?.kind === 'macro' && p.value === '.br';
  const isSpace = (p: Piece | undefined) => p?.kind === 'text' && p.value.trim() === '';
  let start = 0;
  let end = pieces.length;
  while (
    start < end &&
    (isBreak(pieces[start]) || (isSpace(pieces[start]) && pieces.slice(start, end).some(isBreak)))
  )
    start++;
  while (
    end > start &&
    (isBreak(pieces[end - 1]) || (isSpace(pieces[end - 1]) && isBreak(pieces[end - 2])))
  )
    end--;
  return start === 0 && end === pieces.length ? pieces : pieces.slice(start, end);
}

function isBlank(pieces: Piece[]): boolean {
  return pieces.every(
    (p) => p.kind === 'text' && p.value.replace(/\\f(\(..|[BIRP])/g, '').trim() === '',
  );
}

// ---- inline --------------------------------------------------------------------------------

const text = (value: string): Piece => ({ kind: 'text', value });
const macro = (value: string): Piece => ({ kind: 'macro', value });

function esc(s: State, value: string, mode: EscapeMode): string {
  return escapeText(value, mode, s.glyphs);
}

function fontEscape(font: Font): string {
  return font.length === 1 ? `\\f${font}` : `\\f(${font}`;
}

function combine(outer: Font, add: 'B' | 'I'): Font {
  if (outer === 'R') return add;
  if (outer === add || outer === 'BI') return outer;
  return 'BI';
}

/** Sets `pieces` in a font and switches back to the surrounding one (every `\fB` is balanced). */
function inFont(s: State, mode: InlineMode, add: 'B' | 'I', body: () => Piece[]): Piece[] {
  const outer = s.fonts[s.fonts.length - 1] ?? mode.base;
  const inner = combine(outer, add);
  if (inner === outer) return body();
  s.fonts.push(inner);
  const pieces = body();
  s.fonts.pop();
  return [text(fontEscape(inner)), ...pieces, text(fontEscape(outer))];
}

export function inlines(s: State, nodes: Inline[], mode: InlineMode): Piece[] {
  const out: Piece[] = [];
  for (const node of nodes) {
    const handler = inlineHandlers[node.type] as (
      node: Inline,
      s: State,
      mode: InlineMode,
    ) => Piece[];
    out.push(...handler(node, s, mode));
  }
  return out;
}

/** A page name reference, man-pages(7) style: `\fBname\fR(7)`. */
function pageReference(s: State, mode: InlineMode, page: Page): Piece[] {
  s.seeAlso.set(`${page.name}(${page.section})`, { name: page.name, section: page.section });
  return [
    ...inFont(s, mode, 'B', () => [text(esc(s, page.name, 'code'))]),
    text(`(${esc(s, page.section, 'code')})`),
  ];
}

function linkPieces(link: Link, s: State, mode: InlineMode): Piece[] {
  const description = link.children.length > 0 ? inlines(s, link.children, mode) : null;
  const withDescription = (ref: Piece[]): Piece[] =>
    description ? [...description, text(' ('), ...ref, text(')')] : ref;
  const target = linkTarget(link, s.document, s.context.notes, s.tree.config);
  switch (target.kind) {
    case 'man': {
      const ref = inFont(s, mode, 'B', () => [text(esc(s, target.name, 'code'))]);
      return withDescription(
        target.section ? [...ref, text(`(${esc(s, target.section, 'code')})`)] : ref,
      );
    }
    case 'url': {
      if (target.email) {
        const address = link.path;
        if (!description) return [text(esc(s, address, 'code'))];
        if (!mode.macros) return [...description, text(` <${esc(s, address, 'code')}>`)];
        return [
          macro(`.MT ${macroArgument(esc(s, address, 'code'))}`),
          ...description,
          macro('.ME'),
        ];
      }
      const url = target.url;
      if (!description) return [text(esc(s, url, 'code'))];
      if (!mode.macros) return [...description, text(` <${esc(s, url, 'code')}>`)];
      // man-pages(7): `\:` break points let a long URL wrap where groff shows it.
      return [
        macro(`.UR ${macroArgument(addBreakPoints(esc(s, url, 'code'), WORD_CHUNK))}`),
        ...description,
        macro('.UE'),
      ];
    }
    case 'emacs':
      return description ?? [text(esc(s, link.rawLink, 'code'))];
    case 'file': {
      const file = inFont(s, mode, 'I', () => [text(esc(s, link.path, 'code'))]);
      if (target.image) return [text('[image: '), ...file, text(']')];
      return withDescription(file);
    }
    case 'broken':
      // The note set reports broken links; the text stays.
      return description ?? [text(esc(s, referenceText(link) ?? link.path, 'prose'))];
    case 'private':
      // Rule and wording from core: the description alone, never the target's title or path.
      s.context.report('info', PRIVATE_LINK_RULE, target.message, link.loc);
      return description ?? [];
    // A man page has no anchors: an org-ref label and what only LaTeX reads show nothing.
    case 'anchor':
    case 'hidden':
      return [];
    case 'citation':
      return inlineHandlers.citation(target.citation, s, mode);
    case 'document': {
      if (target.anchor !== undefined && target.document === s.document)
        return description ?? [text(esc(s, referenceText(link) ?? link.path, 'prose'))];
      if (target.document === s.document)
        return description ?? [text(esc(s, s.document.meta.title ?? s.plan.main.name, 'prose'))];
      const page = planFor(s, target.document).main;
      return withDescription(pageReference(s, mode, page));
    }
    case 'heading': {
      const plan = planFor(s, target.document);
      const page = plan.pageOf(target.heading);
      // A link to a target or label shows what it names, then where that is.
      const title =
        target.anchor !== undefined
          ? (referenceText(link) ?? link.path)
          : plainText(target.heading.title).trim();
      if (!page) {
        s.context.report(
          'warning',
          'man-link-not-exported',
          `link [[${link.rawLink}]] points to a heading that is not exported (COMMENT or an exclude tag): only its text is written`,
          link.loc,
        );
        return description ?? [text(esc(s, title, 'prose'))];
      }
      const label = description ?? [text(esc(s, title, 'prose'))];
      if (page === s.page && target.document === s.document) {
        if (target.heading === page.heading) return label;
        return [...label, text(' (see '), ...sectionReference(s, mode, target.heading), text(')')];
      }
      const ref = pageReference(s, mode, page);
      if (target.heading === page.heading) return [...label, text(' (see '), ...ref, text(')')];
      return [
        ...label,
        text(' (see '),
        ...inFont(s, mode, 'I', () => [text(esc(s, title, 'prose'))]),
        text(' in '),
        ...ref,
        text(')'),
      ];
    }
  }
}

/** How a heading of this page is named: `\fBCONTAINERD\fR` for a section, `\fIrunc\fR in \fBARCHITECTURE\fR` deeper. */
function sectionReference(s: State, mode: InlineMode, heading: Heading): Piece[] {
  const depth = (s.plan.depthOf(heading) ?? 1) - s.page.depth;
  if (depth <= 1)
    return inFont(s, mode, 'B', () => [
      text(esc(s, plainText(heading.title).trim().toUpperCase(), 'prose')),
    ]);
  const section = s.plan.ancestorsOf(heading)[s.page.depth];
  const own = inFont(s, mode, 'I', () => [text(esc(s, plainText(heading.title).trim(), 'prose'))]);
  if (!section) return own;
  return [
    ...own,
    text(' in '),
    ...inFont(s, mode, 'B', () => [
      text(esc(s, plainText(section.title).trim().toUpperCase(), 'prose')),
    ]),
  ];
}

function footnoteNumber(
  s: State,
  label: string,
  loc: { line: number; column: number } | undefined,
): number {
  let n = s.footnotes.numbers.get(label);
  if (n === undefined) {
    s.footnotes.locs.set(label, loc);
    n = s.footnotes.order.length + 1;
    s.footnotes.numbers.set(label, n);
    s.footnotes.order.push(label);
  }
  return n;
}

let anonymousFootnotes = 0;

const inlineHandlers: Handlers<InlineType, [State, InlineMode], Piece[]> = {
  text: (node, s, mode) => [
    text(esc(s, mode.upper ? node.value.toUpperCase() : node.value, 'prose')),
  ],
  bold: (node, s, mode) => inFont(s, mode, 'B', () => inlines(s, node.children, mode)),
  italic: (node, s, mode) => inFont(s, mode, 'I', () => inlines(s, node.children, mode)),
  // man(7) has no underline: terminals show italic as underline, so italic it is.
  underline: (node, s, mode) => inFont(s, mode, 'I', () => inlines(s, node.children, mode)),
  'strike-through': (node, s, mode) => {
    s.context.report(
      'warning',
      'man-strike-through',
      'man pages cannot strike text through: it is written as plain text',
      node.loc,
    );
    return inlines(s, node.children, mode);
  },
  code: (node, s, mode) => inFont(s, mode, 'B', () => [text(esc(s, node.value, 'code'))]),
  verbatim: (node, s, mode) => inFont(s, mode, 'B', () => [text(esc(s, node.value, 'code'))]),
  // Left unexpanded by core (undefined, reported there): the call as written.
  macro: (node, s) => [text(esc(s, macroSource(node), 'prose'))],
  // man(7) has no superscript: the Org source form (x^2, a_{i}) reads best.
  superscript: (node, s, mode) => [
    text('\\(ha'),
    ...(node.useBrackets
      ? [text('{'), ...inlines(s, node.children, mode), text('}')]
      : inlines(s, node.children, mode)),
  ],
  subscript: (node, s, mode) => [
    text('_'),
    ...(node.useBrackets
      ? [text('{'), ...inlines(s, node.children, mode), text('}')]
      : inlines(s, node.children, mode)),
  ],
  'line-break': (_node, _s, mode) => [mode.macros ? macro('.br') : text(' ')],
  link: (node, s, mode) => linkPieces(node, s, mode),
  timestamp: (node, s) =>
    s.tree.settings.timestamps ? [text(esc(s, node.rawValue, 'prose'))] : [],
  'statistics-cookie': (node, s) => [text(esc(s, node.value, 'prose'))],
  // SPEC: org-export: a dedicated target has no text; a man page has no anchors for it.
  target: () => [],
  'footnote-reference': (node, s) => {
    if (!s.tree.settings.footnotes) return [];
    const label = node.label ?? `\u0000anonymous-${++anonymousFootnotes}`;
    if (node.children.length > 0 && !s.footnotes.inline.has(label))
      s.footnotes.inline.set(label, node.children);
    return [text(`[${footnoteNumber(s, label, node.loc)}]`)];
  },
  'latex-fragment': (node, s) => [text(esc(s, node.value, 'prose'))],
  entity: (node, s) => [text(esc(s, node.utf8, 'prose'))],
  // SPEC: (org) Quoting LaTeX code / export snippets: raw text for the named back-end only.
  'export-snippet': (node) => (node.backEnd === 'man' ? [text(node.value)] : []),
  citation: (node, s, mode) => {
    const parts: Piece[] = [text('[')];
    node.children.forEach((child, i) => {
      if (
        i > 0 &&
        child.type === 'citation-reference' &&
        node.children[i - 1]?.type === 'citation-reference'
      )
        parts.push(text('; '));
      parts.push(...inlines(s, [child], mode));
    });
    parts.push(text(']'));
    return parts;
  },
  // A key declared in a reference note's :ROAM_REFS: (core's citationTarget) names its page.
  'citation-reference': (node, s, mode) => {
    const parts = inlines(s, node.children, mode);
    const target = citationTarget(node.key, s.document, s.context.notes, s.tree.config);
    if (!target || target.document === s.document) return parts;
    const plan = planFor(s, target.document);
    const page = target.kind === 'document' ? plan.main : plan.pageOf(target.heading);
    return page ? [...parts, text(' ('), ...pageReference(s, mode, page), text(')')] : parts;
  },
  'citation-common-prefix': (node, s, mode) => [...inlines(s, node.children, mode), text(' ')],
  'citation-common-suffix': (node, s, mode) => [text(' '), ...inlines(s, node.children, mode)],
  'citation-prefix': (node, s, mode) => [...inlines(s, node.children, mode), text(' ')],
  'citation-suffix': (node, s, mode) => [text(' '), ...inlines(s, node.children, mode)],
  'citation-key': (node, s) => [text(`@${esc(s, node.key, 'code')}`)],
};

// ---- blocks --------------------------------------------------------------------------------

function blocks(s: State, nodes: Block[]) {
  for (const node of nodes) {
    if (!s.tree.block(node)) continue;
    const handler = blockHandlers[node.type] as (node: Block, s: State) => void;
    handler(node, s);
  }
}

function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const ch of line) out += ch === '\t' ? ' '.repeat(8 - (out.length % 8)) : ch;
  return out;
}

/** Preformatted text: `.EX`/`.EE` (groff 1.22.4 and mandoc both have them), indented. */
function codeBlock(s: State, value: string) {
  const lines = value.replace(/\n+$/, '').split('\n');
  if (value.trim() === '') return;
  paragraph(s, 'indented');
  push(
    s,
    '.EX',
    ...lines.map((line) => protectLine(esc(s, expandTabs(line).trimEnd(), 'code'))),
    '.EE',
  );
}

function orderedTag(item: ListItem, n: number): string {
  const alpha = /^[A-Za-z][.)]$/.test(item.bullet);
  const close = item.bullet.endsWith(')') ? ')' : '.';
  if (alpha) {
    const base = item.bullet[0]! === item.bullet[0]!.toUpperCase() ? 64 : 96;
    return String.fromCharCode(base + Math.min(26, n)) + close;
  }
  return `${n}${close}`;
}

function counterValue(counter: string): number | null {
  if (/^\d+$/.test(counter)) return Number(counter);
  if (/^[A-Za-z]$/.test(counter)) return counter.toLowerCase().charCodeAt(0) - 96;
  return null;
}

function plainList(node: PlainList, s: State) {
  const outer = s.indents[s.indents.length - 1] ?? null;
  if (outer !== null) push(s, `.RS ${outer}`);
  const tags: string[] = [];
  let n = 0;
  for (const item of node.children) {
    n = (item.counter !== null ? counterValue(item.counter) : null) ?? n + 1;
    tags.push(node.listType === 'ordered' ? orderedTag(item, n) : '\\(bu');
  }
  const width =
    node.listType === 'ordered'
      ? Math.max(3, ...tags.map((t) => t.length + 1))
      : node.listType === 'descriptive'
        ? 4
        : 2;
  node.children.forEach((item, i) => {
    if (node.listType === 'descriptive') {
      push(
        s,
        `.TP ${width}`,
        protectLine(addBreakPoints(oneLine(inlines(s, item.tag ?? [], LINE)), WORD_CHUNK)) || '\\&',
      );
    } else {
      push(s, `.IP ${tags[i]} ${width}`);
    }
    s.atItemStart = true;
    s.indents.push(width);
    const checkbox =
      item.checkbox === 'on'
        ? '[X] '
        : item.checkbox === 'off'
          ? '[\\ ] '
          : item.checkbox === 'trans'
            ? '[\\-] '
            : '';
    const [first, ...rest] = item.children;
    if (first?.type === 'paragraph') {
      s.atItemStart = false;
      emit(s, [text(checkbox), ...inlines(s, first.children, PROSE)]);
      blocks(s, rest);
    } else {
      if (checkbox) emit(s, [text(checkbox)]);
      blocks(s, item.children);
    }
    // An item with nothing in it still needs a body (mandoc: empty block).
    if (s.atItemStart) push(s, '\\&');
    s.indents.pop();
  });
  if (outer !== null) push(s, '.RE');
}

const TAB_CANDIDATES = ['@', '|', '#', '%', '!', '&', ';', '+', '='];
/** Characters a table may take on an 80-column terminal: 78 minus the 7-column indent, with slack for nesting. */
const TABLE_WIDTH = 62;
/** tbl(1)'s default gap between columns (3n). */
const COLUMN_GAP = 3;
/** Narrowest column worth wrapping text in; below it the table is written preformatted. */
const MIN_COLUMN = 6;
/** Estimated lines of a table part: well under a page of groff -Tps (66 lines). */
const PAGE_PART = 30;

/**
 * How wide each column is set: null for its natural width (every cell on one line), or a
 * width in characters for a column whose cells wrap in tbl text blocks. Columns that fit in
 * an equal share keep their width, the others share the rest. Undefined when even that
 * does not fit (too many columns).
 */
function columnWidths(natural: number[], room: number): (number | null)[] | undefined {
  const widths: (number | null)[] = natural.map(() => null);
  const total = natural.reduce((a, b) => a + b, 0) + COLUMN_GAP * (natural.length - 1);
  if (total <= room) return widths;
  let remaining = room - COLUMN_GAP * (natural.length - 1);
  let open = natural.map((_, i) => i);
  for (;;) {
    const share = Math.floor(remaining / Math.max(1, open.length));
    const small = open.filter((c) => natural[c]! <= share);
    if (small.length === 0) {
      if (share < MIN_COLUMN) return undefined;
      for (const c of open) widths[c] = share;
      return widths;
    }
    for (const c of small) remaining -= natural[c]!;
    open = open.filter((c) => !small.includes(c));
    if (open.length === 0) return widths;
  }
}

/** Columns escaped roff text takes: a non-ASCII character counts 2 (CJK and emoji are double width on terminals). */
function visibleLength(escaped: string): number {
  // Without an escape every character is one visible column.
  if (!escaped.includes('\\')) return escaped.length;
  let width = 0;
  for (const token of escaped.match(/\\(?:\(..|\[[^\]]*\]|f\(..|f\[[^\]]*\]|f.|.)|[\s\S]/g) ?? []) {
    if (/^\\(?:f|&$|%$|:$)/.test(token)) continue;
    width += token.startsWith('\\[u') ? 2 : 1;
  }
  return width;
}

/**
 * tbl(1): `tab(@);`, a format line per header row (bold) then the body's; a cell that must
 * wrap is a `T{ T}` text block in a column of fixed width, the others are plain entries.
 */
function table(node: Table, s: State) {
  if (node.tableType === 'table.el') return codeBlock(s, node.value ?? '');
  const rows = [...node.children];
  const emptyRow = (row: (typeof rows)[number]) =>
    row.rowType === 'standard' && row.children.every((cell) => cell.children.length === 0);
  // Trailing empty rows (a common way of leaving room in an Org table) show nothing.
  while (rows.length > 0 && emptyRow(rows[rows.length - 1]!)) rows.pop();
  if (!rows.some((row) => row.rowType === 'standard')) return;
  const firstRule = rows.findIndex((row) => row.rowType === 'rule');
  const headerCount =
    firstRule > 0 && rows.slice(firstRule).some((row) => row.rowType === 'standard')
      ? firstRule
      : 0;
  const columns = Math.max(...rows.map((row) => row.children.length));
  const cells = rows.map((row, r) =>
    row.rowType === 'rule'
      ? null
      : Array.from({ length: columns }, (_, c) => {
          const cell = row.children[c];
          return cell
            ? oneLine(inlines(s, cell.children, r < headerCount ? { ...LINE, base: 'B' } : LINE))
            : '';
        }),
  );
  // Cells whose content renders to nothing here (an HTML export snippet) leave no data: tbl
  // rejects a table without data cells, and there is nothing to show.
  if (cells.every((row) => row === null || row.every((cell) => cell === ''))) return;
  const natural = Array.from({ length: columns }, (_, c) =>
    Math.max(1, ...cells.map((row) => (row ? visibleLength(row[c]!) : 0))),
  );
  const room =
    TABLE_WIDTH - s.headingIndent - s.indents.reduce<number>((sum, w) => sum + (w ?? 4), 0);
  const widths = columnWidths(natural, room);
  if (!widths) return preformattedTable(s, cells, natural, node);
  const all = cells.flatMap((row) => row ?? []).join('');
  const tab = TAB_CANDIDATES.find((c) => !all.includes(c)) ?? '\t';
  const format = (bold: boolean) =>
    widths.map((w) => `l${bold ? 'b' : ''}${w !== null ? `w(${w}n)` : ''}`).join(' ');
  const formats: string[] = [];
  for (let r = 0; r < headerCount; r++) formats.push(format(true));
  if (rows.length > headerCount) formats.push(format(false));
  formats[formats.length - 1] += '.';
  const rowHeight = (row: string[] | null) =>
    row === null
      ? 1
      : Math.max(
          1,
          ...row.map((cell, c) => Math.ceil(visibleLength(cell) / (widths[c] ?? natural[c]!))),
        );
  const rowLine = (row: string[] | null) => {
    if (row === null) return '_';
    const entries = row.map((cell, c) => {
      if (cell === '') return '';
      const width = widths[c];
      // Words of up to 3/4 of the column stay whole; longer ones get break points every
      // width/2 characters, since in proportional fonts (groff -Tps) a letter is up to 2n wide.
      if (width !== null && width !== undefined && visibleLength(cell) > width) {
        return `T{\n${protectLine(addBreakPoints(cell, Math.max(2, Math.floor(width / 2)), Math.floor((width * 3) / 4)))}\nT}`;
      }
      // tbl(1): an entry of `_`, `=`, `\_`, `\Rx` or `\^` alone draws or spans; `\&` keeps it text.
      return `\\&${cell}`;
    });
    return entries.join(tab);
  };
  if (cells.some((row) => rowHeight(row) > PAGE_PART))
    return recordTable(s, cells, headerCount, node);
  // groff 1.22.4 warns when a row of text blocks meets a page break (`-z` sets pages): a
  // table with text blocks is cut into parts that fit a page, each asking for its height
  // (`.ne`) and repeating the header rows.
  s.hasTable = true;
  paragraph(s, 'text');
  const header = cells.slice(0, headerCount + (headerCount > 0 ? 1 : 0));
  const body = cells.slice(header.length);
  const wraps = widths.some((w) => w !== null);
  const parts: (string[] | null)[][] = [];
  let part: (string[] | null)[] = [];
  let height = 0;
  for (const row of body) {
    if (wraps && part.length > 0 && height + rowHeight(row) > PAGE_PART) {
      parts.push(part);
      part = [];
      height = 0;
    }
    part.push(row);
    height += rowHeight(row);
  }
  parts.push(part);
  const bodyFormat = format(false) + '.';
  const headFormats = formats.slice(0, headerCount);
  parts.forEach((rowsOfPart, i) => {
    const all = [...header, ...rowsOfPart];
    const partFormats = rowsOfPart.length > 0 ? [...headFormats, bodyFormat] : formats;
    if (i > 0) push(s, '.sp');
    push(
      s,
      `.ne ${all.reduce((sum, row) => sum + rowHeight(row), 2)}v`,
      '.TS',
      `tab(${tab});`,
      ...partFormats,
      ...all.map(rowLine),
      '.TE',
    );
  });
}

/**
 * A table with a cell taller than a page (tbl cannot set a text block across pages): each
 * row becomes a list item of `header: value` lines.
 */
function recordTable(s: State, cells: (string[] | null)[], headerCount: number, node: Table) {
  s.context.report(
    'warning',
    'man-tall-table',
    'a table cell is too long for tbl(1), which cannot break a cell across pages: the rows are written as a list',
    node.loc,
  );
  const header = headerCount > 0 ? cells[0] : null;
  for (const row of cells.slice(headerCount)) {
    if (row === null) continue;
    push(s, '.IP \\(bu 2');
    const lines = row
      .map((cell, c) => (cell === '' ? null : header?.[c] ? `\\fB${header[c]}\\fR: ${cell}` : cell))
      .filter((line): line is string => line !== null)
      .map((line) => protectLine(addBreakPoints(line, WORD_CHUNK)));
    pushAll(
      s,
      lines.flatMap((line, i) => (i > 0 ? ['.br', line] : [line])),
    );
    if (lines.length === 0) push(s, '\\&');
  }
}

/** A table too wide for any terminal: Org's own layout, preformatted. */
function preformattedTable(s: State, cells: (string[] | null)[], natural: number[], node: Table) {
  s.context.report(
    'warning',
    'man-wide-table',
    `a table of ${natural.length} columns cannot fit a man page's width: it is written as preformatted text`,
    node.loc,
  );
  const lines = cells.map((row) =>
    row === null
      ? `|${natural.map((w) => '\\-'.repeat(w + 2)).join('+')}|`
      : `| ${row.map((cell, c) => cell + ' '.repeat(natural[c]! - visibleLength(cell))).join(' | ')} |`,
  );
  paragraph(s, 'indented');
  push(s, '.EX', ...lines.map((line) => protectLine(line.trimEnd())), '.EE');
}

function textLines(s: State, value: string) {
  paragraph(s, 'text');
  emit(s, [text(esc(s, value, 'prose'))]);
}

/** Blocks indented by 4 (`.RS`), the first paragraph led by `label` in bold when given. */
function indentedBlocks(s: State, children: Block[], label: string | null) {
  const outer = s.indents[s.indents.length - 1] ?? 0;
  s.indents.push(null);
  const lines = capture(s, () => blocks(s, children));
  s.indents.pop();
  if (lines.length === 0 && label === null) return;
  if (label !== null) {
    const bold = protectLine(`\\fB${esc(s, label, 'prose')}\\fR`);
    // In fill mode the label's line joins the first paragraph's text.
    if (lines[0] === '.PP' && lines[1] !== undefined && !lines[1].startsWith('.'))
      lines.splice(1, 0, bold);
    else lines.unshift('.PP', bold);
  }
  push(s, `.RS ${outer + 4}`, ...lines, '.RE');
}

const blockHandlers: Handlers<BlockType, [State], void> = {
  paragraph: (node, s) => {
    const pieces = withoutEdgeBreaks(inlines(s, node.children, PROSE));
    if (isBlank(pieces)) return;
    paragraph(s, 'text');
    emit(s, pieces);
  },
  'plain-list': plainList,
  table,
  'src-block': (node, s) => codeBlock(s, node.value),
  'example-block': (node, s) => codeBlock(s, node.value),
  'fixed-width': (node, s) => codeBlock(s, node.value),
  'latex-environment': (node, s) => codeBlock(s, node.value),
  // SPEC: (org) Quoting LaTeX code: an export block is raw text for its back-end only.
  'export-block': (node, s) => {
    if (node.backend === 'man') push(s, ...node.value.replace(/\n+$/, '').split('\n'));
  },
  // Comments, keywords and diary sexps are never exported (SPEC: org-export-ignored-elements).
  'comment-block': () => {},
  comment: () => {},
  keyword: () => {},
  'diary-sexp': () => {},
  // Gathered under NOTES.
  'footnote-definition': () => {},
  'quote-block': (node, s) => indentedBlocks(s, node.children, null),
  // man(7) has no centring that mandoc accepts in text: the contents, left-aligned.
  'center-block': (node, s) => blocks(s, node.children),
  // A theorem-like block: indented, led by its bold label (core's specialBlockLabel).
  'special-block': (node, s) => {
    const label = specialBlockLabel(node);
    if (label) indentedBlocks(s, node.children, label.text);
    else blocks(s, node.children);
  },
  // Which drawers are exported is core's rule (`d:`).
  drawer: (node, s) => blocks(s, node.children),
  // SPEC: org-export-with-properties, default nil; a list names the properties shown.
  'property-drawer': (node, s) => {
    const shown = s.tree.settings.properties;
    if (shown === false) return;
    for (const property of node.children)
      if (shown === true || shown.includes(property.key))
        textLines(s, `${property.key}: ${property.value}`);
  },
  // SPEC: org-export-with-clocks and org-export-with-planning, both nil by default.
  clock: (node, s) => {
    if (s.tree.settings.clocks)
      textLines(
        s,
        `CLOCK: ${node.value?.rawValue ?? ''}${node.duration ? ` => ${node.duration}` : ''}`,
      );
  },
  planning: (node, s) => {
    if (!s.tree.settings.planning) return;
    const parts = [
      node.closed && `CLOSED: ${node.closed.rawValue}`,
      node.deadline && `DEADLINE: ${node.deadline.rawValue}`,
      node.scheduled && `SCHEDULED: ${node.scheduled.rawValue}`,
    ];
    textLines(s, parts.filter(Boolean).join(' '));
  },
  'verse-block': (node, s) => {
    const pieces = inlines(s, node.children, PROSE);
    if (isBlank(pieces)) return;
    paragraph(s, 'text');
    push(s, '.nf');
    emit(s, pieces, false);
    push(s, '.fi');
  },
  'horizontal-rule': (_node, s) => {
    paragraph(s, 'text');
    push(s, '* * *');
  },
  unparsed: (node, s) => {
    s.context.report(
      'warning',
      'man-unparsed',
      `text the Org parser could not read (${node.reason}) is written as preformatted text`,
      node.loc,
    );
    codeBlock(s, node.value);
  },
};

// ---- headings and pages --------------------------------------------------------------------

const planCache = new WeakMap<Document, Map<string, PagePlan>>();

/** The pages of a document, computed once per split level (pages are compared by identity). */
export function pagePlan(
  document: Document,
  splitLevel: number | null,
  tree: ExportedTree = exportedTree(document),
): PagePlan {
  let byTree = planCache.get(document);
  if (!byTree) planCache.set(document, (byTree = new Map()));
  const key = `${splitLevel}\0${JSON.stringify(tree.config)}`;
  let plan = byTree.get(key);
  if (!plan) byTree.set(key, (plan = planPages(document, splitLevel, tree)));
  return plan;
}

function planFor(s: { options: RenderOptions; tree: ExportedTree }, document: Document): PagePlan {
  return pagePlan(document, s.options.splitLevel, exportedTree(document, s.tree.config));
}

function headingTitle(s: State, heading: Heading, mode: InlineMode): string {
  const pieces: Piece[] = [];
  if (heading.todo && s.tree.settings.todoKeywords)
    pieces.push(text(`${esc(s, heading.todo, 'prose')} `));
  if (heading.priority && s.tree.settings.priority)
    pieces.push(text(`[#${esc(s, heading.priority, 'prose')}] `));
  pieces.push(...inlines(s, heading.title, mode));
  return protectLine(addBreakPoints(oneLine(pieces), WORD_CHUNK)) || '(untitled)';
}

/** `.SH`/`.SS` with the title on the next line (no quoting rules), or inline for our own fixed names. */
function sectionTitle(s: State, macroName: '.SH' | '.SS', title: string, fixed = false) {
  push(s, ...(fixed ? [`${macroName} ${title}`] : [macroName, title]));
  s.atSectionStart = true;
}

/** A heading at depth `rel` below the page's top: `.SH`, `.SS`, then bold paragraphs with the body in `.RS`. */
function heading(s: State, node: Heading, rel: number) {
  const page = s.plan.pageOf(node);
  if (!page) return;
  const own = page === s.page;
  if (own) s.rendered.push(node);
  if (rel === 1)
    sectionTitle(s, '.SH', headingTitle(s, node, { macros: false, upper: true, base: 'B' }));
  else if (rel === 2)
    sectionTitle(s, '.SS', headingTitle(s, node, { macros: false, upper: false, base: 'B' }));
  else {
    paragraph(s, 'text');
    push(s, `\\fB${headingTitle(s, node, { macros: false, upper: false, base: 'B' })}\\fR`);
  }
  const body = () => {
    if (!own) {
      // A split-off heading: its page is named where it was.
      paragraph(s, 'text');
      emit(s, [text('See '), ...pageReference(s, PROSE, page), text('.')]);
      return;
    }
    // An archived tree under `arch:headline` (Org's default): the title only.
    if (!s.tree.body(node)) return;
    blocks(s, node.content);
    for (const child of node.children) heading(s, child, rel + 1);
  };
  if (rel <= 2) return body();
  s.headingIndent += 4;
  const lines = capture(s, body);
  s.headingIndent -= 4;
  if (lines.length > 0) push(s, '.RS 4', ...lines, '.RE');
}

function footnotesSection(s: State) {
  if (s.footnotes.order.length === 0) return;
  sectionTitle(s, '.SH', 'NOTES', true);
  // Definitions may reference further footnotes: the list grows while it is written.
  for (let i = 0; i < s.footnotes.order.length; i++) {
    const label = s.footnotes.order[i]!;
    const tag = `[${i + 1}]`;
    push(s, `.IP ${tag} ${Math.max(4, tag.length + 1)}`);
    s.atItemStart = true;
    s.indents.push(Math.max(4, tag.length + 1));
    const inline = s.footnotes.inline.get(label);
    const definition = s.definitions.get(label);
    if (inline) emit(s, inlines(s, inline, PROSE));
    else if (definition) {
      const [first, ...rest] = definition;
      if (first?.type === 'paragraph') {
        s.atItemStart = false;
        emit(s, inlines(s, first.children, PROSE));
        blocks(s, rest);
      } else blocks(s, definition);
    } else {
      s.context.report(
        'warning',
        'man-footnote-missing',
        `footnote [fn:${label}] has no definition`,
        s.footnotes.locs.get(label),
      );
    }
    if (s.atItemStart) push(s, '\\&');
    s.indents.pop();
  }
}

function seeAlsoSection(s: State) {
  s.seeAlso.delete(`${s.page.name}(${s.page.section})`);
  if (s.seeAlso.size === 0) return;
  sectionTitle(s, '.SH', 'SEE ALSO', true);
  const refs = [...s.seeAlso.values()].sort(
    (a, b) => compareText(a.name, b.name) || compareText(a.section, b.section),
  );
  push(
    s,
    ...refs.map(
      (ref, i) =>
        `\\fB${esc(s, ref.name, 'code')}\\fR(${esc(s, ref.section, 'code')})${i < refs.length - 1 ? ',' : ''}`,
    ),
  );
}

function oneLineText(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** Renders one page of a document. */
export function renderPage(
  document: Document,
  context: ConvertContext,
  options: RenderOptions,
  page: Page,
  rendered: Heading[] = [],
): string {
  const tree = exportedTree(document, exportConfigFromOptions(context.options));
  const plan = planFor({ options, tree }, document);
  const s: State = {
    document,
    context,
    tree,
    rendered,
    options,
    plan,
    page,
    out: [],
    atSectionStart: false,
    atItemStart: false,
    indents: [],
    headingIndent: 0,
    fonts: [],
    glyphs: new Set(),
    hasTable: false,
    footnotes: { order: [], locs: new Map(), numbers: new Map(), inline: new Map() },
    definitions: new Map(
      [...footnoteDefinitions(document)].map(([label, definition]) => [label, definition.children]),
    ),
    seeAlso: new Map(),
  };
  const title = oneLineText(document.meta.title ?? '');
  let description: string;
  if (page.heading) {
    const path = [...plan.ancestorsOf(page.heading), page.heading].map((h) =>
      oneLineText(plainText(h.title)),
    );
    description = path.join(' / ');
    s.seeAlso.set(`${plan.main.name}(${plan.main.section})`, {
      name: plan.main.name,
      section: plan.main.section,
    });
  } else {
    description =
      oneLineText(document.meta.description ?? '') ||
      title ||
      `notes from ${document.path ?? 'standard input'}`;
  }

  // DESCRIPTION: the text before the first heading (or the split heading's own text).
  const intro = capture(s, () => {
    s.atSectionStart = true;
    blocks(s, page.heading ? page.heading.content : document.children);
  });
  if (intro.length > 0) {
    sectionTitle(s, '.SH', 'DESCRIPTION', true);
    push(s, ...intro);
  }
  if (page.heading) {
    for (const child of page.heading.children) heading(s, child, 1);
  } else {
    for (const h of document.headings) heading(s, h, 1);
  }
  footnotesSection(s);
  if (document.meta.author && tree.settings.author && !page.heading) {
    sectionTitle(s, '.SH', 'AUTHORS', true);
    emit(s, [text(esc(s, oneLineText(document.meta.author), 'prose'))]);
  }
  // Issue 14: the exported notes linking to this one join SEE ALSO (its main page; a split
  // page already refers to its main page).
  if (!page.heading && document.path) {
    for (const backlink of noteBacklinks(s.context.notes.links, document.path, s.tree.config)) {
      const main = planFor(s, s.context.notes.locate(backlink.path, null).document).main;
      s.seeAlso.set(`${main.name}(${main.section})`, { name: main.name, section: main.section });
    }
  }
  seeAlsoSection(s);

  const body = s.out;
  const nameLine = `${esc(s, page.name, 'code')} \\- ${esc(s, description || page.name, 'prose')}`;
  const centre = esc(s, title || 'Org notes', 'prose');
  const header = pageHeader(page.name, page.section, options.date, centre, visibleLength(centre));
  const th = [
    '.TH',
    macroArgument(esc(s, header.title, 'code')),
    macroArgument(esc(s, page.section, 'code')),
    macroArgument(options.date),
    macroArgument(PAGE_SOURCE),
    macroArgument(header.centre),
  ].join(' ');
  const source = esc(s, document.path ?? 'standard input', 'code');
  const head = [
    ...(s.hasTable ? ['\'\\" t'] : []),
    `.\\" Generated by org2man from ${source}: edit the Org notes, not this page.`,
    th,
    // Ragged right without hyphenation: notes are full of commands, paths and URLs, which
    // must not be split by a hyphen, and justified narrow lines make groff warn "cannot adjust".
    '.ad l',
    // HY too: groff's .EE, .UE and .ME switch hyphenation back on with `.hy \n(HY)`
    // (an-ext.tmac), so `.nh` alone would hold only until the first code block or link.
    '.nr HY 0',
    '.nh',
    ...glyphFallbacks(s.glyphs),
    '.SH NAME',
    ...breakableNameLines(page.name, nameLine),
  ];
  return head.concat(body).join('\n') + '\n';
}
