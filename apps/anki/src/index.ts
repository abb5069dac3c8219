export { converter, convertToAnki, parseOptions, DEFAULT_OPTIONS, MEDIA_DIR, type AnkiOptions, type AnkiResult } from './convert.js';
export { collectNotes, fileDeck, uniqueTags, type AnkiNote, type CardOptions } from './cards.js';
export { writeAnkiCsv, fieldLabels, COLUMNS, type Separator } from './csv.js';
export { guidOf, type GuidKey } from './guid.js';
export { escapeHtml, escapeAttribute, cleanField, cleanTag, cleanDeck } from './escape.js';
export { flatMediaName } from './media.js';
