/**
 * mdast -> Markdown text: remark-stringify with remark-gfm (tables, strike-through, task
 * lists, footnotes, autolinks). All Markdown escaping is mdast-util-to-markdown's; what we add
 * is data: the extra unsafe characters GitHub needs (ESCAPES) and handlers for the two
 * custom math nodes.
 */
import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkStringify, { type Options } from 'remark-stringify';
import { unified } from 'unified';
import type { OrgMath, OrgMathBlock } from './mdast-extra.js';

type Unsafe = NonNullable<Options['unsafe']>[number];

/**
 * Characters escaped in text beyond CommonMark's own rules, because GitHub gives them a
 * meaning CommonMark does not (mdast-util-to-markdown writes `\` before an unsafe ASCII
 * punctuation character; CommonMark 0.31 §2.4 makes `\$` a literal `$`).
 */
const ESCAPES: Unsafe[] = [
  // GitHub renders `$...$` and `$$...$$` as TeX math (docs.github.com, "Writing mathematical
  // expressions"): a literal dollar in Org text ("costs $5 or $6") must not start math.
  { character: '$', inConstruct: 'phrasing' },
  { character: '$', inConstruct: 'tableCell' },
];

/**
 * `$tex$` inline / `$$tex$$` display. GitHub's inline math needs no space just inside the
 * delimiters, so the TeX is trimmed (it is insignificant to TeX).
 */
function orgMath(node: OrgMath): string {
  const tex = node.value.trim();
  return node.display ? `$$${tex}$$` : `$${tex}$`;
}
orgMath.peek = () => '$';

/** A LaTeX environment as a `$$` block: GitHub renders `\begin{align}`... inside it. */
function orgMathBlock(node: OrgMathBlock): string {
  return `$$\n${node.value.replace(/\n+$/, '')}\n$$`;
}

const OPTIONS: Options = {
  bullet: '-',
  bulletOther: '*',
  emphasis: '*',
  strong: '*',
  rule: '-',
  fence: '`',
  fences: true,
  listItemIndent: 'one',
  incrementListMarker: true,
  closeAtx: false,
  setext: false,
  unsafe: ESCAPES,
  handlers: { orgMath, orgMathBlock } as unknown as Options['handlers'],
};

const processor = unified().use(remarkGfm).use(remarkStringify, OPTIONS).freeze();

export function stringify(root: Root): string {
  return processor.stringify(root);
}
