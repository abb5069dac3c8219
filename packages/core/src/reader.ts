/**
 * Reader: Org text -> model, through uniorg-parse.
 *
 * uniorg-parse gives the semantics (resilient-parse.ts); positions (trackPosition) tie every
 * element to its source text. The text is cut into consecutive spans, one per element
 * (spans.ts), so that concatenating the spans gives the input back by construction. Each
 * uniorg node becomes a model node (uniorg-mapping.ts) that keeps the span text the printer
 * needs (`src`) with a signature of its semantic fields; the printer reuses that text only
 * while the signature still matches. Last come the fields derived from the elements
 * (derived-fields.ts).
 */
import { LineIndex, type Diagnostic } from './diagnostics.js';
import { deriveHeadingFields, deriveMeta } from './derived-fields.js';
import { parseResilient } from './resilient-parse.js';
import { scanSettings, type FileSettings } from './settings.js';
import { streamSpans } from './spans.js';
import { SCHEMA_VERSION, type Block, type Document, type Heading } from './types.js';
import { MappingState, type Report, type UniorgNodeOf } from './uniorg-mapping.js';

export interface ReadOptions {
  /** Path shown in diagnostics and stored as `document.path` (relative, forward slashes). */
  path?: string;
}

export interface ReadResult {
  document: Document;
  diagnostics: Diagnostic[];
}

export function readOrg(input: string, options: ReadOptions = {}): ReadResult {
  let text = input;
  const bom = text.startsWith('\uFEFF');
  if (bom) text = text.slice(1);
  const crlf = usesCrlfOnly(text);
  if (crlf) text = text.replace(/\r\n/g, '\n');
  const settings = scanSettings(text);
  const { preamble, flat, headings, open, diagnostics, lines } = readElements(
    text,
    settings,
    options,
  );
  const document: Document = {
    type: 'document',
    schemaVersion: SCHEMA_VERSION,
    ...(options.path !== undefined ? { path: options.path } : {}),
    meta: deriveMeta(preamble, flat, settings),
    children: preamble,
    headings,
    src: {
      ...(bom ? { bom } : {}),
      ...(crlf ? { eol: 'crlf' as const } : {}),
      open,
    },
  };
  if (!settings.listAllowAlphabetical)
    reportAlphabeticalBullets(document, text, lines, diagnostics, options);
  return { document, diagnostics };
}

/** A `Report` of the reader's diagnostics: an offset of `lines`' text becomes a line and column. */
function reportInto(diagnostics: Diagnostic[], lines: LineIndex, options: ReadOptions): Report {
  return (severity, rule, message, offset) => {
    const { line, column } = lines.locate(offset);
    diagnostics.push({ severity, rule, message, path: options.path ?? '<stdin>', line, column });
  };
}

/** The elements of a text (LF line ends, no BOM) read under the given file settings. */
function readElements(text: string, settings: FileSettings, options: ReadOptions) {
  const lines = new LineIndex(text);
  const diagnostics: Diagnostic[] = [];
  const report = reportInto(diagnostics, lines, options);

  const roots = parseResilient(text, settings);
  for (const part of roots) {
    if (part.type === 'unparsed')
      report(
        'warning',
        'parse-error',
        `the Org parser failed on this text (${part.reason}); it is kept verbatim`,
        part.position.start.offset,
      );
  }
  const stream = streamSpans(text, roots);
  const mapping = new MappingState(text, lines, report);
  const preamble: Block[] = [];
  const flat: Heading[] = [];
  for (const item of stream) {
    if (item.kind === 'headline') {
      flat.push(mapping.heading(item.node as UniorgNodeOf<'headline'>, item.start, item.end));
    } else {
      const block = mapping.element(item.node, item.start, item.end);
      const owner = flat[flat.length - 1];
      (owner ? owner.content : preamble).push(block);
    }
  }
  const headings = nestByLevel(flat);
  for (const heading of flat) deriveHeadingFields(heading, settings);
  return {
    preamble,
    flat,
    headings,
    open: text.slice(0, stream[0]?.start ?? text.length),
    diagnostics,
    lines,
  };
}

/**
 * What `text`, an edit of the text `previous` was read from (`previousText`), reads as (its
 * diagnostics aside), reading again only from the top-level heading that holds the first
 * change. What comes before a top-level heading reads the same whatever follows it, except
 * through the settings scanned from the whole file (when they differ, the whole text is read
 * again) and the fields derived from every heading (derived again here). The headings before
 * are `previous`'s own objects. An export reads a document again after expanding its
 * includes and macros: the Org manual's one `#+include:`, near its end, had the whole
 * manual read twice.
 */
export function readOrgAfterEdit(
  previous: Document,
  previousText: string,
  text: string,
  options: ReadOptions = {},
): Document {
  const whole = () => readOrg(text, options).document;
  if (previous.src?.bom || previous.src?.eol || text.startsWith('\uFEFF') || text.includes('\r'))
    return whole();
  let first = 0;
  const common = Math.min(previousText.length, text.length);
  while (first < common && previousText.charCodeAt(first) === text.charCodeAt(first)) first++;
  if (first === text.length && first === previousText.length) return previous;
  let root = -1;
  for (let i = 0; i < previous.headings.length; i++) {
    const loc = previous.headings[i]!.loc;
    if (!loc || loc.column !== 1 || loc.offset > first) break;
    root = i;
  }
  // A heading read first nests under the one before unless it is at most as deep.
  const depth = (offset: number) => /^\*+/.exec(text.slice(offset, offset + 100))?.[0].length ?? 0;
  while (
    root > 0 &&
    depth(previous.headings[root]!.loc!.offset) > previous.headings[root - 1]!.level
  )
    root--;
  if (root === -1) return whole();
  const settings = scanSettings(text);
  if (JSON.stringify(settings) !== JSON.stringify(scanSettings(previousText))) return whole();
  const start = previous.headings[root]!.loc!;
  const rest = readElements(text.slice(start.offset), settings, options);
  if (rest.preamble.length > 0 || rest.open !== '') return whole();
  shiftLocations(rest.headings, start.line - 1, start.offset);
  const kept = previous.headings.slice(0, root);
  const flat: Heading[] = [];
  const collect = (headings: Heading[]) => {
    for (const heading of headings) {
      flat.push(heading);
      collect(heading.children);
    }
  };
  collect(kept);
  flat.push(...rest.flat);
  return {
    ...previous,
    meta: deriveMeta(previous.children, flat, settings),
    headings: [...kept, ...rest.headings],
  };
}

/** Moves every `loc` of a model read from the middle of a text to where it stands in the whole. */
function shiftLocations(value: unknown, lines: number, offset: number): void {
  if (Array.isArray(value)) {
    for (const item of value) shiftLocations(item, lines, offset);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const node = value as Record<string, unknown>;
  for (const key of Object.keys(node)) {
    const field = node[key];
    if (key === 'loc') {
      const loc = field as Document['loc'] & object;
      node.loc = { line: loc.line + lines, column: loc.column, offset: loc.offset + offset };
    } else if (key !== 'src' && typeof field === 'object') shiftLocations(field, lines, offset);
  }
}

const LINE_INDENT = /\s*/y;

const isAsciiLetter = (code: number) =>
  (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);

/**
 * Where, in a paragraph's text `value`, a line starts with what uniorg-parse, left to itself,
 * would start a list item with: a letter, `.` or `)`, then a blank (or, in the paragraph's
 * `last` text, whose final newline is not in its value, the end): the letter's offset and its
 * line within `value`. A line start at the value's start (or right after a newline there)
 * counts only when the text before ended a line (`atLineStart`).
 */
function alphabeticalBullets(
  value: string,
  last: boolean,
  atLineStart: boolean,
): { offset: number; line: number }[] {
  const found: { offset: number; line: number }[] = [];
  for (let start = 0, line = 0; ; line++) {
    if (isAsciiLetter(value.charCodeAt(start))) {
      const mark = value.charCodeAt(start + 1);
      const after = value.charCodeAt(start + 2);
      if (
        (mark === 0x2e || mark === 0x29) &&
        (after === 0x20 ||
          after === 0x09 ||
          after === 0x0a ||
          (last && start + 2 === value.length)) &&
        (start > 1 || atLineStart)
      )
        found.push({ offset: start, line });
    }
    const newline = value.indexOf('\n', start);
    if (newline === -1) return found;
    start = newline + 1;
  }
}

/**
 * Org reads `D. We redefine...` as text of its paragraph unless org-list-allow-alphabetical
 * is set (SPEC: org-item-re); uniorg-parse by default reads a list item. The reader follows
 * Org and says where the two differ, so that an author who meant a list can set the variable.
 */
function reportAlphabeticalBullets(
  document: Document,
  text: string,
  lines: LineIndex,
  diagnostics: Diagnostic[],
  options: ReadOptions,
) {
  const report = reportInto(diagnostics, lines, options);
  const visit = (blocks: Block[]) => {
    for (const block of blocks) {
      if (block.type === 'paragraph') {
        let atLineStart = true;
        block.children.forEach((node, i) => {
          if (node.type === 'text' && node.loc) {
            // The paragraph's final newline is not in its text; a text before an object ends no line.
            const last = i === block.children.length - 1;
            for (const bullet of alphabeticalBullets(node.value, last, atLineStart)) {
              const start = lines.lineStart(node.loc.line + bullet.line);
              LINE_INDENT.lastIndex = start;
              const at = start + LINE_INDENT.exec(text)![0].length;
              const letters = node.value.slice(bullet.offset, bullet.offset + 2);
              report(
                'warning',
                'alphabetical-bullet',
                `"${letters}" is not a list bullet: Org reads this line as text of its paragraph (org-list-allow-alphabetical is nil; set it as a file variable to make a list)`,
                at,
              );
            }
          }
          if (node.type === 'text') atLineStart = node.value.endsWith('\n');
          else if (node.type === 'line-break') atLineStart = true;
          else atLineStart = false;
        });
      } else if (block.type === 'plain-list')
        for (const item of block.children) visit(item.children);
      else if (
        'children' in block &&
        block.type !== 'table' &&
        block.type !== 'verse-block' &&
        block.type !== 'property-drawer'
      )
        visit(block.children as Block[]);
    }
  };
  visit(document.children);
  const walk = (headings: Heading[]) => {
    for (const heading of headings) {
      visit(heading.content);
      walk(heading.children);
    }
  };
  walk(document.headings);
}

function usesCrlfOnly(text: string): boolean {
  let lf = text.indexOf('\n');
  if (lf === -1) return false;
  for (; lf !== -1; lf = text.indexOf('\n', lf + 1)) {
    if (text.charCodeAt(lf - 1) !== 13) return false;
  }
  return true;
}

function nestByLevel(flat: Heading[]): Heading[] {
  const roots: Heading[] = [];
  const stack: Heading[] = [];
  for (const heading of flat) {
    while (stack.length && stack[stack.length - 1]!.level >= heading.level) stack.pop();
    const parent = stack[stack.length - 1];
    (parent ? parent.children : roots).push(heading);
    stack.push(heading);
  }
  return roots;
}
