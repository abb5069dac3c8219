/**
 * Escaping and cleaning rules, as data: every character org2anki rewrites on its way into an
 * Anki field is listed here, with the reason.
 */

/**
 * HTML escapes. The CSV is written with `#html:true`, so Anki takes each field as HTML, as is
 * (rslib/src/import_export/text/csv/import.rs, `stringify_fn`): text must be escaped by us.
 * `text` applies to element content, `attribute` to double-quoted attribute values
 * (HTML Living Standard, 13.2.5.36 and 13.1.2.3: `&` starts a character reference, `<` a tag,
 * `"` ends the attribute value; `>` is escaped too so that no field holds a bare `>`).
 */
const HTML_ESCAPES: readonly {
  char: string;
  entity: string;
  text: boolean;
  attribute: boolean;
  why: string;
}[] = [
  { char: '&', entity: '&amp;', text: true, attribute: true, why: 'starts a character reference' },
  { char: '<', entity: '&lt;', text: true, attribute: true, why: 'starts a tag' },
  {
    char: '>',
    entity: '&gt;',
    text: true,
    attribute: true,
    why: 'ends a tag; Anki advice: escape &, <, > in text',
  },
  {
    char: '"',
    entity: '&quot;',
    text: false,
    attribute: true,
    why: 'ends a double-quoted attribute value',
  },
];

function escaper(where: 'text' | 'attribute'): (value: string) => string {
  const map = new Map(HTML_ESCAPES.filter((e) => e[where]).map((e) => [e.char, e.entity]));
  const pattern = new RegExp(`[${[...map.keys()].join('')}]`, 'g');
  return (value) => value.replace(pattern, (c) => map.get(c)!);
}

export const escapeHtml = escaper('text');
export const escapeAttribute = escaper('attribute');

/**
 * What every CSV field goes through before csv-stringify quotes it (Anki manual, "Importing >
 * Text files": UTF-8 only; rslib normalises fields to NFC and strips control characters).
 * Doing it ourselves makes the file say exactly what Anki will store.
 */
const FIELD_CLEANING: readonly { pattern: RegExp; replacement: string; why: string }[] = [
  // C0 controls except tab and LF, DEL and C1 controls: Anki strips them; CR too (we write LF).
  {
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    pattern: /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g,
    replacement: '',
    why: 'control characters are stripped by Anki',
  },
  // Lone surrogates cannot be encoded as UTF-8.
  {
    pattern: /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    replacement: '\uFFFD',
    why: 'not encodable in UTF-8',
  },
];

/** Printable ASCII, tab and LF: text that no rule above changes (most fields are). */
const CLEAN_ASCII = /^[\t\n\x20-\x7e]*$/;

export function cleanField(value: string): string {
  if (CLEAN_ASCII.test(value)) return value;
  let out = value.normalize('NFC');
  for (const rule of FIELD_CLEANING) out = out.replace(rule.pattern, rule.replacement);
  return out;
}

/**
 * Anki tags: separated by spaces in the tags column (rslib `collect_tags` splits on
 * whitespace), so a tag may hold no whitespace; Anki compares tags case-insensitively.
 * `::` is Anki's tag hierarchy and is kept.
 */
const TAG_CLEANING: readonly { pattern: RegExp; replacement: string; why: string }[] = [
  { pattern: /\s+/g, replacement: '_', why: 'whitespace separates tags' },
  {
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    pattern: /[\u0000-\u001F\u007F-\u009F"]/g,
    replacement: '',
    why: 'control characters and quotes are not kept by Anki',
  },
];

export function cleanTag(tag: string): string {
  let out = tag.normalize('NFC').trim();
  for (const rule of TAG_CLEANING) out = out.replace(rule.pattern, rule.replacement);
  return out;
}

/**
 * Anki deck names: `::` separates a deck from its subdeck (Anki manual, "Decks"); an empty
 * component or surrounding whitespace would create a deck named " " or "", so they go.
 */
export function cleanDeck(deck: string): string {
  const parts = cleanField(deck)
    .replace(/\s+/g, ' ')
    .split('::')
    .map((p) => p.trim())
    .filter(Boolean);
  return parts.length ? parts.join('::') : 'Default';
}
