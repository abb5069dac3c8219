/**
 * mdast -> Markdown text: remark-stringify with GFM (mdast-util-gfm: tables, strike-through, task
 * lists, footnotes, autolinks). All Markdown escaping is mdast-util-to-markdown's; what we add
 * is data: the extra unsafe characters GitHub needs (ESCAPES) and handlers for the two
 * custom math nodes. Texts, and the URLs, titles and alt texts of links and images, are
 * escaped by mdast-util-to-markdown's own `safe` given only the unsafe patterns that can match
 * in them (the same escapes, a fraction of the regex scans).
 */
import type { Root, Text } from 'mdast';
import { gfmToMarkdown } from 'mdast-util-gfm';
import { defaultHandlers } from 'mdast-util-to-markdown';
import remarkStringify, { type Options } from 'remark-stringify';
import { unified, type Processor } from 'unified';
import type { OrgCitation, OrgCookie, OrgMath, OrgMathBlock } from './mdast-extra.js';

type Unsafe = NonNullable<Options['unsafe']>[number];
type Handle = NonNullable<NonNullable<Options['handlers']>['text']>;
type State = Parameters<Handle>[2];
type SafeConfig = Parameters<State['safe']>[1];

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

/** `[@a; @b]`: pandoc's bracketed citation; the prefixes and suffixes inside are escaped as text. */
function orgCitation(
  node: OrgCitation,
  _parent: unknown,
  state: State,
  info: Parameters<Handle>[3],
): string {
  const inside = state.containerPhrasing(node, { ...info, before: '[', after: ']' });
  return `[${inside}]`;
}
orgCitation.peek = () => '[';

/** A LaTeX environment as a `$$` block: GitHub renders `\begin{align}`... inside it. */
function orgMathBlock(node: OrgMathBlock): string {
  return `$$\n${node.value.replace(/\n+$/, '')}\n$$`;
}

/**
 * What may follow a bracketed text for CommonMark to read it as a link, and so what makes a
 * cookie's `[` need escaping: `[1/2](x)` is an inline link, `[1/2][x]` a full reference and
 * `[1/2]: x` at a line start a definition (CommonMark 0.31 §6.3, §4.7). A cookie followed by
 * anything else is literal text (a shortcut reference needs a definition, and the writer
 * makes none; a task-list checkbox is `[ ]`/`[x]`, which no cookie is).
 */
const COOKIE_UNSAFE_AFTER: readonly string[] = ['(', '[', ':'];

/** A statistics cookie with its `[` escaped only where Markdown would read a link. */
function orgCookie(
  node: OrgCookie,
  _parent: unknown,
  _state: unknown,
  info: { after?: string },
): string {
  const after = info.after ?? '';
  return COOKIE_UNSAFE_AFTER.includes(after.charAt(0)) ? `\\${node.value}` : node.value;
}
orgCookie.peek = () => '[';

/**
 * The characters the unsafe patterns of one serialisation escape, as bits of a mask, so that a
 * text can be given only the patterns that can match in it.
 */
interface PatternIndex {
  unsafe: Unsafe[];
  /** The mask bit of each ASCII code unit that is a pattern character, 0 for the others. */
  bitOfCode: Int32Array;
  /** Pattern characters outside ASCII, found with `includes` (none today). */
  otherCharacters: { character: string; bit: number }[];
  /** The bit of each pattern's character, in the order of `unsafe`. */
  patternBits: number[];
  /** The patterns whose bit is in a mask, by mask. */
  narrowed: Map<number, Unsafe[]>;
}

/**
 * Control characters other than tab and line endings (only autolinks have patterns for them)
 * and characters outside ASCII are rare in text: they share one bit. The others get a bit each,
 * modulo 30 should there ever be more: a shared bit only gives a text a few patterns more.
 */
const RARE_BIT = 1 << 30;
const COMMON_BITS = 30;

function isRareCharacter(character: string): boolean {
  const code = character.charCodeAt(0);
  return (
    character.length !== 1 ||
    code >= 0x7f ||
    (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d)
  );
}

function buildPatternIndex(unsafe: Unsafe[]): PatternIndex {
  const index: PatternIndex = {
    unsafe,
    bitOfCode: new Int32Array(128),
    otherCharacters: [],
    patternBits: [],
    narrowed: new Map(),
  };
  const bits = new Map<string, number>();
  for (const { character } of unsafe) {
    if (bits.has(character)) continue;
    const bit = isRareCharacter(character) ? RARE_BIT : 1 << bits.size % COMMON_BITS;
    bits.set(character, bit);
    const code = character.charCodeAt(0);
    if (character.length === 1 && code < 128) index.bitOfCode[code] = bit;
    else index.otherCharacters.push({ character, bit });
  }
  index.patternBits = unsafe.map((pattern) => bits.get(pattern.character)!);
  return index;
}

/** `state.unsafe` is built anew for every `toMarkdown` call (from the same pattern objects). */
let currentIndex: PatternIndex | undefined;

/**
 * The patterns of `unsafe` whose character occurs in `before + value + after` (a text and the
 * characters around it), and maybe a few more, in their original order. Every pattern
 * mdast-util-to-markdown compiles matches its own character at the position it escapes
 * (compilePattern: optional context before, the character, optional lookahead), so a pattern
 * whose character is absent from the whole checked string finds nothing: leaving it out
 * changes no escape, it only saves a regex scan per pattern.
 */
function patternsIn(unsafe: Unsafe[], before: string, value: string, after: string): Unsafe[] {
  if (currentIndex?.unsafe !== unsafe) currentIndex = buildPatternIndex(unsafe);
  const index = currentIndex;
  let mask =
    characterMask(index, before) | characterMask(index, value) | characterMask(index, after);
  for (const { character, bit } of index.otherCharacters) {
    if ((before + value + after).includes(character)) mask |= bit;
  }
  let patterns = index.narrowed.get(mask);
  if (!patterns) {
    patterns = unsafe.filter((_, i) => (index.patternBits[i]! & mask) !== 0);
    index.narrowed.set(mask, patterns);
  }
  return patterns;
}

function characterMask(index: PatternIndex, part: string): number {
  let mask = 0;
  for (let i = 0; i < part.length; i++) {
    const code = part.charCodeAt(i);
    if (code < 128) mask |= index.bitOfCode[code]!;
  }
  return mask;
}

/**
 * mdast-util-to-markdown's own text handler (handle/text.js), escaping with the given
 * patterns. The configuration holds the fields `safe` reads, named: spreading `info` (as
 * handle/text.js does) is slow with the many shapes `info` comes in.
 */
function escapeText(
  node: Text,
  parent: Parameters<Handle>[1],
  state: State,
  info: Parameters<Handle>[3],
  patterns: Unsafe[],
): string {
  const siblings = parent ? parent.children : [];
  const position = state.indexStack[state.indexStack.length - 1]!;
  const all = state.unsafe;
  state.unsafe = patterns;
  try {
    // `encode` is no field of Info, but a handler may pass it along with `before` and `after`.
    const { encode } = info as Partial<SafeConfig>;
    return state.safe(node.value, {
      before: info.before,
      after: info.after,
      encode,
      afterNode: siblings[position + 1],
      beforeNode: siblings[position - 1],
    });
  } finally {
    state.unsafe = all;
  }
}

/**
 * Text escaped by mdast-util-to-markdown's own `safe`, with `state.unsafe` narrowed to the
 * patterns that can match (patternsIn): `safe` otherwise runs every one of ~100 patterns over
 * every text, which dominated the time of a whole export.
 */
function text(
  node: Text,
  parent: Parameters<Handle>[1],
  state: State,
  info: Parameters<Handle>[3],
): string {
  return escapeText(
    node,
    parent,
    state,
    info,
    patternsIn(state.unsafe, info.before || '', node.value, info.after || ''),
  );
}

/**
 * mdast-util-to-markdown serialises the next sibling of every phrasing node to learn its first
 * character (it uses nothing else of the result), so without a peek every text after a link or
 * code span is escaped twice. It peeks with nothing before and after; then `safe` decides
 * whether the first character is escaped from the matches at positions 0 and 1 only (an escape
 * that depends on the next character is dropped when that one is escaped; the intraword `_`
 * rule needs a character before), so the patterns of the first two characters give the same
 * first character.
 */
text.peek = function peekText(
  node: Text,
  parent: Parameters<Handle>[1],
  state: State,
  info: Parameters<Handle>[3],
): string {
  if (info.before || info.after) return text(node, parent, state, info);
  return escapeText(
    node,
    parent,
    state,
    info,
    patternsIn(state.unsafe, '', node.value.slice(0, 2), ''),
  );
};

/**
 * A default handler whose own strings (a link's URL and title, an image's URL, title and alt)
 * go through `state.safe` with the unsafe patterns narrowed to their characters, as texts are.
 * Narrowing always starts from the whole list, so that texts inside (which narrow their own)
 * get the same patterns either way.
 */
function narrowingSafe(handle: Handle): Handle {
  const wrapped: Handle = (node, parent, state, info) => {
    const safe = state.safe;
    const all = state.unsafe;
    state.safe = (value, config) => {
      const outer = state.unsafe;
      state.unsafe = patternsIn(all, config.before || '', value || '', config.after || '');
      try {
        return safe.call(state, value, config);
      } finally {
        state.unsafe = outer;
      }
    };
    try {
      return handle(node, parent, state, info);
    } finally {
      state.safe = safe;
    }
  };
  // mdast-util-to-markdown peeks at a node's first character through the handler's `peek`.
  return Object.assign(wrapped, { peek: (handle as { peek?: Handle }).peek });
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
  handlers: {
    text,
    link: narrowingSafe(defaultHandlers.link),
    image: narrowingSafe(defaultHandlers.image),
    orgMath,
    orgCookie,
    orgMathBlock,
    orgCitation,
  } as unknown as Options['handlers'],
};

/**
 * remark-gfm's writing half (mdast-util-gfm's extensions of mdast-util-to-markdown): remark-gfm
 * also loads micromark's GFM parser, which a writer never runs and which took a tenth of the
 * start of a small export.
 */
function gfmWriting(this: Processor) {
  const data = this.data();
  (data.toMarkdownExtensions ??= []).push(gfmToMarkdown());
}

const processor = unified().use(gfmWriting).use(remarkStringify, OPTIONS).freeze();

export function stringify(root: Root): string {
  return processor.stringify(root);
}
