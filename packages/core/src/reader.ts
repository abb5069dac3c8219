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
import { scanSettings } from './settings.js';
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
  const lines = new LineIndex(text);
  const diagnostics: Diagnostic[] = [];
  const report: Report = (severity, rule, message, offset) => {
    const { line, column } = lines.locate(offset);
    diagnostics.push({ severity, rule, message, path: options.path ?? '<stdin>', line, column });
  };

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
      open: text.slice(0, stream[0]?.start ?? text.length),
    },
  };
  if (!settings.listAllowAlphabetical) reportAlphabeticalBullets(document, text, lines, report);
  return { document, diagnostics };
}

/** A paragraph line that uniorg-parse, left to itself, would start a list item with. */
const ALPHABETICAL_BULLET = /(?:^|\n)([A-Za-z][.)])(?=[ \t]|\n)/g;

/**
 * Org reads `D. We redefine...` as text of its paragraph unless org-list-allow-alphabetical
 * is set (SPEC: org-item-re); uniorg-parse by default reads a list item. The reader follows
 * Org and says where the two differ, so that an author who meant a list can set the variable.
 */
function reportAlphabeticalBullets(
  document: Document,
  text: string,
  lines: LineIndex,
  report: Report,
) {
  const visit = (blocks: Block[]) => {
    for (const block of blocks) {
      if (block.type === 'paragraph') {
        let atLineStart = true;
        block.children.forEach((node, i) => {
          if (node.type === 'text' && node.loc) {
            // The paragraph's final newline is not in its text; a text before an object ends no line.
            const value = i === block.children.length - 1 ? `${node.value}\n` : node.value;
            for (const match of value.matchAll(ALPHABETICAL_BULLET)) {
              if (match.index === 0 && !atLineStart) continue;
              const bullet = match.index + match[0].length - match[1]!.length;
              const line = node.loc.line + (node.value.slice(0, bullet).match(/\n/g)?.length ?? 0);
              const start = lines.lineStart(line);
              const at = start + (text.slice(start).search(/\S/) ?? 0);
              report(
                'warning',
                'alphabetical-bullet',
                `"${match[1]}" is not a list bullet: Org reads this line as text of its paragraph (org-list-allow-alphabetical is nil; set it as a file variable to make a list)`,
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
