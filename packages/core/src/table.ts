/**
 * Table alignment as Emacs does it (SPEC: org-table-align in org-table.el).
 *
 * A column is as wide as its widest cell, measured as Emacs displays the cell
 * (org-string-width): link brackets and targets are hidden (org-link-descriptive), and with
 * org-hide-emphasis-markers the emphasis delimiters too. Which of the two rules a table
 * follows is detected when it is read, so that a re-aligned table keeps its look.
 */
import { createRequire } from 'node:module';
import type StringWidth from 'string-width';
import type { ContainerSource, Inline, TableCell, TableRow } from './types.js';

export type TableAlign = NonNullable<ContainerSource['tableAlign']>;

// SPEC: org-table-number-regexp (default value) and org-table-number-fraction (0.5).
const NUMBER =
  /^(?:[<>]?[-+^.0-9]*[0-9][-+^.0-9eEdDx()%:]*|[<>]?[-+]?0[xX][0-9a-fA-F.]+|[<>]?[-+]?[0-9]+#[0-9a-zA-Z.]+|nan|[-+u]?inf)$/;
const NUMBER_FRACTION = 0.5;
// SPEC: (org) Column Width and Alignment: `<r>`, `<c>`, `<l>`, optionally with a width.
const COOKIE = /^<([lrc])?(\d+)?>$/;

// Most cells are printable ASCII, one column per character; string-width handles the rest
// (wide East Asian characters, emoji, combining marks) and is slow enough to matter here.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
function displayWidth(text: string): number {
  return PRINTABLE_ASCII.test(text) ? text.length : wideTextWidth(text);
}

/**
 * string-width, loaded by the first cell that needs it: loading it builds an Intl.Segmenter,
 * which a run that reads no such cell, such as an export whose outputs are all kept, should
 * not pay (docs/benchmarks.md). `require` of an ES module is synchronous from Node 20.19 on.
 */
let stringWidth: typeof StringWidth | undefined;
function wideTextWidth(text: string): number {
  stringWidth ??= (
    createRequire(import.meta.url)('string-width') as { default: typeof StringWidth }
  ).default;
  return stringWidth(text);
}

/** Characters of `cell` (printed as `text`) that Emacs does not display under `rule`. */
function hiddenWidth(nodes: Inline[], rule: TableAlign): number {
  let hidden = 0;
  for (const node of nodes) {
    switch (node.type) {
      case 'bold':
      case 'italic':
      case 'underline':
      case 'strike-through':
        hidden += (rule === 'markup-hidden' ? 2 : 0) + hiddenWidth(node.children, rule);
        break;
      case 'code':
      case 'verbatim':
        hidden += rule === 'markup-hidden' ? 2 : 0;
        break;
      case 'link':
        if (node.format === 'bracket') {
          // `[[L][D]]` shows D; `[[L]]` shows L.
          hidden +=
            node.children.length > 0
              ? displayWidth(node.rawLink) + 6 + hiddenWidth(node.children, rule)
              : 4;
        }
        break;
      default:
        if ('children' in node) hidden += hiddenWidth(node.children, rule);
    }
  }
  return hidden;
}

export function cellWidth(cell: TableCell, text: string, rule: TableAlign): number {
  return Math.max(0, displayWidth(text) - hiddenWidth(cell.children, rule));
}

/** The trimmed cell texts of a row as written: `| a | b |` -> ['a', 'b']. */
export function splitRowCells(raw: string): string[] {
  const line = raw.replace(/\n$/, '').trim();
  const inner = line.replace(/^\|/, '').replace(/\|$/, '');
  return inner.split('|').map((cell) => cell.trim());
}

export interface AlignInput {
  row: TableRow;
  /** Printed text of each cell of a standard row. */
  cells: string[];
}

/** How a table is laid out under one rule: column widths and alignments, and each cell's width. */
interface Layout {
  widths: number[];
  alignment: string[];
  /** Display width of each cell of each row (cellWidth), computed once; none for rules. */
  cellWidths: number[][];
}

const EMPTY_CELL: TableCell = { type: 'table-cell', children: [] };

function layoutOf(rows: AlignInput[], rule: TableAlign): Layout {
  const columns = Math.max(1, ...rows.map((r) => (r.row.rowType === 'rule' ? 0 : r.cells.length)));
  const widths = new Array<number>(columns).fill(1);
  const numeric = new Array<number>(columns).fill(0);
  const filled = new Array<number>(columns).fill(0);
  const cookies = new Array<string | undefined>(columns).fill(undefined);
  const cellWidths = rows.map(({ row, cells }) => {
    if (row.rowType === 'rule') return [];
    const isCookieRow =
      cells.some((c) => COOKIE.test(c)) && cells.every((c) => c === '' || COOKIE.test(c));
    return cells.map((text, c) => {
      const width = cellWidth(row.children[c] ?? EMPTY_CELL, text, rule);
      widths[c] = Math.max(widths[c]!, width);
      if (isCookieRow) {
        const m = COOKIE.exec(text);
        if (m?.[1]) cookies[c] = m[1];
      } else if (text !== '') {
        filled[c]!++;
        if (NUMBER.test(text)) numeric[c]!++;
      }
      return width;
    });
  });
  const alignment = widths.map(
    (_, c) =>
      cookies[c] ?? (filled[c]! > 0 && numeric[c]! / filled[c]! > NUMBER_FRACTION ? 'r' : 'l'),
  );
  return { widths, alignment, cellWidths };
}

/** The aligned line (without newline) of the `r`th row of a layout. */
function alignedLine(
  layout: Layout,
  { row, cells }: AlignInput,
  r: number,
  indent: string,
): string {
  const { widths, alignment } = layout;
  if (row.rowType === 'rule') return `${indent}|${widths.map((w) => '-'.repeat(w + 2)).join('+')}|`;
  const fields = widths.map((width, c) => {
    const text = cells[c] ?? '';
    // A cell the row lacks is empty: width 0.
    const pad = width - (layout.cellWidths[r]![c] ?? 0);
    const align = alignment[c];
    if (align === 'r') return ' '.repeat(pad) + text;
    if (align === 'c')
      return ' '.repeat(Math.floor(pad / 2)) + text + ' '.repeat(pad - Math.floor(pad / 2));
    return text + ' '.repeat(pad);
  });
  return `${indent}| ${fields.join(' | ')} |`;
}

/**
 * Aligned lines (without newline) for the rows of one table. `indent` is put before every
 * row, as Emacs keeps a table's indentation.
 */
export function alignRows(rows: AlignInput[], rule: TableAlign, indent: string): string[] {
  const layout = layoutOf(rows, rule);
  return rows.map((input, r) => alignedLine(layout, input, r, indent));
}

/**
 * The rule a freshly read table is aligned by, or undefined when it is not aligned.
 * Emacs's default (markup shown) is preferred when both fit.
 */
export function detectTableAlign(rows: TableRow[]): TableAlign | undefined {
  if (rows.length === 0 || rows.some((r) => !r.src)) return undefined;
  const raws = rows.map((r) => r.src!.raw.replace(/\n$/, ''));
  const indent = /^[ \t]*/.exec(raws[0]!)![0];
  const inputs = rows.map((row, i) => ({
    row,
    cells: row.rowType === 'rule' ? [] : splitRowCells(raws[i]!),
  }));
  for (const rule of ['markup-shown', 'markup-hidden'] as const) {
    const layout = layoutOf(inputs, rule);
    // The first row that differs settles it: the others need not be laid out.
    if (inputs.every((input, r) => alignedLine(layout, input, r, indent) === raws[r])) return rule;
  }
  return undefined;
}
