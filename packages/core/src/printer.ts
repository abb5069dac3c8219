/**
 * Printer: model -> Org text.
 *
 * A node whose semantic signature still matches the one taken when it was read prints its
 * source text; any other node prints canonically, as Emacs writes it
 * (SPEC: org-element-interpret-data and the org-element-*-interpreter functions), with the
 * deliberate deviations listed in docs/deviations.md. Untouched nodes keep their bytes, so
 * an edit gives a minimal diff.
 */
import { signature } from './signature.js';
import { alignRows, splitRowCells } from './table.js';
import { parseAffiliatedLine } from './syntax.js';
import { macroSource } from './inline.js';
import type {
  AffiliatedKeyword,
  Block,
  BlockType,
  ContainerSource,
  Document,
  Handlers,
  Heading,
  Inline,
  InlineType,
  LeafSource,
  ListItem,
  NodeProperty,
  Paragraph,
  TableRow,
} from './types.js';

/** Where a node is printed: `lead` goes before its first line, `indent` before every other line. */
interface Place {
  lead: string;
  indent: string;
  /** Whether `lead` starts a line (else the node goes on after a bullet or a footnote label); true when absent. */
  lineStart?: boolean;
}

export function printOrg(document: Document): string {
  // A program may edit the model between two prints: judge every node afresh.
  verdicts = new WeakMap();
  let out = document.src?.open ?? '';
  out += printSequence(document.children, { lead: '', indent: '' }, '');
  for (const heading of document.headings) out += printHeading(heading);
  if (document.src?.eol === 'crlf') out = out.replace(/\n/g, '\r\n');
  if (document.src?.bom) out = '\uFEFF' + out;
  return out;
}

// Signatures are asked for more than once per node while printing; hashing is the costly part.
let verdicts = new WeakMap<object, boolean>();

function unchanged(node: { src?: LeafSource | ContainerSource }): boolean {
  if (node.src === undefined) return false;
  let verdict = verdicts.get(node);
  if (verdict === undefined) {
    verdict = signature(node as never) === node.src.sig;
    verdicts.set(node, verdict);
  }
  return verdict;
}

// ---- headings ------------------------------------------------------------------------------

export function printHeading(heading: Heading): string {
  let out =
    (unchanged(heading) ? heading.src!.raw : headlineLine(heading)) + (heading.src?.after ?? '');
  out += printSequence(heading.content, { lead: '', indent: '' }, out);
  for (const child of heading.children) out += printHeading(child);
  return out;
}

// SPEC: org-tags-column (default -77): tags end at column 77, at least one space after the title.
const DEFAULT_TAGS_END = 77;

function headlineLine(heading: Heading): string {
  let line = '*'.repeat(heading.level);
  if (heading.todo) line += ` ${heading.todo}`;
  if (heading.priority) line += ` [#${heading.priority}]`;
  if (heading.commented) line += ' COMMENT';
  const title = printInlines(heading.title);
  // SPEC: a headline is stars followed by a space, even when nothing follows.
  if (title) line += ` ${title}`;
  else if (line === '*'.repeat(heading.level)) line += ' ';
  if (heading.tags.length > 0) {
    const tags = `:${heading.tags.join(':')}:`;
    const end = previousTagsEnd(heading.src?.raw) ?? DEFAULT_TAGS_END;
    line += ' '.repeat(Math.max(1, end - line.length - tags.length)) + tags;
  }
  return line + '\n';
}

/** Keeps the tag column a heading was written with, when its tags were aligned at all. */
function previousTagsEnd(raw: string | undefined): number | undefined {
  if (!raw) return undefined;
  const line = raw.split('\n')[0]!.replace(/[ \t]+$/, '');
  const m = /[ \t]{2,}(:[^\s:]+(?::[^\s:]+)*:)$/.exec(line);
  return m ? line.length : undefined;
}

// ---- elements ------------------------------------------------------------------------------

type ElementNode = Block | ListItem | NodeProperty | TableRow;
type ElementType = BlockType | 'list-item' | 'node-property' | 'table-row';

export function printBlock(node: ElementNode, place: Place): string {
  const printer = elementPrinters[node.type] as (node: ElementNode, place: Place) => string;
  return printer(node, place) + (node.src?.after ?? '');
}

/**
 * Sibling elements in order. Where two siblings would run together and read back as one
 * (two paragraphs, two lists, ...) and nothing separates them, a blank line goes between:
 * the post-blank a program that adds elements does not think of.
 */
function printSequence(nodes: ElementNode[], place: Place, before: string): string {
  let out = '';
  let text = before;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    const previous = nodes[i - 1];
    const stepsOut = previous !== undefined && listAfterList(previous, node, place);
    if (
      previous &&
      !stepsOut &&
      !previous.src?.after &&
      needsSeparator(previous, node) &&
      !(unchanged(previous) && unchanged(node))
    ) {
      // SPEC: (org) Plain Lists: two blank lines end a list, as they end a footnote definition.
      const blank =
        previous.type === 'footnote-definition' || previous.type === 'plain-list' ? '\n\n' : '\n';
      out += blank;
      text += blank;
    }
    const indent = stepsOut ? place.indent.slice(0, -1) : place.indent;
    const lead = text === '' ? place.lead : text.endsWith('\n') ? indent : '';
    const lineStart = text === '' ? place.lineStart !== false : text.endsWith('\n');
    const printed = printBlock(node, { lead, indent, lineStart });
    out += printed;
    text = printed;
  }
  return out;
}

/**
 * Whether `next` is a list right after the list `previous` inside a list item, to be printed
 * one column further out. Two blank lines would end the item's list too (SPEC: (org) Plain
 * Lists), and a list at the same column would continue the other; one column out it is still
 * inside the item (whose contents are indented at least two columns past its bullet) and
 * starts a list of its own. A third list in a row would need a second column: it reads back
 * as part of the second.
 */
function listAfterList(previous: ElementNode, next: ElementNode, place: Place): boolean {
  return (
    previous.type === 'plain-list' &&
    next.type === 'plain-list' &&
    place.indent !== '' &&
    !(unchanged(previous) && unchanged(next))
  );
}

/** SPEC: org-element-paragraph-separate and the element parsers: which neighbours merge. */
function needsSeparator(previous: ElementNode, next: ElementNode): boolean {
  if (previous.type === 'footnote-definition') return next.type !== 'footnote-definition';
  // Unparsed text is re-read piece by piece between blank lines: keep it a piece of its own.
  if (previous.type === 'unparsed' || next.type === 'unparsed') return true;
  // A `#+NAME:`-like keyword right above an element would become that element's affiliated keyword.
  if (previous.type === 'keyword')
    return parseAffiliatedLine(`#+${previous.key}: ${previous.value}`) !== undefined;
  // SPEC: org-element-table-parser: `#+TBLFM:` lines right below a table are its formulas.
  if (previous.type === 'table' && next.type === 'keyword') return next.key === 'TBLFM';
  if (previous.type !== next.type) return false;
  return ['paragraph', 'plain-list', 'table', 'fixed-width', 'comment'].includes(previous.type);
}

function leaf<T extends ElementNode & { src?: LeafSource }>(
  canonical: (node: T, place: Place) => string,
) {
  return (node: T, place: Place): string =>
    unchanged(node) ? node.src!.raw : canonical(node, place);
}

type ContainerNode = Extract<ElementNode, { children: ElementNode[]; src?: ContainerSource }>;

/**
 * A container prints its own delimiters (source text while unchanged, else canonical) around
 * its children, each of which decides for itself.
 */
function container<T extends ContainerNode>(
  open: (node: T, place: Place) => string,
  close: (node: T, place: Place) => string,
  childIndent: (node: T, place: Place, open: string) => string,
): (node: T, place: Place) => string {
  return (node, place) => {
    const same = unchanged(node);
    const start = same ? node.src!.open : open(node, place);
    const indent = childIndent(node, place, start);
    const out =
      start +
      printSequence(
        node.children as ElementNode[],
        { lead: start === '' ? place.lead : indent, indent, lineStart: place.lineStart },
        start,
      );
    return out + (same ? node.src!.close : close(node, place));
  };
}

const sameIndent = (_: unknown, place: Place) => place.indent;

/** `#+begin_NAME`/`#+end_NAME` in the case the block was written in. */
function blockKeyword(node: ElementNode, word: 'begin' | 'end', name: string): string {
  const raw =
    node.src && 'raw' in node.src
      ? node.src.raw
      : node.src && 'open' in node.src
        ? node.src.open
        : '';
  return /#\+BEGIN_/.test(raw)
    ? `#+${word.toUpperCase()}_${name.toUpperCase()}`
    : `#+${word}_${name}`;
}

/** Affiliated keyword lines then the element: as written while they are unchanged. */
function withAffiliated(node: ElementNode, place: Place, body: (lead: string) => string): string {
  const affiliated = 'affiliated' in node ? (node.affiliated ?? []) : [];
  if (affiliated.length === 0) return body(place.lead);
  const previous =
    node.src && 'raw' in node.src
      ? node.src.raw
      : node.src && 'open' in node.src
        ? node.src.open
        : '';
  const previousLines = previous.split('\n').slice(0, affiliated.length);
  const reuse =
    previousLines.length === affiliated.length &&
    previousLines.every((line, i) => sameAffiliated(line, affiliated[i]!));
  const lines = reuse ? previousLines.map((l) => l.trimStart()) : affiliated.map(printAffiliated);
  return place.lead + lines.join('\n' + place.indent) + '\n' + body(place.indent);
}

function printAffiliated(keyword: AffiliatedKeyword): string {
  return `#+${keyword.key}${keyword.option !== null ? `[${keyword.option}]` : ''}: ${keyword.value}`.trimEnd();
}

function sameAffiliated(line: string, keyword: AffiliatedKeyword): boolean {
  const written = parseAffiliatedLine(line);
  return (
    written !== undefined &&
    written.key === keyword.key &&
    written.option === keyword.option &&
    written.value === keyword.value
  );
}

function indentLines(text: string, indent: string): string {
  return indent ? text.replace(/\n(?!$)/g, '\n' + indent) : text;
}

/** SPEC: org-escape-code-in-string: a comma protects lines that would read as Org syntax. */
function escapeCode(value: string): string {
  return value.replace(/^([ \t]*)(,*)(\*|#\+)/gm, '$1,$2$3');
}

/**
 * The lines of a block's value, each put at `indent` where the block is printed. Where the
 * reader would not give the value back from indented lines, they stay at column 0, as a block's
 * lines may be inside a list item: a line of blanks is emptied when indentation is removed
 * (SPEC: org-do-remove-indentation), and `-i` keeps a src block's indentation as it is.
 */
function codeBody(value: string, indent: string, keepsIndentation = false): string {
  const body = escapeCode(value);
  if (body === '') return '';
  if (keepsIndentation || /^[ \t]+$/m.test(value)) indent = '';
  const text = body.endsWith('\n') ? body : body + '\n';
  return (
    text
      .split('\n')
      .slice(0, -1)
      .map((line) => (line === '' ? '' : indent + line))
      .join('\n') + '\n'
  );
}

// SPEC: (org) Literal Examples: the `-i` switch preserves the indentation of a src block.
const PRESERVE_INDENT = /(^|\s)-i(\s|$)/;

function greaterBlock(
  name: (
    node: Extract<Block, { type: 'quote-block' | 'center-block' | 'special-block' }>,
  ) => string,
) {
  return container<Extract<Block, { type: 'quote-block' | 'center-block' | 'special-block' }>>(
    (node, place) =>
      withAffiliated(node, place, (lead) => {
        const params =
          node.type === 'special-block' && node.parameters ? ` ${node.parameters}` : '';
        return `${lead}${blockKeyword(node, 'begin', name(node))}${params}\n`;
      }),
    (node, place) => `${place.indent}${blockKeyword(node, 'end', name(node))}\n`,
    sameIndent,
  );
}

/**
 * Whether an item's first child goes on the bullet line: a paragraph, and text the parser
 * could not read that starts there (the reader cuts it from the bullet line: on a line of its
 * own, `* TODO's, ...` would be read again, as a list).
 */
function continuesBulletLine(first: ElementNode): boolean {
  return first.type === 'paragraph' || (first.type === 'unparsed' && /^\S/.test(first.value));
}

function checkboxText(checkbox: ListItem['checkbox']): string {
  return checkbox === 'on'
    ? '[X] '
    : checkbox === 'off'
      ? '[ ] '
      : checkbox === 'trans'
        ? '[-] '
        : '';
}

/**
 * A line of paragraph text that, at column 0, would start another element: a headline
 * (SPEC: org-outline-regexp-bol) or a footnote definition (SPEC: org-footnote-definition-re).
 * Indented, it stays paragraph text.
 */
const STARTS_ELEMENT_AT_COLUMN_0 = /^(?:\*+(?:[ \t]|$)|\[fn:[-_\p{L}\p{N}]+\])/u;

/**
 * A paragraph, one space further in when one of its lines would otherwise start a heading or
 * a footnote definition (the text came from an indented paragraph; the reader strips the space
 * again as common indentation).
 */
function printParagraph(node: Paragraph, place: Place): string {
  const text = printInlines(node.children);
  const hasAffiliated = (node.affiliated ?? []).length > 0;
  const lines = text.split('\n');
  const atColumn0 = (line: string, i: number) =>
    i === 0
      ? (hasAffiliated ? place.indent : place.lead) === '' &&
        (hasAffiliated || place.lineStart !== false)
      : place.indent === '';
  const shift = lines.some((line, i) => atColumn0(line, i) && STARTS_ELEMENT_AT_COLUMN_0.test(line))
    ? ' '
    : '';
  return withAffiliated(node, place, (lead) => {
    const firstShift = hasAffiliated || place.lineStart !== false ? shift : '';
    return lead + firstShift + indentLines(text, place.indent + shift) + '\n';
  });
}

const elementPrinters: Handlers<ElementType, [Place], string> = {
  paragraph: leaf(printParagraph),
  'plain-list': container<Extract<Block, { type: 'plain-list' }>>(
    (node, place) => withAffiliated(node, place, () => ''),
    () => '',
    sameIndent,
  ),
  'list-item': container<ListItem>(
    (node, place) => {
      // SPEC: (org) Plain Lists: a `*` bullet must be indented, or it starts a heading.
      const lead = node.bullet === '*' && place.lead === '' ? ' ' : place.lead;
      let open = `${lead}${node.bullet} ${node.counter !== null ? `[@${node.counter}] ` : ''}${checkboxText(node.checkbox)}`;
      if (node.tag) open += `${printInlines(node.tag)} :: `;
      const first = node.children[0];
      return first !== undefined && continuesBulletLine(first) ? open : open.trimEnd() + '\n';
    },
    () => '',
    (node, place, open) => {
      // SPEC: an item's contents align with the text after its bullet.
      const m = /^([ \t]*)(\S+)([ \t]+)/.exec(open);
      return m
        ? m[1]! + ' '.repeat(m[2]!.length + m[3]!.length)
        : place.indent + ' '.repeat(node.bullet.length + 1);
    },
  ),
  table: (node, place) => {
    if (unchanged(node)) {
      let out = node.src!.open;
      for (const row of node.children) out += printBlock(row, place);
      return out + node.src!.close;
    }
    if (node.tableType === 'table.el') {
      return withAffiliated(
        node,
        place,
        (lead) => lead + indentLines(node.value ?? '', place.indent).replace(/\n?$/, '\n'),
      );
    }
    const rows = node.children.map((row) => ({
      row,
      cells:
        row.rowType === 'rule'
          ? []
          : unchanged(row)
            ? splitRowCells(row.src!.raw)
            : row.children.map((cell) => printInlines(cell.children).replace(/\|/g, '\\vert{}')),
    }));
    const lines = alignRows(rows, node.src?.tableAlign ?? 'markup-shown', place.indent);
    const formulas = node.tblfm.map((f) => `${place.indent}#+TBLFM: ${f}\n`).join('');
    return withAffiliated(
      node,
      place,
      (lead) =>
        (lines.length ? lead + lines.join('\n').slice(place.indent.length) + '\n' : '') + formulas,
    );
  },
  'table-row': leaf((node, place) => {
    if (node.rowType === 'rule') return `${place.lead}|---|\n`;
    return `${place.lead}| ${node.children.map((cell) => printInlines(cell.children)).join(' | ')} |\n`;
  }),
  'src-block': leaf((node, place) =>
    withAffiliated(node, place, (lead) => {
      const header = [
        blockKeyword(node, 'begin', 'src'),
        node.language,
        node.switches,
        node.parameters,
      ]
        .filter(Boolean)
        .join(' ');
      return `${lead}${header}\n${codeBody(node.value, place.indent, PRESERVE_INDENT.test(node.switches ?? ''))}${place.indent}${blockKeyword(node, 'end', 'src')}\n`;
    }),
  ),
  'example-block': leaf((node, place) =>
    withAffiliated(node, place, (lead) => {
      const header = [blockKeyword(node, 'begin', 'example'), node.switches]
        .filter(Boolean)
        .join(' ');
      return `${lead}${header}\n${codeBody(node.value, place.indent)}${place.indent}${blockKeyword(node, 'end', 'example')}\n`;
    }),
  ),
  'export-block': leaf((node, place) =>
    withAffiliated(node, place, (lead) => {
      const header = [blockKeyword(node, 'begin', 'export'), node.backend]
        .filter(Boolean)
        .join(' ');
      return `${lead}${header}\n${codeBody(node.value, place.indent)}${place.indent}${blockKeyword(node, 'end', 'export')}\n`;
    }),
  ),
  'comment-block': leaf((node, place) =>
    withAffiliated(
      node,
      place,
      (lead) =>
        `${lead}${blockKeyword(node, 'begin', 'comment')}\n${codeBody(node.value, place.indent)}${place.indent}${blockKeyword(node, 'end', 'comment')}\n`,
    ),
  ),
  'quote-block': greaterBlock(() => 'quote'),
  'center-block': greaterBlock(() => 'center'),
  'special-block': greaterBlock((node) => (node.type === 'special-block' ? node.blockType : '')),
  'verse-block': leaf((node, place) =>
    withAffiliated(node, place, (lead) => {
      const body = printInlines(node.children);
      const lines = body === '' ? '' : indentLines(place.indent + body, place.indent) + '\n';
      return `${lead}${blockKeyword(node, 'begin', 'verse')}\n${lines}${place.indent}${blockKeyword(node, 'end', 'verse')}\n`;
    }),
  ),
  drawer: container<Extract<Block, { type: 'drawer' }>>(
    (node, place) => withAffiliated(node, place, (lead) => `${lead}:${node.name}:\n`),
    (_, place) => `${place.indent}:END:\n`,
    sameIndent,
  ),
  'property-drawer': container(
    (_, place) => `${place.lead}:PROPERTIES:\n`,
    (_, place) => `${place.indent}:END:\n`,
    sameIndent,
  ),
  // SPEC: org-property-format "%-10s %s".
  'node-property': leaf(
    (node, place) => `${place.lead}${`:${node.key}:`.padEnd(10)} ${node.value}`.trimEnd() + '\n',
  ),
  keyword: leaf((node, place) => {
    // Keep the key's spelling (`#+title` stays lower case) while the key itself is unchanged.
    const written = node.src ? /^[ \t]*#\+([^:\s]+):/.exec(node.src.raw)?.[1] : undefined;
    const key = written && written.toUpperCase() === node.key ? written : node.key;
    return `${place.lead}#+${key}: ${node.value}`.trimEnd() + '\n';
  }),
  comment: leaf(
    (node, place) =>
      place.lead +
      node.value
        .split('\n')
        .map((line) => (line ? `# ${line}` : '#'))
        .join('\n' + place.indent) +
      '\n',
  ),
  'fixed-width': leaf((node, place) =>
    withAffiliated(
      node,
      place,
      (lead) =>
        lead +
        node.value
          .split('\n')
          .map((line) => (line ? `: ${line}` : ':'))
          .join('\n' + place.indent) +
        '\n',
    ),
  ),
  clock: leaf(
    (node, place) =>
      `${place.lead}CLOCK: ${node.value?.rawValue ?? ''}${node.duration ? ` =>  ${node.duration}` : ''}`.trimEnd() +
      '\n',
  ),
  // SPEC: org-element-planning-interpreter writes DEADLINE, SCHEDULED, CLOSED in this order.
  planning: leaf((node, place) => {
    const parts: string[] = [];
    if (node.deadline) parts.push(`DEADLINE: ${node.deadline.rawValue}`);
    if (node.scheduled) parts.push(`SCHEDULED: ${node.scheduled.rawValue}`);
    if (node.closed) parts.push(`CLOSED: ${node.closed.rawValue}`);
    return `${place.lead}${parts.join(' ')}\n`;
  }),
  'latex-environment': leaf((node, place) =>
    withAffiliated(
      node,
      place,
      (lead) => lead + indentLines(node.value, place.indent).replace(/\n?$/, '\n'),
    ),
  ),
  'horizontal-rule': leaf((node, place) => withAffiliated(node, place, (lead) => `${lead}-----\n`)),
  'diary-sexp': leaf((node, place) =>
    withAffiliated(node, place, (lead) => `${lead}${node.value}\n`),
  ),
  'footnote-definition': container<Extract<Block, { type: 'footnote-definition' }>>(
    (node, place) =>
      withAffiliated(
        node,
        place,
        (lead) => `${lead}[fn:${node.label}]${node.children.length ? ' ' : '\n'}`,
      ),
    () => '',
    sameIndent,
  ),
  unparsed: leaf((node, place) => place.lead + node.value.replace(/\n?$/, '\n')),
};

// ---- objects -------------------------------------------------------------------------------

/** Objects as Org text; the element printing them indents the lines after the first. */
export function printInlines(nodes: Inline[]): string {
  let out = '';
  for (const node of nodes) out += (inlinePrinters[node.type] as (n: Inline) => string)(node);
  return out;
}

const wrap = (marker: string) => (node: { children: Inline[] }) =>
  marker + printInlines(node.children) + marker;

const inlinePrinters: Handlers<InlineType, [], string> = {
  text: (node) => node.value,
  bold: wrap('*'),
  italic: wrap('/'),
  underline: wrap('_'),
  'strike-through': wrap('+'),
  code: (node) => `~${node.value}~`,
  verbatim: (node) => `=${node.value}=`,
  macro: (node) => macroSource(node),
  superscript: (node) =>
    node.useBrackets ? `^{${printInlines(node.children)}}` : `^${printInlines(node.children)}`,
  subscript: (node) =>
    node.useBrackets ? `_{${printInlines(node.children)}}` : `_${printInlines(node.children)}`,
  'line-break': () => '\\\\\n',
  link: (node) => {
    if (node.format === 'plain') return node.rawLink;
    if (node.format === 'angle') return `<${node.rawLink}>`;
    return node.children.length
      ? `[[${node.rawLink}][${printInlines(node.children)}]]`
      : `[[${node.rawLink}]]`;
  },
  timestamp: (node) => node.rawValue,
  'statistics-cookie': (node) => node.value,
  target: (node) => `<<${node.value}>>`,
  'footnote-reference': (node) =>
    node.footnoteType === 'inline'
      ? `[fn:${node.label ?? ''}:${printInlines(node.children)}]`
      : `[fn:${node.label ?? ''}]`,
  'latex-fragment': (node) => node.value,
  entity: (node) => `\\${node.name}${node.useBrackets ? '{}' : ''}`,
  'export-snippet': (node) => `@@${node.backEnd}:${node.value}@@`,
  citation: (node) => {
    const parts = node.children.map((child) => printInlines([child]));
    return `[cite${node.style !== null ? `/${node.style}` : ''}:${parts.join(';')}]`;
  },
  'citation-reference': (node) => printInlines(node.children),
  'citation-common-prefix': (node) => printInlines(node.children),
  'citation-common-suffix': (node) => printInlines(node.children),
  // uniorg keeps the space before `@key` only as an empty prefix.
  'citation-prefix': (node) => (node.children.length ? printInlines(node.children) : ' '),
  'citation-suffix': (node) => printInlines(node.children),
  'citation-key': (node) => `@${node.key}`,
};
