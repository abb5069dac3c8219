/**
 * Reader: Org text -> model, through uniorg-parse.
 *
 * uniorg-parse gives the semantics; positions (trackPosition) tie every element to its
 * source text. The reader cuts the text into consecutive spans, one per element, so that
 * concatenating the spans gives the input back by construction. Each element keeps the
 * span text the printer needs (`src`) with a signature of its semantic fields; the printer
 * reuses that text only while the signature still matches.
 */
import { parse } from 'uniorg-parse/lib/parser.js';
import { defaultOptions } from 'uniorg-parse/lib/parse-options.js';
import type * as U from 'uniorg';
import { LineIndex, type Diagnostic } from './diagnostics.js';
import { scanSettings, type FileSettings } from './settings.js';
import { signature } from './signature.js';
import {
  SCHEMA_VERSION,
  type AffiliatedKeyword,
  type Block,
  type ContainerSource,
  type Document,
  type DocumentMeta,
  type Heading,
  type Inline,
  type LeafSource,
  type ListItem,
  type Loc,
  type NodeProperty,
  type TableCell,
  type TableRow,
  type Timestamp,
} from './types.js';
import { detectTableAlign } from './table.js';
import { AFFILIATED_LINE, parseAffiliatedLine, removeCommonIndent, unescapeCode } from './syntax.js';

export interface ReadOptions {
  /** Path shown in diagnostics and stored as `document.path` (relative, forward slashes). */
  path?: string;
}

export interface ReadResult {
  document: Document;
  diagnostics: Diagnostic[];
}

/** A uniorg node as the reader sees it: any element or object, with positions. */
type UNode = U.OrgNode & {
  position?: { start: { offset: number }; end: { offset: number } };
  contentsBegin?: number;
  contentsEnd?: number;
  children?: UNode[];
};

/** Stand-in for a part of the text uniorg-parse threw on. */
interface UnparsedPart {
  type: 'unparsed';
  value: string;
  reason: string;
  position: { start: { offset: number }; end: { offset: number } };
}

type StreamItem = { kind: 'headline'; node: UNode; start: number; end: number } | { kind: 'element'; node: UNode | UnparsedPart; start: number; end: number };

const HEADLINE_LINE = /^\*+[ \t]/;
// SPEC: org-link-parameters. uniorg's list lacks ol-doi and ol-man, which Org defines.
const LINK_TYPES = [...new Set([...defaultOptions.linkTypes, 'doi', 'man'])];
const BLANK_LINE = /^[ \t]*$/;
const BLOCK_BEGIN = /^[ \t]*#\+begin_(\S+)/i;
const BLOCK_END = /^[ \t]*#\+end_/i;
const DRAWER_OPEN = /^[ \t]*:([-\w]+):[ \t]*$/;

export function readOrg(input: string, options: ReadOptions = {}): ReadResult {
  let text = input;
  const bom = text.startsWith('\uFEFF');
  if (bom) text = text.slice(1);
  const crlf = usesCrlfOnly(text);
  if (crlf) text = text.replace(/\r\n/g, '\n');
  const reader = new Reader(text, options.path, scanSettings(text));
  const document = reader.read(bom, crlf);
  return { document, diagnostics: reader.diagnostics };
}

function usesCrlfOnly(text: string): boolean {
  let lf = text.indexOf('\n');
  if (lf === -1) return false;
  for (; lf !== -1; lf = text.indexOf('\n', lf + 1)) {
    if (text.charCodeAt(lf - 1) !== 13) return false;
  }
  return true;
}

class Reader {
  readonly diagnostics: Diagnostic[] = [];
  private readonly lines: LineIndex;

  constructor(
    private readonly text: string,
    private readonly path: string | undefined,
    private readonly settings: FileSettings,
  ) {
    this.lines = new LineIndex(text);
  }

  read(bom: boolean, crlf: boolean): Document {
    const stream = this.stream(this.parseResilient());
    const open = this.text.slice(0, stream[0]?.start ?? this.text.length);
    const preamble: Block[] = [];
    const flat: Heading[] = [];
    for (const item of stream) {
      if (item.kind === 'headline') {
        flat.push(this.heading(item.node as U.Headline & UNode, item.start, item.end));
      } else {
        const block = this.element(item.node, item.start, item.end);
        const owner = flat[flat.length - 1];
        (owner ? owner.content : preamble).push(block);
      }
    }
    const headings = nestByLevel(flat);
    for (const heading of flat) deriveHeadingFields(heading, this.settings);
    const document: Document = {
      type: 'document',
      schemaVersion: SCHEMA_VERSION,
      ...(this.path !== undefined ? { path: this.path } : {}),
      meta: deriveMeta(preamble, flat, this.settings),
      children: preamble,
      headings,
      src: { ...(bom ? { bom } : {}), ...(crlf ? { eol: 'crlf' as const } : {}), open },
    };
    return document;
  }

  // ---- parsing -------------------------------------------------------------------------

  private parseOptions() {
    return {
      trackPosition: true,
      linkTypes: LINK_TYPES,
      todoKeywords: [...this.settings.todoKeywords.todo, ...this.settings.todoKeywords.done],
      useSubSuperscripts: this.settings.useSubSuperscripts,
    };
  }

  /**
   * uniorg-parse throws on some real notes. Parse the whole file when it can; otherwise
   * parse it heading by heading, then the failing heading's text block by block, and keep
   * whatever still fails as an `unparsed` part: verbatim text plus a warning.
   */
  private parseResilient(): UNode[] {
    try {
      return (parse(this.text, this.parseOptions()) as unknown as UNode).children ?? [];
    } catch {
      // fall through to the piecewise parse
    }
    const nodes: (UNode | UnparsedPart)[] = [];
    for (const [a, b] of splitAtHeadlines(this.text)) {
      const whole = this.tryParse(a, b);
      if (whole) {
        nodes.push(...whole);
        continue;
      }
      for (const [pa, pb] of splitIntoPieces(this.text, a, b)) {
        const piece = this.tryParse(pa, pb);
        if (piece) {
          nodes.push(...piece);
        } else {
          const reason = this.parseError(pa, pb);
          nodes.push({ type: 'unparsed', value: this.text.slice(pa, pb), reason, position: { start: { offset: pa }, end: { offset: pb } } });
          this.report('warning', 'parse-error', `the Org parser failed on this text (${reason}); it is kept verbatim`, pa);
        }
      }
    }
    return nodes as UNode[];
  }

  private tryParse(a: number, b: number): UNode[] | null {
    try {
      const tree = parse(this.text.slice(a, b), this.parseOptions()) as unknown as UNode;
      const children = tree.children ?? [];
      if (a > 0) for (const child of children) shiftOffsets(child, a);
      return children;
    } catch {
      return null;
    }
  }

  private parseError(a: number, b: number): string {
    try {
      parse(this.text.slice(a, b), this.parseOptions());
      return 'unknown error';
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  // ---- spans ---------------------------------------------------------------------------

  /** The document as a flat sequence of headline lines and top-level elements, each with its span. */
  private stream(roots: UNode[]): StreamItem[] {
    const items: StreamItem[] = [];
    let floor = 0;
    const visit = (nodes: UNode[]) => {
      for (const node of nodes) {
        if (node.type === 'section') {
          const [headline, ...rest] = node.children ?? [];
          if (headline?.type === 'headline') {
            const start = Math.max(lineStart(this.text, node.position!.start.offset), floor);
            items.push({ kind: 'headline', node: headline, start, end: 0 });
            floor = Math.max(start, endOf(headline));
            visit(rest);
          } else {
            visit(node.children ?? []);
          }
          continue;
        }
        if (this.isBlankParagraph(node)) continue;
        const start = this.startOf(node, floor).start;
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
    items.forEach((item, i) => (item.end = items[i + 1]?.start ?? this.text.length));
    return items;
  }

  /**
   * Where an element's span begins: at the start of its line (uniorg starts some elements
   * after their markers, e.g. comments), never before `floor`, and including the affiliated
   * keywords above it (uniorg starts the element after them).
   */
  private startOf(node: UNode | UnparsedPart, floor: number): { start: number; body: number } {
    const offset = node.position?.start.offset ?? floor;
    const body = Math.max(lineStart(this.text, offset), floor);
    let start = body;
    while (start > floor) {
      const prev = lineStart(this.text, start - 1);
      if (prev < floor) break;
      if (!AFFILIATED_LINE.test(this.text.slice(prev, start - 1))) break;
      start = prev;
    }
    return { start, body };
  }

  /**
   * uniorg-parse makes a paragraph of the blank line after a comment; the blank line is
   * layout, so it joins the span of the element before it.
   */
  private isBlankParagraph(node: UNode): boolean {
    return node.type === 'paragraph' && node.position !== undefined && this.text.slice(node.position.start.offset, node.position.end.offset).trim() === '';
  }

  private loc(offset: number): Loc {
    return this.lines.locate(offset);
  }

  private report(severity: Diagnostic['severity'], rule: string, message: string, offset: number) {
    const { line, column } = this.lines.locate(offset);
    this.diagnostics.push({ severity, rule, message, path: this.path ?? '<stdin>', line, column });
  }

  // ---- headings ------------------------------------------------------------------------

  private heading(node: U.Headline & UNode, start: number, end: number): Heading {
    const heading: Heading = {
      type: 'heading',
      level: node.level,
      todo: node.todoKeyword,
      priority: node.priority,
      commented: node.commented,
      title: this.inlines(node.children as UNode[]),
      tags: [...node.tags],
      id: null,
      customId: null,
      aliases: [],
      properties: {},
      todoType: null,
      archived: false,
      content: [],
      children: [],
      loc: this.loc(start),
    };
    heading.src = this.leafSource(heading, start, end);
    return heading;
  }

  // ---- elements ------------------------------------------------------------------------

  /** Converts one element whose span is [start, end). */
  private element(node: UNode | UnparsedPart, start: number, end: number): Block {
    const { body } = this.startOf(node, start);
    const affiliated = this.affiliated(start, body);
    const loc = this.loc(body);
    const n = node as UNode & Record<string, unknown>;
    switch (node.type) {
      case 'unparsed': {
        const block: Block = { type: 'unparsed', value: node.value, reason: node.reason, loc };
        return this.leaf(block, start, end);
      }
      case 'paragraph': {
        const block: Block = placed({ type: 'paragraph', children: this.flowInlines(n, body, end) }, affiliated, loc);
        this.checkUnterminated(block.children, body, end);
        return this.leaf(block, start, end);
      }
      case 'keyword':
        return this.leaf({ type: 'keyword', key: String(n.key).toUpperCase(), value: String(n.value), loc }, start, end);
      case 'comment':
        return this.leaf({ type: 'comment', value: String(n.value), loc }, start, end);
      case 'fixed-width':
        return this.leaf(placed({ type: 'fixed-width', value: String(n.value) }, affiliated, loc), start, end);
      case 'horizontal-rule':
        return this.leaf(placed({ type: 'horizontal-rule' }, affiliated, loc), start, end);
      case 'diary-sexp':
        return this.leaf(placed({ type: 'diary-sexp', value: String(n.value) }, affiliated, loc), start, end);
      case 'latex-environment':
        return this.leaf(placed({ type: 'latex-environment', value: String(n.value) }, affiliated, loc), start, end);
      case 'clock': {
        const clock = n as unknown as U.Clock;
        return this.leaf(
          { type: 'clock', status: clock.status, duration: clock.duration ?? null, value: clock.value ? this.timestamp(clock.value as UNode & U.Timestamp) : null, loc },
          start,
          end,
        );
      }
      case 'planning': {
        const planning = n as unknown as U.Planning;
        const ts = (t: U.Timestamp | null) => (t ? this.timestamp(t as UNode & U.Timestamp) : null);
        return this.leaf(
          { type: 'planning', closed: ts(planning.closed), deadline: ts(planning.deadline), scheduled: ts(planning.scheduled), loc },
          start,
          end,
        );
      }
      case 'src-block': {
        const src = n as unknown as U.SrcBlock & { switches?: string | null; parameters?: string | null };
        return this.leaf(
          placed(
            {
              type: 'src-block',
              language: src.language ?? null,
              switches: src.switches ?? null,
              parameters: src.parameters ?? null,
              value: /(^|\s)-i(\s|$)/.test(src.switches ?? '') ? src.value : removeCommonIndent(src.value),
            },
            affiliated,
            loc,
          ),
          start,
          end,
        );
      }
      case 'example-block': {
        // uniorg drops example-block switches (`-n`, `-r`): read them from the begin line.
        const switches = this.beginLineArguments(body) || null;
        return this.leaf(placed({ type: 'example-block', switches, value: removeCommonIndent(unescapeCode(String(n.value))) }, affiliated, loc), start, end);
      }
      case 'export-block': {
        // `#+begin_export html :exports none` gives backend null in uniorg: the first word is the backend.
        const backend = this.beginLineArguments(body).split(/[ \t]+/)[0] || null;
        return this.leaf(placed({ type: 'export-block', backend: backend ? backend.toLowerCase() : null, value: removeCommonIndent(String(n.value)) }, affiliated, loc), start, end);
      }
      case 'comment-block':
        return this.leaf(placed({ type: 'comment-block', value: removeCommonIndent(unescapeCode(String(n.value))) }, affiliated, loc), start, end);
      case 'verse-block': {
        const children = this.inlines(n.children ?? []);
        trimFinalNewline(children);
        return this.leaf(placed({ type: 'verse-block', children }, affiliated, loc), start, end);
      }
      case 'table':
        return this.table(n as unknown as U.Table & UNode, start, body, end, affiliated, loc);
      case 'quote-block':
      case 'center-block':
        return this.container(placed({ type: node.type, children: [] }, affiliated, loc), n, start, end);
      case 'special-block': {
        const parameters = this.beginLineArguments(body) || null;
        return this.container(
          placed({ type: 'special-block', blockType: String(n.blockType), parameters, children: [] }, affiliated, loc),
          n,
          start,
          end,
        );
      }
      case 'drawer':
        return this.container(placed({ type: 'drawer', name: String(n.name), children: [] }, affiliated, loc), n, start, end);
      case 'property-drawer':
        return this.container({ type: 'property-drawer', children: [], loc }, n, start, end);
      case 'footnote-definition':
        return this.container(placed({ type: 'footnote-definition', label: String(n.label), children: [] }, affiliated, loc), n, start, end);
      case 'plain-list':
        return this.container(placed({ type: 'plain-list', listType: (n as unknown as U.List).listType, children: [] }, affiliated, loc), n, start, end);
      default:
        // Any element type uniorg adds in the future: keep its text, say so.
        this.report('warning', 'unknown-element', `unsupported element type "${node.type}"; its text is kept verbatim`, body);
        return this.leaf({ type: 'unparsed', value: this.text.slice(start, end), reason: `unsupported element type ${node.type}`, loc }, start, end);
    }
  }

  /** Converts an element-level child of a container (list items, properties, rows and blocks). */
  private child(node: UNode, start: number, end: number): Block | ListItem | NodeProperty | TableRow {
    switch (node.type) {
      case 'list-item':
        return this.listItem(node as U.ListItem & UNode, start, end);
      case 'node-property':
        return this.leaf(
          { type: 'node-property', key: (node as U.NodeProperty).key, value: (node as U.NodeProperty).value, loc: this.loc(start) },
          start,
          end,
        );
      default:
        return this.element(node, start, end);
    }
  }

  private listItem(node: U.ListItem & UNode, start: number, end: number): ListItem {
    const tagNode = node.children?.find((c) => c.type === 'list-item-tag');
    const item: ListItem = {
      type: 'list-item',
      bullet: node.bullet.trim(),
      counter: node.counter,
      checkbox: node.checkbox,
      tag: tagNode ? this.inlines(tagNode.children as UNode[]) : null,
      children: [],
      loc: this.loc(start),
    };
    return this.container(item, node, start, end);
  }

  /**
   * Lays out a container's children: the text before the first child is `open`, each child
   * spans up to the next child's start, the last one up to the container's contents end,
   * and the rest is `close`.
   */
  private container<T extends Block | ListItem>(model: T, node: UNode, start: number, end: number): T {
    const kids = (node.children ?? []).filter((c) => c.type !== 'list-item-tag' && c.position && !this.isBlankParagraph(c));
    const contentsBegin = clamp(node.contentsBegin ?? start, start, end);
    const starts: number[] = [];
    let floor = contentsBegin;
    for (const kid of kids) {
      const s = Math.max(this.startOf(kid, floor).start, starts[starts.length - 1] ?? contentsBegin);
      starts.push(s);
      floor = Math.max(s, endOf(kid));
    }
    let lastEnd: number;
    if (kids.length === 0) {
      lastEnd = contentsBegin;
    } else {
      const last = kids[kids.length - 1]!;
      lastEnd = clamp(Math.max(node.contentsEnd ?? end, endOf(last)), starts[starts.length - 1]!, end);
    }
    const children = kids.map((kid, i) => this.child(kid, starts[i]!, i + 1 < kids.length ? starts[i + 1]! : lastEnd));
    (model as { children: unknown[] }).children = children;
    const { body: close, after } = splitTrailingBlankLines(this.text.slice(lastEnd, end));
    const src = withAfter<ContainerSource>({ open: this.text.slice(start, kids.length ? starts[0]! : contentsBegin), close, sig: signature(model) }, after);
    (model as { src?: ContainerSource }).src = src;
    return model;
  }

  private table(node: U.Table & UNode, start: number, body: number, end: number, affiliated: AffiliatedKeyword[], loc: Loc): Block {
    if (node.tableType === 'table.el') {
      const value = String((node as U.TableTableEl).value);
      return this.leafAsContainer(placed({ type: 'table', tableType: 'table.el', tblfm: [], value, children: [] }, affiliated, loc), start, end);
    }
    const table: Block = placed({ type: 'table', tableType: 'org', tblfm: [], children: [] }, affiliated, loc);
    const rows = (node.children ?? []) as (U.TableRow & UNode)[];
    const starts = rows.map((row) => lineStart(this.text, row.position!.start.offset));
    const contentsEnd = rows.length ? clamp(nextLineStart(this.text, endOf(rows[rows.length - 1]!)), starts[starts.length - 1]!, end) : body;
    table.children = rows.map((row, i) => {
      const model: TableRow = {
        type: 'table-row',
        rowType: row.rowType,
        children: row.rowType === 'rule' ? [] : (row.children ?? []).map((cell): TableCell => ({ type: 'table-cell', children: this.inlines(cell.children as UNode[]), loc: this.loc((cell as UNode).position!.start.offset) })),
        loc: this.loc(starts[i]!),
      };
      return this.leaf(model, starts[i]!, i + 1 < rows.length ? starts[i + 1]! : contentsEnd);
    });
    const { body: close, after } = splitTrailingBlankLines(this.text.slice(contentsEnd, end));
    table.tblfm = [...close.matchAll(/^[ \t]*#\+TBLFM:[ \t]?(.*)$/gim)].map((m) => m[1]!);
    const align = detectTableAlign(table.children);
    table.src = withAfter<ContainerSource>({ open: this.text.slice(start, starts[0] ?? contentsEnd), close, sig: signature(table) }, after);
    if (align) table.src.tableAlign = align;
    return table;
  }

  private leafAsContainer<T extends Block>(model: T, start: number, end: number): T {
    const { body, after } = splitTrailingBlankLines(this.text.slice(start, end));
    (model as { src?: ContainerSource }).src = withAfter<ContainerSource>({ open: body, close: '', sig: signature(model) }, after);
    return model;
  }

  private leaf<T extends Block | Heading | NodeProperty | TableRow>(model: T, start: number, end: number): T {
    (model as { src?: LeafSource }).src = this.leafSource(model, start, end);
    return model;
  }

  private leafSource(model: Block | Heading | NodeProperty | TableRow, start: number, end: number): LeafSource {
    const { body, after } = splitTrailingBlankLines(this.text.slice(start, end));
    return withAfter<LeafSource>({ raw: body, sig: signature(model) }, after);
  }

  private affiliated(start: number, body: number): AffiliatedKeyword[] {
    if (start >= body) return [];
    return this.text
      .slice(start, body - 1)
      .split('\n')
      .map((line) => parseAffiliatedLine(line)!);
  }

  /** The text after `#+begin_NAME` on an element's first line. */
  private beginLineArguments(body: number): string {
    const eol = this.text.indexOf('\n', body);
    const line = this.text.slice(body, eol === -1 ? undefined : eol);
    return line.replace(/^[ \t]*#\+begin_\S*[ \t]*/i, '').trim();
  }

  /**
   * uniorg reads a `#+begin_x` without its `#+end_x`, or a drawer without `:END:`, as
   * paragraph text: say so, at the line where the block or drawer starts.
   */
  private checkUnterminated(children: Inline[], body: number, end: number) {
    const span = this.text.slice(body, end);
    let at = 0;
    // Every BLOCK_BEGIN line holds `#+`: most paragraphs need no look at their lines.
    const lines = span.includes('#+') ? span.split('\n') : [];
    for (const line of lines) {
      const block = BLOCK_BEGIN.exec(line);
      if (block) {
        const name = block[1]!.replace(/:$/, '');
        this.report('warning', 'unterminated-block', `#+begin_${name} has no matching #+end_${name}; it is read as a paragraph`, body + at + line.search(/\S/));
        return;
      }
      at += line.length + 1;
    }
    const first = span.slice(0, span.indexOf('\n') === -1 ? undefined : span.indexOf('\n'));
    const drawer = DRAWER_OPEN.exec(first);
    if (drawer && drawer[1]!.toUpperCase() !== 'END' && children.length > 0) {
      this.report('warning', 'unterminated-drawer', `drawer :${drawer[1]}: has no :END: line; it is read as a paragraph`, body + first.search(/\S/));
    }
  }

  // ---- objects -------------------------------------------------------------------------

  /**
   * A paragraph's objects, with the paragraph's common indentation removed from the start of
   * every line (the printer puts back the indentation of wherever the paragraph is printed)
   * and without the final newline.
   */
  private flowInlines(node: UNode, body: number, end: number): Inline[] {
    const children = this.inlines(node.children ?? []);
    const firstAtLineStart = lineStart(this.text, body) === body || BLANK_LINE.test(this.text.slice(lineStart(this.text, body), body));
    const indent = commonIndent(this.text.slice(body, Math.min(end, node.contentsEnd ?? end)), firstAtLineStart);
    if (indent > 0) stripIndent(children, indent, firstAtLineStart);
    trimFinalNewline(children);
    return children;
  }

  private inlines(nodes: UNode[]): Inline[] {
    const result: Inline[] = [];
    for (const node of nodes) result.push(this.inline(node));
    return result;
  }

  private inline(node: UNode): Inline {
    if (node.type === 'timestamp') return this.timestamp(node as U.Timestamp & UNode);
    const inline = this.inlineFields(node);
    // `loc` comes after the fields, as in every node (the JSON form keeps this key order);
    // set, not spread: spreading an object into every literal was a large part of reading.
    const offset = node.position?.start.offset;
    if (offset !== undefined) inline.loc = this.loc(offset);
    return inline;
  }

  /** An object's model without its `loc`. */
  private inlineFields(node: UNode): Inline {
    const n = node as UNode & Record<string, unknown>;
    const offset = node.position?.start.offset;
    const kids = () => this.inlines(node.children ?? []);
    switch (node.type) {
      case 'text':
        return { type: 'text', value: String(n.value) };
      case 'bold':
      case 'italic':
      case 'underline':
      case 'strike-through':
      case 'citation-common-prefix':
      case 'citation-common-suffix':
      case 'citation-prefix':
      case 'citation-suffix':
        return { type: node.type, children: kids() };
      case 'code':
      case 'verbatim':
        return { type: node.type, value: String(n.value) };
      case 'superscript':
      case 'subscript':
        return { type: node.type, useBrackets: offset !== undefined && this.text[offset + 1] === '{', children: kids() };
      case 'line-break':
        return { type: 'line-break' };
      case 'link': {
        const link = node as U.Link;
        const [path, searchOption] = splitSearchOption(link.linkType, link.path);
        return { type: 'link', format: link.format, linkType: link.linkType, path, rawLink: link.rawLink, searchOption, children: kids() };
      }
      case 'statistics-cookie':
        return { type: 'statistics-cookie', value: String(n.value) };
      case 'footnote-reference': {
        const ref = node as U.FootnoteReference;
        return { type: 'footnote-reference', label: ref.label ?? null, footnoteType: ref.footnoteType, children: kids() };
      }
      case 'latex-fragment':
        return { type: 'latex-fragment', value: String(n.value), contents: String(n.contents) };
      case 'entity': {
        const e = node as U.Entity;
        return { type: 'entity', name: e.name, useBrackets: e.useBrackets, utf8: e.utf8, html: e.html, latex: e.latex, ascii: e.ascii, latin1: e.latin1, requireLatexMath: e.requireLatexMath };
      }
      case 'export-snippet':
        return { type: 'export-snippet', backEnd: String(n.backEnd), value: String(n.value) };
      case 'citation': {
        // uniorg does not keep the citation style: read it from `[cite/style:`.
        const head = offset === undefined ? '' : this.text.slice(offset, this.text.indexOf(':', offset));
        const style = /^\[cite\/([^:]*)$/.exec(head)?.[1] ?? null;
        return { type: 'citation', style, children: kids() };
      }
      case 'citation-reference':
        return { type: 'citation-reference', key: String(n.key), children: kids() };
      case 'citation-key':
        return { type: 'citation-key', key: String(n.key) };
      default: {
        // An object type uniorg may add later: keep its source text as plain text.
        const end = node.position?.end.offset;
        return { type: 'text', value: offset !== undefined && end !== undefined ? this.text.slice(offset, end) : '' };
      }
    }
  }

  private timestamp(node: U.Timestamp & UNode): Timestamp {
    const offset = node.position?.start.offset;
    const { repeater, warning } = timestampCookies(node.rawValue);
    const timestamp: Timestamp = {
      type: 'timestamp',
      timestampType: node.timestampType,
      rawValue: node.rawValue,
      start: node.start ? { ...node.start } : null,
      end: node.end ? { ...node.end } : null,
      repeater,
      warning,
    };
    if (offset !== undefined) timestamp.loc = this.loc(offset);
    return timestamp;
  }
}

// ---- helpers -------------------------------------------------------------------------------

/**
 * A block with its affiliated keywords (when it has any) and `loc` after its own fields, the
 * key order of the JSON form; set rather than spread into each literal (see withAfter).
 */
function placed<T extends Block>(block: T, affiliated: AffiliatedKeyword[], loc: Loc): T {
  if (affiliated.length > 0) (block as { affiliated?: AffiliatedKeyword[] }).affiliated = affiliated;
  block.loc = loc;
  return block;
}

/**
 * A source with its `after` (trailing blank lines) when there is one, set rather than spread
 * into the literal: the same keys in the same order, without a slow copy for every node.
 */
function withAfter<S extends { after?: string }>(source: S, after: string): S {
  if (after) source.after = after;
  return source;
}

function endOf(node: { position?: { end: { offset: number } } }): number {
  return node.position?.end.offset ?? 0;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function nextLineStart(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const eol = text.indexOf('\n', offset);
  return eol === -1 ? text.length : eol + 1;
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

function shiftOffsets(node: UNode, by: number) {
  if (node.position) {
    node.position = { ...node.position, start: { ...node.position.start, offset: node.position.start.offset + by }, end: { ...node.position.end, offset: node.position.end.offset + by } };
  }
  if (typeof node.contentsBegin === 'number') node.contentsBegin += by;
  if (typeof node.contentsEnd === 'number') node.contentsEnd += by;
  for (const key of ['closed', 'deadline', 'scheduled', 'value'] as const) {
    const ts = (node as unknown as Record<string, unknown>)[key];
    if (ts && typeof ts === 'object' && (ts as UNode).type === 'timestamp') shiftOffsets(ts as UNode, by);
  }
  for (const child of node.children ?? []) shiftOffsets(child, by);
}

/** Ranges [a, b) of the text, each starting at a headline line (the first may not). */
function splitAtHeadlines(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  let start = 0;
  for (let at = 0; at < text.length; ) {
    const eol = text.indexOf('\n', at);
    const next = eol === -1 ? text.length : eol + 1;
    if (at > start && HEADLINE_LINE.test(text.slice(at, Math.min(next, at + 64)))) {
      ranges.push([start, at]);
      start = at;
    }
    at = next;
  }
  ranges.push([start, text.length]);
  return ranges;
}

/**
 * Splits [a, b) into a headline line (if any) and runs of lines separated by blank lines,
 * keeping `#+begin` ... `#+end` blocks whole: the smallest parts that parse on their own.
 */
function splitIntoPieces(text: string, a: number, b: number): [number, number][] {
  const pieces: [number, number][] = [];
  let start = a;
  let depth = 0;
  let at = a;
  let sawContent = false;
  while (at < b) {
    const eol = text.indexOf('\n', at);
    const next = eol === -1 || eol + 1 > b ? b : eol + 1;
    const line = text.slice(at, next);
    if (at === a && HEADLINE_LINE.test(line)) {
      pieces.push([a, next]);
      start = next;
    } else if (BLOCK_BEGIN.test(line)) {
      depth++;
      sawContent = true;
    } else if (BLOCK_END.test(line)) {
      depth = Math.max(0, depth - 1);
    } else if (depth === 0 && BLANK_LINE.test(line.replace(/\n$/, ''))) {
      if (sawContent) {
        // A blank line ends a piece; the blank lines themselves go with the piece before.
        let end = next;
        while (end < b) {
          const e2 = text.indexOf('\n', end);
          const n2 = e2 === -1 || e2 + 1 > b ? b : e2 + 1;
          if (!BLANK_LINE.test(text.slice(end, n2).replace(/\n$/, ''))) break;
          end = n2;
        }
        pieces.push([start, end]);
        start = end;
        at = end;
        sawContent = false;
        continue;
      }
    } else {
      sawContent = true;
    }
    at = next;
  }
  if (start < b) pieces.push([start, b]);
  return pieces;
}

function commonIndent(span: string, firstAtLineStart: boolean): number {
  let min = Infinity;
  const lines = span.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (i === 0 && !firstAtLineStart) continue;
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const width = line.length - line.trimStart().length;
    if (width < min) min = width;
    if (min === 0) return 0;
  }
  return min === Infinity ? 0 : min;
}

function stripIndent(children: Inline[], indent: number, firstAtLineStart: boolean) {
  const leading = new RegExp(`^[ \\t]{0,${indent}}`);
  const afterNewline = new RegExp(`\\n[ \\t]{0,${indent}}`, 'g');
  let atLineStart = firstAtLineStart;
  const walk = (nodes: Inline[]): Inline[] => {
    const kept: Inline[] = [];
    for (const node of nodes) {
      if (node.type === 'text') {
        let value = node.value;
        if (atLineStart) value = value.replace(leading, '');
        value = value.replace(afterNewline, '\n');
        if (value.length > 0) atLineStart = value.endsWith('\n');
        node.value = value;
        if (value === '') continue;
      } else if (node.type === 'line-break') {
        atLineStart = true;
      } else {
        atLineStart = false;
        // Code, verbatim and LaTeX may run over a line end: their continuation lines are indented too.
        if (node.type === 'code' || node.type === 'verbatim') node.value = node.value.replace(afterNewline, '\n');
        if (node.type === 'latex-fragment') {
          node.value = node.value.replace(afterNewline, '\n');
          node.contents = node.contents.replace(afterNewline, '\n');
        }
        if ('children' in node) node.children = walk(node.children);
        atLineStart = false;
      }
      kept.push(node);
    }
    return kept;
  };
  const kept = walk(children);
  children.splice(0, children.length, ...kept);
}

function trimFinalNewline(children: Inline[]) {
  const last = children[children.length - 1];
  if (last?.type === 'text' && last.value.endsWith('\n')) {
    last.value = last.value.slice(0, -1);
    if (last.value === '') children.pop();
  }
}

function splitSearchOption(linkType: string, path: string): [string, string | null] {
  if (linkType !== 'file' && linkType !== 'id' && !linkType.startsWith('file+')) return [path, null];
  const at = path.indexOf('::');
  return at === -1 ? [path, null] : [path.slice(0, at), path.slice(at + 2)];
}

/** SPEC: org-element-timestamp-parser: repeater `+1w`, `++1d`, `.+2m`; warning `-2d`, `--1w`. */
function timestampCookies(raw: string): { repeater: string | null; warning: string | null } {
  const first = raw.split('--')[0] ?? raw;
  const repeater = /(?:^|[ \t])((?:\.\+|\+\+|\+)\d+[hdwmy](?:\/\d+[hdwmy])?)(?=[ \t\]>])/.exec(first)?.[1] ?? null;
  const warning = /(?:^|[ \t])(--?\d+[hdwmy])(?=[ \t\]>])/.exec(first)?.[1] ?? null;
  return { repeater, warning };
}

function nestByLevel(flat: Heading[]): Heading[] {
  const roots: Heading[] = [];
  const stack: Heading[] = [];
  for (const heading of flat) {
    while (stack.length && stack[stack.length - 1]!.level >= heading.level) stack.pop();
    const parent = stack[stack.length - 1];
    (parent ? parent.children : roots).push(heading);
    stack.push(heading);
  }
  return roots;
}

// ---- derived fields ------------------------------------------------------------------------

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
  for (const m of value.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)) result.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!);
  return result;
}

export function deriveHeadingFields(heading: Heading, settings: Pick<FileSettings, 'todoKeywords'>) {
  const properties = propertyMap(heading.content.slice(0, 2));
  heading.properties = properties;
  heading.id = properties.ID ?? null;
  heading.customId = properties.CUSTOM_ID ?? null;
  heading.aliases = splitAliases(properties.ROAM_ALIASES);
  heading.todoType = heading.todo === null ? null : settings.todoKeywords.done.includes(heading.todo) ? 'done' : 'todo';
  heading.archived = heading.tags.includes('ARCHIVE');
}

function deriveMeta(preamble: Block[], headings: Heading[], settings: FileSettings): DocumentMeta {
  const keywords: Record<string, string[]> = {};
  const collect = (blocks: Block[]) => {
    for (const block of blocks) if (block.type === 'keyword') (keywords[block.key] ??= []).push(block.value);
  };
  collect(preamble);
  for (const heading of headings) collect(heading.content);
  const joined = (key: string) => (keywords[key] ? keywords[key].join(' ').trim() : null);
  const words = (key: string) => (keywords[key] ?? []).flatMap((v) => v.split(/[ \t:]+/).filter(Boolean));
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
    excludeTags: keywords.EXCLUDE_TAGS ? words('EXCLUDE_TAGS') : ['noexport'],
    selectTags: keywords.SELECT_TAGS ? words('SELECT_TAGS') : ['export'],
    options: settings.options,
  };
}
