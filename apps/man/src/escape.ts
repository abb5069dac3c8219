/**
 * Escaping text for roff (man(7) pages): every rule in ONE table, so that no text of the
 * notes can become a roff request or escape sequence.
 *
 * Sources: groff(7) (escape sequences, special characters), groff_char(7), man-pages(7)
 * ("Generating optimal glyphs"), groff_man(7), tbl(1); the classic generator bugs are
 * pandoc #3270 (leading dot), go-md2man #46 (hyphens), ronn-ng #66 (`\'`).
 */

/** Where the text goes: prose in filled paragraphs, or code (inline code, examples, commands). */
export type EscapeMode = 'prose' | 'code';

interface CharRule {
  /** The character(s) of the input this rule matches. */
  match: RegExp;
  prose: string | ((ch: string) => string);
  code: string | ((ch: string) => string);
  why: string;
}

/**
 * One rule per character class, tried in order; characters matching none pass through.
 * Line-level rules (what a line may start with) are in LINE_RULES below, word-level in
 * OPTION_WORD.
 */
export const CHAR_RULES: readonly CharRule[] = [
  {
    match: /\\/,
    prose: '\\e',
    code: '\\e',
    why: 'groff(7): backslash starts every escape; `\\e` prints it. Never `\\\'` (acute accent) or `\\"` (a comment).',
  },
  {
    match: /-/,
    prose: '-',
    code: '\\-',
    why: 'man-pages(7): `-` is a hyphen (U+2010 in UTF-8 output), `\\-` the ASCII minus that commands, options and code need to be copied and searched (go-md2man #46). Prose hyphens ("low-level") stay hyphens; option words in prose are handled by OPTION_WORD.',
  },
  {
    match: /'/,
    prose: "'",
    code: '\\(aq',
    why: "groff_char(7): `'` renders as a right single quote; code needs the ASCII apostrophe `\\(aq`. A `'` at the start of a line is a control character: see LINE_RULES.",
  },
  {
    match: /`/,
    prose: '\\(ga',
    code: '\\(ga',
    why: 'groff_char(7): a backtick renders as a left single quote; `\\(ga` is the ASCII grave accent (in notes a backtick is almost always code).',
  },
  {
    match: /~/,
    prose: '\\(ti',
    code: '\\(ti',
    why: 'man-pages(7), groff_char(7): `~` renders as a small raised tilde in UTF-8 output; `\\(ti` is the ASCII tilde (paths like ~/.config).',
  },
  {
    match: /\^/,
    prose: '\\(ha',
    code: '\\(ha',
    why: 'groff_char(7): `^` renders as a modifier circumflex; `\\(ha` is the ASCII caret.',
  },
  {
    match: /\t/,
    prose: ' ',
    code: ' ',
    why: 'mandoc(1) warns about tabs in filled text; code blocks expand tabs to spaces before escaping (tbl also uses tab as a separator).',
  },
  {
    match: /\u00A0/,
    prose: '\\~',
    code: '\\~',
    why: 'groff(7): `\\~` is the unbreakable space; the PostScript fonts have no glyph u00A0.',
  },
  {
    match: /\u00AD/,
    prose: '\\%',
    code: '',
    why: 'groff(7): `\\%` marks a hyphenation point, which is what a soft hyphen means.',
  },
  {
    // eslint-disable-next-line no-control-regex -- control characters are what this rule is about
    match: /[\u0000-\u0008\u000B-\u001F\u007F]/,
    prose: (ch) => `\\(ha${String.fromCharCode(ch.charCodeAt(0) ^ 0x40)}`,
    code: (ch) => `\\(ha${String.fromCharCode(ch.charCodeAt(0) ^ 0x40)}`,
    why: 'Control characters are invalid roff input (groff: "invalid input character"): shown in caret notation (^L for a form feed), never dropped.',
  },
  {
    match: /[\uD800-\uDFFF\uFFFE\uFFFF]/u,
    prose: '\\[uFFFD]',
    code: '\\[uFFFD]',
    why: 'A lone surrogate or a noncharacter has no glyph name groff accepts: shown as the replacement character.',
  },
  {
    // eslint-disable-next-line no-control-regex -- the range is "all of ASCII"
    match: /[^\u0000-\u007F]/u,
    prose: unicodeEscape,
    code: unicodeEscape,
    why: 'groff(7) `\\[uXXXX]`: groff without preconv reads bytes as Latin-1, so every non-ASCII character is written as its code point (upper-case hex, at least 4 digits). GLYPH_FALLBACKS keeps devices without the glyph quiet.',
  },
];

function unicodeEscape(ch: string): string {
  return `\\[u${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`;
}

/**
 * A word of prose that starts with `-` is a command-line option (`-a`, `--split-level`) or
 * a negative number: every hyphen in it is a minus (man-pages(7): "options ... use \\-").
 */
export const OPTION_WORD = /(?<![^\s([{"'/=])--?[A-Za-z0-9][\w.=/:-]*/g;

interface LineRule {
  match: RegExp;
  fix: (line: string) => string;
  why: string;
}

/** Rules for every text line written, applied after the line is assembled. */
export const LINE_RULES: readonly LineRule[] = [
  {
    match: /^[.']/,
    fix: (line) => `\\&${line}`,
    why: "roff(7): a line starting with `.` or `'` is a request or macro call (`.so /etc/passwd`); the zero-width `\\&` makes it text (pandoc #3270).",
  },
  {
    match: /^T\}/,
    fix: (line) => `\\&${line}`,
    why: 'tbl(1): `T}` at the start of a line ends a text block; inside a cell it must stay text.',
  },
];

interface NameBreakRule {
  /** The character of a page name. */
  char: string;
  /** How the NAME line writes it (see CHAR_RULES, code mode), as `.cflags` names it. */
  roff: string;
  why: string;
}

/**
 * Characters after which a NAME line may break. A page name is one word (org-roam slugs run
 * past 100 characters), and groff -ww warns "can't break line" when it is wider than the
 * line. `\:` would let it break but lexgrog copies it into the name (`foo_:bar`, so mandb
 * would index a wrong name); groff's `.cflags 4` (groff(7): "lines can be broken after the
 * character") adds no character. It is set just for the NAME line, so that code and options
 * elsewhere on the page (`\-\-all`) never break at a minus; mandoc ignores it (no warning).
 */
export const NAME_BREAK_AFTER: readonly NameBreakRule[] = [
  { char: '_', roff: '_', why: 'org-roam joins the words of a slug with `_`.' },
  {
    char: '-',
    roff: '\\-',
    why: 'pageName() joins words with `-`, written `\\-` (man-pages(7)); groff does not break after `\\-` by itself.',
  },
];

/**
 * Names up to this long need no break point: with man's 7-column indent they fit the
 * NAME line of a terminal 50 columns wide, and their pages stay as they were.
 */
export const NAME_FITS = 40;

/**
 * The NAME line of a page, between the requests that let it break after NAME_BREAK_AFTER
 * characters when the name is longer than NAME_FITS.
 */
export function breakableNameLines(name: string, nameLine: string): string[] {
  const breaks = NAME_BREAK_AFTER.filter((rule) => name.includes(rule.char));
  if (name.length <= NAME_FITS || breaks.length === 0) return [nameLine];
  const characters = breaks.map((rule) => rule.roff).join('');
  // `.cflags 0`: groff gives neither character a flag by default, so this restores them.
  return [`.cflags 4 ${characters}`, nameLine, `.cflags 0 ${characters}`];
}

/** Non-ASCII characters a page uses, for the glyph fallbacks in its prologue. */
export type GlyphSet = Set<number>;

/**
 * Escapes text for one mode. `glyphs` collects the non-ASCII code points written, so that
 * the page can declare a fallback for devices lacking them (`groff -z` uses the PostScript
 * device, whose fonts have no CJK or emoji glyphs).
 */
export function escapeText(value: string, mode: EscapeMode, glyphs?: GlyphSet): string {
  // Every OPTION_WORD starts with `-`: without one, the whole text is plain prose.
  if (mode === 'code' || !value.includes('-')) return escapeChars(value, mode, glyphs);
  let out = '';
  let last = 0;
  for (const m of value.matchAll(OPTION_WORD)) {
    out +=
      escapeChars(value.slice(last, m.index), 'prose', glyphs) + escapeChars(m[0], 'code', glyphs);
    last = m.index + m[0].length;
  }
  return out + escapeChars(value.slice(last), 'prose', glyphs);
}

/** What CHAR_RULES make of one character (a code point) in each mode; null: it passes through. */
function applyRules(ch: string, mode: EscapeMode): string | null {
  const rule = CHAR_RULES.find((r) => r.match.test(ch));
  if (!rule) return null;
  const replacement = rule[mode];
  return typeof replacement === 'string' ? replacement : replacement(ch);
}

/** Printable ASCII characters no rule matches: copied as they are, not looked up one by one. */
const PLAIN_ASCII = new Uint8Array(0x80);
for (let code = 0x20; code < 0x7f; code++) {
  const ch = String.fromCharCode(code);
  if (applyRules(ch, 'prose') === null && applyRules(ch, 'code') === null) PLAIN_ASCII[code] = 1;
}
/** applyRules, remembered per character: texts repeat the same few special characters. */
const replacements: Record<EscapeMode, Map<string, string | null>> = {
  prose: new Map(),
  code: new Map(),
};

function escapeChars(value: string, mode: EscapeMode, glyphs?: GlyphSet): string {
  const known = replacements[mode];
  let out = '';
  let last = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x80 && PLAIN_ASCII[code] === 1) continue;
    // One character is one code point: a surrogate pair, or a lone surrogate on its own.
    const pair =
      code >= 0xd800 &&
      code <= 0xdbff &&
      i + 1 < value.length &&
      (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    const ch = pair ? value.slice(i, i + 2) : value[i]!;
    let text = known.get(ch);
    if (text === undefined) known.set(ch, (text = applyRules(ch, mode)));
    if (text !== null) {
      if (glyphs && text.startsWith('\\[u')) glyphs.add(parseInt(text.slice(3, -1), 16));
      out += value.slice(last, i) + text;
      last = i + ch.length;
    }
    if (pair) i++;
  }
  return last === 0 ? value : out + value.slice(last);
}

/** Applies LINE_RULES to one output line. */
export function protectLine(line: string): string {
  for (const rule of LINE_RULES) if (rule.match.test(line)) return rule.fix(line);
  return line;
}

/** A macro argument: quoted, with `"` as `\(dq` (groff_man(7): a quote ends a quoted argument). */
export function macroArgument(escaped: string): string {
  return `"${escaped.replace(/"/g, '\\(dq')}"`;
}

/**
 * Prologue lines that give every non-ASCII glyph the page uses a fallback on devices that
 * lack it (groff(7) `.char`, conditional `c`): `?` in PostScript (one character, so that
 * table widths hold), the real glyph
 * on terminals. Invisible characters (combining marks, format characters) fall back to nothing.
 */
export function glyphFallbacks(glyphs: GlyphSet): string[] {
  return [...glyphs]
    .sort((a, b) => a - b)
    .map((cp) => {
      const name = `\\[u${cp.toString(16).toUpperCase().padStart(4, '0')}]`;
      const invisible = /[\p{Mn}\p{Me}\p{Cf}]/u.test(String.fromCodePoint(cp));
      const fallback = invisible ? '\\&' : '?';
      return `.if !c${name} .char ${name} ${fallback}`;
    });
}

/** One roff token of escaped text: an escape sequence or a character. */
const TOKEN = /\\(?:\(..|\[[^\]]*\]|f\(..|f\[[^\]]*\]|f.|.)|[\s\S]/g;
/** Escapes that print nothing (font changes, `\&`, `\%`, `\:`). */
const INVISIBLE = /^\\(?:f|&$|%$|:$)/;
/** After these a long word may break (groff_man(7): "\: after slashes in URLs"). */
const BREAK_AFTER = /^(?:[/.,;:?&=#_+@|]|\\-)$/;

/** Whether a token prints something (INVISIBLE escapes all start with a backslash). */
function isVisible(token: string): boolean {
  return token.charCodeAt(0) !== 0x5c || !INVISIBLE.test(token);
}

/**
 * Adds optional break points (`\:`, zero width) to words longer than `chunk` visible
 * characters: after punctuation, and every `chunk` characters when there is none. Without
 * them groff warns "can't break line" for long URLs, paths and commands (pages are set
 * without hyphenation, `.nh`, so that commands are never split by a hyphen).
 */
export function addBreakPoints(line: string, chunk: number, longerThan = chunk): string {
  // Most lines have no word that long: they come back as they are.
  if (!hasWordLongerThan(line, longerThan)) return line;
  let out = '';
  for (const word of line.split(/( +)/)) {
    if (word.startsWith(' ') || word.length <= longerThan) {
      out += word;
      continue;
    }
    const tokens = word.match(TOKEN) ?? [];
    const visible = tokens.map(isVisible);
    if (visible.filter(Boolean).length <= longerThan) {
      out += word;
      continue;
    }
    let run = 0;
    tokens.forEach((token, i) => {
      out += token;
      if (!visible[i]) return;
      run++;
      const last = i === tokens.length - 1;
      if (!last && (BREAK_AFTER.test(token) || run >= chunk)) {
        out += '\\:';
        run = 0;
      }
    });
  }
  return out;
}

/** Whether `line` has a run of more than `length` characters without a space (a word `split(/( +)/)` keeps whole). */
function hasWordLongerThan(line: string, length: number): boolean {
  let run = 0;
  for (let i = 0; i < line.length; i++) {
    if (line.charCodeAt(i) === 0x20) run = 0;
    else if (++run > length) return true;
  }
  return false;
}
