/**
 * Spans: the source text cut into consecutive pieces, one per element, so that the pieces
 * concatenate to the input by construction whatever positions uniorg-parse reports. Each
 * element keeps its piece as the `src` the printer reuses while the element is unchanged.
 */
import type { ParsedNode, UNode } from './resilient-parse.js';
import { signature } from './signature.js';
import { AFFILIATED_LINE, BLANK_LINE } from './syntax.js';
import type {
  Block,
  ContainerSource,
  Heading,
  LeafSource,
  ListItem,
  NodeProperty,
  TableRow,
} from './types.js';

/** A headline line or a top-level element, with its span [start, end) of the text. */
export type StreamItem =
  | { kind: 'headline'; node: UNode; start: number; end: number }
  | { kind: 'element'; node: ParsedNode; start: number; end: number };

/** A child element of a container with its span [start, end). */
export interface ChildSpan {
  node: UNode;
  start: number;
  end: number;
}

/**
 * How a container's span divides: the text before its first child (`open`), the children's
 * spans, and the text after the last (`close`, without the trailing blank lines, `after`).
 */
export interface ContainerLayout {
  children: ChildSpan[];
  open: string;
  close: string;
  after: string;
}

/** The document as a flat sequence of headline lines and top-level elements, each with its span. */
export function streamSpans(text: string, roots: ParsedNode[]): StreamItem[] {
  const items: StreamItem[] = [];
  let floor = 0;
  const visit = (nodes: ParsedNode[]) => {
    for (const node of nodes) {
      if (node.type === 'section') {
        const [headline, ...rest] = node.children ?? [];
        if (headline?.type === 'headline') {
          const start = Math.max(lineStart(text, node.position!.start.offset), floor);
          items.push({ kind: 'headline', node: headline, start, end: 0 });
          floor = Math.max(start, endOf(headline));
          visit(rest);
        } else {
          visit(node.children ?? []);
        }
        continue;
      }
      if (isBlankParagraph(text, node)) continue;
      const start = elementStart(text, node, floor).start;
      items.push({ kind: 'element', node, start, end: 0 });
      floor = Math.max(start, endOf(node));
    }
  };
  visit(roots);
  // Starts must not decrease, whatever the parser reported.
  for (let i = 1; i < items.length; i++) {
    if (items[i]!.start < items[i - 1]!.start) items[i]!.start = items[i - 1]!.start;
  }
  // Each item spans up to the next one.
  items.forEach((item, i) => (item.end = items[i + 1]?.start ?? text.length));
  return items;
}

/**
 * Where an element's span begins (`start`): at the start of its line (uniorg starts some
 * elements after their markers, e.g. comments), never before `floor`, and including the
 * affiliated keywords above it (uniorg starts the element after them), which end where the
 * element's own first line (`body`) begins.
 */
export function elementStart(
  text: string,
  node: ParsedNode,
  floor: number,
): { start: number; body: number } {
  const offset = node.position?.start.offset ?? floor;
  const body = Math.max(lineStart(text, offset), floor);
  let start = body;
  while (start > floor) {
    const prev = lineStart(text, start - 1);
    if (prev < floor) break;
    if (!AFFILIATED_LINE.test(text.slice(prev, start - 1))) break;
    start = prev;
  }
  return { start, body };
}

/**
 * uniorg-parse makes a paragraph of the blank line after a comment; the blank line is
 * layout, so it joins the span of the element before it.
 */
function isBlankParagraph(text: string, node: ParsedNode): boolean {
  return (
    node.type === 'paragraph' &&
    node.position !== undefined &&
    text.slice(node.position.start.offset, node.position.end.offset).trim() === ''
  );
}

/**
 * Lays out a container's span [start, end): the text before the first child is `open`, each
 * child spans up to the next child's start, the last one up to the container's contents
 * end, and the rest is `close`.
 */
export function containerLayout(
  text: string,
  node: UNode,
  start: number,
  end: number,
): ContainerLayout {
  const kids = (node.children ?? []).filter(
    (c) => c.type !== 'list-item-tag' && c.position && !isBlankParagraph(text, c),
  );
  const contentsBegin = clamp(node.contentsBegin ?? start, start, end);
  const starts: number[] = [];
  let floor = contentsBegin;
  for (const kid of kids) {
    const s = Math.max(
      elementStart(text, kid, floor).start,
      starts[starts.length - 1] ?? contentsBegin,
    );
    starts.push(s);
    floor = Math.max(s, endOf(kid));
  }
  let lastEnd: number;
  if (kids.length === 0) {
    lastEnd = contentsBegin;
  } else {
    const last = kids[kids.length - 1]!;
    lastEnd = clamp(
      Math.max(node.contentsEnd ?? end, endOf(last)),
      starts[starts.length - 1]!,
      end,
    );
  }
  const children = kids.map((kid, i) => ({
    node: kid,
    start: starts[i]!,
    end: i + 1 < kids.length ? starts[i + 1]! : lastEnd,
  }));
  const { body: close, after } = splitTrailingBlankLines(text.slice(lastEnd, end));
  return {
    children,
    open: text.slice(start, kids.length ? starts[0]! : contentsBegin),
    close,
    after,
  };
}

/**
 * Lays out an Org table's span: one line span per row, from the first row's line to the end
 * of the last row's line; `close` holds the `#+TBLFM:` lines.
 */
export function tableLayout(
  text: string,
  node: UNode,
  start: number,
  body: number,
  end: number,
): ContainerLayout {
  const rows = node.children ?? [];
  const starts = rows.map((row) => lineStart(text, row.position!.start.offset));
  const contentsEnd = rows.length
    ? clamp(nextLineStart(text, endOf(rows[rows.length - 1]!)), starts[starts.length - 1]!, end)
    : body;
  const children = rows.map((row, i) => ({
    node: row,
    start: starts[i]!,
    end: i + 1 < rows.length ? starts[i + 1]! : contentsEnd,
  }));
  const { body: close, after } = splitTrailingBlankLines(text.slice(contentsEnd, end));
  return { children, open: text.slice(start, starts[0] ?? contentsEnd), close, after };
}

/** The source of an element printed as one piece while unchanged: its span's text. */
export function leafSource(
  text: string,
  model: Block | Heading | NodeProperty | TableRow,
  start: number,
  end: number,
): LeafSource {
  const { body, after } = splitTrailingBlankLines(text.slice(start, end));
  return withAfter<LeafSource>({ raw: body, sig: signature(model) }, after);
}

/** The source of a container, whose children keep sources of their own. */
export function containerSource(
  layout: Pick<ContainerLayout, 'open' | 'close' | 'after'>,
  model: Block | ListItem,
): ContainerSource {
  return withAfter<ContainerSource>(
    { open: layout.open, close: layout.close, sig: signature(model) },
    layout.after,
  );
}

/**
 * A source with its `after` (trailing blank lines) when there is one, set rather than spread
 * into the literal: the same keys in the same order, without a slow copy for every node.
 */
function withAfter<S extends { after?: string }>(source: S, after: string): S {
  if (after) source.after = after;
  return source;
}

/** Splits trailing whole blank lines off a span: they belong to the layout, not the element. */
export function splitTrailingBlankLines(span: string): { body: string; after: string } {
  if (!span.endsWith('\n')) return { body: span, after: '' };
  // `cut` is the start of the trailing run of whole lines holding only spaces and tabs.
  let cut = span.length;
  while (cut > 0) {
    const lineStartAt = cut < 2 ? 0 : span.lastIndexOf('\n', cut - 2) + 1;
    if (!BLANK_LINE.test(span.slice(lineStartAt, cut - 1))) break;
    cut = lineStartAt;
  }
  return { body: span.slice(0, cut), after: span.slice(cut) };
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function nextLineStart(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const eol = text.indexOf('\n', offset);
  return eol === -1 ? text.length : eol + 1;
}

function endOf(node: { position?: { end: { offset: number } } }): number {
  return node.position?.end.offset ?? 0;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}
