/**
 * The package oracle: an `.apkg` read back by other code than the code that wrote it. The zip
 * is taken apart by hand (APPNOTE.TXT: end of central directory, central directory, local
 * headers) with Node's zlib, not fflate; the collection is opened with better-sqlite3 (the
 * native SQLite library), not sql.js. `checkPackage` lists every broken rule of Anki's
 * schema 11 (rslib/src/storage/schema11.sql) and of the package layout, so a test can assert
 * the list is empty; `dumpPackage` is the readable form the golden files keep.
 */
import { createHash } from 'node:crypto';
import { crc32, inflateRawSync } from 'node:zlib';
import Database from 'better-sqlite3';

export interface ZipEntry {
  name: string;
  content: Buffer;
}

/** Every entry of a zip archive, in central-directory order; throws on a malformed archive or a bad CRC. */
export function unzip(archive: Uint8Array): ZipEntry[] {
  const buf = Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('no end of central directory record');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50)
      throw new Error(`bad central directory header at ${at}`);
    const method = buf.readUInt16LE(at + 10);
    const crc = buf.readUInt32LE(at + 16);
    const compressed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataStart, dataStart + compressed);
    const content = method === 0 ? Buffer.from(raw) : method === 8 ? inflateRawSync(raw) : null;
    if (!content) throw new Error(`${name}: compression method ${method} is not one Anki reads`);
    if (content.length !== size)
      throw new Error(`${name}: ${content.length} bytes, the directory says ${size}`);
    if (crc32(content) !== crc) throw new Error(`${name}: CRC mismatch`);
    entries.push({ name, content });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

export interface PackageNote {
  id: number;
  guid: string;
  noteType: string;
  deck: string;
  tags: string[];
  fields: Record<string, string>;
  /** Card numbers (`ord`), ascending. */
  cards: number[];
}

export interface ReadPackage {
  version: number;
  noteTypes: {
    id: number;
    name: string;
    kind: 'standard' | 'cloze';
    fields: string[];
    templates: { name: string; front: string; back: string }[];
  }[];
  decks: string[];
  notes: PackageNote[];
  /** Media by the name cards use. */
  media: Map<string, Buffer>;
  problems: string[];
}

interface ModelJson {
  id: number;
  name: string;
  type: number;
  flds: { name: string; ord: number }[];
  tmpls: { name: string; ord: number; qfmt: string; afmt: string }[];
}

/** Reads a package and checks it; `problems` lists what Anki would refuse or get wrong. */
export function readPackage(archive: Uint8Array): ReadPackage {
  const problems: string[] = [];
  const entries = unzip(archive);
  const byName = new Map(entries.map((e) => [e.name, e.content]));
  if (byName.size !== entries.length) problems.push('duplicate zip entry names');
  const collection = byName.get('collection.anki2');
  const mediaJson = byName.get('media');
  if (!collection) throw new Error('no collection.anki2 in the package');
  if (!mediaJson) throw new Error('no media map in the package');

  // The media map: every other entry is a number that the map names, and the reverse.
  const map = JSON.parse(mediaJson.toString('utf8')) as Record<string, string>;
  const media = new Map<string, Buffer>();
  for (const [key, name] of Object.entries(map)) {
    const content = byName.get(key);
    if (!/^\d+$/.test(key)) problems.push(`media map key "${key}" is not a number`);
    if (!content)
      problems.push(`media map names entry ${key} (${name}), which the zip does not hold`);
    else media.set(name, content);
    if (name.includes('/') || name.includes('\\')) problems.push(`media name ${name} is not flat`);
  }
  if (new Set(Object.values(map)).size !== Object.keys(map).length)
    problems.push('two media entries share a name');
  for (const entry of entries)
    if (entry.name !== 'collection.anki2' && entry.name !== 'media' && !(entry.name in map))
      problems.push(`zip entry ${entry.name} is not in the media map`);

  const db = new Database(collection, { readonly: true });
  try {
    const tables = (
      db.prepare("select name from sqlite_master where type = 'table' order by name").all() as {
        name: string;
      }[]
    ).map((t) => t.name);
    if (tables.join(',') !== 'cards,col,graves,notes,revlog')
      problems.push(`tables: ${tables.join(',')}`);
    const cols = db.prepare('select * from col').all() as {
      ver: number;
      models: string;
      decks: string;
      dconf: string;
      conf: string;
    }[];
    if (cols.length !== 1) throw new Error(`col has ${cols.length} rows`);
    const col = cols[0]!;
    if (col.ver !== 11) problems.push(`schema version ${col.ver}, not 11`);
    const models = JSON.parse(col.models) as Record<string, ModelJson>;
    const decks = JSON.parse(col.decks) as Record<
      string,
      { id: number; name: string; conf: number }
    >;
    const dconf = JSON.parse(col.dconf) as Record<string, unknown>;
    JSON.parse(col.conf);
    for (const [key, model] of Object.entries(models))
      if (String(model.id) !== key)
        problems.push(`model ${model.name} has id ${model.id} under key ${key}`);
    const deckNames = new Map<number, string>();
    for (const [key, deck] of Object.entries(decks)) {
      if (String(deck.id) !== key)
        problems.push(`deck ${deck.name} has id ${deck.id} under key ${key}`);
      if (!(String(deck.conf) in dconf))
        problems.push(`deck ${deck.name} uses options ${deck.conf}, which dconf lacks`);
      deckNames.set(deck.id, deck.name);
    }
    if (deckNames.get(1) !== 'Default') problems.push('no Default deck (id 1)');
    const allDecks = new Set(deckNames.values());
    for (const name of allDecks) {
      const parts = name.split('::');
      for (let i = 1; i < parts.length; i++)
        if (!allDecks.has(parts.slice(0, i).join('::')))
          problems.push(`deck ${name} lacks its parent ${parts.slice(0, i).join('::')}`);
    }

    // Notes in the order their new cards come (`due`: the position among new cards), as Anki shows them.
    const noteRows = db
      .prepare(
        'select notes.* from notes left join cards on cards.nid = notes.id group by notes.id order by min(cards.due), notes.id',
      )
      .all() as {
      id: number;
      guid: string;
      mid: number;
      tags: string;
      flds: string;
      sfld: string;
      csum: number;
    }[];
    const cardRows = db.prepare('select * from cards order by rowid').all() as {
      id: number;
      nid: number;
      did: number;
      ord: number;
      type: number;
      queue: number;
    }[];
    const notes: PackageNote[] = [];
    const guids = new Set<string>();
    for (const row of noteRows) {
      const model = models[String(row.mid)];
      if (!model) {
        problems.push(`note ${row.guid}: note type ${row.mid} is not in col.models`);
        continue;
      }
      if (guids.has(row.guid)) problems.push(`guid ${row.guid} twice`);
      guids.add(row.guid);
      const values = row.flds.split('\x1f');
      const names = [...model.flds].sort((a, b) => a.ord - b.ord).map((f) => f.name);
      if (values.length !== names.length)
        problems.push(
          `note ${row.guid}: ${values.length} fields, its type ${model.name} has ${names.length}`,
        );
      const first = strip(values[0] ?? '');
      if (String(row.sfld) !== first)
        problems.push(`note ${row.guid}: sort field "${row.sfld}", expected "${first}"`);
      if (row.csum !== parseInt(createHash('sha1').update(first).digest('hex').slice(0, 8), 16))
        problems.push(`note ${row.guid}: wrong checksum`);
      if (row.tags !== '' && !/^ \S.* $/.test(row.tags))
        problems.push(`note ${row.guid}: tags "${row.tags}" are not space-framed`);
      for (const value of values) {
        // Names without a folder or scheme are media files (raw HTML may point elsewhere).
        for (const m of value.matchAll(/<img [^>]*src="([^"/:]*)"/g))
          if (!media.has(m[1]!))
            problems.push(`note ${row.guid} shows ${m[1]}, which the package lacks`);
      }
      const cards = cardRows.filter((c) => c.nid === row.id);
      const ords = cards.map((c) => c.ord).sort((a, b) => a - b);
      if (new Set(ords).size !== ords.length)
        problems.push(`note ${row.guid}: two cards with one ord`);
      if (model.type === 1) {
        // SPEC: one card per cloze number, ord = number - 1 (rslib notetype/cardgen.rs).
        const numbers = [
          ...new Set([...(values[0] ?? '').matchAll(/\{\{c(\d+)::/g)].map((m) => Number(m[1]) - 1)),
        ].sort((a, b) => a - b);
        if (ords.join() !== numbers.join())
          problems.push(
            `cloze note ${row.guid}: cards ${ords.join()} but cloze numbers ${numbers.map((n) => n + 1).join()}`,
          );
      } else if (ords.some((o) => o >= model.tmpls.length))
        problems.push(`note ${row.guid}: card ord beyond the templates`);
      if (cards.length === 0) problems.push(`note ${row.guid}: no cards`);
      const deckIds = new Set(cards.map((c) => c.did));
      if (deckIds.size > 1) problems.push(`note ${row.guid}: cards in several decks`);
      for (const card of cards) {
        if (!deckNames.has(card.did))
          problems.push(`card ${card.id}: deck ${card.did} is not in col.decks`);
        if (card.type !== 0 || card.queue !== 0) problems.push(`card ${card.id}: not a new card`);
      }
      notes.push({
        id: row.id,
        guid: row.guid,
        noteType: model.name,
        deck: deckNames.get(cards[0]?.did ?? -1) ?? '?',
        tags: row.tags.split(' ').filter(Boolean),
        fields: Object.fromEntries(names.map((name, i) => [name, values[i] ?? ''])),
        cards: ords,
      });
    }
    const ids = [...noteRows.map((n) => `n${n.id}`), ...cardRows.map((c) => `c${c.id}`)];
    if (new Set(ids).size !== ids.length) problems.push('ids repeat');
    for (const card of cardRows)
      if (!noteRows.some((n) => n.id === card.nid))
        problems.push(`card ${card.id} belongs to no note`);
    return {
      version: col.ver,
      noteTypes: Object.values(models)
        .map((m) => ({
          id: m.id,
          name: m.name,
          kind: m.type === 1 ? ('cloze' as const) : ('standard' as const),
          fields: m.flds.map((f) => f.name),
          templates: m.tmpls.map((t) => ({ name: t.name, front: t.qfmt, back: t.afmt })),
        }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      decks: [...allDecks].sort(),
      notes,
      media,
      problems,
    };
  } finally {
    db.close();
  }
}

/** HTML to the text Anki sorts and checksums by: pictures as their names, no tags, entities decoded. */
function strip(html: string): string {
  const named: Record<string, string> = {
    amp: '&',
    lt: '<',
    gt: '>',
    quot: '"',
    apos: "'",
    nbsp: ' ',
  };
  return html
    .replace(/<img[^>]*?src="([^"]*)"[^>]*>/gi, ' $1 ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) =>
      ref.startsWith('#x') || ref.startsWith('#X')
        ? String.fromCodePoint(parseInt(ref.slice(2), 16))
        : ref.startsWith('#')
          ? String.fromCodePoint(Number(ref.slice(1)))
          : (named[ref.toLowerCase()] ?? whole),
    )
    .trim();
}

/** A package as readable JSON for golden files: note types, decks, notes with their cards, media by name and hash. */
export function dumpPackage(archive: Uint8Array): string {
  const read = readPackage(archive);
  const dump = {
    version: read.version,
    problems: read.problems,
    noteTypes: read.noteTypes.map(({ id: _id, ...rest }) => rest),
    decks: read.decks,
    notes: read.notes.map(({ id: _id, ...rest }) => rest),
    media: [...read.media].map(([name, content]) => ({
      name,
      bytes: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
    })),
  };
  return JSON.stringify(dump, null, 2) + '\n';
}
