/**
 * The uniorg -> model mapping: one uniorg-parse node (with the span the reader cut for it)
 * becomes one model node, with its semantic fields, its `loc` and its `src`.
 */
import type * as U from 'uniorg';
import type { Diagnostic, LineIndex } from './diagnostics.js';
import type { UNode, ParsedNode } from './resilient-parse.js';
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

const DRAWER_OPEN = /^[ \t]*:([-\w]+):[ \t]*$/;

export type Report = (
  severity: Diagnostic['severity'],
  rule: string,
  message: string,
  offset: number,
) => void;

/** Builds model nodes from uniorg nodes of one text. */
export class UniorgMapper {
  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly report: Report,
  ) {}

  private loc(offset: number): Loc {
    return this.lines.locate(offset);
  }

  // ---- headings ------------------------------------------------------------------------

  heading(node: U.Headline & UNode, start: number, end: number): Heading {
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
    heading.src = leafSource(this.text, heading, start, end);
    return heading;
  }

  // ---- elements ------------------------------------------------------------------------

  /** Converts one element whose span is [start, end). */
  element(node: ParsedNode, start: number, end: number): Block {
    const { body } = elementStart(this.text, node, start);
    const affiliated = this.affiliated(start, body);
    const loc = this.loc(body);
    const n = node as UNode & Record<string, unknown>;
    switch (node.type) {
      case 'unparsed': {
        const block: Block = { type: 'unparsed', value: node.value, reason: node.reason, loc };
        return this.leaf(block, start, end);
      }
      case 'paragraph': {
        const block: Block = placed(
          { type: 'paragraph', children: this.flowInlines(n, body, end) },
          affiliated,
          loc,
        );
        this.checkUnterminated(block.children, body, end);
        return this.leaf(block, start, end);
      }
      case 'keyword':
        return this.leaf(
          { type: 'keyword', key: String(n.key).toUpperCase(), value: String(n.value), loc },
          start,
          end,
        );
      case 'comment':
        return this.leaf({ type: 'comment', value: String(n.value), loc }, start, end);
      case 'fixed-width':
        return this.leaf(
          placed({ type: 'fixed-width', value: String(n.value) }, affiliated, loc),
          start,
          end,
        );
      case 'horizontal-rule':
        return this.leaf(placed({ type: 'horizontal-rule' }, affiliated, loc), start, end);
      case 'diary-sexp':
        return this.leaf(
          placed({ type: 'diary-sexp', value: String(n.value) }, affiliated, loc),
          start,
          end,
        );
      case 'latex-environment':
        return this.leaf(
          placed({ type: 'latex-environment', value: String(n.value) }, affiliated, loc),
          start,
          end,
        );
      case 'clock': {
        const clock = n as unknown as U.Clock;
        return this.leaf(
          {
            type: 'clock',
            status: clock.status,
            duration: clock.duration ?? null,
            value: clock.value ? this.timestamp(clock.value as UNode & U.Timestamp) : null,
            loc,
          },
          start,
          end,
        );
      }
      case 'planning': {
        const planning = n as unknown as U.Planning;
        const ts = (t: U.Timestamp | null) => (t ? this.timestamp(t as UNode & U.Timestamp) : null);
        return this.leaf(
          {
            type: 'planning',
            closed: ts(planning.closed),
            deadline: ts(planning.deadline),
            scheduled: ts(planning.scheduled),
            loc,
          },
          start,
          end,
        );
      }
      case 'src-block': {
        const src = n as unknown as U.SrcBlock & {
          switches?: string | null;
          parameters?: string | null;
        };
        return this.leaf(
          placed(
            {
              type: 'src-block',
              language: src.language ?? null,
              switches: src.switches ?? null,
              parameters: src.parameters ?? null,
              value: /(^|\s)-i(\s|$)/.test(src.switches ?? '')
                ? src.value
                : removeCommonIndent(src.value),
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
        return this.leaf(
          placed(
            {
              type: 'example-block',
              switches,
              value: removeCommonIndent(unescapeCode(String(n.value))),
            },
            affiliated,
            loc,
          ),
          start,
          end,
        );
      }
      case 'export-block': {
        // `#+begin_export html :exports none` gives backend null in uniorg: the first word is the backend.
        const backend = this.beginLineArguments(body).split(/[ \t]+/)[0] || null;
        return this.leaf(
          placed(
            {
              type: 'export-block',
              backend: backend ? backend.toLowerCase() : null,
              value: removeCommonIndent(String(n.value)),
            },
            affiliated,
            loc,
          ),
          start,
          end,
        );
      }
      case 'comment-block':
        return this.leaf(
          placed(
            { type: 'comment-block', value: removeCommonIndent(unescapeCode(String(n.value))) },
            affiliated,
            loc,
          ),
          start,
          end,
        );
      case 'verse-block': {
        const children = this.inlines(n.children ?? []);
        trimFinalNewline(children);
        return this.leaf(placed({ type: 'verse-block', children }, affiliated, loc), start, end);
      }
      case 'table':
        return this.table(n as unknown as U.Table & UNode, start, body, end, affiliated, loc);
      case 'quote-block':
      case 'center-block':
        return this.container(
          placed({ type: node.type, children: [] }, affiliated, loc),
          n,
          start,
          end,
        );
      case 'special-block': {
        const parameters = this.beginLineArguments(body) || null;
        return this.container(
          placed(
            { type: 'special-block', blockType: String(n.blockType), parameters, children: [] },
            affiliated,
            loc,
          ),
          n,
          start,
          end,
        );
      }
      case 'drawer':
        return this.container(
          placed({ type: 'drawer', name: String(n.name), children: [] }, affiliated, loc),
          n,
          start,
          end,
        );
      case 'property-drawer':
        return this.container({ type: 'property-drawer', children: [], loc }, n, start, end);
      case 'footnote-definition':
        return this.container(
          placed(
            { type: 'footnote-definition', label: String(n.label), children: [] },
            affiliated,
            loc,
          ),
          n,
          start,
          end,
        );
      case 'plain-list':
        return this.container(
          placed(
            { type: 'plain-list', listType: (n as unknown as U.List).listType, children: [] },
            affiliated,
            loc,
          ),
          n,
          start,
          end,
        );
      default:
        // Any element type uniorg adds in the future: keep its text, say so.
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
            loc,
          },
          start,
          end,
        );
    }
  }

  /** Converts an element-level child of a container (list items, properties, rows and blocks). */
  private child(
    node: UNode,
    start: number,
    end: number,
  ): Block | ListItem | NodeProperty | TableRow {
    switch (node.type) {
      case 'list-item':
        return this.listItem(node as U.ListItem & UNode, start, end);
      case 'node-property':
        return this.leaf(
          {
            type: 'node-property',
            key: (node as U.NodeProperty).key,
            value: (node as U.NodeProperty).value,
            loc: this.loc(start),
          },
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

  /** A container's children, each read from its span; the text around them is its source. */
  private container<T extends Block | ListItem>(
    model: T,
    node: UNode,
    start: number,
    end: number,
  ): T {
    const layout = containerLayout(this.text, node, start, end);
    (model as { children: unknown[] }).children = layout.children.map((kid) =>
      this.child(kid.node, kid.start, kid.end),
    );
    (model as { src?: ContainerSource }).src = containerSource(layout, model);
    return model;
  }

  private table(
    node: U.Table & UNode,
    start: number,
    body: number,
    end: number,
    affiliated: AffiliatedKeyword[],
    loc: Loc,
  ): Block {
    if (node.tableType === 'table.el') {
      const value = String((node as U.TableTableEl).value);
      return this.leafAsContainer(
        placed(
          { type: 'table', tableType: 'table.el', tblfm: [], value, children: [] },
          affiliated,
          loc,
        ),
        start,
        end,
      );
    }
    const table: Block = placed(
      { type: 'table', tableType: 'org', tblfm: [], children: [] },
      affiliated,
      loc,
    );
    const layout = tableLayout(this.text, node, start, body, end);
    table.children = layout.children.map(({ node: child, start: rowStart, end: rowEnd }) => {
      const row = child as U.TableRow & UNode;
      const model: TableRow = {
        type: 'table-row',
        rowType: row.rowType,
        children:
          row.rowType === 'rule'
            ? []
            : (row.children ?? []).map(
                (cell): TableCell => ({
                  type: 'table-cell',
                  children: this.inlines(cell.children as UNode[]),
                  loc: this.loc((cell as UNode).position!.start.offset),
                }),
              ),
        loc: this.loc(rowStart),
      };
      return this.leaf(model, rowStart, rowEnd);
    });
    table.tblfm = [...layout.close.matchAll(/^[ \t]*#\+TBLFM:[ \t]?(.*)$/gim)].map((m) => m[1]!);
    const align = detectTableAlign(table.children);
    table.src = containerSource(layout, table);
    if (align) table.src.tableAlign = align;
    return table;
  }

  private leafAsContainer<T extends Block>(model: T, start: number, end: number): T {
    const { body, after } = splitTrailingBlankLines(this.text.slice(start, end));
    (model as { src?: ContainerSource }).src = containerSource(
      { open: body, close: '', after },
      model,
    );
    return model;
  }

  private leaf<T extends Block | Heading | NodeProperty | TableRow>(
    model: T,
    start: number,
    end: number,
  ): T {
    (model as { src?: LeafSource }).src = leafSource(this.text, model, start, end);
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

  // ---- objects -------------------------------------------------------------------------

  /**
   * A paragraph's objects, with the paragraph's common indentation removed from the start of
   * every line (the printer puts back the indentation of wherever the paragraph is printed)
   * and without the final newline.
   */
  private flowInlines(node: UNode, body: number, end: number): Inline[] {
    const children = this.inlines(node.children ?? []);
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
        return {
          type: node.type,
          useBrackets: offset !== undefined && this.text[offset + 1] === '{',
          children: kids(),
        };
      case 'line-break':
        return { type: 'line-break' };
      case 'link': {
        const link = node as U.Link;
        const [path, searchOption] = splitSearchOption(link.linkType, link.path);
        return {
          type: 'link',
          format: link.format,
          linkType: link.linkType,
          path,
          rawLink: link.rawLink,
          searchOption,
          children: kids(),
        };
      }
      case 'statistics-cookie':
        return { type: 'statistics-cookie', value: String(n.value) };
      case 'footnote-reference': {
        const ref = node as U.FootnoteReference;
        return {
          type: 'footnote-reference',
          label: ref.label ?? null,
          footnoteType: ref.footnoteType,
          children: kids(),
        };
      }
      case 'latex-fragment':
        return { type: 'latex-fragment', value: String(n.value), contents: String(n.contents) };
      case 'entity': {
        const e = node as U.Entity;
        return {
          type: 'entity',
          name: e.name,
          useBrackets: e.useBrackets,
          utf8: e.utf8,
          html: e.html,
          latex: e.latex,
          ascii: e.ascii,
          latin1: e.latin1,
          requireLatexMath: e.requireLatexMath,
        };
      }
      case 'export-snippet':
        return { type: 'export-snippet', backEnd: String(n.backEnd), value: String(n.value) };
      case 'citation': {
        // uniorg does not keep the citation style: read it from `[cite/style:`.
        const head =
          offset === undefined ? '' : this.text.slice(offset, this.text.indexOf(':', offset));
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
        return {
          type: 'text',
          value: offset !== undefined && end !== undefined ? this.text.slice(offset, end) : '',
        };
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
  if (affiliated.length > 0)
    (block as { affiliated?: AffiliatedKeyword[] }).affiliated = affiliated;
  block.loc = loc;
  return block;
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
        // Code and verbatim may run over a line end: their continuation lines are indented too.
        if (node.type === 'code' || node.type === 'verbatim')
          node.value = node.value.replace(afterNewline, '\n');
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
