/**
 * Note GUIDs. With a GUID column Anki matches notes by GUID alone, so a re-import updates the
 * note (review history kept) instead of adding a duplicate (rslib text/import.rs,
 * `find_duplicates`). A GUID therefore comes from what identifies the note, never from its
 * text or the time:
 * - a heading with an `:ID:`: that ID (which survives renaming, moving and editing);
 * - a table row: the heading's ID plus the row's first cell;
 * - without an ID: the file's ID (org-roam) or path, plus the path of heading titles; this
 *   one changes when a heading is renamed or moved, hence the `missing-id` warning.
 */
import { hash } from 'node:crypto';

export type GuidKey = readonly string[];

/**
 * 16 hex digits (64 bits) of SHA-256 over the key parts: no separator, quote or `#`, so a
 * GUID never needs CSV quoting and never reads as a comment.
 */
export function guidOf(key: GuidKey): string {
  // Length-prefixed parts: ["a b", "c"] and ["a", "b c"] never hash alike. One update of
  // the whole text hashes the same bytes as one update per part (each part starts with
  // U+0000, so no surrogate pair is ever split) in a fraction of the time.
  let text = 'org2anki/1';
  for (const part of key) text += `\u0000${part.length}:${part}`;
  // crypto.hash: the same digest as createHash(...).update().digest(), without a Hash object
  // per note (several times faster for such short texts; Node 20.12+).
  return hash('sha256', text, 'hex').slice(0, 16);
}
