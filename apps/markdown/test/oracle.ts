/**
 * The oracle: parse Markdown output back (remark-parse + remark-gfm, as GitHub would read it)
 * and compare it with the Org model it came from. It restates the documented rendering rules
 * independently of the converter (it reuses only the converter's choice of exported headings
 * and core's export rules, which core's tests and dedicated fixtures test).
 */
import GithubSlugger from 'github-slugger';
import type { Nodes as MdNodes, Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { parse as parseYaml } from 'yaml';
import {
  citationTarget,
  exportConfigFromOptions,
  exportedTree,
  isInlineImage,
  linkTarget,
  macroSource,
  plainText,
  specialBlockLabel,
  walkHeadings,
  type Backlink,
  type Block,
  type ExportedTree,
  type Document,
  type Heading,
  type Inline,
  type NoteSet,
} from '@orgnotes/core';
import { planOf, resolveOptions, type Plan } from '../src/index.js';
import { outputPathOf, type Flags, type Output } from './helpers.js';

const parser = unified().use(remarkParse).use(remarkGfm);

export interface Parsed {
  front: Record<string, unknown> | null;
  tree: Root;
  anchors: Set<string>;
}

export function parseMarkdown(markdown: string): Parsed {
  let body = markdown;
  let front: Record<string, unknown> | null = null;
  const m = /^---\n([\s\S]*?)\n---\n/.exec(markdown);
  if (m) {
    front = parseYaml(m[1]!) as Record<string, unknown>;
    body = markdown.slice(m[0].length);
  }
  const tree = parser.parse(body);
  const anchors = new Set<string>();
  const slugger = new GithubSlugger();
  visit(tree, (node) => {
    if (node.type === 'heading') anchors.add(slugger.slug(mdText(node)));
    if (node.type === 'html')
      for (const a of node.value.matchAll(/<a id="([^"]*)">/g)) anchors.add(unescapeHtml(a[1]!));
  });
  return { front, tree, anchors };
}

function unescapeHtml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Text content as a reader sees it: raw HTML tags and images add nothing. */
export function mdText(node: MdNodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
    case 'code':
      return node.value;
    case 'html':
    case 'image':
    case 'footnoteReference':
    case 'footnoteDefinition':
      return '';
    case 'break':
      return ' ';
    default:
      return 'children' in node
        ? (node.children as MdNodes[])
            .map(mdText)
            .join(
              node.type === 'tableRow' ||
                node.type === 'list' ||
                node.type === 'root' ||
                node.type === 'listItem' ||
                node.type === 'blockquote'
                ? ' '
                : '',
            )
        : '';
  }
}

/** Elements that render to nothing. */
const NOT_CONTENT = new Set([
  'keyword',
  'comment',
  'comment-block',
  'property-drawer',
  'planning',
  'clock',
  'diary-sexp',
  'footnote-definition',
]);
const squash = (s: string) => s.replace(/\s+/g, '');
/** Letters and digits only: for text holding TeX, which a Markdown parser without math mangles. */
const skeleton = (s: string) => s.replace(/[^\p{L}\p{N}]+/gu, '');

// ---- expected text from the model ----------------------------------------------------------

interface Flagged {
  math: boolean;
  raw: boolean;
}

class OrgText {
  flags: Flagged = { math: false, raw: false };
  constructor(
    readonly notes: NoteSet,
    readonly document: Document,
    readonly timestamps: boolean,
  ) {}

  private labels: Set<string> | undefined;
  footnoteLabels(): Set<string> {
    if (!this.labels) {
      const labels = new Set<string>();
      JSON.stringify(this.document, (key, value: unknown) => {
        if (
          value &&
          typeof value === 'object' &&
          (value as { type?: string }).type === 'footnote-definition'
        )
          labels.add((value as { label: string }).label);
        return key === 'src' ? undefined : value;
      });
      this.labels = labels;
    }
    return this.labels;
  }

  inline(nodes: Inline[]): string {
    let out = '';
    for (const node of nodes) {
      switch (node.type) {
        case 'text':
          out += node.value;
          break;
        case 'code':
        case 'verbatim':
          out += node.value;
          break;
        case 'macro':
          // Undefined (defined ones are expanded before the writer): kept as written.
          out += macroSource(node);
          break;
        case 'line-break':
          out += ' ';
          break;
        case 'entity':
          out += node.utf8;
          break;
        case 'timestamp':
          if (this.timestamps) out += node.rawValue;
          break;
        case 'statistics-cookie':
          out += node.value;
          break;
        case 'footnote-reference':
          if (node.footnoteType === 'standard' && !this.footnoteLabels().has(node.label ?? ''))
            out += `[fn:${node.label ?? ''}]`;
          break;
        case 'latex-fragment':
          this.flags.math = true;
          out += /^(\$|\\[([])/.test(node.value) ? `$${node.contents}$` : node.value;
          break;
        case 'export-snippet':
          if (['html', 'md', 'markdown', 'gfm'].includes(node.backEnd.toLowerCase()))
            this.flags.raw = true;
          break;
        case 'citation': {
          // Keys with a reference note are links of their own; the others stay bracketed.
          const items: string[] = [];
          let group: string[] = [];
          let lead = '';
          const close = () => {
            if (group.length) items.push('[' + lead + group.join(';') + ']');
            else if (lead) items.push(lead);
            group = [];
            lead = '';
          };
          for (const child of node.children) {
            const text = this.inline([child]);
            if (child.type !== 'citation-reference') {
              if (group.length) group[group.length - 1] += text;
              else lead += text;
            } else if (citationTarget(child.key, this.document, this.notes)) {
              close();
              items.push(text);
            } else group.push(text);
          }
          close();
          out += items.join(';');
          break;
        }
        case 'citation-key':
          out += `@${node.key}`;
          break;
        case 'link':
          out += this.link(node);
          break;
        default:
          if ('children' in node) out += this.inline(node.children);
      }
    }
    return out;
  }

  link(node: Extract<Inline, { type: 'link' }>): string {
    const target = linkTarget(node, this.document, this.notes);
    // org-ref: a label is an anchor, a bibliography line LaTeX's, a citation link a citation.
    if (target.kind === 'anchor' || target.kind === 'hidden') return '';
    if (target.kind === 'citation') return this.inline([target.citation]);
    if (node.children.length > 0) return this.inline(node.children);
    const named =
      node.linkType === 'eqref'
        ? `(${node.path})`
        : ['ref', 'autoref', 'pageref', 'nameref', 'cref', 'Cref'].includes(node.linkType)
          ? node.path
          : null;
    if (target.kind === 'broken') return named ?? node.rawLink;
    if ((target.kind === 'heading' || target.kind === 'document') && target.anchor !== undefined)
      return named ?? node.path;
    if (target.kind === 'url') return target.image ? '' : node.rawLink;
    if (target.kind === 'heading') return plainText(target.heading.title);
    if (target.kind === 'document') return target.document.meta.title ?? node.path;
    if (target.kind === 'file') return target.image ? '' : node.path;
    return node.rawLink;
  }

  blocks(nodes: Block[], tree: ExportedTree): string {
    let out = '';
    for (const node of nodes) {
      out += ' ';
      if (!tree.block(node)) continue;
      if ('affiliated' in node) {
        const caption = node.affiliated?.find((a) => a.key === 'CAPTION');
        const visible =
          node.type === 'paragraph'
            ? node.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''))
            : [];
        const only = visible.length === 1 ? visible[0] : undefined;
        const image = only?.type === 'link' && only.children.length === 0 && isInlineImage(only);
        if (caption && !image) out += caption.value + ' ';
      }
      switch (node.type) {
        case 'paragraph':
          out += this.inline(node.children);
          break;
        case 'plain-list':
          for (const item of node.children)
            out +=
              ' ' +
              (item.tag
                ? this.inline(item.tag) +
                  (item.children.find((c) => !NOT_CONTENT.has(c.type))?.type === 'paragraph'
                    ? ':'
                    : '')
                : '') +
              this.blocks(item.children, tree);
          break;
        case 'table':
          if (node.tableType === 'table.el') out += node.value ?? '';
          else
            for (const row of tableRows(node))
              out += row.map((c) => this.inline(c)).join(' ') + ' ';
          break;
        case 'src-block':
          out += node.value;
          break;
        case 'example-block':
        case 'fixed-width':
        case 'unparsed':
          out += node.value;
          break;
        case 'latex-environment':
          this.flags.math = true;
          out += node.value;
          break;
        case 'export-block':
          if (['html', 'md', 'markdown', 'gfm'].includes((node.backend ?? '').toLowerCase()))
            this.flags.raw = true;
          break;
        case 'special-block':
          out += (specialBlockLabel(node)?.text ?? '') + ' ' + this.blocks(node.children, tree);
          break;
        case 'quote-block':
        case 'center-block':
          out += this.blocks(node.children, tree);
          break;
        case 'drawer':
          out += this.blocks(node.children, tree);
          break;
        case 'verse-block':
          out += this.inline(node.children);
          break;
        case 'keyword':
          if (node.key === 'TOC') this.flags.raw = true;
          break;
        default:
          break;
      }
    }
    return out;
  }
}

/** The rows of an Org table as Markdown has them: no rules, no cookie rows, no trailing empty rows. */
export function tableRows(node: Extract<Block, { type: 'table' }>): Inline[][][] {
  const cookie = /^<([lcr])?\d*>$/;
  const rows = node.children
    .filter((r) => r.rowType === 'standard')
    .map((r) => r.children.map((c) => c.children))
    .filter((cells) => {
      const texts = cells.map((c) => plainText(c).trim());
      return !(texts.some((t) => t !== '') && texts.every((t) => t === '' || cookie.test(t)));
    });
  while (rows.length > 0 && rows[rows.length - 1]!.every((c) => plainText(c).trim() === ''))
    rows.pop();
  return rows;
}

function hasRule(node: Extract<Block, { type: 'table' }>): boolean {
  const first = node.children.findIndex((r) => r.rowType === 'rule');
  return first > 0;
}

// ---- the checks ----------------------------------------------------------------------------

export interface Section {
  heading: string | null;
  text: string;
  flags: Flagged;
}

/** Returns a list of problems (empty when the output is faithful). */
export function checkOutput(
  output: Output,
  notes: NoteSet,
  all: Map<string, Parsed>,
  flags: Flags = {},
): string[] {
  const problems: string[] = [];
  const { document } = output;
  const parsed = all.get(output.path) ?? parseMarkdown(output.markdown);
  const options = resolveOptions(document, flags);
  const context = {
    notes,
    options: flags,
    outputPath: output.path,
    outputPathOf,
    report: () => {},
  };
  const plan: Plan = planOf(document, context);
  const text = new OrgText(notes, document, options.timestamps);
  const tree = exportedTree(document, exportConfigFromOptions(flags));

  // 1. The heading sequence.
  const expectedHeadings: string[] = [];
  if (options.titleHeading && document.meta.title) expectedHeadings.push(document.meta.title);
  for (const p of plan.order)
    if (p.depth !== null) expectedHeadings.push(headingText(p.heading, options, text));
  const linking = options.backlinks === 'section' ? linkingTitles(notes, document) : [];
  if (linking.length) expectedHeadings.push(options.backlinksTitle);
  const actualHeadings: string[] = [];
  visit(parsed.tree, 'heading', (node) => {
    actualHeadings.push(mdText(node));
  });
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  if (JSON.stringify(expectedHeadings.map(norm)) !== JSON.stringify(actualHeadings.map(norm))) {
    problems.push(
      `headings differ:\n  expected ${JSON.stringify(expectedHeadings.map(norm))}\n  actual   ${JSON.stringify(actualHeadings.map(norm))}`,
    );
  }

  // 2. The text of each section (the content between two Markdown headings).
  const expected: Section[] = [];
  let current: Section = {
    heading: null,
    text: '',
    flags: { math: false, raw: options.toc !== false },
  };
  const take = (blocks: Block[]) => {
    text.flags = current.flags;
    current.text += text.blocks(blocks, tree);
  };
  take(document.children);
  const walk = (headings: Heading[]) => {
    for (const heading of headings) {
      const p = plan.headings.get(heading);
      if (!p) continue;
      if (p.depth !== null) {
        expected.push(current);
        current = {
          heading: headingText(heading, options, text),
          text: '',
          flags: { math: false, raw: false },
        };
      } else {
        text.flags = current.flags;
        current.text += ' ' + headingText(heading, options, text);
      }
      if (p.body) {
        take(heading.content);
        walk(heading.children);
      }
    }
  };
  walk(document.headings);
  expected.push(current);
  if (linking.length)
    expected.push({
      heading: options.backlinksTitle,
      text: linking.join(' '),
      flags: { math: false, raw: false },
    });
  if (options.titleHeading && document.meta.title)
    expected.splice(1, 0, {
      heading: document.meta.title,
      text: '',
      flags: { math: false, raw: options.toc !== false },
    });

  const actual: string[] = [''];
  for (const node of parsed.tree.children) {
    if (node.type === 'heading') actual.push('');
    else if (node.type !== 'footnoteDefinition' && node.type !== 'definition')
      actual[actual.length - 1] += ' ' + mdText(node);
  }
  if (actual.length === expected.length) {
    expected.forEach((section, i) => {
      if (section.flags.raw) return;
      const f = section.flags.math ? skeleton : squash;
      if (f(section.text) !== f(actual[i]!))
        problems.push(
          `text of section ${i} (${section.heading ?? 'preamble'}) differs:\n${firstDifference(f(section.text), f(actual[i]!))}`,
        );
    });
  }

  // 3. Table cells.
  const expectedTables: string[][][] = [];
  const collectTables = (blocks: Block[]) => {
    for (const b of blocks) {
      if (b.type === 'table' && b.tableType === 'org') {
        const rows = tableRows(b);
        if (rows.length === 0) continue;
        const width = Math.max(...rows.map((r) => r.length));
        const cells = rows.map((r) =>
          Array.from({ length: width }, (_, i) => norm(text.inline(r[i] ?? []))),
        );
        expectedTables.push(hasRule(b) ? cells : [Array(width).fill(''), ...cells]);
      } else if (b.type === 'plain-list')
        for (const item of b.children) collectTables(item.children);
      else if (
        b.type === 'quote-block' ||
        b.type === 'center-block' ||
        b.type === 'special-block' ||
        (b.type === 'drawer' && tree.block(b))
      )
        collectTables(b.children);
    }
  };
  collectTables(document.children);
  for (const p of plan.order) if (p.body) collectTables(p.heading.content);
  const actualTables: string[][][] = [];
  visit(parsed.tree, 'table', (node) => {
    actualTables.push(node.children.map((row) => row.children.map((cell) => norm(mdText(cell)))));
  });
  if (actualTables.length !== expectedTables.length)
    problems.push(`${actualTables.length} tables, expected ${expectedTables.length}`);
  else
    expectedTables.forEach((t, i) => {
      const f = (rows: string[][]) => JSON.stringify(rows.map((r) => r.map(skeletonIfMath)));
      if (f(t) !== f(actualTables[i]!))
        problems.push(
          `table ${i} differs:\n  expected ${JSON.stringify(t)}\n  actual   ${JSON.stringify(actualTables[i])}`,
        );
    });

  // 4. Every internal link points at something that exists.
  visit(parsed.tree, 'link', (node) => {
    const url = node.url;
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('/')) return;
    const [file, anchor] = splitUrl(url);
    let targetPath = output.path;
    if (file !== '') {
      if (!file.endsWith('.md')) return;
      targetPath = joinPath(output.path, file);
      if (!all.has(targetPath)) {
        if (all.size > 1) problems.push(`link to ${url}: no output ${targetPath}`);
        return;
      }
    }
    if (anchor !== null) {
      const target = targetPath === output.path ? parsed : all.get(targetPath);
      if (target && !target.anchors.has(anchor))
        problems.push(`link to ${url}: no anchor "${anchor}" in ${targetPath}`);
    }
  });

  // 5. Raw HTML only where we generate it (anchors, <sup>/<sub>) or the file asks for it.
  const raw =
    document.children.concat(...plan.order.map((p) => p.heading.content)).some(hasRaw) ||
    plan.order.some((p) => hasRawInline(p.heading.title));
  if (!raw) {
    visit(parsed.tree, 'html', (node) => {
      if (!/^(<a id="[^"]*">|<\/a>|<\/?sup>|<\/?sub>)$/.test(node.value))
        problems.push(`unexpected raw HTML ${JSON.stringify(node.value)}`);
    });
  }
  return problems;
}

/**
 * The titles of the notes linking to a document, as the backlinks section must list them:
 * from the note set's own backlinks (buildNoteSet walks every document's links; the writer
 * reads the indexes' link origins instead), each note once, not the document itself, by
 * title then path; only links the linking note exports (judged on its model with
 * exportedTree, where the writer judges from the indexes) to a note or heading that is
 * exported (linkTarget).
 */
export function linkingTitles(notes: NoteSet, converted: Document): string[] {
  // The writer converts the document with its includes and macros expanded (a copy): the note
  // set knows the one it read from the same path.
  const document = notes.documents.find((d) => d.path === converted.path) ?? converted;
  const from = new Set<Document>();
  const targets: (Document | Heading)[] = [document];
  walkHeadings(document.headings, null, (heading) => targets.push(heading));
  for (const target of targets)
    for (const backlink of notes.backlinks(target))
      if (backlink.from !== document && exportedLink(notes, backlink)) from.add(backlink.from);
  const titled = [...from].map((d) => ({
    title: d.meta.title ?? d.path!.replace(/^.*\//, '').replace(/\.org$/, ''),
    path: d.path!,
  }));
  titled.sort((a, b) =>
    a.title < b.title ? -1 : a.title > b.title ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
  );
  return titled.map((t) => t.title);
}

/** Whether a link is in what its note exports, and leads to something exported. */
function exportedLink(notes: NoteSet, backlink: Backlink): boolean {
  const tree = exportedTree(backlink.from);
  if (!tree.fileExported) return false;
  const target = linkTarget(backlink.link, backlink.from, notes);
  if (target.kind !== 'heading' && target.kind !== 'document') return false;
  const { heading } = backlink;
  if (heading && !tree.heading(heading)) return false;
  if (heading && containing(heading.title, backlink.link)) return true;
  if (heading && !tree.body(heading)) return false;
  const blocks = containing(heading ? heading.content : backlink.from.children, backlink.link);
  return blocks !== null && blocks.every((node) => tree.block(node as Block));
}

/** The nodes from `nodes` down to `wanted` (the link itself left out), or null when it is not there. */
function containing(nodes: readonly unknown[], wanted: unknown): unknown[] | null {
  for (const node of nodes as { children?: unknown[]; tag?: unknown[] | null }[]) {
    if (node === wanted) return [];
    for (const inner of [node.tag ?? [], node.children ?? []]) {
      const found = containing(inner, wanted);
      if (found) return [node, ...found];
    }
  }
  return null;
}

function firstDifference(expected: string, actual: string): string {
  let i = 0;
  while (i < expected.length && expected[i] === actual[i]) i++;
  const from = Math.max(0, i - 60);
  return `  expected …${JSON.stringify(expected.slice(from, i + 60))}\n  actual   …${JSON.stringify(actual.slice(from, i + 60))}`;
}

function skeletonIfMath(s: string): string {
  return /\$/.test(s) ? skeleton(s) : s;
}

function splitUrl(url: string): [string, string | null] {
  const hash = url.indexOf('#');
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  return hash === -1
    ? [decode(url), null]
    : [decode(url.slice(0, hash)), decode(url.slice(hash + 1))];
}

function joinPath(from: string, rel: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const part of rel.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

function headingText(
  heading: Heading,
  options: ReturnType<typeof resolveOptions>,
  text: OrgText,
): string {
  let out = '';
  if (heading.todo && options.todo) out += `${heading.todo} `;
  if (heading.priority && options.priority) out += `[#${heading.priority}] `;
  out += text.inline(heading.title);
  if (heading.tags.length && options.tags !== false) out += ` :${heading.tags.join(':')}:`;
  return out.trim();
}

function hasRaw(block: Block): boolean {
  let found = false;
  JSON.stringify(block, (key, value: unknown) => {
    if (value && typeof value === 'object' && 'type' in value) {
      const v = value as { type: string; backend?: string | null; backEnd?: string };
      if (v.type === 'export-block' || v.type === 'export-snippet') found = true;
    }
    return key === 'src' ? undefined : value;
  });
  return found;
}

function hasRawInline(inlines: Inline[]): boolean {
  return inlines.some(
    (i) => i.type === 'export-snippet' || ('children' in i && hasRawInline(i.children)),
  );
}

/** Converts outputs into the parsed map the link check needs. */
export function parseAll(outputs: Output[]): Map<string, Parsed> {
  return new Map(outputs.map((o) => [o.path, parseMarkdown(o.markdown)]));
}
