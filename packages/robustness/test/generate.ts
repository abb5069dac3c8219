/**
 * The large hostile inputs, generated at test time (megabytes are not committed). Each
 * generator takes a size so the scaling checks can use the same shapes at n and 2n.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const GENERATORS = {
  /** Headings nested `depth` levels deep, each with a line of text. */
  deepHeadings: (depth: number) => Array.from({ length: depth }, (_, i) => `${'*'.repeat(i + 1)} Level ${i + 1}\nText ${i + 1}.\n`).join(''),
  /** A list nested `depth` levels deep (each item indented two more columns). */
  deepList: (depth: number) => Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}- item ${i + 1}\n`).join(''),
  /** One line of about `bytes` bytes: words with some markup. */
  longLine: (bytes: number) => {
    const unit = 'lorem ipsum dolor *sit* amet, consectetur ~adipiscing~ elit ';
    return `* Long\n${unit.repeat(Math.ceil(bytes / unit.length))}\n`;
  },
  /** `count` emphasis, code and link openers that never close (uniorg-parse was cubic here). */
  unbalancedEmphasis: (count: number) => {
    const markers = ['*a ', '/b ', '_c ', '+d ', '=e ', '~f ', '[[g '];
    return `* Stray markers\n${Array.from({ length: count }, (_, i) => markers[i % markers.length]).join('')}\n`;
  },
  /** A table of `rows` rows under a header rule. */
  bigTable: (rows: number) => `* Table\n| key | value | note |\n|-----+-------+------|\n${Array.from({ length: rows }, (_, i) => `| k${i} | ${i * 7} | *n* ${i} |\n`).join('')}`,
  /** Many files linking to each other by ID, spread over 100 folders. */
  files: (count: number) =>
    Array.from({ length: count }, (_, i) => ({
      path: `d${i % 100}/n${i}.org`,
      text: `* Note ${i}\n:PROPERTIES:\n:ID: id-${i}\n:END:\nSee [[id:id-${(i + 1) % count}][the next note]].\n`,
    })),
} as const;

/** Writes generated files under `dir`. */
export function writeTree(dir: string, files: { path: string; text: string }[]): void {
  for (const file of files) {
    const target = path.join(dir, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.text);
  }
}

/** A directory holding a note and two symbolic links that lead back into it. */
export function writeSymlinkLoop(dir: string): void {
  writeTree(dir, [{ path: 'sub/note.org', text: '* Note\nInside a loop.\n' }]);
  symlinkSync('..', path.join(dir, 'sub/up'));
  symlinkSync('../sub', path.join(dir, 'sub/self'));
}
