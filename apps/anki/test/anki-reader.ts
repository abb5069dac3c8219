/**
 * The test oracle: an Anki CSV file read back the way Anki reads it (Anki's importer cannot run
 * here). Rules from /work/shared/reference/anki-import.md and Anki's Rust importer:
 * - metadata.rs `parse_meta_lines`: lines starting with `#` at the very top; key = text before
 *   the first `:`, trimmed and lower-cased; `delimiter_from_value` takes a name or the char;
 * - import.rs `build_csv_reader`: csv crate, no header row, flexible (rows may differ),
 *   `comment(Some(b'#'))` (a record whose first field starts with an unquoted `#` is skipped);
 * - import.rs `first_field_is_the_empty_string`: a note whose first field is empty is skipped;
 * - import.rs: with a GUID column, rows match notes by GUID.
 * `checkAnkiCsv` returns every broken rule, so a test can assert the list is empty.
 */
import { parse } from 'csv-parse/sync';
import { FIELD_TAGS, VOID_FIELD_TAGS } from '../src/field-tags.js';

export interface AnkiFile {
  headers: Map<string, string>;
  delimiter: string;
  columns: string[];
  rows: string[][];
  /** Rows as notes, by the header's column numbers. */
  notes: { guid: string; notetype: string; deck: string; tags: string[]; fields: string[] }[];
}

const DELIMITERS: Record<string, string> = {
  comma: ',',
  semicolon: ';',
  tab: '\t',
  space: ' ',
  pipe: '|',
  colon: ':',
};

export function readAnkiCsv(text: string): AnkiFile {
  const headers = new Map<string, string>();
  const lines = text.split('\n');
  let i = 0;
  for (; i < lines.length && lines[i]!.startsWith('#'); i++) {
    const line = lines[i]!.slice(1);
    const colon = line.indexOf(':');
    if (colon >= 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1));
  }
  const sepValue = headers.get('separator') ?? '';
  const delimiter =
    DELIMITERS[sepValue.trim().toLowerCase()] ?? (sepValue.length === 1 ? sepValue : '');
  if (!delimiter) throw new Error(`no usable #separator header (got "${sepValue}")`);
  const columnsLine = headers.get('columns');
  const columns = columnsLine
    ? ((parse(columnsLine, { delimiter, relax_column_count: true }) as string[][])[0] ?? [])
    : [];
  // Records are read from the start, headers included: they are comments to the csv reader.
  const rows = parse(text, {
    delimiter,
    comment: '#',
    comment_no_infix: true,
    relax_column_count: true,
    relax_quotes: false,
    skip_empty_lines: true,
  }) as string[][];
  const col = (key: string) => {
    const n = Number(headers.get(`${key} column`)?.trim());
    return Number.isInteger(n) && n > 0 ? n : 0;
  };
  const meta = {
    guid: col('guid'),
    notetype: col('notetype'),
    deck: col('deck'),
    tags: col('tags'),
  };
  const metaSet = new Set(Object.values(meta).filter((n) => n > 0));
  const notes = rows.map((row) => ({
    guid: meta.guid ? (row[meta.guid - 1] ?? '') : '',
    notetype: meta.notetype ? (row[meta.notetype - 1] ?? '') : '',
    deck: meta.deck ? (row[meta.deck - 1] ?? '') : '',
    tags: meta.tags ? (row[meta.tags - 1] ?? '').split(/\s+/).filter(Boolean) : [],
    // import.rs `field_source_columns` with a notetype column: every non-meta column, in order.
    fields: row.filter((_, index) => !metaSet.has(index + 1)),
  }));
  return { headers, delimiter, columns, rows, notes };
}

/**
 * Checks that a field is HTML we meant: text fully escaped (no stray `&`, `<`, `>`), only known
 * tags, properly nested. Raw `#+begin_export html` content is the one exception, so callers
 * skip this check for inputs that have some.
 */
export function htmlProblems(field: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const token =
    /<(\/?)([a-z0-9]+)((?:\s+[a-z-]+="[^"<>]*")*)\s*>|&(?:[a-z]+|#\d+|#x[0-9a-f]+);|[<>&]/gi;
  for (const m of field.matchAll(token)) {
    if (m[2] === undefined) {
      if (m[0].length === 1) problems.push(`unescaped "${m[0]}" at ${m.index}`);
      continue;
    }
    const name = m[2].toLowerCase();
    if (!FIELD_TAGS.has(name)) problems.push(`unexpected tag <${name}>`);
    if (VOID_FIELD_TAGS.has(name)) continue;
    if (m[1]) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}>`);
    } else stack.push(name);
  }
  if (stack.length) problems.push(`unclosed <${stack.join('>, <')}>`);
  return problems;
}

/** Every rule of an Anki import file this output must meet; empty when all hold. */
export function checkAnkiCsv(text: string, options: { html?: boolean } = {}): string[] {
  const problems: string[] = [];
  let file: AnkiFile;
  try {
    file = readAnkiCsv(text);
  } catch (error) {
    return [`unreadable: ${(error as Error).message}`];
  }
  const { headers, rows, columns, notes } = file;
  if (!text.startsWith('#separator:')) problems.push('#separator is not the first line');
  if (headers.get('html') !== 'true') problems.push('#html:true missing');
  for (const key of ['guid', 'notetype', 'deck', 'tags'])
    if (!/^\d+$/.test(headers.get(`${key} column`) ?? '')) problems.push(`#${key} column missing`);
  if (headers.get('guid column') !== '1') problems.push('the GUID column is not the first');
  // Anki counts records written with the headers' line count; every data line must be a record.
  const dataLines = text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
  if (dataLines < rows.length) problems.push('more records than lines');
  if (text.normalize('NFC') !== text) problems.push('text is not NFC');
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/.test(text)) problems.push('control characters');
  if (text.includes('\uFFFD')) problems.push('replacement characters');
  const guids = new Set<string>();
  rows.forEach((row, index) => {
    const where = `record ${index + 1}`;
    if (row.length !== columns.length)
      problems.push(`${where}: ${row.length} fields, ${columns.length} columns`);
    const note = notes[index]!;
    if (!note.guid) problems.push(`${where}: empty GUID`);
    if (guids.has(note.guid)) problems.push(`${where}: GUID ${note.guid} repeated`);
    guids.add(note.guid);
    if (!note.notetype) problems.push(`${where}: empty note type`);
    if (!note.deck || note.deck.split('::').some((p) => p.trim() === '' || p !== p.trim()))
      problems.push(`${where}: bad deck "${note.deck}"`);
    if (!note.fields[0]) problems.push(`${where}: empty first field (Anki skips the note)`);
    if (options.html !== false)
      for (const field of note.fields)
        for (const p of htmlProblems(field))
          problems.push(`${where}: ${p} in ${JSON.stringify(field.slice(0, 80))}`);
  });
  return problems;
}
