/**
 * `#+INCLUDE:` and macros, expanded for export (the role of ox.el's
 * `org-export-expand-include-keyword` and org-macro.el's `org-macro-replace-all`, which Emacs
 * runs on a copy of the buffer before parsing it for export). The model keeps the source
 * unexpanded (it stays lossless); this gives every writer the same expanded document, read
 * again from the expanded text (from its first change on: readOrgAfterEdit), and says where
 * each of its lines came from.
 *
 * SPEC: (info "(org) Include Files"), (info "(org) Macro Replacement");
 * ox.el `org-export-parse-include-value`, `org-export--inclusion-absolute-lines`,
 * `org-export--prepare-file-contents`; org-macro.el `org-macro--collect-macros`,
 * `org-macro-extract-arguments`, `org-macro-expand`, `org-macro--find-keyword-value`,
 * `org-macro--get-property`, `org-macro--counter-increment`.
 */
import path from 'node:path';
import { macroSource } from './inline.js';
import { LineIndex, type Diagnostic } from './diagnostics.js';
import { printOrg } from './printer.js';
import { readOrg, readOrgAfterEdit } from './reader.js';
import { someNode } from './notes.js';
import type { Document, Heading, Macro, Node } from './types.js';

export interface ExpandOptions {
  /** A file of the notes' root by its path relative to the root (forward slashes); null when it cannot be read. */
  readFile(relativePath: string): string | null;
  /**
   * The time `{{{modification-time}}}` and `{{{time}}}` give: deterministic, decided by the
   * caller (SOURCE_DATE_EPOCH, else the last commit, else the file's mtime); null: unknown.
   */
  modificationTime?(relativePath: string): Date | null;
}

/** Where a line of the expanded text comes from. */
export interface LineOrigin {
  /** The file, relative to the root. */
  path: string;
  line: number;
  /** The line of the `#+INCLUDE:` in the exported document that brought it in (its own lines: their line). */
  includedAt: number;
}

export interface ExpandedDocument {
  /** The document as read, when it has nothing to expand; else the expanded text read again. */
  document: Document;
  /** Whether anything was expanded (`document` is then a different object). */
  expanded: boolean;
  /** Every file included, directly or not, relative to the root, sorted. */
  includes: string[];
  diagnostics: Diagnostic[];
  /** Where a line of `document` comes from. */
  origin(line: number): LineOrigin;
  /** The heading of `document` that a heading of the original document became (same source line). */
  headingFor(original: Heading): Heading | undefined;
}

interface Line {
  text: string;
  path: string;
  line: number;
  includedAt: number;
}

/** SPEC: ox.el org-export-expand-include-keyword's regexp: a keyword on its own line. */
const INCLUDE_LINE = /^[ \t]*#\+include:[ \t]*(.*)$/i;
const BLOCK_BEGIN = /^[ \t]*#\+begin_(\S+)/i;
const HEADING_LINE = /^(\*+)[ \t]/;

/** The values of the `#+INCLUDE:` keywords of a text (outside blocks), with their lines. */
export function includeKeywords(text: string): { value: string; line: number; level: number }[] {
  const out: { value: string; line: number; level: number }[] = [];
  let block: string | null = null;
  let level = 0;
  text.split('\n').forEach((line, i) => {
    if (block !== null) {
      if (new RegExp(`^[ \\t]*#\\+end_${escapeRegExp(block)}[ \\t]*$`, 'i').test(line))
        block = null;
      return;
    }
    const begin = BLOCK_BEGIN.exec(line);
    if (begin) {
      block = begin[1]!;
      return;
    }
    const heading = HEADING_LINE.exec(line);
    if (heading) level = heading[1]!.length;
    const include = INCLUDE_LINE.exec(line);
    if (include) out.push({ value: include[1]!.trim(), line: i + 1, level });
  });
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A parsed `#+INCLUDE:` value (SPEC: org-export-parse-include-value). */
export interface IncludeSpec {
  file: string;
  /** The search option after `::`: `*heading`, `#custom-id`, or an ID (else a heading title). */
  location: string | null;
  /** `example`, `export BACKEND`, `src LANG ARGS`; null: Org text. */
  kind: { block: 'example' | 'export' | 'src'; parameters: string } | null;
  lines: { from: number | null; to: number | null } | null;
  minlevel: number | null;
  onlyContents: boolean;
}

export function parseInclude(value: string): IncludeSpec | null {
  let rest = value.trim();
  let file: string;
  const quoted =
    /^"((?:[^"\\]|\\.)*)"/.exec(rest) ?? /^\[\[(?:file:)?([^\]]+)\](?:\[[^\]]*\])?\]/.exec(rest);
  if (quoted) {
    file = quoted[1]!;
    rest = rest.slice(quoted[0].length);
  } else {
    const bare = /^\S+/.exec(rest);
    if (!bare) return null;
    file = bare[0];
    rest = rest.slice(bare[0].length);
  }
  let location: string | null = null;
  const search = file.indexOf('::');
  if (search !== -1) {
    location = file.slice(search + 2);
    file = file.slice(0, search);
  }
  if (file.startsWith('file:')) file = file.slice(5);
  let minlevel: number | null = null;
  let lines: IncludeSpec['lines'] = null;
  let onlyContents = false;
  rest = rest.replace(
    /(?:^|\s):minlevel\s+(\d+)/i,
    (_, n: string) => ((minlevel = Number(n)), ' '),
  );
  rest = rest.replace(/(?:^|\s):lines\s+"(\d*)-(\d*)"/i, (_, a: string, b: string) => {
    lines = { from: a === '' ? null : Number(a), to: b === '' ? null : Number(b) };
    return ' ';
  });
  rest = rest.replace(
    /(?:^|\s):only-contents\s+(\S+)/i,
    (_, v: string) => ((onlyContents = v !== 'nil'), ' '),
  );
  rest = rest.replace(/(?:^|\s):coding\s+\S+/i, ' ');
  const kindMatch = /^\s*(example|export|src)\b\s*(.*)$/i.exec(rest);
  const kind = kindMatch
    ? {
        block: kindMatch[1]!.toLowerCase() as 'example' | 'export' | 'src',
        parameters: kindMatch[2]!.trim(),
      }
    : null;
  return { file, location, kind, lines, minlevel, onlyContents };
}

/** The path an include names, relative to the root; null when it leaves the root. */
export function includedPath(fromPath: string, file: string): string | null {
  const joined = path.posix.normalize(
    path.posix.isAbsolute(file) ? file : path.posix.join(path.posix.dirname(fromPath), file),
  );
  if (path.posix.isAbsolute(joined) || joined === '..' || joined.startsWith('../')) return null;
  return joined;
}

/** Every file a document includes, directly or through the files it includes (for dependencies). */
export function includeClosure(
  fromPath: string,
  values: readonly string[],
  readFile: (p: string) => string | null,
): string[] {
  const seen = new Set<string>();
  const visit = (from: string, list: readonly string[]) => {
    for (const value of list) {
      const spec = parseInclude(value);
      const target = spec ? includedPath(from, spec.file) : null;
      if (target === null || seen.has(target)) continue;
      seen.add(target);
      if (spec!.kind !== null) continue;
      const text = readFile(target);
      if (text !== null)
        visit(
          target,
          includeKeywords(text).map((k) => k.value),
        );
    }
  };
  visit(fromPath, values);
  return [...seen].sort();
}

/** SPEC: org-escape-code-in-string: a comma before `*` and `#+` at line starts inside blocks. */
function escapeCode(text: string): string {
  return text.replace(/^([ \t]*)(,*)(\*|#\+)/gm, '$1,$2$3');
}

/** A heading line's title as `*title` searches see it: no stars, keyword, priority, COMMENT or tags. */
function headingTitle(line: string): string {
  return line
    .replace(/^\*+[ \t]+/, '')
    .replace(/^(?:TODO|DONE)[ \t]+/, '')
    .replace(/^\[#.\][ \t]*/, '')
    .replace(/^COMMENT[ \t]+/, '')
    .replace(/[ \t]+:[\w@#%:]+:[ \t]*$/, '')
    .trim();
}

/** The lines (0-based, end exclusive) a location selects: a heading's subtree. */
function locate(
  lines: readonly string[],
  location: string,
  onlyContents: boolean,
): [number, number] | null {
  const headings: { at: number; level: number }[] = [];
  lines.forEach((line, i) => {
    const m = HEADING_LINE.exec(line);
    if (m) headings.push({ at: i, level: m[1]!.length });
  });
  const property = (at: number, key: string): string | null => {
    for (let i = at + 1; i < lines.length && !HEADING_LINE.test(lines[i]!); i++) {
      const m = new RegExp(`^[ \\t]*:${key}:[ \\t]+(.*?)[ \\t]*$`, 'i').exec(lines[i]!);
      if (m) return m[1]!;
      if (/^[ \t]*:END:/i.test(lines[i]!)) return null;
    }
    return null;
  };
  const matches = (at: number): boolean => {
    if (location.startsWith('*')) return headingTitle(lines[at]!) === location.slice(1).trim();
    if (location.startsWith('#')) return property(at, 'CUSTOM_ID') === location.slice(1);
    return property(at, 'ID') === location || headingTitle(lines[at]!) === location;
  };
  const found = headings.findIndex((h) => matches(h.at));
  if (found === -1) return null;
  const { at, level } = headings[found]!;
  const next = headings.slice(found + 1).find((h) => h.level <= level);
  let start = at;
  if (onlyContents) {
    // SPEC: `:only-contents t`: the heading's contents, without its line, planning and properties.
    start = at + 1;
    if (start < lines.length && /^[ \t]*(?:SCHEDULED|DEADLINE|CLOSED):/.test(lines[start]!))
      start++;
    if (start < lines.length && /^[ \t]*:PROPERTIES:[ \t]*$/i.test(lines[start]!)) {
      while (start < lines.length && !/^[ \t]*:END:[ \t]*$/i.test(lines[start]!)) start++;
      start++;
    }
  }
  return [start, next ? next.at : lines.length];
}

class Expander {
  readonly diagnostics: Diagnostic[] = [];
  readonly includes = new Set<string>();

  constructor(
    private readonly root: Document,
    private readonly options: ExpandOptions,
  ) {}

  private report(severity: Diagnostic['severity'], rule: string, message: string, line: number) {
    this.diagnostics.push({
      severity,
      rule,
      message,
      path: this.root.path ?? '<stdin>',
      line,
      column: 1,
    });
  }

  /** The lines of a file with every include in it expanded; `chain`: the includes on the way here. */
  expandLines(text: string, file: string, includedAt: number | null, chain: string[]): Line[] {
    const lines = text.split('\n');
    const keywords = new Map(includeKeywords(text).map((k) => [k.line, k]));
    const out: Line[] = [];
    lines.forEach((line, i) => {
      const at = includedAt ?? i + 1;
      const keyword = keywords.get(i + 1);
      if (!keyword) {
        out.push({ text: line, path: file, line: i + 1, includedAt: at });
        return;
      }
      const spec = parseInclude(keyword.value);
      const fail = (message: string) => {
        this.report(
          'error',
          'include',
          `${includedAt === null ? '' : `${file}:${i + 1}: `}${message}; it is left out`,
          at,
        );
      };
      if (!spec) return fail(`#+INCLUDE: without a file name`);
      const target = includedPath(file, spec.file);
      if (target === null) return fail(`#+INCLUDE: "${spec.file}" is outside the notes' root`);
      this.includes.add(target);
      const key = `${target}::${spec.location ?? ''}::${JSON.stringify(spec.lines)}`;
      if (chain.includes(key)) {
        const names = [...chain, key].map((k) => k.split('::')[0]);
        return fail(`#+INCLUDE: cycle: ${names.join(' -> ')}`);
      }
      const content = this.options.readFile(target);
      if (content === null) return fail(`#+INCLUDE: "${spec.file}" cannot be read (${target})`);
      let selected = content.replace(/\n$/, '').split('\n');
      let first = 0;
      if (spec.location !== null) {
        const range = locate(selected, spec.location, spec.onlyContents);
        if (!range) return fail(`#+INCLUDE: "${spec.file}" has no heading "${spec.location}"`);
        first = range[0];
        selected = selected.slice(range[0], range[1]);
      }
      if (spec.lines) {
        // SPEC: `:lines "a-b"`: lines a to b inclusive, 1-based, counted in what the location selected.
        const from = Math.max(1, spec.lines.from ?? 1);
        const to = spec.lines.to ?? selected.length;
        first += from - 1;
        selected = selected.slice(from - 1, to);
      }
      if (spec.kind) {
        const { block, parameters } = spec.kind;
        const head = `#+begin_${block}${parameters ? ` ${parameters}` : ''}`;
        const body = escapeCode(selected.join('\n')).split('\n');
        out.push({ text: head, path: file, line: i + 1, includedAt: at });
        body.forEach((t, k) =>
          out.push({ text: t, path: target, line: first + k + 1, includedAt: at }),
        );
        out.push({ text: `#+end_${block}`, path: file, line: i + 1, includedAt: at });
        return;
      }
      let expanded = this.expandLines(selected.join('\n'), target, at, [...chain, key]);
      for (const l of expanded) if (l.path === target) l.line += first;
      // SPEC: org-export-expand-include-keyword: without `:minlevel`, an include under a
      // heading of level N has its headings start at N + 1.
      const minlevel = spec.minlevel ?? (keyword.level > 0 ? keyword.level + 1 : null);
      if (minlevel !== null) expanded = shiftHeadings(expanded, minlevel);
      out.push(...expanded);
    });
    return out;
  }
}

/** SPEC: org-export--prepare-file-contents: headings shifted so that the shallowest is at `minlevel`. */
function shiftHeadings(lines: Line[], minlevel: number): Line[] {
  const levels = lines
    .map((l) => HEADING_LINE.exec(l.text)?.[1]!.length)
    .filter((n): n is number => n !== undefined);
  if (levels.length === 0) return lines;
  const shift = minlevel - Math.min(...levels);
  if (shift === 0) return lines;
  return lines.map((l) => {
    const m = HEADING_LINE.exec(l.text);
    if (!m) return l;
    return {
      ...l,
      text: '*'.repeat(Math.max(1, m[1]!.length + shift)) + l.text.slice(m[1]!.length),
    };
  });
}

/** SPEC: org-macro-extract-arguments (after org-element-macro-parser trims and folds blanks). */
export function macroArguments(raw: string | null): string[] {
  if (raw === null) return [];
  const text = raw.trim().replace(/[ \t\r\n]+/g, ' ');
  const args: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === ',') {
      current += ',';
      i++;
    } else if (c === ',') {
      args.push(current);
      current = '';
    } else current += c;
  }
  args.push(current);
  return args;
}

/** `format-time-string` directives, in UTC (the export's time is reproducible, not local). */
const TIME_FORMAT: Record<string, (d: Date) => string> = {
  Y: (d) => String(d.getUTCFullYear()),
  y: (d) => String(d.getUTCFullYear() % 100).padStart(2, '0'),
  m: (d) => String(d.getUTCMonth() + 1).padStart(2, '0'),
  d: (d) => String(d.getUTCDate()).padStart(2, '0'),
  e: (d) => String(d.getUTCDate()).padStart(2, ' '),
  H: (d) => String(d.getUTCHours()).padStart(2, '0'),
  M: (d) => String(d.getUTCMinutes()).padStart(2, '0'),
  S: (d) => String(d.getUTCSeconds()).padStart(2, '0'),
  F: (d) => d.toISOString().slice(0, 10),
  T: (d) => d.toISOString().slice(11, 19),
  R: (d) => d.toISOString().slice(11, 16),
  a: (d) => ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()]!,
  A: (d) =>
    ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][d.getUTCDay()]!,
  b: (d) =>
    ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][
      d.getUTCMonth()
    ]!,
  B: (d) =>
    [
      'January',
      'February',
      'March',
      'April',
      'May',
      'June',
      'July',
      'August',
      'September',
      'October',
      'November',
      'December',
    ][d.getUTCMonth()]!,
  Z: () => 'UTC',
  z: () => '+0000',
  s: (d) => String(Math.floor(d.getTime() / 1000)),
  '%': () => '%',
};

/** SPEC: format-time-string, for the directives in TIME_FORMAT; Org's default is `%c`-like, here ISO 8601. */
export function formatTime(format: string, date: Date): string {
  if (format.trim() === '') return `${TIME_FORMAT.F!(date)} ${TIME_FORMAT.T!(date)}`;
  return format.replace(/%([A-Za-z%])/g, (all, c: string) => TIME_FORMAT[c]?.(date) ?? all);
}

const INCLUDE_ANYWHERE = /^[ \t]*#\+include:/im;

/**
 * Whether a document has anything `expandForExport` could expand: an `#+INCLUDE:` keyword or
 * a macro call anywhere in it. A superset of what the text scan (`includeKeywords`) finds: an
 * include line outside blocks is a keyword element, except inside a LaTeX environment, which
 * keeps it in its text.
 */
export function mayNeedExpansion(document: Document): boolean {
  const expands = (node: Node) =>
    node.type === 'macro' ||
    (node.type === 'keyword' && node.key.toUpperCase() === 'INCLUDE') ||
    (node.type === 'latex-environment' && INCLUDE_ANYWHERE.test(node.value));
  const inHeadings = (headings: readonly Heading[]): boolean =>
    headings.some(
      (h) => someNode(h.title, expands) || someNode(h.content, expands) || inHeadings(h.children),
    );
  return someNode(document.children, expands) || inHeadings(document.headings);
}

/** Every macro call of a document with the heading it is under (null before the first heading), in source order. */
function macroCalls(document: Document): { macro: Macro; heading: Heading | null }[] {
  const out: { macro: Macro; heading: Heading | null }[] = [];
  const visit = (value: unknown, heading: Heading | null) => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v, heading);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const node = value as { type?: string };
    if (node.type === 'macro') {
      out.push({ macro: node as Macro, heading });
      return;
    }
    const inner = node.type === 'heading' ? (node as Heading) : heading;
    for (const key in node) {
      if (key === 'loc' || key === 'src' || key === 'sig') continue;
      const v = (node as Record<string, unknown>)[key];
      if (typeof v === 'object') visit(v, inner);
    }
  };
  visit(document.children, null);
  visit(document.headings, null);
  return out.sort(
    (a, b) => a.macro.loc!.line - b.macro.loc!.line || a.macro.loc!.column - b.macro.loc!.column,
  );
}

/** `#+MACRO:` definitions: name -> template (SPEC: org-macro--collect-macros; later ones win). */
function macroDefinitions(document: Document): Map<string, string> {
  const out = new Map<string, string>();
  for (const value of document.meta.keywords['MACRO'] ?? []) {
    const m = /^\s*(\S+)\s*(.*)$/s.exec(value);
    if (m) out.set(m[1]!.toLowerCase(), m[2]!.trim());
  }
  return out;
}

const MAX_MACRO_PASSES = 16;

function loc0(edits: { from: number }[], lines: LineIndex): number {
  return edits[0] ? lines.locate(edits[0].from).line : 1;
}

/**
 * The document as every writer sees it: includes expanded, then macros, as Emacs does before
 * exporting. A document with neither is returned as it is.
 */
export function expandForExport(
  document: Document,
  options: ExpandOptions,
  /** `rereadWhole`: read the whole expanded text again, as readOrgAfterEdit must equal (tests). */
  { rereadWhole = false }: { rereadWhole?: boolean } = {},
): ExpandedDocument {
  const self = document.path ?? '<stdin>';
  const identity = (line: number): LineOrigin => ({ path: self, line, includedAt: line });
  // Printing the whole document only to look for includes and macros cost a cold export a
  // tenth of its time (docs/benchmarks.md); the model says it without printing.
  if (!mayNeedExpansion(document)) {
    return {
      document,
      expanded: false,
      includes: [],
      diagnostics: [],
      origin: identity,
      headingFor: (h) => h,
    };
  }
  const source = printOrg(document);
  const hasInclude = INCLUDE_ANYWHERE.test(source);
  const expander = new Expander(document, options);
  const lines = hasInclude
    ? expander.expandLines(source.replace(/\n$/, ''), self, null, [`${self}::::null`])
    : null;
  let text = lines
    ? lines.map((l) => l.text).join('\n') + (source.endsWith('\n') ? '\n' : '')
    : source;
  const origin = (line: number): LineOrigin => {
    const l = lines?.[line - 1];
    return l ? { path: l.path, line: l.line, includedAt: l.includedAt } : identity(line);
  };
  const report = (
    severity: Diagnostic['severity'],
    rule: string,
    message: string,
    line: number,
    column: number,
  ) => {
    const from = origin(line);
    const where =
      from.path === self ? { line: from.line, column } : { line: from.includedAt, column: 1 };
    const suffix = from.path === self ? '' : ` (in ${from.path}:${from.line}, included here)`;
    expander.diagnostics.push({ severity, rule, message: message + suffix, path: self, ...where });
  };

  // Without includes the text is the document's own (printing is lossless): no need to read it again.
  const reread = (previous: Document, previousText: string) =>
    rereadWhole
      ? readOrg(text, { path: self }).document
      : readOrgAfterEdit(previous, previousText, text, { path: self });
  let current = lines ? reread(document, source) : document;
  const counters = new Map<string, number>();
  const reported = new Set<string>();
  for (let pass = 0; ; pass++) {
    const calls = macroCalls(current);
    const definitions = macroDefinitions(current);
    const index = new LineIndex(text);
    const edits: { from: number; to: number; value: string }[] = [];
    for (const { macro, heading } of calls) {
      const loc = macro.loc!;
      const value = expandMacro(macro, heading, current, definitions, counters, options, self);
      if (value.kind === 'unknown') {
        // Once per call: later passes see it again, at a column other expansions moved.
        const key = `${origin(loc.line).line}:${origin(loc.line).path}:${macroSource(macro)}`;
        if (!reported.has(key)) {
          reported.add(key);
          report(
            'warning',
            'undefined-macro',
            `macro {{{${macro.key}}}} is not defined (no #+MACRO: ${macro.key}); its text is kept`,
            loc.line,
            loc.column,
          );
        }
        continue;
      }
      if (value.kind === 'unsupported') {
        report('warning', 'unsupported-macro', value.message, loc.line, loc.column);
        continue;
      }
      const from = index.offset(loc.line, loc.column);
      edits.push({ from, to: from + macroSource(macro).length, value: value.text });
    }
    if (edits.length === 0) break;
    if (pass === MAX_MACRO_PASSES) {
      report(
        'error',
        'macro-recursion',
        `macros still expand into macros after ${MAX_MACRO_PASSES} passes (a macro that calls itself?); the rest is kept as written`,
        loc0(edits, index),
        1,
      );
      break;
    }
    const before = text;
    for (const edit of edits.sort((a, b) => b.from - a.from))
      text = text.slice(0, edit.from) + edit.value + text.slice(edit.to);
    current = reread(current, before);
  }

  // A heading of the original document is the heading of the expanded one on its line.
  const byLine = new Map<number, Heading>();
  const collect = (headings: readonly Heading[]) => {
    for (const heading of headings) {
      const from = heading.loc ? origin(heading.loc.line) : null;
      if (from && from.path === self && from.includedAt === from.line && !byLine.has(from.line))
        byLine.set(from.line, heading);
      collect(heading.children);
    }
  };
  collect(current.headings);
  return {
    document: current,
    expanded: true,
    includes: [...expander.includes].filter((p) => p !== self).sort(),
    diagnostics: expander.diagnostics,
    origin,
    headingFor: (original) => (original.loc ? byLine.get(original.loc.line) : undefined),
  };
}

type MacroValue =
  | { kind: 'text'; text: string }
  | { kind: 'unknown' }
  | { kind: 'unsupported'; message: string };

function expandMacro(
  macro: Macro,
  heading: Heading | null,
  document: Document,
  definitions: Map<string, string>,
  counters: Map<string, number>,
  options: ExpandOptions,
  self: string,
): MacroValue {
  const name = macro.key.toLowerCase();
  const args = macroArguments(macro.arguments);
  const keyword = (key: string) =>
    (document.meta.keywords[key.toUpperCase()] ?? []).join(' ').trim();
  const template = definitions.get(name);
  if (template !== undefined) {
    if (/^\(eval\b/.test(template))
      return {
        kind: 'unsupported',
        message: `macro {{{${macro.key}}}} is an Emacs Lisp (eval ...) macro, which only Emacs can run; its text is kept`,
      };
    // SPEC: org-macro-expand: $1..$n become the arguments, missing ones the empty string.
    return {
      kind: 'text',
      text: template.replace(/\$(\d+)/g, (_, n: string) => args[Number(n) - 1] ?? ''),
    };
  }
  const time = () => options.modificationTime?.(self) ?? new Date(0);
  switch (name) {
    case 'title':
    case 'author':
    case 'email':
      return { kind: 'text', text: keyword(name) };
    case 'date': {
      const value = keyword('DATE');
      const stamp = /^[<[](\d{4})-(\d{2})-(\d{2})(?:[^\d\]>]*(\d{1,2}):(\d{2}))?/.exec(value);
      if (args[0] && stamp) {
        const date = new Date(
          Date.UTC(+stamp[1]!, +stamp[2]! - 1, +stamp[3]!, +(stamp[4] ?? 0), +(stamp[5] ?? 0)),
        );
        return { kind: 'text', text: formatTime(args[0], date) };
      }
      return { kind: 'text', text: value };
    }
    case 'keyword':
      return { kind: 'text', text: keyword(args[0] ?? '') };
    case 'property': {
      // SPEC: org-macro--get-property: the property of the heading the call is in (no inheritance by default).
      const key = (args[0] ?? '').toUpperCase();
      const properties = heading ? heading.properties : document.meta.properties;
      const found = Object.entries(properties ?? {}).find(([k]) => k.toUpperCase() === key);
      return { kind: 'text', text: found ? found[1] : '' };
    }
    case 'n': {
      // SPEC: org-macro--counter-increment: NAME's counter; ACTION `-` shows it, a number sets it.
      const counter = args[0] ?? '';
      const action = (args[1] ?? '').trim();
      const value =
        action === '-'
          ? (counters.get(counter) ?? 0)
          : /^\d+$/.test(action)
            ? Number(action)
            : (counters.get(counter) ?? 0) + 1;
      counters.set(counter, value);
      return { kind: 'text', text: String(value) };
    }
    case 'input-file':
      return { kind: 'text', text: path.posix.basename(self) };
    case 'modification-time':
    case 'time':
      return { kind: 'text', text: formatTime(args[0] ?? '', time()) };
    default:
      return { kind: 'unknown' };
  }
}
