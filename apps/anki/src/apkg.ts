/**
 * Notes as an Anki package (`.apkg`): a zip holding `collection.anki2`, a SQLite database in
 * Anki's schema 11 (ankitects/anki rslib/src/storage/schema11.sql), which every Anki 2.1 and
 * later imports, plus the media files, numbered, and `media`, the JSON map from those
 * numbers to file names.
 *
 * Same notes, same bytes: ids come from GUIDs and names, times from SOURCE_DATE_EPOCH, the
 * rows are inserted in note order and the zip entries carry one fixed time.
 */
import { createHash } from 'node:crypto';
import type * as Fflate from 'fflate';
import type { Zippable } from 'fflate';
import type { Database, SqlJsStatic } from 'sql.js';
import type { AnkiNote } from './cards.js';
import { cleanField } from './escape.js';
import { ID_BASE, ID_SPAN, noteTypeOf, stableId, type NoteType } from './note-types.js';
export { packageEpoch, DEFAULT_EPOCH } from './epoch.js';

let sqlJs: SqlJsStatic | undefined;
let zipSync: typeof Fflate.zipSync | undefined;
/** An empty schema-11 database, made once: opening a copy is much faster in sql.js than creating the tables again. */
let emptyCollection: Uint8Array | undefined;

/** Loads sql.js (WebAssembly, asynchronous); `buildPackage` needs it done. */
export async function loadPackageWriter(): Promise<void> {
  // Imported here, not at the top: evaluating sql.js's module (and fflate's tables) costs a run
  // without packages too.
  sqlJs ??= await (await import('sql.js')).default();
  zipSync ??= (await import('fflate')).zipSync;
  if (!emptyCollection) {
    const db = new sqlJs.Database();
    try {
      db.exec(SCHEMA_11);
      emptyCollection = db.export();
    } finally {
      db.close();
    }
  }
}

export interface PackageMedia {
  /** The flat name cards use in `<img src>`, the same as in the CSV's media folder. */
  name: string;
  content: Uint8Array;
}

export interface PackageOptions {
  /** Seconds since the epoch: every modification time in the package (SOURCE_DATE_EPOCH). */
  epoch: number;
}

/** The tables of schema 11, as Anki creates them (rslib/src/storage/schema11.sql). */
const SCHEMA_11 = `
create table col (id integer primary key, crt integer not null, mod integer not null, scm integer not null, ver integer not null, dty integer not null, usn integer not null, ls integer not null, conf text not null, models text not null, decks text not null, dconf text not null, tags text not null);
create table notes (id integer primary key, guid text not null, mid integer not null, mod integer not null, usn integer not null, tags text not null, flds text not null, sfld integer not null, csum integer not null, flags integer not null, data text not null);
create table cards (id integer primary key, nid integer not null, did integer not null, ord integer not null, mod integer not null, usn integer not null, type integer not null, queue integer not null, due integer not null, ivl integer not null, factor integer not null, reps integer not null, lapses integer not null, left integer not null, odue integer not null, odid integer not null, flags integer not null, data text not null);
create table revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null, ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null, type integer not null);
create table graves (usn integer not null, oid integer not null, type integer not null);
create index ix_notes_usn on notes (usn);
create index ix_cards_usn on cards (usn);
create index ix_revlog_usn on revlog (usn);
create index ix_cards_nid on cards (nid);
create index ix_cards_sched on cards (did, queue, due);
create index ix_revlog_cid on revlog (cid);
create index ix_notes_csum on notes (csum);
`;

/** Schema version 11: the `ver` of `col` (rslib storage/upgrades: SCHEMA_MIN_VERSION 11 is what exports target). */
const SCHEMA_VERSION = 11;
/** Anki's field separator in `notes.flds`. */
const FIELD_SEPARATOR = '\u001f';
/** The deck every collection has. */
const DEFAULT_DECK_ID = 1;
/** The deck options (`dconf`) every deck uses: Anki's defaults (id 1). */
const DEFAULT_CONF_ID = 1;

/** Zip entries' time, in local time as DOS stores it: the same bytes in every time zone. */
const ZIP_TIME = new Date(1980, 0, 1, 0, 0, 0);

export interface PackageContents {
  notes: AnkiNote[];
  media: PackageMedia[];
}

/** The card numbers (`ord`) a note gets: Anki's rules for generating cards. */
export function cardOrdinals(note: AnkiNote, type: NoteType): number[] {
  const fields = note.fields.map((f) => f.trim() !== '');
  if (type.kind === 'cloze') {
    // SPEC: Anki makes one card per cloze number in the fields the template uses
    // (rslib cloze.rs `cloze_numbers_in_string`); c0 counts as c1; ord = number - 1.
    const numbers = new Set<number>();
    for (const m of (note.fields[0] ?? '').matchAll(/\{\{c(\d+)::/g))
      numbers.add(Math.max(Number(m[1]), 1) - 1);
    return [...numbers].sort((a, b) => a - b);
  }
  return type.templates.flatMap((template, ord) => {
    const { mode, fields: needed } = template.requires;
    const ok = mode === 'all' ? needed.every((i) => fields[i]) : needed.some((i) => fields[i]);
    return ok ? [ord] : [];
  });
}

/** One package: the notes (cards per template or cloze number, in their decks) and the media they show. */
export function buildPackage(contents: PackageContents, options: PackageOptions): Uint8Array {
  if (!sqlJs || !emptyCollection || !zipSync)
    throw new Error('org2anki: loadPackageWriter() must be awaited before buildPackage()');
  const db = new sqlJs.Database(emptyCollection);
  try {
    // One transaction: sql.js writes its in-memory file once, not once per row.
    db.exec('begin');
    fillCollection(db, contents.notes, options);
    db.exec('commit');
    const collection = db.export();
    const files: Zippable = { 'collection.anki2': collection };
    const map: Record<string, string> = {};
    contents.media.forEach((file, i) => {
      map[String(i)] = file.name;
      // Pictures are compressed already: stored, not deflated again.
      files[String(i)] = [file.content, { level: 0 }];
    });
    files.media = new TextEncoder().encode(JSON.stringify(map));
    // Level 1: the collection is mostly empty pages, which the fastest level packs about as
    // small as the others in a fraction of the time (docs/benchmarks.md).
    return zipSync(files, { level: 1, mtime: ZIP_TIME });
  } finally {
    db.close();
  }
}

function fillCollection(db: Database, notes: AnkiNote[], options: PackageOptions): void {
  const seconds = options.epoch;
  const millis = seconds * 1000;
  const types = new Map<string, { type: NoteType; id: number }>();
  const decks = new Map<string, number>();
  const ids = new Set<number>();
  // An id taken by an earlier row moves on by one: deterministic, and unique in the package.
  const uniqueId = (id: number) => {
    while (ids.has(id)) id = ID_BASE + ((id - ID_BASE + 1) % ID_SPAN);
    ids.add(id);
    return id;
  };

  const insertNote = db.prepare('insert into notes values (?,?,?,?,?,?,?,?,?,?,?)');
  const insertCard = db.prepare('insert into cards values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)');
  let due = 0;
  for (const note of notes) {
    const typeKey = `${note.noteType.toLowerCase()}\u0000${(note.fieldNames ?? []).join('\u0000')}`;
    let entry = types.get(typeKey);
    if (!entry) {
      const type = noteTypeOf(note.noteType, note.fieldNames ?? []);
      entry = { type, id: stableId('notetype', `${type.name}\u0000${type.fields.join('\u0000')}`) };
      types.set(typeKey, entry);
    }
    const deckId = addDeck(decks, note.deck);
    const fields = entry.type.fields.map((_, i) => cleanField(note.fields[i] ?? ''));
    const noteId = uniqueId(idFromGuid(note.guid, 'note'));
    const first = stripHtml(fields[0] ?? '');
    // SPEC: schema 11 keeps tags space-separated with a space at each end (rslib notes `join_tags`).
    const tags = note.tags.length ? ` ${note.tags.join(' ')} ` : '';
    insertNote.run([
      noteId,
      note.guid,
      entry.id,
      seconds,
      -1,
      tags,
      fields.join(FIELD_SEPARATOR),
      first,
      fieldChecksum(first),
      0,
      '',
    ]);
    for (const ord of cardOrdinals({ ...note, fields }, entry.type)) {
      const cardId = uniqueId(idFromGuid(note.guid, `card/${ord}`));
      // New cards (type 0, queue 0), due in note order: the position among new cards.
      insertCard.run([
        cardId,
        noteId,
        deckId,
        ord,
        seconds,
        -1,
        0,
        0,
        due,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        '',
      ]);
    }
    due++;
  }
  insertNote.free();
  insertCard.free();

  const models: Record<string, unknown> = {};
  for (const { type, id } of types.values()) models[String(id)] = modelJson(type, id, seconds);
  const deckJson: Record<string, unknown> = {
    [String(DEFAULT_DECK_ID)]: deckObject(DEFAULT_DECK_ID, 'Default', seconds),
  };
  for (const [name, id] of decks) deckJson[String(id)] = deckObject(id, name, seconds);
  const firstType = [...types.values()][0];
  const conf = {
    activeDecks: [DEFAULT_DECK_ID],
    curDeck: DEFAULT_DECK_ID,
    newSpread: 0,
    collapseTime: 1200,
    timeLim: 0,
    estTimes: true,
    dueCounts: true,
    curModel: firstType ? String(firstType.id) : null,
    nextPos: due + 1,
    sortType: 'noteFld',
    sortBackwards: false,
    addToCur: true,
  };
  db.run('insert into col values (?,?,?,?,?,?,?,?,?,?,?,?,?)', [
    1,
    seconds,
    millis,
    millis,
    SCHEMA_VERSION,
    0,
    0,
    0,
    JSON.stringify(conf),
    JSON.stringify(models),
    JSON.stringify(deckJson),
    JSON.stringify({ [String(DEFAULT_CONF_ID)]: deckOptions(seconds) }),
    '{}',
  ]);
}

/** A deck and the parents it nests in (`A::B::C` needs `A` and `A::B`); returns the deck's id. */
function addDeck(decks: Map<string, number>, name: string): number {
  const parts = name.split('::');
  let id = DEFAULT_DECK_ID;
  for (let i = 1; i <= parts.length; i++) {
    const path = parts.slice(0, i).join('::');
    if (path === 'Default') continue;
    let known = decks.get(path);
    if (known === undefined) {
      known = stableId('deck', path);
      decks.set(path, known);
    }
    id = known;
  }
  return id;
}

/** A note's or card's id: 13 digits from its GUID, so the same note has the same id in every build. */
export function idFromGuid(guid: string, what: string): number {
  const hex = createHash('sha256')
    .update(`org2anki/${what}\u0000${guid}`)
    .digest('hex')
    .slice(0, 12);
  return ID_BASE + (parseInt(hex, 16) % ID_SPAN);
}

/** Entities Anki's HTML stripping decodes for the sort field and checksum (rslib text.rs `decode_entities`). */
const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/**
 * A field as Anki's sort field and checksum see it (rslib text.rs
 * `strip_html_preserving_media_filenames`): pictures become their file names, tags go,
 * entities are decoded.
 */
export function stripHtml(html: string): string {
  return html
    .replace(/<img[^>]*?src="([^"]*)"[^>]*>/gi, ' $1 ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#')
        return String.fromCodePoint(
          name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1)),
        );
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .trim();
}

/** SPEC: schema 11 `notes.csum`: the first 8 hex digits of the SHA-1 of the stripped first field, as an integer. */
export function fieldChecksum(stripped: string): number {
  return parseInt(createHash('sha1').update(stripped).digest('hex').slice(0, 8), 16);
}

function modelJson(type: NoteType, id: number, seconds: number) {
  return {
    id,
    name: type.name,
    type: type.kind === 'cloze' ? 1 : 0,
    mod: seconds,
    usn: -1,
    sortf: 0,
    did: null,
    tmpls: type.templates.map((t, ord) => ({
      name: t.name,
      ord,
      qfmt: t.front,
      afmt: t.back,
      bqfmt: '',
      bafmt: '',
      did: null,
      bfont: '',
      bsize: 0,
    })),
    flds: type.fields.map((name, ord) => ({
      name,
      ord,
      sticky: false,
      rtl: false,
      font: 'Arial',
      size: 20,
      media: [],
    })),
    css: type.css,
    latexPre: LATEX_PRE,
    latexPost: '\\end{document}',
    latexsvg: false,
    req:
      type.kind === 'cloze'
        ? []
        : type.templates.map((t, ord) => [ord, t.requires.mode, t.requires.fields]),
    tags: [],
    vers: [],
  };
}

/** Anki's default LaTeX preamble (only used by `[latex]` tags; org2anki writes MathJax). */
const LATEX_PRE =
  '\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n';

function deckObject(id: number, name: string, seconds: number) {
  return {
    id,
    name,
    mod: seconds,
    usn: -1,
    desc: '',
    dyn: 0,
    conf: DEFAULT_CONF_ID,
    collapsed: false,
    browserCollapsed: false,
    extendNew: 0,
    extendRev: 0,
    newToday: [0, 0],
    revToday: [0, 0],
    lrnToday: [0, 0],
    timeToday: [0, 0],
  };
}

/** Anki's default deck options; Anki keeps the collection's own options for decks it has. */
function deckOptions(seconds: number) {
  return {
    id: DEFAULT_CONF_ID,
    name: 'Default',
    mod: seconds,
    usn: -1,
    maxTaken: 60,
    autoplay: true,
    timer: 0,
    replayq: true,
    dyn: false,
    new: {
      bury: false,
      delays: [1, 10],
      initialFactor: 2500,
      ints: [1, 4, 0],
      order: 1,
      perDay: 20,
    },
    lapse: { delays: [10], leechAction: 1, leechFails: 8, minInt: 1, mult: 0 },
    rev: { bury: false, ease4: 1.3, ivlFct: 1, maxIvl: 36500, perDay: 200, hardFactor: 1.2 },
  };
}
