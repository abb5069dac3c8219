/**
 * What org2man is, without its writer: enough for a command line or a configuration, and
 * for an export that may keep every earlier output (`converter.ts` loads the writer lazily).
 */
import { EXPORT_TAG_FLAGS } from '@orgnotes/core';
import type { Converter } from '@orgnotes/cli';
import { dateDependencies } from './date.js';
import { pageName, sectionOfValue } from './pages.js';

export const manInfo = {
  name: 'org2man',
  format: 'man',
  summary: 'convert Org notes to man pages (man(7) macros) that lint clean',
  version: '0.1.0',
  extension: '.7',
  flags: {
    ...EXPORT_TAG_FLAGS,
    'split-level': {
      type: 'string',
      valueName: 'N',
      description:
        'also write one page per heading of level N (NAME-heading.7), for notes that document commands',
    },
  },
  /**
   * The main page: its name (core's output base, `#+EXPORT_FILE_NAME` or the file's, made a
   * man(7) name) and `#+MAN_SECTION` as the extension, in the base's directory, as
   * index.ts's manPages writes it.
   */
  outputPath(base, naming) {
    const slash = base.lastIndexOf('/');
    const { section } = sectionOfValue(naming.manSection ?? undefined);
    return `${base.slice(0, slash + 1)}${pageName(base.slice(slash + 1))}.${section}`;
  },
  module: import.meta.url,
  entry: { module: new URL('./converter.js', import.meta.url).href, name: 'converter' },
  /** A page's date comes from git or the file's time (date.ts). */
  dependencies: (entry, links) => dateDependencies(entry.absolutePath, links.root),
} satisfies Omit<Converter, 'convert'>;
