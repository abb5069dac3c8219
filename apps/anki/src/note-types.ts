/**
 * The note types a package carries, as data: Anki's stock types (the names, fields and
 * templates every Anki creates in a new collection; Anki manual, "Note Types") and, for an
 * anki-editor note of any other type, one made from the field names the note gives.
 *
 * A package holds each note type it uses; on import Anki reuses a note type of the same id
 * whose fields and templates match (rslib import_export/package/apkg/import/notes.rs), so the
 * ids are fixed per name: every org2anki package shares them, and a re-import maps onto the
 * note type the first import created.
 */
import { createHash } from 'node:crypto';

export interface NoteTypeTemplate {
  name: string;
  /** Question and answer templates (Anki's `qfmt`, `afmt`). */
  front: string;
  back: string;
  /**
   * The fields that must be non-empty for Anki to make this card (schema 11 `req`): `any`
   * of them, or `all`. Anki generates a card only when its front is not empty.
   */
  requires: { mode: 'any' | 'all'; fields: number[] };
}

export interface NoteType {
  name: string;
  kind: 'standard' | 'cloze';
  fields: string[];
  templates: NoteTypeTemplate[];
  css: string;
}

/**
 * Shared by every type: Anki's default card style, plus left-aligned code and tables so that
 * the source blocks and tables org2anki writes read as they do in Org.
 */
const CSS = [
  '.card { font-family: arial; font-size: 20px; text-align: center; color: black; background-color: white; }',
  '.cloze { font-weight: bold; color: blue; }',
  '.nightMode .cloze { color: lightblue; }',
  'pre { text-align: left; white-space: pre-wrap; }',
  'table { border-collapse: collapse; margin: 0 auto; }',
  'td, th { padding: 0.2em 0.5em; }',
  '.footnote { font-size: 70%; text-align: left; }',
].join('\n');

const ANSWER_RULE = '<hr id=answer>';

/** Anki's stock types (lower-cased name -> type): what `ANKI_NOTE_TYPE` and `--note-type` name. */
const STOCK: NoteType[] = [
  {
    name: 'Basic',
    kind: 'standard',
    fields: ['Front', 'Back'],
    templates: [
      {
        name: 'Card 1',
        front: '{{Front}}',
        back: `{{FrontSide}}\n\n${ANSWER_RULE}\n\n{{Back}}`,
        requires: { mode: 'any', fields: [0] },
      },
    ],
    css: CSS,
  },
  {
    name: 'Basic (and reversed card)',
    kind: 'standard',
    fields: ['Front', 'Back'],
    templates: [
      {
        name: 'Card 1',
        front: '{{Front}}',
        back: `{{FrontSide}}\n\n${ANSWER_RULE}\n\n{{Back}}`,
        requires: { mode: 'any', fields: [0] },
      },
      {
        name: 'Card 2',
        front: '{{Back}}',
        back: `{{FrontSide}}\n\n${ANSWER_RULE}\n\n{{Front}}`,
        requires: { mode: 'any', fields: [1] },
      },
    ],
    css: CSS,
  },
  {
    name: 'Basic (optional reversed card)',
    kind: 'standard',
    fields: ['Front', 'Back', 'Add Reverse'],
    templates: [
      {
        name: 'Card 1',
        front: '{{Front}}',
        back: `{{FrontSide}}\n\n${ANSWER_RULE}\n\n{{Back}}`,
        requires: { mode: 'any', fields: [0] },
      },
      {
        name: 'Card 2',
        front: '{{#Add Reverse}}{{Back}}{{/Add Reverse}}',
        back: `{{FrontSide}}\n\n${ANSWER_RULE}\n\n{{Front}}`,
        requires: { mode: 'all', fields: [1, 2] },
      },
    ],
    css: CSS,
  },
  {
    name: 'Basic (type in the answer)',
    kind: 'standard',
    fields: ['Front', 'Back'],
    templates: [
      {
        name: 'Card 1',
        front: '{{Front}}\n\n{{type:Back}}',
        back: `{{Front}}\n\n${ANSWER_RULE}\n\n{{type:Back}}`,
        requires: { mode: 'any', fields: [0] },
      },
    ],
    css: CSS,
  },
  {
    name: 'Cloze',
    kind: 'cloze',
    fields: ['Text', 'Back Extra'],
    templates: [
      {
        name: 'Cloze',
        front: '{{cloze:Text}}',
        back: '{{cloze:Text}}<br>\n{{Back Extra}}',
        requires: { mode: 'any', fields: [0] },
      },
    ],
    css: CSS,
  },
];

const STOCK_BY_NAME = new Map(STOCK.map((t) => [t.name.toLowerCase(), t]));

/** Field names of a stock note type, in order, or undefined for another type. */
export function stockFields(name: string): string[] | undefined {
  return STOCK_BY_NAME.get(name.toLowerCase())?.fields;
}

/**
 * The note type of a note: a stock type by name (any case, as Anki's CSV import matches
 * names), else a standard type named as written whose fields are the names the note gives,
 * with one card showing the first field and, after it, the others.
 */
export function noteTypeOf(name: string, fieldNames: string[]): NoteType {
  const stock = STOCK_BY_NAME.get(name.toLowerCase());
  if (stock) return stock;
  const fields = fieldNames.length ? fieldNames : ['Front', 'Back'];
  const rest = fields
    .slice(1)
    .map((f) => `{{${f}}}`)
    .join('<br>\n');
  return {
    name,
    kind: 'standard',
    fields,
    templates: [
      {
        name: 'Card 1',
        front: `{{${fields[0]}}}`,
        back: `{{FrontSide}}\n\n${ANSWER_RULE}\n\n${rest}`,
        requires: { mode: 'any', fields: [0] },
      },
    ],
    css: CSS,
  };
}

/**
 * A stable 13-digit id (the size of Anki's millisecond ids) for a name: note types, decks.
 * Anki only needs ids unique in the collection; a hash keeps them the same in every package.
 */
export function stableId(kind: string, name: string): number {
  const hex = createHash('sha256')
    .update(`org2anki/${kind}\u0000${name}`)
    .digest('hex')
    .slice(0, 12);
  return ID_BASE + (parseInt(hex, 16) % ID_SPAN);
}

/** Ids from 1e12 to 1e13 - 1: 13 digits, far above the small ids Anki itself gives (1: the Default deck). */
export const ID_BASE = 1_000_000_000_000;
export const ID_SPAN = 9_000_000_000_000;
