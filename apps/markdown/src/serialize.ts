/**
 * mdast -> Markdown text: remark-stringify with remark-gfm (tables, strike-through, task
 * lists, footnotes, autolinks). All Markdown escaping is mdast-util-to-markdown's; what we add
 * is data: the extra unsafe characters GitHub needs (ESCAPES) and handlers for the two
 * custom math nodes. The text handler is mdast-util-to-markdown's own, given only the unsafe
 * patterns that can match in each text (the same escapes, a fraction of the regex scans).
 */
import type { Root, Text } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkStringify, { type Options } from 'remark-stringify';
import { unified } from 'unified';
import type { OrgMath, OrgMathBlock } from './mdast-extra.js';

type Unsafe = NonNullable<Options['unsafe']>[number];
type Handle = NonNullable<NonNullable<Options['handlers']>['text']>;
type State = Parameters<Handle>[2];

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

/**
 * The characters the unsafe patterns of one serialisation escape, so that a text can be given
 * only the patterns that can match in it.
 */
interface PatternIndex {
  /** Whether a UTF-16 code unit is a pattern character (all of them are ASCII today). */
  isPatternCode: Uint8Array;
  /** Pattern characters outside ASCII, checked with `includes` (none today). */
  otherCharacters: string[];
  /** The narrowed pattern lists, by the sorted pattern characters present. */
  narrowed: Map<string, Unsafe[]>;
}

/** `state.unsafe` is built anew for every `toMarkdown` call, from the same pattern objects. */
const patternIndexes = new WeakMap<Unsafe[], PatternIndex>();

function patternIndexOf(unsafe: Unsafe[]): PatternIndex {
  let index = patternIndexes.get(unsafe);
  if (index) return index;
  index = { isPatternCode: new Uint8Array(128), otherCharacters: [], narrowed: new Map() };
  for (const { character } of unsafe) {
    const code = character.charCodeAt(0);
    if (character.length === 1 && code < 128) index.isPatternCode[code] = 1;
    else if (!index.otherCharacters.includes(character)) index.otherCharacters.push(character);
  }
  patternIndexes.set(unsafe, index);
  return index;
}

/**
 * The patterns of `unsafe` whose character occurs in `before + value + after` (a text and the
 * characters around it), in their original order. Every pattern mdast-util-to-markdown
 * compiles matches its own character at the position it escapes (compilePattern: optional
 * context before, the character, optional lookahead), so a pattern whose character is absent
 * from the whole checked string finds nothing: leaving it out changes no escape, it only saves
 * a regex scan per pattern.
 */
function patternsIn(unsafe: Unsafe[], before: string, value: string, after: string): Unsafe[] {
  const index = patternIndexOf(unsafe);
  const present: number[] = [];
  scanStamp++;
  markPatternCodes(index, before, present);
  markPatternCodes(index, value, present);
  markPatternCodes(index, after, present);
  present.sort((a, b) => a - b);
  const characters = present.map((code) => String.fromCharCode(code));
  for (const character of index.otherCharacters) if ((before + value + after).includes(character)) characters.push(character);
  const key = characters.join('\0');
  let patterns = index.narrowed.get(key);
  if (!patterns) {
    const wanted = new Set(characters);
    patterns = unsafe.filter((pattern) => wanted.has(pattern.character));
    index.narrowed.set(key, patterns);
  }
  return patterns;
}

/** `seenAt[code] === scanStamp`: the code was met in the current scan (no array per scan). */
const seenAt = new Uint32Array(128);
let scanStamp = 0;

function markPatternCodes(index: PatternIndex, part: string, present: number[]): void {
  for (let i = 0; i < part.length; i++) {
    const code = part.charCodeAt(i);
    if (code < 128 && index.isPatternCode[code] === 1 && seenAt[code] !== scanStamp) {
      seenAt[code] = scanStamp;
      present.push(code);
    }
  }
}

/** mdast-util-to-markdown's own text handler (handle/text.js), escaping with the given patterns. */
function escapeText(node: Text, parent: Parameters<Handle>[1], state: State, info: Parameters<Handle>[3], patterns: Unsafe[]): string {
  const siblings = parent ? parent.children : [];
  const position = state.indexStack[state.indexStack.length - 1]!;
  const all = state.unsafe;
  state.unsafe = patterns;
  try {
    return state.safe(node.value, { ...info, afterNode: siblings[position + 1], beforeNode: siblings[position - 1] });
  } finally {
    state.unsafe = all;
  }
}

/**
 * Text escaped by mdast-util-to-markdown's own `safe`, with `state.unsafe` narrowed to the
 * patterns that can match (patternsIn): `safe` otherwise runs every one of ~100 patterns over
 * every text, which dominated the time of a whole export.
 */
function text(node: Text, parent: Parameters<Handle>[1], state: State, info: Parameters<Handle>[3]): string {
  return escapeText(node, parent, state, info, patternsIn(state.unsafe, info.before || '', node.value, info.after || ''));
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
text.peek = function peekText(node: Text, parent: Parameters<Handle>[1], state: State, info: Parameters<Handle>[3]): string {
  if (info.before || info.after) return text(node, parent, state, info);
  return escapeText(node, parent, state, info, patternsIn(state.unsafe, '', node.value.slice(0, 2), ''));
};

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
  handlers: { text, orgMath, orgMathBlock } as unknown as Options['handlers'],
};

const processor = unified().use(remarkGfm).use(remarkStringify, OPTIONS).freeze();

export function stringify(root: Root): string {
  return processor.stringify(root);
}
