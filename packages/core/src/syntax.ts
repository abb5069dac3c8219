/** Line-level Org syntax shared by the reader and the printer. */
import type { AffiliatedKeyword } from './types.js';

// SPEC: org-element-affiliated-keywords and org-element--affiliated-re.
export const AFFILIATED_LINE =
  /^[ \t]*#\+(CAPTION|DATA|HEADERS?|LABEL|NAME|PLOT|RESNAME|RESULTS?|SOURCE|SRCNAME|TBLNAME|ATTR_[-\w]+)(?:\[([^\]\n]*)\])?:[ \t]?(.*)$/i;

/** A line holding only spaces and tabs. */
export const BLANK_LINE = /^[ \t]*$/;
/** The first line of a `#+begin_NAME` ... `#+end_NAME` block; group 1 is NAME. */
export const BLOCK_BEGIN = /^[ \t]*#\+begin_(\S+)/i;

export function parseAffiliatedLine(line: string): AffiliatedKeyword | undefined {
  const m = AFFILIATED_LINE.exec(line);
  return m ? { key: m[1]!.toUpperCase(), option: m[2] ?? null, value: m[3]!.trim() } : undefined;
}

/** SPEC: org-remove-indentation, applied to src and example blocks unless `-i` is given. */
export function removeCommonIndent(value: string): string {
  const lines = value.split('\n');
  let min = Infinity;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const width = line.length - line.trimStart().length;
    if (width < min) min = width;
  }
  if (min === 0 || min === Infinity) return value;
  return lines
    .map((line) => (line.trim() === '' ? line.replace(/^[ \t]+/, '') : line.slice(min)))
    .join('\n');
}

/** SPEC: org-unescape-code-in-string: `,*` and `,#+` at a line start lose one comma. */
export function unescapeCode(value: string): string {
  return value.replace(/^([ \t]*,*),(?=\*|#\+)/gm, '$1');
}
