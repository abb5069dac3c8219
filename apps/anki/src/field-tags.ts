/**
 * The HTML tags org2anki writes into fields (html.ts and the card builders); the oracles that
 * read its output back allow these and no other (raw `#+begin_export html` aside).
 */
export const FIELD_TAGS: ReadonlySet<string> = new Set([
  'p',
  'br',
  'b',
  'i',
  'u',
  's',
  'code',
  'pre',
  'sup',
  'sub',
  'small',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'blockquote',
  'div',
  'span',
  'hr',
  'img',
  'a',
]);

/** The void elements among them: no end tag. */
export const VOID_FIELD_TAGS: ReadonlySet<string> = new Set(['br', 'hr', 'img']);
