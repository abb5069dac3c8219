/**
 * The uniorg -> model mapping: one mapper per uniorg-parse node type, in a map typed over
 * every type uniorg declares (UNIORG_MAPPERS), so that a node type a uniorg upgrade adds is a
 * compile error until it is mapped. A mapper turns one uniorg node (with the span the reader
 * cut for it) into one model node, with its semantic fields, its `loc` and its `src`.
 */
import type * as U from 'uniorg';
import { firstAtLeast, type Diagnostic, type LineIndex } from './diagnostics.js';
import type { ParsedNode, UNode } from './resilient-parse.js';
import {
  containerLayout,
  containerSource,
  elementStart,
  leafSource,
  lineStart,
  splitTrailingBlankLines,
  tableLayout,
} from './spans.js';
import { detectTableAlign } from './table.js';
import {
  BLANK_LINE,
  BLOCK_BEGIN,
  commonIndent,
  parseAffiliatedLine,
  removeCommonIndent,
  unescapeCode,
} from './syntax.js';
import type {
  AffiliatedKeyword,
  Block,
  ContainerSource,
  Heading,
  Inline,
  LeafSource,
  ListItem,
  Loc,
  NodeProperty,
  TableCell,
  TableRow,
  Timestamp,
} from './types.js';

/** SPEC: org-target-regexp; not the `<<<` of a radio target. */
const TARGET_OBJECT = /(?<!<)<<([^<> \n\r](?:[^<>\n\r]*[^<> \n\r])?)>>(?!>)/g;

/** Every node type uniorg-parse declares. */
export type UniorgType = U.OrgNode['type'];
/** A uniorg node of one type, as the reader sees it (with positions). */
export type UniorgNodeOf<T extends UniorgType> = Extract<UNode, { type: T }>;

/** Where an element was found: its span [start, end), which begins with its affiliated keywords. */
export interface ElementSpan {
  start: number;
  /** Where the element's own first line begins, after its affiliated keywords. */
  body: number;
  end: number;
  affiliated: AffiliatedKeyword[];
  loc: Loc;
}

/**
 * How the model is built from one uniorg node type, by the role the type plays: `into` names
 * the model node it lands in (UNIORG_MAPPING publishes these), `read` builds that node.
 */
interface Roles<N> {
  /** An element that can stand anywhere a block can. */
  block: (node: N, at: ElementSpan, s: MappingState) => Block;
  /** A headline: the first line of its section. */
  heading: (node: N, start: number, end: number, s: MappingState) => Heading;
  /** An element found only inside one kind of container (list items, node properties). */
  item: (node: N, start: number, end: number, s: MappingState) => ListItem | NodeProperty;
  /** A table row, read by its table from the row's line. */
  row: (node: N, start: number, end: number, s: MappingState) => TableRow;
  /** A table cell, read by its row. */
  cell: (node: N, s: MappingState) => TableCell;
  /** An object; its `loc` is added by the caller, after the fields. */
  object: (node: N, s: MappingState) => Inline;
}

type Mapper<N> =
  | { [R in keyof Roles<N>]: { into: string; role: R; read: Roles<N>[R] } }[keyof Roles<N>]
  /** A node with no model node of its own: its parent or the reader's span stream reads it. */
  | { into: string; role: 'part' };

/** One mapper per uniorg node type: a type without one is a compile error. */
export type UniorgMappers = { [T in UniorgType]: Mapper<UniorgNodeOf<T>> };

const DRAWER_OPEN = /^[ \t]*:([-\w]+):[ \t]*$/;

export const UNIORG_MAPPERS = {
  // ---- structure ---------------------------------------------------------------------------
  'org-data': { into: 'document', role: 'part' },
  // spans.ts turns a section into its headline and its elements.
  section: { into: 'heading (its content and children)', role: 'part' },
  headline: {
    into: 'heading',
    role: 'heading',
    read: (node, start, end, s) => {
      const heading: Heading = {
        type: 'heading',
        level: node.level,
        todo: node.todoKeyword,
        priority: node.priority,
        commented: node.commented,
        title: s.inlines(node.children),
        tags: [...node.tags],
        id: null,
        customId: null,
        aliases: [],
        properties: {},
        todoType: null,
        archived: false,
        content: [],
        children: [],
        loc: s.loc(start),
      };
      heading.src = leafSource(s.text, heading, start, end);
      return heading;
    },
  },
  planning: {
    into: 'planning',
    role: 'block',
    read: (node, at, s) => {
      const ts = (t: U.Timestamp | null) =>
        t ? s.timestamp(t as UniorgNodeOf<'timestamp'>) : null;
      return s.leaf(
        {
          type: 'planning',
          closed: ts(node.closed),
          deadline: ts(node.deadline),
          scheduled: ts(node.scheduled),
          loc: at.loc,
        },
        at,
      );
    },
  },
  'property-drawer': {
    into: 'property-drawer',
    role: 'block',
    read: (node, at, s) =>
      s.container({ type: 'property-drawer', children: [], loc: at.loc }, node, at),
  },
  'node-property': {
    into: 'node-property',
    role: 'item',
    read: (node, start, end, s) =>
      s.leaf(
        { type: 'node-property', key: node.key, value: node.value, loc: s.loc(start) },
        { start, end },
      ),
  },
  drawer: {
    into: 'drawer',
    role: 'block',
    read: (node, at, s) =>
      s.container(placed({ type: 'drawer', name: String(node.name), children: [] }, at), node, at),
  },

  // ---- elements ----------------------------------------------------------------------------
  keyword: {
    into: 'keyword (file keywords also feed document.meta)',
    role: 'block',
    read: (node, at, s) =>
      s.leaf(
        {
          type: 'keyword',
          key: String(node.key).toUpperCase(),
          value: String(node.value),
          loc: at.loc,
        },
        at,
      ),
  },
  comment: {
    into: 'comment',
    role: 'block',
    read: (node, at, s) => s.leaf({ type: 'comment', value: String(node.value), loc: at.loc }, at),
  },
  paragraph: {
    into: 'paragraph',
    role: 'block',
    read: (node, at, s) => {
      const block: Block = placed({ type: 'paragraph', children: s.flowInlines(node, at) }, at);
      s.checkUnterminated(block.children, at);
      return s.leaf(block, at);
    },
  },
  'plain-list': {
    into: 'plain-list',
    role: 'block',
    read: (node, at, s) =>
      s.container(
        placed({ type: 'plain-list', listType: node.listType, children: [] }, at),
        node,
        at,
      ),
  },
  'list-item': {
    into: 'list-item',
    role: 'item',
    read: (node, start, end, s) => {
      const tagNode = node.children?.find((c) => c.type === 'list-item-tag');
      const item: ListItem = {
        type: 'list-item',
        bullet: node.bullet.trim(),
        counter: node.counter,
        checkbox: node.checkbox,
        tag: tagNode ? s.inlines(tagNode.children) : null,
        children: [],
        loc: s.loc(start),
      };
      return s.container(item, node, { start, end });
    },
  },
  // Read by its list item, as the item's `tag`.
  'list-item-tag': { into: 'list-item.tag', role: 'part' },
  'src-block': {
    into: 'src-block',
    role: 'block',
    read: (node, at, s) => {
      // uniorg keeps these two without declaring them.
      const src = node as typeof node & { switches?: string | null; parameters?: string | null };
      return s.leaf(
        placed(
          {
            type: 'src-block',
            language: src.language ?? null,
            switches: src.switches ?? null,
            parameters: src.parameters ?? null,
            // SPEC: org-src-preserve-indentation, set per block by the `-i` switch.
            value: /(^|\s)-i(\s|$)/.test(src.switches ?? '')
              ? src.value
              : removeCommonIndent(src.value),
          },
          at,
        ),
        at,
      );
    },
  },
  'example-block': {
    into: 'example-block',
    role: 'block',
    read: (node, at, s) => {
      // uniorg drops example-block switches (`-n`, `-r`): read them from the begin line.
      const switches = s.beginLineArguments(at) || null;
      return s.leaf(
        placed(
          {
            type: 'example-block',
            switches,
            value: removeCommonIndent(unescapeCode(String(node.value))),
          },
          at,
        ),
        at,
      );
    },
  },
  'export-block': {
    into: 'export-block',
    role: 'block',
    read: (node, at, s) => {
      // `#+begin_export html :exports none` gives backend null in uniorg: the first word is the backend.
      const backend = s.beginLineArguments(at).split(/[ \t]+/)[0] || null;
      return s.leaf(
        placed(
          {
            type: 'export-block',
            backend: backend ? backend.toLowerCase() : null,
            value: removeCommonIndent(String(node.value)),
          },
          at,
        ),
        at,
      );
    },
  },
  'quote-block': {
    into: 'quote-block',
    role: 'block',
    read: (node, at, s) => s.container(placed({ type: 'quote-block', children: [] }, at), node, at),
  },
  'verse-block': {
    into: 'verse-block',
    role: 'block',
    read: (node, at, s) => {
      const children = s.inlines(node.children);
      trimFinalNewline(children);
      return s.leaf(placed({ type: 'verse-block', children }, at), at);
    },
  },
  'center-block': {
    into: 'center-block',
    role: 'block',
    read: (node, at, s) =>
      s.container(placed({ type: 'center-block', children: [] }, at), node, at),
  },
  'comment-block': {
    into: 'comment-block',
    role: 'block',
    read: (node, at, s) =>
      s.leaf(
        placed(
          { type: 'comment-block', value: removeCommonIndent(unescapeCode(String(node.value))) },
          at,
        ),
        at,
      ),
  },
  'special-block': {
    into: 'special-block',
    role: 'block',
    read: (node, at, s) => {
      const parameters = s.beginLineArguments(at) || null;
      return s.container(
        placed(
          { type: 'special-block', blockType: String(node.blockType), parameters, children: [] },
          at,
        ),
        node,
        at,
      );
    },
  },
  'fixed-width': {
    into: 'fixed-width',
    role: 'block',
    read: (node, at, s) =>
      s.leaf(placed({ type: 'fixed-width', value: String(node.value) }, at), at),
  },
  table: {
    into: 'table',
    role: 'block',
    read: (node, at, s) => {
      if (node.tableType === 'table.el') {
        const table: Block = placed(
          {
            type: 'table',
            tableType: 'table.el',
            tblfm: [],
            value: String(node.value),
            children: [],
          },
          at,
        );
        // Printed as it was read while unchanged, like a leaf, but it is a container in the model.
        const { body, after } = splitTrailingBlankLines(s.text.slice(at.start, at.end));
        table.src = containerSource({ open: body, close: '', after }, table);
        return table;
      }
      const table: Block = placed({ type: 'table', tableType: 'org', tblfm: [], children: [] }, at);
      const layout = tableLayout(s.text, node, at.start, at.body, at.end);
      const rowMapper = UNIORG_MAPPERS['table-row'];
      table.children = layout.children.map((row) =>
        rowMapper.read(row.node as UniorgNodeOf<'table-row'>, row.start, row.end, s),
      );
      table.tblfm = [...layout.close.matchAll(/^[ \t]*#\+TBLFM:[ \t]?(.*)$/gim)].map((m) => m[1]!);
      const align = detectTableAlign(table.children);
      table.src = containerSource(layout, table);
      if (align) table.src.tableAlign = align;
      return table;
    },
  },
  'table-row': {
    into: 'table-row',
    role: 'row',
    read: (node, start, end, s) => {
      const cellMapper = UNIORG_MAPPERS['table-cell'];
      const row: TableRow = {
        type: 'table-row',
        rowType: node.rowType,
        children:
          node.rowType === 'rule'
            ? []
            : (node.children ?? []).map((cell) =>
                cellMapper.read(cell as UniorgNodeOf<'table-cell'>, s),
              ),
        loc: s.loc(start),
      };
      return s.leaf(row, { start, end });
    },
  },
  'table-cell': {
    into: 'table-cell',
    role: 'cell',
    read: (node, s) => ({
      type: 'table-cell',
      children: s.inlines(node.children),
      loc: s.loc(node.position!.start.offset),
    }),
  },
  clock: {
    into: 'clock',
    role: 'block',
    read: (node, at, s) =>
      s.leaf(
        {
          type: 'clock',
          status: node.status,
          duration: node.duration ?? null,
          value: node.value ? s.timestamp(node.value as UniorgNodeOf<'timestamp'>) : null,
          loc: at.loc,
        },
        at,
      ),
  },
  'latex-environment': {
    into: 'latex-environment',
    role: 'block',
    read: (node, at, s) =>
      s.leaf(placed({ type: 'latex-environment', value: String(node.value) }, at), at),
  },
  'horizontal-rule': {
    into: 'horizontal-rule',
    role: 'block',
    read: (_node, at, s) => s.leaf(placed({ type: 'horizontal-rule' }, at), at),
  },
  'diary-sexp': {
    into: 'diary-sexp',
    role: 'block',
    read: (node, at, s) =>
      s.leaf(placed({ type: 'diary-sexp', value: String(node.value) }, at), at),
  },
  'footnote-definition': {
    into: 'footnote-definition',
    role: 'block',
    read: (node, at, s) =>
      s.container(
        placed({ type: 'footnote-definition', label: String(node.label), children: [] }, at),
        node,
        at,
      ),
  },

  // ---- objects -----------------------------------------------------------------------------
  text: {
    into: 'text',
    role: 'object',
    read: (node) => ({ type: 'text', value: String(node.value) }),
  },
  bold: {
    into: 'bold',
    role: 'object',
    read: (node, s) => ({ type: 'bold', children: s.inlines(node.children) }),
  },
  italic: {
    into: 'italic',
    role: 'object',
    read: (node, s) => ({ type: 'italic', children: s.inlines(node.children) }),
  },
  code: {
    into: 'code',
    role: 'object',
    read: (node) => ({ type: 'code', value: String(node.value) }),
  },
  verbatim: {
    into: 'verbatim',
    role: 'object',
    read: (node) => ({ type: 'verbatim', value: String(node.value) }),
  },
  'strike-through': {
    into: 'strike-through',
    role: 'object',
    read: (node, s) => ({ type: 'strike-through', children: s.inlines(node.children) }),
  },
  underline: {
    into: 'underline',
    role: 'object',
    read: (node, s) => ({ type: 'underline', children: s.inlines(node.children) }),
  },
  superscript: {
    into: 'superscript',
    role: 'object',
    read: (node, s) => ({
      type: 'superscript',
      useBrackets: s.bracedScript(node),
      children: s.inlines(node.children),
    }),
  },
  subscript: {
    into: 'subscript',
    role: 'object',
    read: (node, s) => ({
      type: 'subscript',
      useBrackets: s.bracedScript(node),
      children: s.inlines(node.children),
    }),
  },
  'line-break': { into: 'line-break', role: 'object', read: () => ({ type: 'line-break' }) },
  link: {
    into: 'link',
    role: 'object',
    read: (node, s) => {
      const [path, searchOption] = splitSearchOption(node.linkType, node.path);
      return {
        type: 'link',
        format: node.format,
        linkType: node.linkType,
        path,
        rawLink: node.rawLink,
        searchOption,
        children: s.inlines(node.children),
      };
    },
  },
  timestamp: { into: 'timestamp', role: 'object', read: (node) => timestampFields(node) },
  'statistics-cookie': {
    into: 'statistics-cookie',
    role: 'object',
    read: (node) => ({ type: 'statistics-cookie', value: String(node.value) }),
  },
  'footnote-reference': {
    into: 'footnote-reference',
    role: 'object',
    read: (node, s) => ({
      type: 'footnote-reference',
      label: node.label ?? null,
      footnoteType: node.footnoteType,
      children: s.inlines(node.children),
    }),
  },
  'latex-fragment': {
    into: 'latex-fragment',
    role: 'object',
    read: (node) => ({
      type: 'latex-fragment',
      value: String(node.value),
      contents: String(node.contents),
    }),
  },
  entity: {
    into: 'entity',
    role: 'object',
    read: (node) => ({
      type: 'entity',
      name: node.name,
      useBrackets: node.useBrackets,
      utf8: node.utf8,
      html: node.html,
      latex: node.latex,
      ascii: node.ascii,
      latin1: node.latin1,
      requireLatexMath: node.requireLatexMath,
    }),
  },
  'export-snippet': {
    into: 'export-snippet',
    role: 'object',
    read: (node) => ({
      type: 'export-snippet',
      backEnd: String(node.backEnd),
      value: String(node.value),
    }),
  },
  citation: {
    into: 'citation',
    role: 'object',
    read: (node, s) => {
      // uniorg does not keep the citation style: read it from `[cite/style:`.
      const offset = node.position?.start.offset;
      const head = offset === undefined ? '' : s.text.slice(offset, s.text.indexOf(':', offset));
      const style = /^\[cite\/([^:]*)$/.exec(head)?.[1] ?? null;
      return { type: 'citation', style, children: s.inlines(node.children) };
    },
  },
  'citation-reference': {
    into: 'citation-reference',
    role: 'object',
    read: (node, s) => ({
      type: 'citation-reference',
      key: String(node.key),
      children: s.inlines(node.children),
    }),
  },
  'citation-common-prefix': {
    into: 'citation-common-prefix',
    role: 'object',
    read: (node, s) => ({ type: 'citation-common-prefix', children: s.inlines(node.children) }),
  },
  'citation-common-suffix': {
    into: 'citation-common-suffix',
    role: 'object',
    read: (node, s) => ({ type: 'citation-common-suffix', children: s.inlines(node.children) }),
  },
  'citation-prefix': {
    into: 'citation-prefix',
    role: 'object',
    read: (node, s) => ({ type: 'citation-prefix', children: s.inlines(node.children) }),
  },
  'citation-suffix': {
    into: 'citation-suffix',
    role: 'object',
    read: (node, s) => ({ type: 'citation-suffix', children: s.inlines(node.children) }),
  },
  'citation-key': {
    into: 'citation-key',
    role: 'object',
    read: (node) => ({ type: 'citation-key', key: String(node.key) }),
  },
} satisfies UniorgMappers;

/**
 * Where each uniorg node type lands in the model. A test reads uniorg's own type
 * declarations and checks each against this and the schema.
 */
export const UNIORG_MAPPING: Record<string, string> = Object.fromEntries(
  Object.entries(UNIORG_MAPPERS).map(([type, mapper]) => [type, mapper.into]),
);

/** A mapper looked up by a node's runtime type, which uniorg's declarations may not know. */
function mapperOf(type: string): Mapper<UNode> | undefined {
  return (UNIORG_MAPPERS as unknown as Record<string, Mapper<UNode> | undefined>)[type];
}

/** The text being read, and what mappers share: dispatch, sources, locations and diagnostics. */
export class MappingState {
  /** Where `{{{` occurs in the text, in order (found on first use). */
  private macroOpenings: number[] | undefined;

  constructor(
    readonly text: string,
    private readonly lines: LineIndex,
    private readonly report: Report,
  ) {}

  /**
   * Whether a macro call can start in `[from, to)`. Asked for every run of objects: most
   * texts have no `{{{` at all, and the others few; searching the text each time is quadratic.
   */
  macroOpensIn(from: number, to: number): boolean {
    if (!this.macroOpenings) {
      this.macroOpenings = [];
      for (let at = this.text.indexOf('{{{'); at !== -1; at = this.text.indexOf('{{{', at + 1))
        this.macroOpenings.push(at);
    }
    const next = this.macroOpenings[firstAtLeast(this.macroOpenings, from)];
    return next !== undefined && next + 3 <= to;
  }

  loc(offset: number): Loc {
    return this.lines.locate(offset);
  }

  heading(node: UniorgNodeOf<'headline'>, start: number, end: number): Heading {
    return UNIORG_MAPPERS.headline.read(node, start, end, this);
  }

  /** Converts one element whose span is [start, end). */
  element(node: ParsedNode, start: number, end: number): Block {
    const { body } = elementStart(this.text, node, start);
    const at: ElementSpan = {
      start,
      body,
      end,
      affiliated: this.affiliated(start, body),
      loc: this.loc(body),
    };
    if (node.type === 'unparsed') {
      return this.leaf(
        { type: 'unparsed', value: node.value, reason: node.reason, loc: at.loc },
        at,
      );
    }
    const mapper = mapperOf(node.type);
    if (mapper?.role === 'block') return mapper.read(node, at, this);
    // An element type uniorg may add later, or one out of its place: keep its text, say so.
    this.report(
      'warning',
      'unknown-element',
      `unsupported element type "${node.type}"; its text is kept verbatim`,
      body,
    );
    return this.leaf(
      {
        type: 'unparsed',
        value: this.text.slice(start, end),
        reason: `unsupported element type ${node.type}`,
        loc: at.loc,
      },
      at,
    );
  }

  /** Converts an element-level child of a container (list items, properties and blocks). */
  private child(node: UNode, start: number, end: number): Block | ListItem | NodeProperty {
    const mapper = mapperOf(node.type);
    if (mapper?.role === 'item') return mapper.read(node, start, end, this);
    return this.element(node, start, end);
  }

  /** A container's children, each read from its span; the text around them is its source. */
  container<T extends Block | ListItem>(
    model: T,
    node: UNode,
    at: { start: number; end: number },
  ): T {
    const layout = containerLayout(this.text, node, at.start, at.end);
    (model as { children: unknown[] }).children = layout.children.map((kid) =>
      this.child(kid.node, kid.start, kid.end),
    );
    (model as { src?: ContainerSource }).src = containerSource(layout, model);
    return model;
  }

  leaf<T extends Block | Heading | NodeProperty | TableRow>(
    model: T,
    at: { start: number; end: number },
  ): T {
    (model as { src?: LeafSource }).src = leafSource(this.text, model, at.start, at.end);
    return model;
  }

  private affiliated(start: number, body: number): AffiliatedKeyword[] {
    if (start >= body) return [];
    return this.text
      .slice(start, body - 1)
      .split('\n')
      .map((line) => parseAffiliatedLine(line)!);
  }

  /** The text after `#+begin_NAME` on an element's first line. */
  beginLineArguments(at: ElementSpan): string {
    const eol = this.text.indexOf('\n', at.body);
    const line = this.text.slice(at.body, eol === -1 ? undefined : eol);
    return line.replace(/^[ \t]*#\+begin_\S*[ \t]*/i, '').trim();
  }

  /**
   * uniorg reads a `#+begin_x` without its `#+end_x`, or a drawer without `:END:`, as
   * paragraph text: say so, at the line where the block or drawer starts.
   */
  checkUnterminated(children: Inline[], { body, end }: ElementSpan) {
    const span = this.text.slice(body, end);
    let at = 0;
    // Every BLOCK_BEGIN line holds `#+`: most paragraphs need no look at their lines.
    const lines = span.includes('#+') ? span.split('\n') : [];
    for (const line of lines) {
      const block = BLOCK_BEGIN.exec(line);
      if (block) {
        const name = block[1]!.replace(/:$/, '');
        this.report(
          'warning',
          'unterminated-block',
          `#+begin_${name} has no matching #+end_${name}; it is read as a paragraph`,
          body + at + line.search(/\S/),
        );
        return;
      }
      at += line.length + 1;
    }
    const first = span.slice(0, span.indexOf('\n') === -1 ? undefined : span.indexOf('\n'));
    const drawer = DRAWER_OPEN.exec(first);
    if (drawer && drawer[1]!.toUpperCase() !== 'END' && children.length > 0) {
      this.report(
        'warning',
        'unterminated-drawer',
        `drawer :${drawer[1]}: has no :END: line; it is read as a paragraph`,
        body + first.search(/\S/),
      );
    }
  }

  /**
   * A paragraph's objects, with the paragraph's common indentation removed from the start of
   * every line (the printer puts back the indentation of wherever the paragraph is printed)
   * and without the final newline.
   */
  flowInlines(node: UniorgNodeOf<'paragraph'>, { body, end }: ElementSpan): Inline[] {
    const children = this.inlines(node.children);
    const firstAtLineStart =
      lineStart(this.text, body) === body ||
      BLANK_LINE.test(this.text.slice(lineStart(this.text, body), body));
    const indent = commonIndent(
      this.text.slice(body, Math.min(end, node.contentsEnd ?? end)),
      firstAtLineStart,
    );
    if (indent > 0) stripIndent(children, indent, firstAtLineStart);
    trimFinalNewline(children);
    return children;
  }

  inlines(nodes: readonly U.OrgNode[] | undefined): Inline[] {
    const result: Inline[] = [];
    let blanks: { value: string; offset: number } | null = null;
    for (const node of withMacros(this, (nodes ?? []) as readonly UNode[])) {
      const inline = this.inline(node);
      let offset = node.position?.start.offset;
      if (blanks) {
        // SPEC: org-element-statistics-cookie-parser: the blanks after a cookie are its
        // :post-blank, which org-element-interpret-data writes back. uniorg skips them and
        // keeps no count in its text, so `[0/3] Equipment` read as `[0/3]Equipment`: they
        // go back into the text that follows.
        if (inline.type === 'text') {
          inline.value = blanks.value + inline.value;
          inline.loc = this.loc(blanks.offset);
          offset = blanks.offset;
        } else result.push({ type: 'text', value: blanks.value, loc: this.loc(blanks.offset) });
        blanks = null;
      }
      if (inline.type === 'text' && inline.value.includes('<<') && offset !== undefined)
        result.push(...this.splitTargets(inline.value, offset));
      else result.push(inline);
      const end = node.position?.end.offset;
      const postBlank = (node as { postBlank?: number }).postBlank ?? 0;
      if (node.type === 'statistics-cookie' && end !== undefined && postBlank > 0)
        blanks = { value: this.text.slice(end, end + postBlank), offset: end };
    }
    // Blanks after the last object end the container (a title before its tags, a paragraph's
    // final newline): not part of its text.
    return result;
  }

  /**
   * A text with dedicated targets in it, as text and `target` objects. uniorg reads
   * `<<name>>` as plain text; org-element makes it a target object (a radio target
   * `<<<name>>>` is not one). SPEC: org-element-target-parser, org-target-regexp.
   */
  private splitTargets(value: string, offset: number): Inline[] {
    const out: Inline[] = [];
    let last = 0;
    for (const match of value.matchAll(TARGET_OBJECT)) {
      const at = match.index;
      if (at > last)
        out.push({ type: 'text', value: value.slice(last, at), loc: this.loc(offset + last) });
      out.push({ type: 'target', value: match[1]!, loc: this.loc(offset + at) });
      last = at + match[0].length;
    }
    if (last < value.length)
      out.push({ type: 'text', value: value.slice(last), loc: this.loc(offset + last) });
    return out;
  }

  private inline(node: UNode | MacroNode): Inline {
    const offset = node.position?.start.offset;
    if (node.type === 'macro') {
      const macro: Inline = { type: 'macro', key: node.key, arguments: node.arguments };
      if (offset !== undefined) macro.loc = this.loc(offset);
      return macro;
    }
    const mapper = mapperOf(node.type);
    let inline: Inline;
    if (mapper?.role === 'object') {
      inline = mapper.read(node, this);
    } else {
      // An object type uniorg may add later: keep its source text as plain text.
      const end = node.position?.end.offset;
      inline = {
        type: 'text',
        value: offset !== undefined && end !== undefined ? this.text.slice(offset, end) : '',
      };
    }
    // `loc` comes after the fields, as in every node (the JSON form keeps this key order);
    // set, not spread: spreading an object into every literal was a large part of reading.
    if (offset !== undefined) inline.loc = this.loc(offset);
    return inline;
  }

  /** A timestamp that is a field of an element (planning, clock), with its `loc`. */
  timestamp(node: UniorgNodeOf<'timestamp'>): Timestamp {
    const timestamp = timestampFields(node);
    const offset = node.position?.start.offset;
    if (offset !== undefined) timestamp.loc = this.loc(offset);
    return timestamp;
  }

  /** Whether a sub- or superscript is written `_{...}` or `^{...}` (SPEC: org-use-sub-superscripts). */
  bracedScript(node: UniorgNodeOf<'subscript' | 'superscript'>): boolean {
    const offset = node.position?.start.offset;
    return offset !== undefined && this.text[offset + 1] === '{';
  }
}

export type Report = (
  severity: Diagnostic['severity'],
  rule: string,
  message: string,
  offset: number,
) => void;

function timestampFields(node: UniorgNodeOf<'timestamp'>): Timestamp {
  const { repeater, warning } = timestampCookies(node.rawValue);
  return {
    type: 'timestamp',
    timestampType: node.timestampType,
    rawValue: node.rawValue,
    start: node.start ? { ...node.start } : null,
    end: node.end ? { ...node.end } : null,
    repeater,
    warning,
  };
}

// ---- helpers -------------------------------------------------------------------------------

/**
 * A block with its affiliated keywords (when it has any) and `loc` after its own fields, the
 * key order of the JSON form; set rather than spread into each literal (see withAfter).
 */
function placed<T extends Block>(block: T, { affiliated, loc }: ElementSpan): T {
  if (affiliated.length > 0)
    (block as { affiliated?: AffiliatedKeyword[] }).affiliated = affiliated;
  block.loc = loc;
  return block;
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
        // Code, verbatim, LaTeX and macro arguments may run over a line end: their continuation lines are indented too.
        if (node.type === 'code' || node.type === 'verbatim')
          node.value = node.value.replace(afterNewline, '\n');
        if (node.type === 'macro' && node.arguments !== null)
          node.arguments = node.arguments.replace(afterNewline, '\n');
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
  if (linkType !== 'file' && linkType !== 'id' && !linkType.startsWith('file+'))
    return [path, null];
  const at = path.indexOf('::');
  return at === -1 ? [path, null] : [path.slice(0, at), path.slice(at + 2)];
}

/** SPEC: org-element-timestamp-parser: repeater `+1w`, `++1d`, `.+2m`; warning `-2d`, `--1w`. */
function timestampCookies(raw: string): { repeater: string | null; warning: string | null } {
  const first = raw.split('--')[0] ?? raw;
  const repeater =
    /(?:^|[ \t])((?:\.\+|\+\+|\+)\d+[hdwmy](?:\/\d+[hdwmy])?)(?=[ \t\]>])/.exec(first)?.[1] ?? null;
  const warning = /(?:^|[ \t])(--?\d+[hdwmy])(?=[ \t\]>])/.exec(first)?.[1] ?? null;
  return { repeater, warning };
}

/**
 * A macro call, which uniorg does not know: it reads `{{{zk_topic(a,b)}}}` as text with a
 * subscript in it. SPEC: org-element-macro-parser, org-element--object-regexp (a macro is an
 * object of its own, so nothing inside it is markup).
 */
interface MacroNode {
  type: 'macro';
  key: string;
  arguments: string | null;
  position: { start: { offset: number }; end: { offset: number } };
}

/** SPEC: org-element-macro-parser's regexp: a name starting with a letter, optional arguments. */
const MACRO_CALL = /\{\{\{([a-zA-Z][-\w]*)(?:\(([\s\S]*?)\))?\}\}\}/g;

type Positioned = UNode & { position: { start: { offset: number }; end: { offset: number } } };

/** A piece of a text node (the text before or after a macro call in it). */
function textPiece(node: Positioned, from: number, to: number): UNode {
  const start = node.position.start.offset;
  return {
    ...node,
    value: String((node as { value?: unknown }).value).slice(from - start, to - start),
    position: {
      ...node.position,
      start: { ...node.position.start, offset: from },
      end: { ...node.position.end, offset: to },
    },
  } as UNode;
}

/**
 * These sibling objects with every macro call among them made one macro node: the objects
 * uniorg made inside a call are dropped, and a text node a call starts or ends in is cut.
 * A call that starts or ends inside other markup (`*a {{{m}}}*` holds it whole and is read
 * one level down) is left at this level.
 */
function withMacros(state: MappingState, nodes: readonly UNode[]): readonly (UNode | MacroNode)[] {
  if (nodes.length === 0) return nodes;
  const first = nodes[0]!.position?.start.offset;
  const last = nodes[nodes.length - 1]!.position?.end.offset;
  if (first === undefined || last === undefined || !state.macroOpensIn(first, last)) return nodes;
  const text = state.text;
  const source = text.slice(first, last);
  const isText = (node: Positioned) =>
    node.type === 'text' &&
    String((node as { value?: unknown }).value).length ===
      node.position.end.offset - node.position.start.offset;
  const out: (UNode | MacroNode)[] = [];
  let rest = nodes as readonly Positioned[];
  for (const m of source.matchAll(MACRO_CALL)) {
    const start = first + m.index;
    const end = start + m[0].length;
    const i = rest.findIndex((n) => n.position.end.offset > start);
    let j = rest.findIndex((n) => n.position.end.offset >= end);
    if (i === -1 || j === -1) continue;
    const head = rest[i]!;
    const tail = rest[j]!;
    if (head.position.start.offset < start && !isText(head)) continue;
    if (tail.position.end.offset > end && !isText(tail)) continue;
    out.push(...rest.slice(0, i));
    if (head.position.start.offset < start)
      out.push(textPiece(head, head.position.start.offset, start));
    out.push({
      type: 'macro',
      key: m[1]!,
      arguments: m[2] ?? null,
      position: { start: { offset: start }, end: { offset: end } },
    });
    const after = rest.slice(j + 1);
    rest =
      tail.position.end.offset > end
        ? [textPiece(tail, end, tail.position.end.offset) as Positioned, ...after]
        : after;
    j = 0;
  }
  out.push(...rest);
  return out;
}
