/**
 * Oracles: what each output format must look like when read back by its own reader.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { parse as parseCsv } from 'csv-parse/sync';
import { FIELD_TAGS } from '@orgnotes/anki';

// ---- Markdown ----------------------------------------------------------------------------

/**
 * The only raw HTML org2md writes of its own: sub/superscript tags and empty anchors whose id
 * is escaped (apps/markdown/README.md). Anything else must come from an explicit
 * `#+begin_export html` block or `@@html:@@` snippet, which the caller passes as `allowed`.
 */
const OWN_HTML = /^(<\/?(sup|sub)>|<a id="[^"<>]*">(<\/a>)?|<\/a>)$/;

export function markdownProblems(markdown: string, allowed: string[]): string[] {
  // YAML front matter is data for the site generator (its templates escape it), not Markdown:
  // cut it off, as remark-frontmatter would.
  const body = markdown.startsWith('---\n')
    ? markdown.slice(markdown.indexOf('\n---\n', 3) + 5)
    : markdown;
  const tree = unified().use(remarkParse).use(remarkGfm).parse(body) as Root;
  const problems: string[] = [];
  visit(tree, (node) => {
    if (node.type === 'html') {
      const value = node.value.trim();
      if (!OWN_HTML.test(value) && !allowed.some((a) => value === a.trim()))
        problems.push(`raw HTML nobody wrote: ${JSON.stringify(node.value)}`);
    }
    if (node.type === 'link' || node.type === 'image' || node.type === 'definition') {
      if (/^\s*(javascript|vbscript|data):/i.test(node.url))
        problems.push(`dangerous URL ${node.url}`);
    }
  });
  return problems;
}

// ---- man ---------------------------------------------------------------------------------

/** The requests org2man writes (man(7), tbl(1) and roff basics). Any other control line came from text. */
const MAN_REQUESTS = new Set([
  'TH',
  'SH',
  'SS',
  'PP',
  'IP',
  'TP',
  'RS',
  'RE',
  'EX',
  'EE',
  'UR',
  'UE',
  'MT',
  'ME',
  'TS',
  'TE',
  'B',
  'I',
  'BR',
  'IR',
  'br',
  'sp',
  'nf',
  'fi',
  'ad',
  'nh',
  'ne',
  'in',
  'ti',
]);
/** Escapes that read registers or strings, run device or system commands, or take input: never from text. */
const DANGEROUS_ESCAPES = new Set(['X', 'Y', '!', '?', 'V', '*', 'n', '$', 'w', 'g']);

export function manProblems(page: string): string[] {
  const problems: string[] = [];
  let inTable = false;
  for (const line of page.split('\n')) {
    if (/^[.'][ \t]*\\"/.test(line)) continue; // a comment
    const control = /^[.'][ \t]*([^ \t]*)/.exec(line);
    // A fallback for a character the output device lacks (emoji): `.if !c\[u1F642] .char \[u1F642] ?`.
    if (/^\.if !c\\\[u[0-9A-F]+\] \.char \\\[u[0-9A-F]+\] [^\\]*$/.test(line)) continue;
    // The page's own setting, next to .nh: hyphenation off for good (.EE, .UE and .ME restore
    // it from the HY register). Only this exact line; any other .nr is text turned request.
    if (line === '.nr HY 0') continue;
    if (control) {
      const request = control[1]!;
      if (request === 'TS') inTable = true;
      if (request === 'TE') inTable = false;
      if (!MAN_REQUESTS.has(request)) problems.push(`unexpected request: ${line}`);
    }
    // Scan escapes, pairing backslashes: `\\` (or `\e`) is a printed backslash, never an escape.
    for (let i = line.indexOf('\\'); i !== -1 && i < line.length; i = line.indexOf('\\', i + 2)) {
      const c = line[i + 1] ?? '';
      if (DANGEROUS_ESCAPES.has(c)) problems.push(`escape \\${c} in: ${line}`);
    }
  }
  if (inTable) problems.push('a table that never ends');
  return problems;
}

export const hasMandoc = (() => {
  try {
    execFileSync('mandoc', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    try {
      execFileSync('sh', ['-c', 'command -v mandoc'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  }
})();

/** `mandoc -T lint -W warning`: the messages (empty when the page is clean). */
export function mandocLint(page: string): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'orgnotes-mandoc-'));
  const file = path.join(dir, 'page.7');
  try {
    writeFileSync(file, page);
    try {
      execFileSync('mandoc', ['-T', 'lint', '-W', 'warning', file], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return [];
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      return `${e.stdout ?? ''}${e.stderr ?? ''}`.split('\n').filter(Boolean);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- Anki CSV ----------------------------------------------------------------------------

/** Reads an org2anki file as Anki does: `#` header lines, then one record per note. */
export function readAnkiCsv(csv: string): { headers: string[]; records: string[][] } {
  const lines = csv.split('\n');
  let start = 0;
  while (start < lines.length && lines[start]!.startsWith('#')) start++;
  const headers = lines.slice(0, start);
  const separator = headers.some((h) => h === '#separator:Tab') ? '\t' : ',';
  const records = parseCsv(lines.slice(start).join('\n'), {
    delimiter: separator,
    relax_quotes: false,
    relax_column_count: false,
    skip_empty_lines: false,
  }) as string[][];
  return { headers, records };
}

export function ankiFieldProblems(field: string, allowed: string[]): string[] {
  const problems: string[] = [];
  let rest = field;
  for (const a of allowed) rest = rest.split(a).join('');
  for (const m of rest.matchAll(/<\/?([A-Za-z][A-Za-z0-9-]*)([^>]*)>/g)) {
    if (!FIELD_TAGS.has(m[1]!.toLowerCase())) problems.push(`tag <${m[1]}> in a field`);
    if (/\son[a-z]+\s*=/i.test(m[2]!)) problems.push(`event handler attribute in ${m[0]}`);
    if (/(href|src)\s*=\s*"?\s*(javascript|vbscript|data):/i.test(m[2]!))
      problems.push(`dangerous URL in ${m[0]}`);
  }
  return problems;
}
