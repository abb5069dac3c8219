/**
 * What org2anki is, without its writer: enough for a command line or a configuration, and
 * for an export that may keep every earlier output (`converter.ts` loads the writer lazily).
 */
import { EXPORT_TAG_FLAGS } from '@orgnotes/core';
import type { Converter } from '@orgnotes/cli';
import { packageEpoch } from './epoch.js';
import { mediaNameOwners } from './media.js';

export const ankiInfo = {
  name: 'org2anki',
  format: 'anki',
  summary: 'Org notes as Anki flashcards (CSV, .apkg) that update instead of duplicating',
  version: '0.1.0',
  extension: '.csv',
  flags: {
    ...EXPORT_TAG_FLAGS,
    separator: {
      type: 'string',
      default: 'comma',
      valueName: 'comma|tab',
      description: 'field separator of the CSV',
    },
    deck: {
      type: 'string',
      valueName: 'NAME',
      description:
        "deck of the notes without #+ANKI_DECK or ANKI_DECK (default: the notes' folder name); :: for subdecks",
    },
    'deck-per-note': {
      type: 'boolean',
      description: 'each note in a sub-deck of the deck, named by its title',
    },
    'note-type': {
      type: 'string',
      default: 'Basic',
      valueName: 'NAME',
      description: 'note type of heading, table and drill cards (front, back)',
    },
    headings: {
      type: 'string',
      default: 'all',
      valueName: 'all|id|none',
      description:
        'headings that are cards: every heading with content, only those with an :ID:, or none',
    },
    'file-cards': {
      type: 'boolean',
      description:
        'the text before the first heading as a card too, its front the file title (org-roam file notes)',
    },
    tables: {
      type: 'string',
      default: 'rows',
      valueName: 'rows|none',
      description: 'one card per row of each table with a header rule, or none',
    },
    'context-separator': {
      type: 'string',
      default: ' > ',
      valueName: 'TEXT',
      description: 'between parent headings and the title on a front',
    },
    package: {
      type: 'boolean',
      description: 'also write an Anki package (.apkg, pictures inside) beside each CSV',
    },
    'package-per': {
      type: 'string',
      valueName: 'file|deck|set',
      description:
        'one package per Org file (default), per deck, or one for the whole set (implies --package)',
    },
    'package-only': {
      type: 'boolean',
      description:
        'write the packages instead of the CSV files and media folder (implies --package)',
    },
  },
  /**
   * A note's own file is its CSV, or with --package-only its package (`x.apkg`, as
   * convert.ts's packagePath names it); none when the packages are per deck or for the set.
   */
  outputPath(base, _naming, options) {
    if (options['package-only'] !== true) return `${base}.csv`;
    const per = options['package-per'];
    return per === undefined || per === 'file' ? `${base}.apkg` : null;
  },
  module: import.meta.url,
  entry: { module: new URL('./converter.js', import.meta.url).href, name: 'converter' },
  /** Media names: which file of the set keeps each flat name this document's pictures use. */
  setDependencies(entry, links) {
    const files: string[] = [];
    for (const key of entry.index.links) {
      const target = links.resolveKey(key, entry.path);
      if (target?.kind === 'file' && target.insideRoot) files.push(target.path);
    }
    return mediaNameOwners(links, files);
  },
  /** The time packages carry (SOURCE_DATE_EPOCH), so that a new one rebuilds them. */
  dependencies: () => String(packageEpoch()),
} satisfies Omit<Converter, 'convert'>;
