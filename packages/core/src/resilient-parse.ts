/**
 * The resilient parse: uniorg-parse over the whole text, and where it throws (it does on some
 * real notes), over smaller and smaller parts of it, so that one bad construct costs only
 * its own text.
 */
import { createRequire } from 'node:module';
import type * as U from 'uniorg';
import type * as UniorgParser from 'uniorg-parse/lib/parser.js';
import type * as UniorgParseOptions from 'uniorg-parse/lib/parse-options.js';
import type { FileSettings } from './settings.js';
import { BLANK_LINE, BLOCK_BEGIN } from './syntax.js';

/** A uniorg node as the reader sees it: any element or object, with positions. */
export type UNode = U.OrgNode & {
  position?: { start: { offset: number }; end: { offset: number } };
  contentsBegin?: number;
  contentsEnd?: number;
  children?: UNode[];
};

/** Stand-in for a part of the text uniorg-parse threw on. */
export interface UnparsedPart {
  type: 'unparsed';
  value: string;
  reason: string;
  position: { start: { offset: number }; end: { offset: number } };
}

/** A top-level element as parsed: uniorg's, or a part it threw on. */
export type ParsedNode = UNode | UnparsedPart;

const HEADLINE_LINE = /^\*+[ \t]/;
const BLOCK_END = /^[ \t]*#\+end_/i;

interface Uniorg {
  parse: typeof UniorgParser.parse;
  /** SPEC: org-link-parameters. uniorg's list lacks ol-doi and ol-man, which Org defines. */
  linkTypes: string[];
}

/**
 * uniorg-parse, loaded by the first parse: loading it and its dependencies takes time an
 * export that keeps every earlier output (it parses nothing) should not pay (docs/benchmarks.md).
 * `require` of an ES module is synchronous from Node 20.19 on.
 */
let uniorg: Uniorg | undefined;
function loadUniorg(): Uniorg {
  if (!uniorg) {
    const require = createRequire(import.meta.url);
    const { parse } = require('uniorg-parse/lib/parser.js') as typeof UniorgParser;
    const { defaultOptions } =
      require('uniorg-parse/lib/parse-options.js') as typeof UniorgParseOptions;
    uniorg = { parse, linkTypes: [...new Set([...defaultOptions.linkTypes, 'doi', 'man'])] };
  }
  return uniorg;
}

function parse(text: string, options: ReturnType<typeof parseOptions>) {
  return loadUniorg().parse(text, options);
}

function parseOptions(settings: FileSettings) {
  return {
    // Offsets only: the reader maps positions back into the text, and its locations come
    // from its own line index (uniorg-parse finding every point's line and column cost more).
    trackPosition: 'offsets' as const,
    linkTypes: loadUniorg().linkTypes,
    todoKeywords: [...settings.todoKeywords.todo, ...settings.todoKeywords.done],
    useSubSuperscripts: settings.useSubSuperscripts,
    listAllowAlphabetical: settings.listAllowAlphabetical,
  };
}

/**
 * The top-level elements of `text`, with offsets into it. Parses the whole file when
 * uniorg-parse can; otherwise parses it heading by heading, then the failing heading's text
 * block by block, and keeps whatever still fails as an `unparsed` part (verbatim text and
 * the parser's error), which the reader reports.
 */
export function parseResilient(text: string, settings: FileSettings): ParsedNode[] {
  const options = parseOptions(settings);
  try {
    return (parse(text, options) as unknown as UNode).children ?? [];
  } catch {
    // fall through to the piecewise parse
  }
  const nodes: ParsedNode[] = [];
  for (const [a, b] of splitAtHeadlines(text)) {
    const whole = tryParse(text, a, b, options);
    if (whole) {
      nodes.push(...whole);
      continue;
    }
    for (const [pa, pb] of splitIntoPieces(text, a, b)) {
      const piece = tryParse(text, pa, pb, options);
      if (piece) {
        nodes.push(...piece);
      } else {
        const reason = parseError(text, pa, pb, options);
        nodes.push({
          type: 'unparsed',
          value: text.slice(pa, pb),
          reason,
          position: { start: { offset: pa }, end: { offset: pb } },
        });
      }
    }
  }
  return nodes;
}

function tryParse(
  text: string,
  a: number,
  b: number,
  options: ReturnType<typeof parseOptions>,
): UNode[] | null {
  try {
    const tree = parse(text.slice(a, b), options) as unknown as UNode;
    const children = tree.children ?? [];
    if (a > 0) for (const child of children) shiftOffsets(child, a);
    return children;
  } catch {
    return null;
  }
}

function parseError(
  text: string,
  a: number,
  b: number,
  options: ReturnType<typeof parseOptions>,
): string {
  try {
    parse(text.slice(a, b), options);
    return 'unknown error';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function shiftOffsets(node: UNode, by: number) {
  if (node.position) {
    node.position = {
      ...node.position,
      start: { ...node.position.start, offset: node.position.start.offset + by },
      end: { ...node.position.end, offset: node.position.end.offset + by },
    };
  }
  if (typeof node.contentsBegin === 'number') node.contentsBegin += by;
  if (typeof node.contentsEnd === 'number') node.contentsEnd += by;
  for (const key of ['closed', 'deadline', 'scheduled', 'value'] as const) {
    const ts = (node as unknown as Record<string, unknown>)[key];
    if (ts && typeof ts === 'object' && (ts as UNode).type === 'timestamp')
      shiftOffsets(ts as UNode, by);
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
