/* eslint-disable */
// Generated from schema/notes.schema.json by @orgnotes/schema-types: do not edit.
// Run `pnpm --filter @orgnotes/core generate` after changing the schema.
/**
 * The orgnotes model of Org-mode notes, one Document per Org file: semantic enough for every converter to be a thin writer over it, lossless enough to print the source back byte for byte.
 */
export type OrgNotes = Document;
/**
 * An element: what fills a heading's body.
 */
export type Block =
  | Paragraph
  | PlainList
  | Table
  | SrcBlock
  | ExampleBlock
  | ExportBlock
  | CommentBlock
  | QuoteBlock
  | CenterBlock
  | VerseBlock
  | SpecialBlock
  | Drawer
  | PropertyDrawer
  | Keyword
  | Comment
  | FixedWidth
  | Clock
  | Planning
  | LatexEnvironment
  | HorizontalRule
  | DiarySexp
  | FootnoteDefinition
  | Unparsed;
/**
 * An object: what fills a paragraph, a title or a table cell.
 */
export type Inline =
  | Text
  | Bold
  | Italic
  | Underline
  | StrikeThrough
  | Code
  | Verbatim
  | Macro
  | Superscript
  | Subscript
  | LineBreak
  | Link
  | Timestamp
  | StatisticsCookie
  | Target
  | FootnoteReference
  | LatexFragment
  | Entity
  | ExportSnippet
  | Citation
  | CitationReference
  | CitationCommonPrefix
  | CitationCommonSuffix
  | CitationPrefix
  | CitationSuffix
  | CitationKey;
/**
 * The exported notes of the set that link to this document (to the file or any heading in it) or to this heading, added by org2json when it exports a set (issue 14). Derived, not read from the Org text: the reader never sets it, the printer ignores it and it is not part of any signature, so json2org gives back the same bytes. One entry per place (note and heading) a link stands under, by file then document order; a note's links to itself are not backlinks.
 */
export type Backlinks = BacklinkSource[];

/**
 * One Org file (SPEC: org-data). `children` is the content before the first heading, `headings` the top-level headings.
 */
export interface Document {
  type: 'document';
  /**
   * Version of this schema the document conforms to.
   */
  schemaVersion: '1.0.0';
  /**
   * The file's path relative to the root of the note set, with forward slashes; absent for standard input.
   */
  path?: string;
  meta: DocumentMeta;
  children: Block[];
  headings: Heading[];
  src?: DocumentSource;
  loc?: Loc;
  backlinks?: Backlinks;
}
/**
 * Derived from the file's keywords and file-level property drawer when read; edit those to change it.
 */
export interface DocumentMeta {
  title: string | null;
  author: string | null;
  date: string | null;
  description: string | null;
  language: string | null;
  filetags: string[];
  /**
   * `:ID:` of the file-level property drawer (an org-roam file note).
   */
  id: string | null;
  aliases: string[];
  /**
   * The file-level property drawer as a map (last value wins).
   */
  properties: {
    [k: string]: string;
  };
  /**
   * Every file keyword by upper-case key, values in file order.
   */
  keywords: {
    [k: string]: string[];
  };
  todoKeywords: TodoKeywords;
  excludeTags: string[];
  selectTags: string[];
  /**
   * The `#+OPTIONS:` items, e.g. {"toc": "nil", "^": "{}"}.
   */
  options: {
    [k: string]: string;
  };
}
/**
 * Active TODO keywords: from `#+TODO:`, `#+SEQ_TODO:`, `#+TYP_TODO:` (SPEC: org-todo-keywords), else TODO | DONE.
 */
export interface TodoKeywords {
  todo: string[];
  done: string[];
}
/**
 * A paragraph: inline content up to a blank line or another element.
 */
export interface Paragraph {
  type: 'paragraph';
  children: Inline[];
  affiliated?: AffiliatedKeyword[];
  src?: LeafSource;
  loc?: Loc;
}
/**
 * Plain text. Inside multi-line elements, continuation-line indentation is not part of the value.
 */
export interface Text {
  type: 'text';
  value: string;
  loc?: Loc;
}
/**
 * Where the node starts in its source file (1-based line and column, 0-based UTF-16 offset). Informational: the printer never reads it.
 */
export interface Loc {
  line: number;
  column: number;
  offset: number;
}
/**
 * `*`-delimited emphasis (SPEC: org-emphasis-alist).
 */
export interface Bold {
  type: 'bold';
  children: Inline[];
  loc?: Loc;
}
/**
 * `/`-delimited emphasis (SPEC: org-emphasis-alist).
 */
export interface Italic {
  type: 'italic';
  children: Inline[];
  loc?: Loc;
}
/**
 * `_`-delimited emphasis (SPEC: org-emphasis-alist).
 */
export interface Underline {
  type: 'underline';
  children: Inline[];
  loc?: Loc;
}
/**
 * `+`-delimited emphasis (SPEC: org-emphasis-alist).
 */
export interface StrikeThrough {
  type: 'strike-through';
  children: Inline[];
  loc?: Loc;
}
/**
 * `~code~`.
 */
export interface Code {
  type: 'code';
  value: string;
  loc?: Loc;
}
/**
 * `=verbatim=`.
 */
export interface Verbatim {
  type: 'verbatim';
  value: string;
  loc?: Loc;
}
/**
 * `{{{name(arguments)}}}`: a macro call (SPEC: org-element-macro-parser). Kept unexpanded: export expands it (core's expandForExport). Never read as sub/superscript or emphasis.
 */
export interface Macro {
  type: 'macro';
  /**
   * The macro's name as written.
   */
  key: string;
  /**
   * The text between the parentheses as written (commas and `\,` escapes unsplit); null without parentheses.
   */
  arguments: string | null;
  loc?: Loc;
}
/**
 * `^x` or `^{x}`.
 */
export interface Superscript {
  type: 'superscript';
  useBrackets: boolean;
  children: Inline[];
  loc?: Loc;
}
/**
 * `_x` or `_{x}`.
 */
export interface Subscript {
  type: 'subscript';
  useBrackets: boolean;
  children: Inline[];
  loc?: Loc;
}
/**
 * `\\` at the end of a line.
 */
export interface LineBreak {
  type: 'line-break';
  loc?: Loc;
}
/**
 * A link (SPEC: org-link). `children` is its description, empty when it has none.
 */
export interface Link {
  type: 'link';
  format: 'plain' | 'bracket' | 'angle';
  /**
   * `id`, `file`, `https`, `custom-id` (`#x`), `fuzzy` (`*Heading` or text), ...
   */
  linkType: string;
  path: string;
  rawLink: string;
  /**
   * The part after `::` in a file link.
   */
  searchOption: string | null;
  children: Inline[];
  loc?: Loc;
  resolved?: ResolvedLink;
}
/**
 * Where an internal link leads in the note set (`id:`, `#custom-id`, `*heading`, a target, `file:`), added by org2json when it exports a set. Derived, not read from the Org text: the reader never sets it, the printer ignores it and it is not part of any signature, so json2org gives back the same bytes. The same whatever format the notes are exported to.
 */
export interface ResolvedLink {
  /**
   * `heading` of a note, a whole `document`, a `file` that is not a note of the set, or `broken` (leads nowhere).
   */
  kind: 'heading' | 'document' | 'file' | 'broken';
  /**
   * The target's path relative to the notes' root, forward slashes; null when broken.
   */
  file: string | null;
  /**
   * Titles (plain text) of the target heading's ancestors and of the heading itself, outermost first; empty unless `kind` is `heading`.
   */
  headingPath: string[];
  /**
   * The target heading's or note's `:ID:`, when it has one.
   */
  id: string | null;
  /**
   * The target heading's title, or the note's `#+title`; null for a file or a broken link.
   */
  title: string | null;
  /**
   * Why a broken link leads nowhere.
   */
  reason?: string;
}
/**
 * `<2024-01-02 Tue>`, `[...]`, ranges, repeaters (SPEC: timestamp).
 */
export interface Timestamp {
  type: 'timestamp';
  timestampType: 'active' | 'active-range' | 'diary' | 'inactive' | 'inactive-range';
  rawValue: string;
  start: TimestampDate | null;
  end: TimestampDate | null;
  /**
   * `+1w`, `++1d`, `.+2m`.
   */
  repeater: string | null;
  /**
   * `-2d`, `--1w`.
   */
  warning: string | null;
  loc?: Loc;
}
export interface TimestampDate {
  year: number;
  month: number;
  day: number;
  hour: number | null;
  minute: number | null;
}
/**
 * `[1/3]` or `[33%]`.
 */
export interface StatisticsCookie {
  type: 'statistics-cookie';
  value: string;
  loc?: Loc;
}
/**
 * A dedicated target `<<name>>`: an anchor that `[[name]]` links to, hidden in exports.
 */
export interface Target {
  type: 'target';
  value: string;
  loc?: Loc;
}
/**
 * `[fn:LABEL]`, or an inline `[fn:LABEL: text]` / `[fn:: text]` with its text in `children`.
 */
export interface FootnoteReference {
  type: 'footnote-reference';
  label: string | null;
  footnoteType: 'inline' | 'standard';
  children: Inline[];
  loc?: Loc;
}
/**
 * `$x$`, `\(x\)`, `\[x\]`, or a LaTeX command.
 */
export interface LatexFragment {
  type: 'latex-fragment';
  value: string;
  contents: string;
  loc?: Loc;
}
/**
 * `\alpha`, `\alpha{}` (SPEC: org-entities).
 */
export interface Entity {
  type: 'entity';
  name: string;
  useBrackets: boolean;
  utf8: string;
  html: string;
  latex: string;
  ascii: string;
  latin1: string;
  requireLatexMath: boolean;
  loc?: Loc;
}
/**
 * `@@backend:value@@`: raw text for one output format.
 */
export interface ExportSnippet {
  type: 'export-snippet';
  backEnd: string;
  value: string;
  loc?: Loc;
}
/**
 * `[cite/style:common prefix; @key ...; common suffix]`.
 */
export interface Citation {
  type: 'citation';
  style: string | null;
  children: Inline[];
  loc?: Loc;
}
/**
 * One `prefix @key suffix` reference inside a citation.
 */
export interface CitationReference {
  type: 'citation-reference';
  key: string;
  children: Inline[];
  loc?: Loc;
}
/**
 * Part of a citation.
 */
export interface CitationCommonPrefix {
  type: 'citation-common-prefix';
  children: Inline[];
  loc?: Loc;
}
/**
 * Part of a citation.
 */
export interface CitationCommonSuffix {
  type: 'citation-common-suffix';
  children: Inline[];
  loc?: Loc;
}
/**
 * Part of a citation.
 */
export interface CitationPrefix {
  type: 'citation-prefix';
  children: Inline[];
  loc?: Loc;
}
/**
 * Part of a citation.
 */
export interface CitationSuffix {
  type: 'citation-suffix';
  children: Inline[];
  loc?: Loc;
}
/**
 * `@key` inside a citation reference.
 */
export interface CitationKey {
  type: 'citation-key';
  key: string;
  loc?: Loc;
}
/**
 * A `#+NAME:`, `#+CAPTION:`, `#+ATTR_BACKEND:`, `#+HEADER:`, `#+RESULTS:` ... line attached to the element that follows it (SPEC: org-element-affiliated-keywords).
 */
export interface AffiliatedKeyword {
  /**
   * Upper-case key, e.g. NAME, CAPTION, ATTR_HTML.
   */
  key: string;
  /**
   * Optional value in brackets, as in `#+CAPTION[short]: long`.
   */
  option: string | null;
  value: string;
}
/**
 * What the printer needs of the source for an element without child elements: its exact text, used only while the node's semantic signature still matches `sig`.
 */
export interface LeafSource {
  /**
   * The element's exact source text, affiliated keywords included, trailing blank lines excluded.
   */
  raw: string;
  /**
   * Signature of the node's semantic fields when it was read; a node whose fields hash to something else has been changed and is printed canonically.
   */
  sig: string;
  /**
   * Blank lines (and their whitespace) that follow the element; kept even when the element itself changes.
   */
  after?: string;
}
/**
 * An ordered, unordered or descriptive list (SPEC: plain-list). Its items print themselves.
 */
export interface PlainList {
  type: 'plain-list';
  listType: 'ordered' | 'unordered' | 'descriptive';
  children: ListItem[];
  affiliated?: AffiliatedKeyword[];
  src?: ContainerSource;
  loc?: Loc;
}
/**
 * One list item. `tag` is the term of a descriptive item (SPEC: list-item-tag).
 */
export interface ListItem {
  type: 'list-item';
  /**
   * The bullet as written, without indentation or trailing space: `-`, `+`, `*`, `1.`, `1)`, `a.`.
   */
  bullet: string;
  /**
   * `[@N]` counter cookie.
   */
  counter: string | null;
  checkbox: 'on' | 'off' | 'trans' | null;
  tag: Inline[] | null;
  children: Block[];
  src?: ContainerSource;
  loc?: Loc;
}
/**
 * What the printer needs of the source for an element with child elements: the text before its first child and after its last one, used only while the node's own semantic fields still match `sig`. Children keep their own sources.
 */
export interface ContainerSource {
  /**
   * Source text from the start of the element (affiliated keywords included) to its first child.
   */
  open: string;
  /**
   * Source text after the last child up to the end of the element, trailing blank lines excluded.
   */
  close: string;
  sig: string;
  /**
   * Blank lines that follow the element.
   */
  after?: string;
  /**
   * Tables only: the width rule the table was aligned by when read (SPEC: org-table-align, org-string-width). `markup-hidden` counts visible text with emphasis delimiters hidden (org-hide-emphasis-markers), `markup-shown` counts them; both hide link brackets. Absent when the table was not aligned; a changed table is then aligned as Emacs does by default.
   */
  tableAlign?: 'markup-hidden' | 'markup-shown';
}
/**
 * An Org table (or a raw table.el table in `value`).
 */
export interface Table {
  type: 'table';
  tableType: 'org' | 'table.el';
  /**
   * `#+TBLFM:` formula lines, in order.
   */
  tblfm: string[];
  /**
   * Raw text of a table.el table.
   */
  value?: string;
  children: TableRow[];
  affiliated?: AffiliatedKeyword[];
  src?: ContainerSource;
  loc?: Loc;
}
/**
 * A table row: a standard row of cells or a horizontal rule.
 */
export interface TableRow {
  type: 'table-row';
  rowType: 'standard' | 'rule';
  children: TableCell[];
  src?: LeafSource;
  loc?: Loc;
}
/**
 * A table cell's inline content, trimmed.
 */
export interface TableCell {
  type: 'table-cell';
  children: Inline[];
  loc?: Loc;
}
/**
 * `#+begin_src LANG SWITCHES PARAMETERS` ... `#+end_src`.
 */
export interface SrcBlock {
  type: 'src-block';
  language: string | null;
  switches: string | null;
  parameters: string | null;
  /**
   * The code, with Org's comma escapes removed.
   */
  value: string;
  affiliated?: AffiliatedKeyword[];
  src?: LeafSource;
  loc?: Loc;
}
/**
 * `#+begin_example` ... `#+end_example`.
 */
export interface ExampleBlock {
  type: 'example-block';
  switches: string | null;
  value: string;
  affiliated?: AffiliatedKeyword[];
  src?: LeafSource;
  loc?: Loc;
}
/**
 * `#+begin_export BACKEND` ... `#+end_export`: raw text for one output format.
 */
export interface ExportBlock {
  type: 'export-block';
  backend: string | null;
  value: string;
  affiliated?: AffiliatedKeyword[];
  src?: LeafSource;
  loc?: Loc;
}
/**
 * `#+begin_comment` ... `#+end_comment`: never exported.
 */
export interface CommentBlock {
  type: 'comment-block';
  value: string;
  affiliated?: AffiliatedKeyword[];
  src?: LeafSource;
  loc?: Loc;
}
/**
 * `#+begin_quote` ... `#+end_quote`.
 */
export interface QuoteBlock {
  type: 'quote-block';
  children: Block[];
  affiliated?: AffiliatedKeyword[];
  src?: ContainerSource;
  loc?: Loc;
}
/**
 * `#+begin_center` ... `#+end_center`.
 */
export interface CenterBlock {
  type: 'center-block';
  children: Block[];
  affiliated?: AffiliatedKeyword[];
  src?: ContainerSource;
  loc?: Loc;
}
/**
 * `#+begin_verse` ... `#+end_verse`: line breaks and indentation are significant.
 */
export interface VerseBlock {
  type: 'verse-block';
  children: Inline[];
  affiliated?: AffiliatedKeyword[];
  src?: LeafSource;
  loc?: Loc;
}
/**
 * Any other `#+begin_NAME` ... `#+end_NAME` block.
 */
export interface SpecialBlock {
  type: 'special-block';
  blockType: string;
  parameters: string | null;
  children: Block[];
  affiliated?: AffiliatedKeyword[];
  src?: ContainerSource;
  loc?: Loc;
}
/**
 * `:NAME:` ... `:END:` (SPEC: drawer), e.g. LOGBOOK.
 */
export interface Drawer {
  type: 'drawer';
  name: string;
  children: Block[];
  affiliated?: AffiliatedKeyword[];
  src?: ContainerSource;
  loc?: Loc;
}
/**
 * `:PROPERTIES:` ... `:END:` of a heading or of the file (SPEC: property-drawer).
 */
export interface PropertyDrawer {
  type: 'property-drawer';
  children: NodeProperty[];
  src?: ContainerSource;
  loc?: Loc;
}
/**
 * One `:KEY: value` line of a property drawer.
 */
export interface NodeProperty {
  type: 'node-property';
  key: string;
  value: string;
  src?: LeafSource;
  loc?: Loc;
}
/**
 * `#+KEY: value` (SPEC: keyword). `key` is upper case; the source's case is kept by the printer.
 */
export interface Keyword {
  type: 'keyword';
  key: string;
  value: string;
  src?: LeafSource;
  loc?: Loc;
}
/**
 * `# text` lines.
 */
export interface Comment {
  type: 'comment';
  value: string;
  src?: LeafSource;
  loc?: Loc;
}
/**
 * `: text` lines: preformatted.
 */
export interface FixedWidth {
  type: 'fixed-width';
  value: string;
  affiliated?: AffiliatedKeyword[];
  src?: LeafSource;
  loc?: Loc;
}
/**
 * `CLOCK:` line (SPEC: clock).
 */
export interface Clock {
  type: 'clock';
  status: 'closed' | 'running';
  duration: string | null;
  value: Timestamp | null;
  src?: LeafSource;
  loc?: Loc;
}
/**
 * `SCHEDULED:` / `DEADLINE:` / `CLOSED:` line under a heading.
 */
export interface Planning {
  type: 'planning';
  closed: Timestamp | null;
  deadline: Timestamp | null;
  scheduled: Timestamp | null;
  src?: LeafSource;
  loc?: Loc;
}
/**
 * `\begin{env}` ... `\end{env}` (SPEC: latex-environment).
 */
export interface LatexEnvironment {
  type: 'latex-environment';
  value: string;
  affiliated?: AffiliatedKeyword[];
  src?: LeafSource;
  loc?: Loc;
}
/**
 * Five or more dashes.
 */
export interface HorizontalRule {
  type: 'horizontal-rule';
  affiliated?: AffiliatedKeyword[];
  src?: LeafSource;
  loc?: Loc;
}
/**
 * `%%(sexp)` line.
 */
export interface DiarySexp {
  type: 'diary-sexp';
  value: string;
  affiliated?: AffiliatedKeyword[];
  src?: LeafSource;
  loc?: Loc;
}
/**
 * `[fn:LABEL] contents`.
 */
export interface FootnoteDefinition {
  type: 'footnote-definition';
  label: string;
  children: Block[];
  affiliated?: AffiliatedKeyword[];
  src?: ContainerSource;
  loc?: Loc;
}
/**
 * Source text the parser failed on, kept verbatim so that no byte is lost; converters render it as preformatted text and a warning names its location.
 */
export interface Unparsed {
  type: 'unparsed';
  value: string;
  /**
   * The parser's error message.
   */
  reason: string;
  src?: LeafSource;
  loc?: Loc;
}
/**
 * A heading and everything under it (SPEC: headline + section). `content` holds its planning line, property drawer and body; `children` its sub-headings.
 */
export interface Heading {
  type: 'heading';
  level: number;
  todo: string | null;
  priority: string | null;
  /**
   * The heading starts with COMMENT (SPEC: org-comment-string).
   */
  commented: boolean;
  title: Inline[];
  tags: string[];
  /**
   * `:ID:` property; derived, edit the property drawer.
   */
  id: string | null;
  /**
   * `:CUSTOM_ID:` property; derived.
   */
  customId: string | null;
  /**
   * `:ROAM_ALIASES:` parsed as org-roam does (quoted strings may hold spaces); derived.
   */
  aliases: string[];
  /**
   * The heading's own property drawer as a map; derived.
   */
  properties: {
    [k: string]: string;
  };
  /**
   * Whether `todo` is an open or a done state; derived.
   */
  todoType: 'todo' | 'done' | null;
  /**
   * The heading has the ARCHIVE tag (SPEC: org-archive-tag); derived.
   */
  archived: boolean;
  content: Block[];
  children: Heading[];
  src?: LeafSource;
  loc?: Loc;
  backlinks?: Backlinks;
}
/**
 * Where a link to this document or heading stands: the linking note and the heading the link is under.
 */
export interface BacklinkSource {
  /**
   * The linking note's path relative to the notes' root, forward slashes.
   */
  file: string;
  /**
   * Titles (plain text) of the heading the link stands under and of its ancestors, outermost first; empty when the link stands before the first heading.
   */
  headingPath: string[];
  /**
   * The `:ID:` of that heading, or of the linking note when the link stands before the first heading.
   */
  id: string | null;
  /**
   * The title of that heading, or the linking note's `#+title` (its file name without `.org` when it has none).
   */
  title: string | null;
}
/**
 * File-level layout: byte-order mark, line endings and text before the first element.
 */
export interface DocumentSource {
  /**
   * The file starts with a UTF-8 byte-order mark.
   */
  bom?: boolean;
  /**
   * `crlf` when every line of the file ends in CR LF; the model then holds LF-only text and the printer restores CR LF.
   */
  eol?: 'lf' | 'crlf';
  /**
   * Blank lines before the first element.
   */
  open: string;
}
