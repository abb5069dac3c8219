/**
 * Which parts of an Org file become Anki notes, and with which fields, deck and tags.
 * The rules (and their defaults) are described in README.md; in short, in order of precedence:
 * 1. a heading with an `ANKI_NOTE_TYPE` property is an anki-editor note: its subheadings are
 *    its fields (anki-editor's convention), the whole subtree is that one note;
 * 2. a heading tagged `:drill:` is an org-drill item: front = title and body, back = its
 *    subheadings;
 * 3. a heading whose content holds `{{c1::...}}` is a Cloze note;
 * 4. a heading with content of its own (`--headings id`: only one with an `:ID:`) is a Basic
 *    note: front = the title with its parent headings as context, back = its content; a back
 *    of nothing but metadata (tag lines, link lists, empty drawers) is no card;
 * 5. every table with a header rule gives one note per non-empty row;
 * 6. the text before the first heading is a note of its own only with clozes or `--file-cards`.
 */
import {
  isInlineImage,
  plainText,
  type Block,
  type Document,
  type Heading,
  type Inline,
  type Loc,
  type Table,
} from '@orgnotes/core';
import { cleanDeck, cleanTag } from './escape.js';
import { guidOf, type GuidKey } from './guid.js';
import { drillCardType } from './drill.js';
import {
  isEmptyRow,
  numberDrillClozes,
  renderField,
  renderInlineField,
  splitTable,
  type RenderState,
} from './html.js';
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
  /** The set's deck (`--deck`, the configuration's `anki.deck`); default: the notes' folder name. */
  deck: string | undefined;
  /** Each note in a sub-deck of the set's deck named by its title. */
  deckPerNote: boolean;
  /** `all`: every heading with content (default); `id`: headings with an :ID:; `none`. */
  headings: 'id' | 'all' | 'none';
  /** The text before the first heading as a note: front = the file's title (org-roam file notes). */
  fileCards: boolean;
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

/** Deck of notes read from standard input or a root without a name. */
const DEFAULT_DECK = 'Notes';

/**
 * A file's deck: its `#+ANKI_DECK:`; else the set's deck (`--deck`, else the name of the notes'
 * folder, `root`), so that a knowledge base is one deck, not one top-level deck per note;
 * with `perNote`, a sub-deck of it named by the note's title (else its file name).
 */
export function fileDeck(
  document: Document,
  options: { deck?: string | undefined; deckPerNote?: boolean },
  root: string,
): string {
  const keyword = document.meta.keywords.ANKI_DECK;
  const fromKeyword = keyword?.[keyword.length - 1]?.trim();
  if (fromKeyword) return cleanDeck(fromKeyword);
  // cleanDeck gives Anki's `Default` for a name of nothing but `::` and blanks: the next source then.
  const named = (name: string | undefined) =>
    name && name.replace(/::|\s/g, '') !== '' ? cleanDeck(name) : undefined;
  const set =
    named(options.deck) ?? named(root.split(/[\\/]/).filter(Boolean).pop()) ?? DEFAULT_DECK;
  if (!options.deckPerNote) return set;
  const base = (document.path ?? 'stdin')
    .split('/')
    .pop()!
    .replace(/\.org$/i, '');
  return `${set}::${named(document.meta.title ?? undefined) ?? named(base) ?? DEFAULT_DECK}`;
}

/**
 * The notes of a document; `visited` receives the headings walked, in order (the export
 * rules' headings: what the agreement checks compare with the other formats).
 */
export function collectNotes(
  document: Document,
  state: RenderState,
  options: CardOptions,
  visited: Heading[] = [],
): AnkiNote[] {
  const tree = state.tree;
  const notes: AnkiNote[] = [];
  const fileBase: string[] = document.meta.id
    ? ['file-id', document.meta.id]
    : ['path', document.path ?? '<stdin>'];
  const root: Scope = {
    titles: [],
    plainTitles: [],
    anchor: document.meta.id ? { id: document.meta.id, below: [] } : null,
    tags: document.meta.filetags,
    ankiTags: [],
    deck: fileDeck(document, options, state.notes.root),
  };
  const sep = options.contextSeparator;
  const escapedSep = sep.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

  const add = (note: Omit<AnkiNote, 'guid'>) => notes.push({ ...note, guid: guidOf(note.key) });
  const tagsOf = (scope: Scope) => uniqueTags([...scope.tags, ...scope.ankiTags]);
  const warnMissingId = (what: string, loc: Loc | undefined, many = false) =>
    state.report(
      'warning',
      'missing-id',
      many
        ? `${what} have no :ID:, so their GUIDs come from their file and heading paths and change when they do; add :ID:s (org-id-get-create)`
        : `${what} has no :ID:, so its GUID comes from its file and heading path and changes when they do; add an :ID: (org-id-get-create)`,
      loc,
    );
  // Heading cards without an :ID: in a file without one are reported once per file, not per card.
  const unanchored: { plain: string; loc: Loc | undefined }[] = [];
  const skipMetadataOnly = (what: string, loc: Loc | undefined) =>
    state.report(
      'info',
      'metadata-only',
      `${what} holds only metadata (tag lines, link lists, empty drawers): no card`,
      loc,
    );

  // The text before the first heading: a Cloze note when it has clozes, else (org-roam file
  // notes, --file-cards) a front/back note with the file's title as its front.
  const fileTitle = escapeText(document.meta.title ?? document.path ?? 'untitled');
  const fileKey: GuidKey = document.meta.id ? ['id', document.meta.id] : [...fileBase, 'file'];
  const fileText = renderField(document.children, state);
  const fileCloze = clozeNote(fileTitle, document.children, fileText);
  if (fileCloze)
    add({
      ...fileCloze,
      deck: root.deck,
      tags: tagsOf(root),
      origin: 'file',
      line: 1,
      key: fileKey,
    });
  else if (options.fileCards && options.headings !== 'none') {
    const back = fileText;
    if (metadataOnly(document.children) && written(document.children))
      skipMetadataOnly(`the text before the first heading of "${plainOf(fileTitle)}"`, {
        line: 1,
        column: 1,
        offset: 0,
      });
    else if (back)
      add({
        noteType: options.noteType,
        deck: root.deck,
        tags: tagsOf(root),
        fields: [fileTitle, back],
        origin: 'file',
        line: 1,
        key: fileKey,
      });
  }
  if (options.tables) tableNotes(document.children, root, null);

  for (const heading of document.headings) visit(heading, root);
  if (unanchored.length) {
    const [first] = unanchored;
    const what =
      unanchored.length === 1
        ? `heading "${first!.plain}"`
        : `${unanchored.length} headings that are cards (the first: "${first!.plain}")`;
    warnMissingId(what, first!.loc, unanchored.length > 1);
  }
  return resolveCollisions(notes, state);

  /**
   * A Cloze note when the rendered content holds an Anki deletion `{{c1::...}}` written in the
   * notes (outside code): Text = the title (bold) and the content, as for org-drill items.
   */
  function clozeNote(
    title: string,
    content: Block[],
    rendered: string,
  ): Pick<AnkiNote, 'noteType' | 'fields'> | null {
    // The deletions are the same in either rendering (a Cloze Text only spaces `}}` inside
    // math), so the content's ordinary rendering, needed anyway for a front/back card, decides
    // and only a Cloze note is rendered a second time.
    // Most fields hold no deletion at all: only one that does is searched again without code.
    if (!ANKI_CLOZE.test(rendered) || !ANKI_CLOZE.test(rendered.replace(CODE_HTML, '')))
      return null;
    const text = renderField(content, state, { cloze: true });
    return { noteType: CLOZE_NOTE_TYPE, fields: [`<p><b>${title}</b></p>` + text, ''] };
  }

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
      anchor: heading.id
        ? { id: heading.id, below: [] }
        : parent.anchor
          ? { id: parent.anchor.id, below: [...parent.anchor.below, plain] }
          : null,
      tags: [...parent.tags, ...heading.tags],
      ankiTags: [...parent.ankiTags, ...ankiTags],
      deck: ankiDeck ? cleanDeck(ankiDeck) : parent.deck,
    };
    const line = heading.loc?.line ?? 1;
    const keyOf = (): GuidKey =>
      heading.id ? ['id', heading.id] : [...fileBase, 'heading', ...scope.plainTitles];
    const noteType = heading.properties.ANKI_NOTE_TYPE?.trim();

    if (noteType) {
      if (!heading.id) warnMissingId(`anki-editor note "${plain}"`, heading.loc);
      const { fields, fieldNames } = ankiEditorFields(heading, noteType, title);
      if (noteType.toLowerCase() === 'cloze' && !/\{\{c\d+::/.test(fields[0] ?? '')) {
        state.report(
          'warning',
          'cloze-without-deletion',
          `Cloze note "${plain}" has no {{c1::...}} deletion in its Text: Anki makes no card from it`,
          heading.loc,
        );
      }
      add({
        noteType,
        deck: scope.deck,
        tags: tagsOf(scope),
        fields,
        ...(fieldNames ? { fieldNames } : {}),
        origin: 'anki-editor',
        line,
        key: keyOf(),
      });
      return;
    }
    if (heading.tags.includes(DRILL_TAG)) {
      if (!heading.id) warnMissingId(`drill item "${plain}"`, heading.loc);
      const note = drillNote(heading, title || escapeText(plain) || '?', plain);
      if (note)
        add({
          ...note,
          deck: scope.deck,
          tags: tagsOf(scope),
          origin: 'drill',
          line,
          key: keyOf(),
        });
      return;
    }
    // A heading of only a TODO keyword (`* TODO`) has no title to ask: Anki skips an empty front.
    const untitled = !title;
    if (untitled && written(heading.content))
      state.report(
        'warning',
        'empty-front',
        'a heading without a title makes no card (Anki needs a non-empty first field); give it a title',
        heading.loc,
      );
    const rendered = untitled ? '' : renderField(heading.content, state);
    const cloze = untitled
      ? null
      : clozeNote(scope.titles.join(escapedSep), heading.content, rendered);
    if (untitled) {
      // Its subheadings and tables are still cards.
    } else if (cloze) {
      if (!heading.id && !document.meta.id) unanchored.push({ plain, loc: heading.loc });
      add({
        ...cloze,
        deck: scope.deck,
        tags: tagsOf(scope),
        origin: 'heading',
        line,
        key: keyOf(),
      });
    } else if (options.headings === 'all' || (options.headings === 'id' && heading.id)) {
      const back = rendered;
      if (metadataOnly(heading.content) && written(heading.content))
        skipMetadataOnly(`heading "${plain}"`, heading.loc);
      // Without an :ID:, a heading of nothing but tables is their rows' cards, not one more card.
      else if (back && (heading.id || !onlyTables(heading.content))) {
        // A file's :ID: anchors the GUID as well (file ID and heading titles): only a file without one is reported.
        if (!heading.id && !document.meta.id) unanchored.push({ plain, loc: heading.loc });
        add({
          noteType: options.noteType,
          deck: scope.deck,
          tags: tagsOf(scope),
          fields: [scope.titles.join(escapedSep), back],
          origin: 'heading',
          line,
          key: keyOf(),
        });
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
  function drillNote(
    heading: Heading,
    title: string,
    plain: string,
  ): Pick<AnkiNote, 'noteType' | 'fields'> | null {
    const cardType = drillCardType(heading.properties.DRILL_CARD_TYPE);
    if (!cardType.exact)
      state.report(
        'warning',
        'drill-card-type',
        `org-drill card type "${cardType.name}" of "${plain}" ${cardType.why}`,
        heading.loc,
      );
    const sides = shownChildren(heading);
    if (cardType.noteType === 'reversed' && sides.length >= 2) {
      if (sides.length > 2)
        state.report(
          'warning',
          'drill-card-type',
          `"${plain}" has ${sides.length} sides: a reversed Anki note has two, so sides 2 to ${sides.length} are its back`,
          heading.loc,
        );
      const front =
        `<p><b>${title}</b></p>` + renderField(heading.content, state) + titled(sides[0]!, false);
      return {
        noteType: REVERSED_NOTE_TYPE,
        fields: [
          front,
          sides
            .slice(1)
            .map((side) => titled(side, false))
            .join(''),
        ],
      };
    }
    if (cardType.noteType === 'cloze') {
      let number = 0;
      const next = () => ++number;
      const text =
        numberDrillClozes(
          `<p><b>${renderInlineField(heading.title, state, { drillCloze: true }).trim()}</b></p>`,
          next,
        ) + numberDrillClozes(renderField(heading.content, state, { drillCloze: true }), next);
      if (number > 0)
        return { noteType: CLOZE_NOTE_TYPE, fields: [text, subheadings(heading, false)] };
      if (heading.properties.DRILL_CARD_TYPE)
        state.report(
          'warning',
          'cloze-without-deletion',
          `drill item "${plain}" of type ${cardType.name} has no [answer] deletion: it is a front/back card`,
          heading.loc,
        );
    }
    // SPEC: org-drill-present-simple-card shows the title and body with the subheadings
    // hidden, and reveals the subheadings as the answer: the body is part of the question.
    const answer = subheadings(heading, false);
    const body = renderField(heading.content, state);
    if (answer)
      return { noteType: options.noteType, fields: [`<p><b>${title}</b></p>` + body, answer] };
    // Without subheadings there is nothing else to reveal: the body is the answer.
    if (!body) {
      state.report(
        'warning',
        'empty-card',
        `drill item "${plain}" has no body: no card`,
        heading.loc,
      );
      return null;
    }
    return { noteType: options.noteType, fields: [title, body] };
  }

  /**
   * anki-editor: each subheading is a field named by its title. Stock note types are put in
   * their field order; a missing first field is the heading's title, and a note without
   * field subheadings is title + body (as anki-editor does).
   */
  function ankiEditorFields(
    heading: Heading,
    noteType: string,
    title: string,
  ): { fields: string[]; fieldNames?: string[] } {
    const cloze = noteType.toLowerCase() === 'cloze';
    const given = tree
      .headings(heading.children)
      .map((c) => (visited.push(c), c))
      .map((c) => ({
        name: plainText(c.title).trim(),
        value: subtree(c, cloze && plainText(c.title).trim().toLowerCase() === 'text'),
      }));
    const stock = stockFields(noteType);
    if (given.length === 0) {
      const fields = [
        cloze ? renderField(heading.content, state, { cloze }) || title : title,
        cloze ? '' : renderField(heading.content, state),
      ];
      return stock ? { fields } : { fields, fieldNames: ['Front', 'Back'] };
    }
    if (!stock)
      return {
        fields: given.map((f) => f.value),
        fieldNames: uniqueFieldNames(given.map((f) => f.name)),
      };
    const byName = new Map(given.map((f) => [f.name.toLowerCase(), f.value]));
    const fields = stock.map((name) => byName.get(name.toLowerCase()));
    for (const f of given) {
      if (!stock.some((name) => name.toLowerCase() === f.name.toLowerCase())) {
        state.report(
          'warning',
          'unknown-field',
          `note type ${noteType} has no field "${f.name}"; it is not exported`,
          heading.loc,
        );
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
      const firstCells = body
        .filter((r) => !isEmptyRow(r.cells))
        .map((r) => (r.cells[0] ? plainText(r.cells[0].children).trim() : ''))
        .filter(Boolean);
      const repeated = repeatedValues(firstCells);
      if (repeated.length) {
        const shown =
          repeated
            .slice(0, 3)
            .map((c) => `"${c}"`)
            .join(', ') + (repeated.length > 3 ? ', ...' : '');
        state.report(
          'warning',
          'duplicate-guid',
          `first cells repeat in this table (${shown}): a row's GUID comes from its first cell, so the repeats are numbered and their GUIDs are not stable; make the first column unique`,
          table.loc,
        );
      }
      for (const row of body) {
        if (isEmptyRow(row.cells)) continue;
        const [first, ...rest] = row.cells;
        const front = first ? renderInlineField(first.children, state).trim() : '';
        const backParts = rest
          .map((cell, i) => ({
            label: labels[i + 1] ?? '',
            value: renderInlineField(cell.children, state).trim(),
          }))
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
        if (scope.anchor)
          key = ['id', scope.anchor.id, ...scope.anchor.below, ...tableKey, 'row', cell];
        else {
          if (!warned)
            warnMissingId(
              heading
                ? `table under "${scope.plainTitles.join(' > ')}"`
                : 'table before the first heading',
              table.loc,
            );
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
        const lines =
          frontless.length === 1
            ? `line ${frontless[0]}`
            : `${frontless.length} rows, lines ${frontless.slice(0, 5).join(', ')}${frontless.length > 5 ? ', ...' : ''}`;
        state.report(
          'warning',
          'empty-front',
          `table rows with an empty first cell make no card (Anki needs a non-empty first field): ${lines}`,
          table.loc,
        );
      }
    }
  }
}

const REVERSED_NOTE_TYPE = 'Basic (and reversed card)';
const CLOZE_NOTE_TYPE = 'Cloze';

/** An Anki cloze deletion as written in a note's text (rslib cloze.rs: `{{c<number>::`). */
const ANKI_CLOZE = /\{\{c\d+::/;
/** Code in a field: a deletion written there is shown, not asked. */
const CODE_HTML = /<pre[\s>][\s\S]*?<\/pre>|<code[\s>][\s\S]*?<\/code>/g;

/**
 * Description-list terms of org-roam's metadata lines (`- tags :: [[id:...][x]]`, the v1
 * `roam_tags`, `- source :: ...` of literature notes), compared in lower case.
 */
const METADATA_TERMS: ReadonlySet<string> = new Set([
  'tags',
  'roam_tags',
  'roam-tags',
  'aliases',
  'source',
  'sources',
  'links',
  'related',
  'see also',
]);

/** Blocks that say nothing about the subject: what a back made only of them is. */
const METADATA_BLOCKS: ReadonlySet<Block['type']> = new Set([
  'property-drawer',
  'keyword',
  'comment',
  'comment-block',
  'planning',
  'clock',
  'horizontal-rule',
]);

/**
 * Whether a card's content is only metadata: property drawers, keywords, comments, planning,
 * empty drawers, org-roam metadata lines (`- tags :: ...`) and lists whose items are nothing
 * but links. Such a back teaches nothing; the card is left out with an info diagnostic.
 */
export function metadataOnly(blocks: Block[]): boolean {
  return blocks.every((block) => {
    if (METADATA_BLOCKS.has(block.type)) return true;
    if (block.type === 'drawer') return metadataOnly(block.children);
    if (block.type === 'paragraph')
      return onlyLinks(block.children) && block.children.some((c) => c.type === 'link');
    if (block.type !== 'plain-list') return false;
    return block.children.every((item) => {
      if (item.tag && METADATA_TERMS.has(plainText(item.tag).trim().toLowerCase())) return true;
      return (
        !item.tag &&
        item.children.length > 0 &&
        item.children.every((child) =>
          child.type === 'paragraph' ? onlyLinks(child.children) : metadataOnly([child]),
        )
      );
    });
  });
}

/** Inline content that is links and the blanks and punctuation between them. */
function onlyLinks(inlines: Inline[]): boolean {
  // A picture (Org's inline image rule) or another file (an attachment) is content, not a reference.
  return inlines.every(
    (node) =>
      (node.type === 'link' && !isInlineImage(node) && node.linkType !== 'file') ||
      (node.type === 'text' && /^[\s,;.·|-]*$/.test(node.value)) ||
      node.type === 'line-break',
  );
}

/**
 * Whether someone wrote content here beyond what Org itself maintains (a property drawer of
 * IDs, planning lines, keywords): an empty heading is no card and not worth a message.
 */
function written(blocks: Block[]): boolean {
  return blocks.some(
    (b) => b.type !== 'property-drawer' && b.type !== 'planning' && b.type !== 'keyword',
  );
}

/** Content that is tables (which give row cards) and metadata. */
function onlyTables(blocks: Block[]): boolean {
  return (
    blocks.some((b) => b.type === 'table') &&
    blocks.every(
      (b) =>
        b.type === 'table' ||
        METADATA_BLOCKS.has(b.type) ||
        (b.type === 'paragraph' &&
          b.children.every((c) => c.type === 'text' && c.value.trim() === '')),
    )
  );
}

/** HTML back to plain text, for messages. */
function plainOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

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
    for (const [pattern, replacement] of FIELD_NAME_CLEANING)
      name = name.replace(pattern, replacement);
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
    else if (block.type === 'plain-list')
      for (const item of block.children) found.push(...findTables(item.children));
    else if (
      block.type === 'quote-block' ||
      block.type === 'center-block' ||
      block.type === 'special-block' ||
      block.type === 'drawer'
    )
      found.push(...findTables(block.children));
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
        state.report(
          'warning',
          'duplicate-guid',
          `this ${note.origin} note has the same identity as the one at line ${first.line} (same :ID:${note.origin === 'table-row' ? ' and first cell' : ''}); it is numbered to keep both, but its GUID is no longer stable`,
          { line: note.line, column: 1 },
        );
      }
      const key = [...note.key, 'duplicate', String(n)];
      result = { ...note, key, guid: guidOf(key) };
    }
    seen.set(result.guid, result);
    return result;
  });
}
