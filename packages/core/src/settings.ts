/**
 * File settings that change how Org text parses. uniorg-parse does not read them itself
 * (see docs/deviations.md), so the reader scans for them first and passes them on.
 */
import type { TodoKeywords } from './types.js';

export interface FileSettings {
  todoKeywords: TodoKeywords;
  /** SPEC: org-use-sub-superscripts, set per file by `#+OPTIONS: ^:t|nil|{}`. */
  useSubSuperscripts: true | false | '{}';
  /**
   * SPEC: org-list-allow-alphabetical (default nil): whether `a.`, `B)` start list items. Set
   * per file as a file variable (SPEC: (emacs) Specifying File Variables), on the first line
   * (`-*- org-list-allow-alphabetical: t -*-`) or in a `Local Variables:` list at the end.
   */
  listAllowAlphabetical: boolean;
  options: Record<string, string>;
}

const ALPHABETICAL_FIRST_LINE = /-\*-.*\borg-list-allow-alphabetical:[ \t]*([^;\s]+).*-\*-/;
const ALPHABETICAL_LOCAL_VARIABLE = /^.*\borg-list-allow-alphabetical:[ \t]*(\S+)/m;

/** The file's value of org-list-allow-alphabetical: any value but nil is true, as in Lisp. */
function listAllowAlphabetical(text: string): boolean {
  const newline = text.indexOf('\n');
  const first = ALPHABETICAL_FIRST_LINE.exec(newline === -1 ? text : text.slice(0, newline));
  if (first) return first[1] !== 'nil';
  // Emacs looks for the Local Variables list in the last 3000 characters (hack-local-variables).
  const tail = text.slice(-3000);
  const start = tail.search(/^.*Local Variables:[ \t]*$/m);
  if (start === -1) return false;
  const local = ALPHABETICAL_LOCAL_VARIABLE.exec(tail.slice(start));
  return local ? local[1] !== 'nil' : false;
}

// SPEC: (info "(org) Per-file keywords"): #+TODO, #+SEQ_TODO and #+TYP_TODO all declare
// keyword sequences; `|` separates open from done states; `(t!)` fast-access keys are not
// part of the keyword.
const SETTING_LINE = /^[ \t]*#\+(TODO|SEQ_TODO|TYP_TODO|OPTIONS|BEGIN_\S*|END_\S*):?[ \t]*(.*)$/gim;

/** `#+TODO:` and `#+OPTIONS:` lines outside blocks (inside one they are example text). */
function* settingLines(text: string): Generator<{ key: string; value: string }> {
  let inBlock = false;
  for (const match of text.matchAll(SETTING_LINE)) {
    const key = match[1]!.toUpperCase();
    if (key.startsWith('BEGIN_')) inBlock = true;
    else if (key.startsWith('END_')) inBlock = false;
    else if (!inBlock && match[0].includes(':')) yield { key, value: match[2] ?? '' };
  }
}

export function scanSettings(text: string): FileSettings {
  const todo: string[] = [];
  const done: string[] = [];
  let declared = false;
  const options: Record<string, string> = {};
  for (const { key, value } of settingLines(text)) {
    if (key === 'OPTIONS') {
      Object.assign(options, parseOptions(value));
      continue;
    }
    declared = true;
    const words = value
      .trim()
      .split(/[ \t]+/)
      .filter(Boolean);
    const bar = words.indexOf('|');
    const open = bar === -1 ? words.slice(0, -1) : words.slice(0, bar);
    const closed = bar === -1 ? words.slice(-1) : words.slice(bar + 1);
    for (const word of open) todo.push(stripFastKey(word));
    for (const word of closed) done.push(stripFastKey(word));
  }
  const sub = options['^'];
  return {
    todoKeywords: declared ? { todo, done } : { todo: ['TODO'], done: ['DONE'] },
    useSubSuperscripts: sub === 'nil' ? false : sub === '{}' ? '{}' : true,
    listAllowAlphabetical: listAllowAlphabetical(text),
    options,
  };
}

function stripFastKey(word: string): string {
  return word.replace(/\(.*\)$/, '');
}

/** `toc:nil ^:{} author:t` -> { toc: 'nil', '^': '{}', author: 't' } (SPEC: org-export-options-alist). */
export function parseOptions(value: string): Record<string, string> {
  const result: Record<string, string> = {};
  const item = /(\S+?):(\([^)]*\)|\S+)/g;
  for (const match of value.matchAll(item)) {
    result[match[1]!] = match[2]!;
  }
  return result;
}
