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

/**
 * The indentation common to the lines of `text` that hold more than whitespace, in
 * characters: the scan of org-remove-indentation. A first line that does not start at a line
 * start (`firstAtLineStart` false: the text begins after a list bullet, say) does not count.
 */
export function commonIndent(text: string, firstAtLineStart = true): number {
  let min = Infinity;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (i === 0 && !firstAtLineStart) continue;
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const width = line.length - line.trimStart().length;
    if (width < min) min = width;
    if (min === 0) return 0;
  }
  return min === Infinity ? 0 : min;
}

/** SPEC: org-remove-indentation, applied to src and example blocks unless `-i` is given. */
export function removeCommonIndent(value: string): string {
  const indent = commonIndent(value);
  if (indent === 0) return value;
  return value
    .split('\n')
    .map((line) => (line.trim() === '' ? line.replace(/^[ \t]+/, '') : line.slice(indent)))
    .join('\n');
}

/** SPEC: org-unescape-code-in-string: `,*` and `,#+` at a line start lose one comma. */
export function unescapeCode(value: string): string {
  return value.replace(/^([ \t]*,*),(?=\*|#\+)/gm, '$1');
}
