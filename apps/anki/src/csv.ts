/**
 * Notes as an Anki text-import file (Anki manual, "Importing > Text files"; Anki 2.1.54+ file
 * headers; reader: rslib/src/import_export/text/csv/{metadata,import}.rs).
 */
import { stringify } from 'csv-stringify/sync';
import type { AnkiNote } from './cards.js';
import { cleanField } from './escape.js';

export type Separator = 'comma' | 'tab';

const SEPARATORS: Record<Separator, { char: string; header: string }> = {
  comma: { char: ',', header: 'Comma' },
  tab: { char: '\t', header: 'Tab' },
};

/** Fixed columns, 1-based as in the headers. The GUID comes first: it is never empty, and never starts with `#`. */
export const COLUMNS = { guid: 1, notetype: 2, deck: 3, tags: 4 } as const;
const META_LABELS = ['GUID', 'Note type', 'Deck', 'Tags'];
/** Anki needs at least two fields for its stock types. */
const MIN_FIELDS = 2;

export function fieldLabels(count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    i === 0 ? 'Front' : i === 1 ? 'Back' : `Field ${i + 1}`,
  );
}

export function writeAnkiCsv(notes: AnkiNote[], separator: Separator): string {
  const sep = SEPARATORS[separator];
  const width = Math.max(MIN_FIELDS, ...notes.map((n) => n.fields.length));
  const options = {
    delimiter: sep.char,
    record_delimiter: 'unix' as const,
    eof: true,
    // A record whose first field starts with an unquoted `#` is a comment to Anki's reader
    // (csv crate `comment(Some(b'#'))`): such fields are quoted.
    quoted_match: /^#/,
  };
  // `#separator` comes first: `#columns` is split with the separator already set
  // (metadata.rs `parse_columns`). Without it Anki guesses, and `::` in decks splits on colons.
  const header = [
    `#separator:${sep.header}`,
    '#html:true',
    `#notetype column:${COLUMNS.notetype}`,
    `#deck column:${COLUMNS.deck}`,
    `#tags column:${COLUMNS.tags}`,
    `#guid column:${COLUMNS.guid}`,
    `#columns:${stringify([[...META_LABELS, ...fieldLabels(width)]], { ...options, quoted_match: undefined, eof: false })}`,
  ].join('\n');
  const records = notes.map((note) => {
    const fields = [...note.fields];
    while (fields.length < width) fields.push('');
    return [note.guid, note.noteType, note.deck, note.tags.join(' '), ...fields].map(cleanField);
  });
  return header + '\n' + (records.length ? stringify(records, options) : '');
}
