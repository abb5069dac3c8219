/**
 * Org elements and objects as the HTML of one Anki field.
 *
 * One handler per node type (a missing type is a compile error). The rendering follows Org's
 * HTML exporter where Anki can show the result (SPEC: ox-html, org-html-*), with these
 * choices for flashcards:
 * - no newline is ever written: line breaks are `<br>` (Anki's advice for `#html:true`), so
 *   every record stays on one line and soft line breaks become spaces, as in any HTML;
 * - math goes to Anki's MathJax as `\(...\)` / `\[...\]`;
 * - `id:` and other internal links become the text of what they point at: a card has no page
 *   to link to.
 */
import {
  latexEnvironmentExport,
  linkTarget,
  macroSource,
  plainText,
  PRIVATE_LINK_RULE,
  referenceText,
  specialBlockLabel,
  type Block,
  type ExportedTree,
  type BlockType,
  type Document,
  type FootnoteDefinition,
  type Handlers,
  type Inline,
  type InlineType,
  type Link,
  type ListItem,
  type LinkResolver,
  type Table,
  type TableCell,
  type TableRow,
} from '@orgnotes/core';
import type { ConvertContext } from '@orgnotes/cli';
import { escapeAttribute, escapeHtml } from './escape.js';
import type { MediaFiles } from './media.js';

/** What every handler of one document shares. */
export interface RenderState {
  notes: LinkResolver;
  document: Document;
  report: ConvertContext['report'];
  media: MediaFiles;
  /** Footnote definitions of the document, by label. */
  footnotes: Map<string, FootnoteDefinition>;
  /** What is exported (core's export rules). */
  tree: ExportedTree;
}

/** The state of one field being rendered. */
interface FieldState extends RenderState {
  /** The field is the Text of a Cloze note: `}}` inside math would close a deletion. */
  cloze: boolean;
  /** org-drill's `[answer||hint]` deletions are marked in text (see DRILL_MARKS) to become Anki clozes. */
  drillCloze: boolean;
  /** `br` inside verse blocks, where line breaks are significant. */
  newline: 'space' | 'br';
  /** Footnote labels referenced, in order; their definitions follow the field. */
  referenced: string[];
  /** Definitions already rendered inside the field. */
  defined: Set<string>;
}

/**
 * Every field is rendered from a state of its own. Built field by field rather than by
 * spreading `state`: the spread copies gave the handlers' states unstable shapes, which made
 * rendering about twice as slow (a missing field is a compile error, as FieldState extends
 * RenderState).
 */
function fieldState(state: RenderState, options: FieldOptions): FieldState {
  const { notes, document, report, media, footnotes, tree } = state;
  const cloze = options.cloze ?? options.drillCloze ?? false;
  return {
    notes,
    document,
    report,
    media,
    footnotes,
    tree,
    cloze,
    drillCloze: options.drillCloze ?? false,
    newline: 'space',
    referenced: [],
    defined: new Set(),
  };
}

export interface FieldOptions {
  cloze?: boolean;
  /** Mark org-drill deletions for numberDrillClozes (implies `cloze`). */
  drillCloze?: boolean;
}

/** Blocks as one field's HTML, footnotes they cite appended. */
export function renderField(
  blocks: Block[],
  state: RenderState,
  options: FieldOptions = {},
): string {
  const field = fieldState(state, options);
  let out = renderBlocks(blocks, field);
  out += renderFootnotes(field);
  return out;
}

/** Objects (a title, a table cell) as one field's HTML. */
export function renderInlineField(
  inlines: Inline[],
  state: RenderState,
  options: FieldOptions = {},
): string {
  const field = fieldState(state, options);
  return renderInlines(inlines, field) + renderFootnotes(field);
}

function renderFootnotes(field: FieldState): string {
  let out = '';
  // Definitions can cite further footnotes: loop until none is left.
  for (let i = 0; i < field.referenced.length; i++) {
    const label = field.referenced[i]!;
    if (field.defined.has(label)) continue;
    const definition = field.footnotes.get(label);
    field.defined.add(label);
    if (!definition) {
      field.report(
        'warning',
        'missing-footnote',
        `footnote [fn:${label}] has no definition in this file`,
      );
      continue;
    }
    out += footnoteBlock(definition, field);
  }
  return out;
}

function footnoteBlock(node: FootnoteDefinition, state: FieldState): string {
  state.defined.add(node.label);
  return `<div class="footnote"><sup>${escapeHtml(node.label)}</sup> ${unwrapParagraph(renderBlocks(node.children, state))}</div>`;
}

function renderBlocks(blocks: Block[], state: FieldState): string {
  let out = '';
  for (const block of blocks)
    if (state.tree.block(block))
      out += (blockHandlers[block.type] as (node: Block, state: FieldState) => string)(
        block,
        state,
      );
  return out;
}

export function renderInlines(inlines: Inline[], state: FieldState): string {
  let out = '';
  for (const node of inlines)
    out += (inlineHandlers[node.type] as (node: Inline, state: FieldState) => string)(node, state);
  return out;
}

/** Preformatted text: escaped, line breaks as `<br>`, one trailing newline dropped. */
function preformatted(value: string): string {
  return escapeHtml(value.replace(/\n$/, '')).replace(/\r?\n/g, '<br>');
}

/** A lone `<p>` around an item's or footnote's text is dropped, as ox-html does for tight lists. */
function unwrapParagraph(html: string): string {
  const m = /^<p>((?:(?!<p>).)*)<\/p>(.*)$/s.exec(html);
  return m ? m[1]! + m[2]! : html;
}

/** Math for Anki's MathJax; in a Cloze Text `}}` would end the deletion, so it is spaced. */
function math(tex: string, display: boolean, state: FieldState): string {
  let body = display ? `\\[${tex}\\]` : `\\(${tex}\\)`;
  if (state.cloze) body = body.replace(/\}\}/g, '} }');
  return escapeHtml(body);
}

function listItem(
  item: ListItem,
  listType: 'ordered' | 'unordered' | 'descriptive',
  state: FieldState,
): string {
  // SPEC: ox-html org-html-checkbox-types `unicode`.
  const box =
    item.checkbox === 'on'
      ? '☑ '
      : item.checkbox === 'off'
        ? '☐ '
        : item.checkbox === 'trans'
          ? '◐ '
          : '';
  const body = unwrapParagraph(renderBlocks(item.children, state));
  if (listType === 'descriptive')
    return `<dt>${box}${item.tag ? renderInlines(item.tag, state) : ''}</dt><dd>${body}</dd>`;
  const value =
    item.counter !== null && /^\d+$/.test(item.counter) ? ` value="${item.counter}"` : '';
  return `<li${value}>${box}${body}</li>`;
}

/** Rows that hold no text at all are spacers in Org tables: they are left out. */
export function isEmptyRow(cells: { children: Inline[] }[]): boolean {
  return cells.every((cell) => plainText(cell.children).trim() === '');
}

export interface TableRowCells {
  cells: TableCell[];
  loc: TableRow['loc'];
}

/** SPEC: org-export-table-has-special-column-p: a first column of only these markers (or empty) is not exported. */
const SPECIAL_MARKERS = new Set(['', '#', '*', '!', '$', '^', '_', '/']);
/** SPEC: org-export-table-row-is-special-p: with a special column, rows marked so hold names or parameters. */
const SPECIAL_ROW_MARKERS = new Set(['!', '$', '^', '_', '/']);
/** SPEC: org-table-colgroup-line / width cookies: `<l>`, `<r10>`, `<c>`, `<15>`, `<>`. */
const COOKIE = /^<[lrc]?\d*>$/;

/**
 * A table as Org exports it (SPEC: org-export-table-row-is-special-p,
 * org-html-table-header-tags): the special first column and special rows (markers, width
 * cookies) left out; the rows above the first rule are the header, none without a rule.
 */
export function splitTable(table: Table): { header: TableCell[][]; body: TableRowCells[] } {
  const standard = table.children.filter((r) => r.rowType === 'standard');
  const firstText = (r: TableRow) =>
    r.children[0] ? plainText(r.children[0].children).trim() : '';
  const specialColumn =
    standard.length > 0 &&
    standard.every((r) => SPECIAL_MARKERS.has(firstText(r))) &&
    standard.some((r) => firstText(r) !== '');
  const isSpecial = (r: TableRow) =>
    (specialColumn && SPECIAL_ROW_MARKERS.has(firstText(r))) ||
    (r.children.length > 0 &&
      r.children.every(
        (c) => COOKIE.test(plainText(c.children).trim()) || plainText(c.children).trim() === '',
      ) &&
      r.children.some((c) => COOKIE.test(plainText(c.children).trim())));
  const cellsOf = (r: TableRow): TableRowCells => ({
    cells: specialColumn ? r.children.slice(1) : r.children,
    loc: r.loc,
  });
  const rule = table.children.findIndex((row) => row.rowType === 'rule');
  const before =
    rule > 0
      ? table.children.slice(0, rule).filter((r) => r.rowType === 'standard' && !isSpecial(r))
      : [];
  const header = before.map((r) => cellsOf(r).cells);
  const body = (header.length ? table.children.slice(rule + 1) : table.children)
    .filter((r) => r.rowType === 'standard' && !isSpecial(r))
    .map(cellsOf);
  return { header, body };
}

const blockHandlers: Handlers<BlockType, [FieldState], string> = {
  paragraph: (node, state) => {
    const html = renderInlines(node.children, state).trim();
    return html ? `<p>${html}</p>` : '';
  },
  'plain-list': (node, state) => {
    const tag = node.listType === 'ordered' ? 'ol' : node.listType === 'descriptive' ? 'dl' : 'ul';
    return `<${tag}>${node.children.map((item) => listItem(item, node.listType, state)).join('')}</${tag}>`;
  },
  table: (node, state) => {
    if (node.tableType === 'table.el') return `<pre>${preformatted(node.value ?? '')}</pre>`;
    const { header, body } = splitTable(node);
    const row = (cells: TableCell[], cell: 'th' | 'td') =>
      `<tr>${cells.map((c) => `<${cell}>${renderInlines(c.children, state)}</${cell}>`).join('')}</tr>`;
    const head = header.length ? `<thead>${header.map((r) => row(r, 'th')).join('')}</thead>` : '';
    const rows = body.filter((r) => !isEmptyRow(r.cells));
    const tbody = rows.length
      ? `<tbody>${rows.map((r) => row(r.cells, 'td')).join('')}</tbody>`
      : '';
    return head || tbody ? `<table border="1">${head}${tbody}</table>` : '';
  },
  'src-block': (node) => {
    const language = node.language ? ` class="language-${escapeAttribute(node.language)}"` : '';
    return `<pre><code${language}>${preformatted(node.value)}</code></pre>`;
  },
  'example-block': (node) => `<pre>${preformatted(node.value)}</pre>`,
  // SPEC: org-html-export-block: only `html` blocks reach HTML output; others are for other formats.
  'export-block': (node) =>
    node.backend?.toLowerCase() === 'html' ? node.value.replace(/\n/g, ' ').trim() : '',
  // Comments are never exported (SPEC: (org) Comment Lines).
  'comment-block': () => '',
  'quote-block': (node, state) => `<blockquote>${renderBlocks(node.children, state)}</blockquote>`,
  'center-block': (node, state) =>
    `<div style="text-align: center">${renderBlocks(node.children, state)}</div>`,
  'verse-block': (node, state) => {
    const verse = { ...state, newline: 'br' as const };
    // SPEC: org-html-verse-block keeps leading spaces as non-breaking ones.
    const html = renderInlines(node.children, verse)
      .replace(
        /(<br>|^)( +)/g,
        (_, br: string, spaces: string) => br + '&nbsp;'.repeat(spaces.length),
      )
      .replace(/(<br>)+$/, '');
    state.referenced.push(...verse.referenced.filter((l) => !state.referenced.includes(l)));
    return `<p>${html}</p>`;
  },
  // A theorem-like block starts with its bold label (core's specialBlockLabel), inside its first paragraph.
  'special-block': (node, state) => {
    const body = renderBlocks(node.children, state);
    const label = specialBlockLabel(node);
    if (!label) return `<div class="${escapeAttribute(node.blockType)}">${body}</div>`;
    const strong = `<b>${escapeHtml(label.text)}</b>`;
    const inner = body.startsWith('<p>')
      ? `<p>${strong} ${body.slice(3)}`
      : `<p>${strong}</p>${body}`;
    return `<div class="${escapeAttribute(label.kind)}">${inner}</div>`;
  },
  // Which drawers are exported is core's rule (`d:`).
  drawer: (node, state) => renderBlocks(node.children, state),
  // SPEC: org-export-with-properties, -with-planning, -with-clocks (`prop:`, `p:`, `c:`), nil by default.
  'property-drawer': (node, state) => {
    const shown = state.tree.settings.properties;
    if (shown === false) return '';
    return node.children
      .filter((p) => shown === true || shown.includes(p.key))
      .map((p) => `<p>${escapeHtml(`${p.key}: ${p.value}`)}</p>`)
      .join('');
  },
  planning: (node, state) => {
    if (!state.tree.settings.planning) return '';
    const parts = [
      node.closed && `CLOSED: ${node.closed.rawValue}`,
      node.deadline && `DEADLINE: ${node.deadline.rawValue}`,
      node.scheduled && `SCHEDULED: ${node.scheduled.rawValue}`,
    ];
    return `<p>${escapeHtml(parts.filter(Boolean).join(' '))}</p>`;
  },
  clock: (node, state) =>
    state.tree.settings.clocks
      ? `<p>${escapeHtml(`CLOCK: ${node.value?.rawValue ?? ''}${node.duration ? ` => ${node.duration}` : ''}`)}</p>`
      : '',
  keyword: (node, state) => {
    if (node.key === 'INCLUDE')
      state.report(
        'warning',
        'unsupported-include',
        `#+INCLUDE: ${node.value} is not followed; its text is not on the card`,
        node.loc,
      );
    return '';
  },
  comment: () => '',
  'fixed-width': (node) => `<pre>${preformatted(node.value)}</pre>`,
  // Math for MathJax only when MathJax knows the environment (core's latexEnvironmentExport).
  'latex-environment': (node, state) =>
    latexEnvironmentExport(node).kind === 'math'
      ? math(node.value.trim(), true, state)
      : `<pre><code class="language-latex">${preformatted(node.value)}</code></pre>`,
  'horizontal-rule': () => '<hr>',
  // SPEC: diary sexps are never exported.
  'diary-sexp': () => '',
  'footnote-definition': (node, state) => footnoteBlock(node, state),
  // Text the parser failed on is shown as it is rather than lost (the reader has warned).
  unparsed: (node) => `<pre>${preformatted(node.value)}</pre>`,
};

function linkText(node: Link, state: FieldState, fallback: string): string {
  return node.children.length ? renderInlines(node.children, state) : escapeHtml(fallback);
}

function renderLink(node: Link, state: FieldState): string {
  const target = linkTarget(node, state.document, state.notes, state.tree.config);
  switch (target.kind) {
    case 'url':
      if (target.image) return `<img src="${escapeAttribute(target.url)}">`;
      return `<a href="${escapeAttribute(target.url)}">${linkText(node, state, node.rawLink)}</a>`;
    case 'man':
    case 'emacs':
      return linkText(node, state, node.rawLink);
    case 'private':
      // Rule and wording from core: the description alone, never the target's title or path.
      state.report('info', PRIVATE_LINK_RULE, target.message, node.loc);
      return node.children.length ? renderInlines(node.children, state) : '';
    case 'heading':
      // The target note's title (what a target or label names, for a link to one); the
      // link's own description when it has one (the author's words).
      if (target.anchor !== undefined)
        return linkText(node, state, referenceText(node) ?? node.path);
      return linkText(node, state, plainText(target.heading.title).trim());
    case 'document':
      if (target.anchor !== undefined)
        return linkText(node, state, referenceText(node) ?? node.path);
      return linkText(node, state, target.document.meta.title ?? target.document.path ?? node.path);
    case 'broken':
      // Reported by the note set (broken-link).
      return linkText(node, state, referenceText(node) ?? node.path);
    // A card has no anchors: an org-ref label and what only LaTeX reads show nothing.
    case 'anchor':
    case 'hidden':
      return '';
    case 'citation':
      return inlineHandlers.citation(target.citation, state);
    case 'file': {
      // SPEC: org-html-inline-images: a file link to an image without description is shown.
      if (!target.image) return linkText(node, state, node.path);
      // Missing files and files outside the notes root are reported by the note set
      // (missing-file, outside-root); the card then shows the path instead of a broken picture.
      if (!target.insideRoot || !target.exists) return escapeHtml(node.path);
      const added = state.media.add(target.path, target.absolutePath);
      if ('error' in added) {
        state.report('warning', 'unreadable-file', added.error, node.loc);
        return escapeHtml(node.path);
      }
      return `<img src="${escapeAttribute(added.name)}">`;
    }
  }
}

const wrap = (tag: string) => (node: { children: Inline[] }, state: FieldState) =>
  `<${tag}>${renderInlines(node.children, state)}</${tag}>`;

const inlineHandlers: Handlers<InlineType, [FieldState], string> = {
  text: (node, state) => {
    const html = escapeHtml(node.value).replace(/\n/g, state.newline === 'br' ? '<br>' : ' ');
    return state.drillCloze ? markDrillDelimiters(html) : html;
  },
  bold: wrap('b'),
  italic: wrap('i'),
  underline: wrap('u'),
  'strike-through': wrap('s'),
  code: (node) => `<code>${escapeHtml(node.value)}</code>`,
  verbatim: (node) => `<code>${escapeHtml(node.value)}</code>`,
  // Left unexpanded by core (undefined, reported there): the call as written.
  macro: (node) => escapeHtml(macroSource(node)),
  superscript: wrap('sup'),
  subscript: wrap('sub'),
  'line-break': () => '<br>',
  link: renderLink,
  timestamp: (node, state) =>
    state.tree.settings.timestamps
      ? `<span class="timestamp">${escapeHtml(node.rawValue)}</span>`
      : '',
  'statistics-cookie': (node) => escapeHtml(node.value),
  // SPEC: org-html-target: a dedicated target has no text (cards link to no anchor).
  target: () => '',
  'footnote-reference': (node, state) => {
    if (!state.tree.settings.footnotes) return '';
    if (node.footnoteType === 'inline') {
      // An inline footnote carries its own text: shown in place, small.
      return ` <small>(${renderInlines(node.children, state)})</small>`;
    }
    const label = node.label ?? '';
    if (!state.referenced.includes(label)) state.referenced.push(label);
    return `<sup>${escapeHtml(label)}</sup>`;
  },
  'latex-fragment': (node, state) => {
    if (node.value.startsWith('$$') || node.value.startsWith('\\['))
      return math(node.contents, true, state);
    if (node.value.startsWith('$') || node.value.startsWith('\\('))
      return math(node.contents, false, state);
    // A bare LaTeX command (`\ref{x}`): MathJax would not see it outside delimiters; shown as written.
    return escapeHtml(node.value);
  },
  entity: (node) => escapeHtml(node.utf8),
  // SPEC: org-html-export-snippet: only `html` snippets reach HTML output.
  'export-snippet': (node) => (node.backEnd.toLowerCase() === 'html' ? node.value : ''),
  citation: (node, state) =>
    `(${node.children.map((child) => renderInlines([child], state)).join('; ')})`,
  'citation-reference': (node, state) => renderInlines(node.children, state),
  'citation-common-prefix': (node, state) => renderInlines(node.children, state),
  'citation-common-suffix': (node, state) => renderInlines(node.children, state),
  'citation-prefix': (node, state) => renderInlines(node.children, state),
  'citation-suffix': (node, state) => renderInlines(node.children, state),
  'citation-key': (node) => `@${escapeHtml(node.key)}`,
};

/**
 * org-drill's cloze delimiters (SPEC: org-drill-left-cloze-delimiter `[`,
 * org-drill-right-cloze-delimiter `]`, org-drill-hint-separator `||`), marked while the text
 * is rendered by characters of Unicode's private use area. Only plain text is marked: brackets
 * of math (`\[`), code, timestamps and links are never read as deletions, and a deletion may
 * still span markup (`[the *bold* answer]`), as in org-drill.
 */
const DRILL_MARKS = { open: '\uE000', close: '\uE001', hint: '\uE002' } as const;
const DRILL_DELIMITERS: readonly [string, string][] = [
  ['[', DRILL_MARKS.open],
  [']', DRILL_MARKS.close],
  ['||', DRILL_MARKS.hint],
];

function markDrillDelimiters(html: string): string {
  // Marks already in the text would be read as delimiters: they are dropped first.
  let out = html.replace(/[\uE000-\uE002]/g, '');
  for (const [delimiter, mark] of DRILL_DELIMITERS) out = out.split(delimiter).join(mark);
  return out;
}

/**
 * What a cloze's answer and hint may not hold as written: Anki ends the answer at the first
 * `::` and the deletion at the first `}}` (rslib cloze.rs). Written with a character
 * reference, they show the same and no longer delimit anything.
 */
const CLOZE_TEXT_ESCAPES: readonly [RegExp, string][] = [
  [/::/g, ':&#58;'],
  [/\}\}/g, '}&#125;'],
];

function escapeClozeText(html: string): string {
  let out = html;
  for (const [pattern, replacement] of CLOZE_TEXT_ESCAPES) out = out.replace(pattern, replacement);
  return out;
}

/**
 * A field rendered with `drillCloze`, its org-drill deletions `[answer]` / `[answer||hint]`
 * as Anki clozes `{{cN::answer}}` / `{{cN::answer::hint}}`, numbered by `next` in order;
 * delimiters that enclose no answer are shown as written.
 */
export function numberDrillClozes(html: string, next: () => number): string {
  const { open, close, hint } = DRILL_MARKS;
  const deletion = new RegExp(
    `${open}([^${open}${close}]*?)(?:${hint}([^${open}${close}]*?))?${close}`,
    'g',
  );
  const numbered = html.replace(deletion, (whole, answer: string, hintText: string | undefined) => {
    const shown = answer.split(hint).join('||');
    if (shown.trim() === '') return whole;
    const suffix =
      hintText !== undefined && hintText.trim() !== ''
        ? `::${escapeClozeText(hintText.split(hint).join('||').trim())}`
        : '';
    return `{{c${next()}::${escapeClozeText(shown)}${suffix}}}`;
  });
  return numbered.split(open).join('[').split(close).join(']').split(hint).join('||');
}
