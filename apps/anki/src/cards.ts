/**
 * Which parts of an Org file become Anki notes, and with which fields, deck and tags.
 * The rules (and their defaults) are described in README.md; in short, in order of precedence:
 * 1. a heading with an `ANKI_NOTE_TYPE` property is an anki-editor note: its subheadings are
 *    its fields (anki-editor's convention), the whole subtree is that one note;
 * 2. a heading tagged `:drill:` is an org-drill item: front = title, back = its body;
 * 3. a heading with an `:ID:` and content of its own is a Basic note: front = the title
 *    with its parent headings as context, back = its content;
 * 4. every table with a header rule gives one note per non-empty row.
 */
import { plainText, type Block, type Document, type Heading, type Loc, type Table } from '@orgnotes/core';
import { cleanDeck, cleanTag } from './escape.js';
import { guidOf, type GuidKey } from './guid.js';
import { drillCardType } from './drill.js';
import { isEmptyRow, numberDrillClozes, renderField, renderInlineField, splitTable, type RenderState } from './html.js';
import { stockFields } from './note-types.js';

export interface AnkiNote {
  guid: string;
  noteType: string;
  deck: string;
  tags: string[];
  /** Field values as HTML, in the note type's field order. */
  fields: string[];
  /** Field names of a note type that is not one of Anki's stock types (anki-editor), for its package. */
  fieldNames?: string[];
  /** What made the note. */
  origin: 'file' | 'heading' | 'table-row' | 'drill' | 'anki-editor';
  /** Where it comes from, for messages. */
  line: number;
  key: GuidKey;
  /** A repeated key already reported (once per table), not to be reported again. */
  repeatReported?: boolean;
}

export interface CardOptions {
  /** Note type of heading, table-row and drill notes (stock: `Basic`). */
  noteType: string;
  /** Deck of a file without `#+ANKI_DECK`; default: its title, else its file name. */
  deck: string | undefined;
  /** `id`: headings with an :ID: (default); `all`: every heading with content; `none`. */
  headings: 'id' | 'all' | 'none';
  /** Table rows as notes. */
  tables: boolean;
  /** Between the parent headings and the title on a front. */
  contextSeparator: string;
}

/** org-drill's tag (SPEC: org-drill-question-tag). */
const DRILL_TAG = 'drill';

interface Scope {
  /** Rendered titles of the enclosing headings, outermost first. */
  titles: string[];
  /** Plain titles, for GUIDs of notes without an ID. */
  plainTitles: string[];
  /** Nearest enclosing `:ID:` and the plain titles below it. */
  anchor: { id: string; below: string[] } | null;
  tags: string[];
  ankiTags: string[];
  deck: string;
}

export function fileDeck(document: Document, override: string | undefined): string {
  const keyword = document.meta.keywords.ANKI_DECK;
  const fromKeyword = keyword?.[keyword.length - 1]?.trim();
  if (fromKeyword) return cleanDeck(fromKeyword);
  if (override) return cleanDeck(override);
  if (document.meta.title) return cleanDeck(document.meta.title);
  const base = (document.path ?? 'stdin').split('/').pop()!.replace(/\.org$/i, '');
  return cleanDeck(base);
}

/**
 * The notes of a document; `visited` receives the headings walked, in order (the export
 * rules' headings: what the agreement checks compare with the other formats).
 */
export function collectNotes(document: Document, state: RenderState, options: CardOptions, visited: Heading[] = []): AnkiNote[] {
  const tree = state.tree;
  const notes: AnkiNote[] = [];
  const fileBase: string[] = document.meta.id ? ['file-id', document.meta.id] : ['path', document.path ?? '<stdin>'];
  const root: Scope = {
    titles: [],
    plainTitles: [],
    anchor: document.meta.id ? { id: document.meta.id, below: [] } : null,
    tags: document.meta.filetags,
    ankiTags: [],
    deck: fileDeck(document, options.deck),
  };
  const sep = options.contextSeparator;
  const escapedSep = sep.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

  const add = (note: Omit<AnkiNote, 'guid'>) => notes.push({ ...note, guid: guidOf(note.key) });
  const tagsOf = (scope: Scope) => uniqueTags([...scope.tags, ...scope.ankiTags]);
  const warnMissingId = (what: string, loc: Loc | undefined) =>
    state.report('warning', 'missing-id', `${what} has no :ID:, so its GUID comes from its file and heading path and changes when they do; add an :ID: (org-id-get-create)`, loc);

  // org-roam file note: a file-level :ID: with text before the first heading.
  if (document.meta.id && options.headings !== 'none') {
    const back = renderField(document.children, state);
    if (back) {
      const title = escapeText(document.meta.title ?? document.path ?? 'untitled');
      add({ noteType: options.noteType, deck: root.deck, tags: tagsOf(root), fields: [title, back], origin: 'file', line: 1, key: ['id', document.meta.id] });
    }
  }
  if (options.tables) tableNotes(document.children, root, null);

  for (const heading of document.headings) visit(heading, root);
  return resolveCollisions(notes, state);

  function visit(heading: Heading, parent: Scope) {
    if (!tree.heading(heading)) return;
    visited.push(heading);
    // An archived tree under `arch:headline` (Org's default) keeps only its title: no card.
    if (!tree.body(heading)) return;
    const title = renderInlineField(heading.title, state).trim();
    const plain = plainText(heading.title).trim();
    const ankiDeck = heading.properties.ANKI_DECK?.trim();
    const ankiTags = (heading.properties.ANKI_TAGS ?? '').split(/\s+/).filter(Boolean);
    const scope: Scope = {
      titles: [...parent.titles, title],
      plainTitles: [...parent.plainTitles, plain],
      anchor: heading.id ? { id: heading.id, below: [] } : parent.anchor ? { id: parent.anchor.id, below: [...parent.anchor.below, plain] } : null,
      tags: [...parent.tags, ...heading.tags],
      ankiTags: [...parent.ankiTags, ...ankiTags],
      deck: ankiDeck ? cleanDeck(ankiDeck) : parent.deck,
    };
    const line = heading.loc?.line ?? 1;
    const keyOf = (): GuidKey => (heading.id ? ['id', heading.id] : [...fileBase, 'heading', ...scope.plainTitles]);
    const noteType = heading.properties.ANKI_NOTE_TYPE?.trim();

    if (noteType) {
      if (!heading.id) warnMissingId(`anki-editor note "${plain}"`, heading.loc);
      const { fields, fieldNames } = ankiEditorFields(heading, noteType, title);
      if (noteType.toLowerCase() === 'cloze' && !/\{\{c\d+::/.test(fields[0] ?? '')) {
        state.report('warning', 'cloze-without-deletion', `Cloze note "${plain}" has no {{c1::...}} deletion in its Text: Anki makes no card from it`, heading.loc);
      }
      add({ noteType, deck: scope.deck, tags: tagsOf(scope), fields, ...(fieldNames ? { fieldNames } : {}), origin: 'anki-editor', line, key: keyOf() });
      return;
    }
    if (heading.tags.includes(DRILL_TAG)) {
      if (!heading.id) warnMissingId(`drill item "${plain}"`, heading.loc);
      const note = drillNote(heading, title || escapeText(plain) || '?', plain);
      if (note) add({ ...note, deck: scope.deck, tags: tagsOf(scope), origin: 'drill', line, key: keyOf() });
      return;
    }
    if (options.headings === 'all' || (options.headings === 'id' && heading.id)) {
      const back = renderField(heading.content, state);
      if (back) {
        if (!heading.id) warnMissingId(`heading "${plain}"`, heading.loc);
        add({ noteType: options.noteType, deck: scope.deck, tags: tagsOf(scope), fields: [scope.titles.join(escapedSep), back], origin: 'heading', line, key: keyOf() });
      }
    }
    if (options.tables) tableNotes(heading.content, scope, heading);
    for (const child of heading.children) visit(child, scope);
  }

  /** A heading's body and its subheadings (as bold titles), for drill backs and anki-editor fields. */
  function subtree(heading: Heading, cloze: boolean): string {
    return renderField(heading.content, state, { cloze }) + subheadings(heading, cloze);
  }

  function subheadings(heading: Heading, cloze: boolean): string {
    let out = '';
    for (const child of shownChildren(heading)) out += titled(child, cloze);
    return out;
  }

  /** A subheading as a bold title and its subtree. */
  /** A subheading as a bold title, then its body and subheadings unless the export keeps only its title (an archived tree). */
  function titled(heading: Heading, cloze: boolean): string {
    visited.push(heading);
    const title = `<p><b>${renderInlineField(heading.title, state, { cloze })}</b></p>`;
    return tree.body(heading) ? title + subtree(heading, cloze) : title;
  }

  function shownChildren(heading: Heading): Heading[] {
    return tree.headings(heading.children);
  }

  /**
   * An org-drill item as the Anki note nearest to its card type (drill.ts): deletions
   * `[answer||hint]` in its title and body become numbered clozes; sides (subheadings) of
   * two-sided items become a reversed note; without either it is a front/back card.
   */
  function drillNote(heading: Heading, title: string, plain: string): Pick<AnkiNote, 'noteType' | 'fields'> | null {
    const cardType = drillCardType(heading.properties.DRILL_CARD_TYPE);
    if (!cardType.exact) state.report('warning', 'drill-card-type', `org-drill card type "${cardType.name}" of "${plain}" ${cardType.why}`, heading.loc);
    const sides = shownChildren(heading);
    if (cardType.noteType === 'reversed' && sides.length >= 2) {
      if (sides.length > 2) state.report('warning', 'drill-card-type', `"${plain}" has ${sides.length} sides: a reversed Anki note has two, so sides 2 to ${sides.length} are its back`, heading.loc);
      const front = `<p><b>${title}</b></p>` + renderField(heading.content, state) + titled(sides[0]!, false);
      return { noteType: REVERSED_NOTE_TYPE, fields: [front, sides.slice(1).map((side) => titled(side, false)).join('')] };
    }
    if (cardType.noteType === 'cloze') {
      let number = 0;
      const next = () => ++number;
      const text = numberDrillClozes(`<p><b>${renderInlineField(heading.title, state, { drillCloze: true }).trim()}</b></p>`, next) + numberDrillClozes(renderField(heading.content, state, { drillCloze: true }), next);
      if (number > 0) return { noteType: CLOZE_NOTE_TYPE, fields: [text, subheadings(heading, false)] };
      if (heading.properties.DRILL_CARD_TYPE) state.report('warning', 'cloze-without-deletion', `drill item "${plain}" of type ${cardType.name} has no [answer] deletion: it is a front/back card`, heading.loc);
    }
    const back = subtree(heading, false);
    if (!back) {
      state.report('warning', 'empty-card', `drill item "${plain}" has no body: no card`, heading.loc);
      return null;
    }
    return { noteType: options.noteType, fields: [title, back] };
  }

  /**
   * anki-editor: each subheading is a field named by its title. Stock note types are put in
   * their field order; a missing first field is the heading's title, and a note without
   * field subheadings is title + body (as anki-editor does).
   */
  function ankiEditorFields(heading: Heading, noteType: string, title: string): { fields: string[]; fieldNames?: string[] } {
    const cloze = noteType.toLowerCase() === 'cloze';
    const given = tree
      .headings(heading.children)
      .map((c) => (visited.push(c), c))
      .map((c) => ({ name: plainText(c.title).trim(), value: subtree(c, cloze && plainText(c.title).trim().toLowerCase() === 'text') }));
    const stock = stockFields(noteType);
    if (given.length === 0) {
      const fields = [cloze ? renderField(heading.content, state, { cloze }) || title : title, cloze ? '' : renderField(heading.content, state)];
      return stock ? { fields } : { fields, fieldNames: ['Front', 'Back'] };
    }
    if (!stock) return { fields: given.map((f) => f.value), fieldNames: uniqueFieldNames(given.map((f) => f.name)) };
    const byName = new Map(given.map((f) => [f.name.toLowerCase(), f.value]));
    const fields = stock.map((name) => byName.get(name.toLowerCase()));
    for (const f of given) {
      if (!stock.some((name) => name.toLowerCase() === f.name.toLowerCase())) {
        state.report('warning', 'unknown-field', `note type ${noteType} has no field "${f.name}"; it is not exported`, heading.loc);
      }
    }
    if (fields[0] === undefined) fields[0] = title;
    return { fields: fields.map((f) => f ?? '') };
  }

  /** Tables anywhere in these blocks (lists, quotes, drawers too), one note per row. */
  function tableNotes(blocks: Block[], scope: Scope, heading: Heading | null) {
    for (const table of findTables(blocks)) {
      const { header, body } = splitTable(table);
      if (header.length === 0) continue;
      const labels = header[0]!.map((cell) => renderInlineField(cell.children, state).trim());
      let warned = false;
      const frontless: number[] = [];
      // A #+NAME: identifies a table as stably as an :ID: a heading: rows of two named tables never collide.
      const name = table.affiliated?.find((a) => a.key === 'NAME')?.value.trim();
      const tableKey = name ? ['table', name] : [];
      const firstCells = body.filter((r) => !isEmptyRow(r.cells)).map((r) => (r.cells[0] ? plainText(r.cells[0].children).trim() : '')).filter(Boolean);
      const repeated = repeatedValues(firstCells);
      if (repeated.length) {
        const shown = repeated.slice(0, 3).map((c) => `"${c}"`).join(', ') + (repeated.length > 3 ? ', ...' : '');
        state.report('warning', 'duplicate-guid', `first cells repeat in this table (${shown}): a row's GUID comes from its first cell, so the repeats are numbered and their GUIDs are not stable; make the first column unique`, table.loc);
      }
      for (const row of body) {
        if (isEmptyRow(row.cells)) continue;
        const [first, ...rest] = row.cells;
        const front = first ? renderInlineField(first.children, state).trim() : '';
        const backParts = rest
          .map((cell, i) => ({ label: labels[i + 1] ?? '', value: renderInlineField(cell.children, state).trim() }))
          .filter((p) => p.value !== '')
          .map((p) => (p.label ? `<b>${p.label}</b>: ${p.value}` : p.value));
        if (!front) {
          frontless.push(row.loc?.line ?? 0);
          continue;
        }
        // A row with nothing but its first cell has no answer: no card.
        if (backParts.length === 0) continue;
        const cell = plainText(first!.children).trim();
        let key: GuidKey;
        if (scope.anchor) key = ['id', scope.anchor.id, ...scope.anchor.below, ...tableKey, 'row', cell];
        else {
          if (!warned) warnMissingId(heading ? `table under "${scope.plainTitles.join(' > ')}"` : 'table before the first heading', table.loc);
          warned = true;
          key = [...fileBase, 'heading', ...scope.plainTitles, ...tableKey, 'row', cell];
        }
        add({
          noteType: options.noteType,
          deck: scope.deck,
          tags: tagsOf(scope),
          fields: [[...scope.titles, front].join(escapedSep), backParts.join('<br>')],
          origin: 'table-row',
          line: row.loc?.line ?? table.loc?.line ?? 1,
          key,
          repeatReported: repeated.includes(cell),
        });
      }
      if (frontless.length) {
        const lines = frontless.length === 1 ? `line ${frontless[0]}` : `${frontless.length} rows, lines ${frontless.slice(0, 5).join(', ')}${frontless.length > 5 ? ', ...' : ''}`;
        state.report('warning', 'empty-front', `table rows with an empty first cell make no card (Anki needs a non-empty first field): ${lines}`, table.loc);
      }
    }
  }
}

const REVERSED_NOTE_TYPE = 'Basic (and reversed card)';
const CLOZE_NOTE_TYPE = 'Cloze';

/**
 * What Anki's field names may not hold (rslib notetype/fields.rs `fix_name`: they would break
 * `{{Field}}` in templates): removed.
 */
const FIELD_NAME_CLEANING: readonly [RegExp, string][] = [
  [/[:{}"]/g, ''],
  [/^[#/^\s]+/, ''],
];

/** A note type's field names must differ (Anki compares them case-insensitively): a repeat is numbered. */
function uniqueFieldNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((raw, i) => {
    let name = raw;
    for (const [pattern, replacement] of FIELD_NAME_CLEANING) name = name.replace(pattern, replacement);
    name = name.trim();
    let unique = name || `Field ${i + 1}`;
    for (let n = 2; seen.has(unique.toLowerCase()); n++) unique = `${name || 'Field'} ${n}`;
    seen.add(unique.toLowerCase());
    return unique;
  });
}

/** Values that occur more than once, each once, in the order of their second occurrence. */
function repeatedValues(values: string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) repeated.add(value);
    else seen.add(value);
  }
  return [...repeated];
}

function findTables(blocks: Block[]): Table[] {
  const found: Table[] = [];
  for (const block of blocks) {
    if (block.type === 'table') found.push(block);
    else if (block.type === 'plain-list') for (const item of block.children) found.push(...findTables(item.children));
    else if (block.type === 'quote-block' || block.type === 'center-block' || block.type === 'special-block' || block.type === 'drawer') found.push(...findTables(block.children));
  }
  return found;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Tags made valid for Anki, without duplicates (Anki compares tags case-insensitively). */
export function uniqueTags(tags: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = cleanTag(raw);
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    out.push(tag);
  }
  return out;
}

/**
 * GUIDs must be unique in a file, or the second row would overwrite the first note. Two notes
 * with the same key (a duplicated :ID:, two rows with the same first cell) are reported and
 * the later one numbered, so that both import.
 */
function resolveCollisions(notes: AnkiNote[], state: RenderState): AnkiNote[] {
  const seen = new Map<string, AnkiNote>();
  return notes.map((note) => {
    let result = note;
    for (let n = 2; seen.has(result.guid); n++) {
      const first = seen.get(note.guid)!;
      if (n === 2 && !note.repeatReported) {
        state.report('warning', 'duplicate-guid', `this ${note.origin} note has the same identity as the one at line ${first.line} (same :ID:${note.origin === 'table-row' ? ' and first cell' : ''}); it is numbered to keep both, but its GUID is no longer stable`, { line: note.line, column: 1 });
      }
      const key = [...note.key, 'duplicate', String(n)];
      result = { ...note, key, guid: guidOf(key) };
    }
    seen.set(result.guid, result);
    return result;
  });
}

