import type { Node } from './types.js';

/**
 * A node's semantic signature: a hash of every field a reader of the model can see,
 * except layout (`src`), locations (`loc`), derived read-only fields and, for containers,
 * their child elements (children keep signatures of their own).
 *
 * The printer reuses a node's source text only while its signature still matches the one
 * taken when it was read: that is how an edited model prints its changes canonically while
 * every untouched node stays byte-identical (the approach of recast for JavaScript).
 */

/** Fields that never enter a signature, whatever the node. */
const LAYOUT_FIELDS = new Set(['src', 'loc']);

/** Per node type: fields that are child elements or derived, and so not part of the node's own signature. */
const OWN_FIELDS_EXCLUDED: Partial<Record<Node['type'], ReadonlySet<string>>> = {
  document: new Set(['children', 'headings', 'meta', 'path']),
  heading: new Set([
    'content',
    'children',
    'id',
    'customId',
    'aliases',
    'properties',
    'todoType',
    'archived',
  ]),
  'plain-list': new Set(['children']),
  'list-item': new Set(['children']),
  'quote-block': new Set(['children']),
  'center-block': new Set(['children']),
  'special-block': new Set(['children']),
  drawer: new Set(['children']),
  'property-drawer': new Set(['children']),
  'footnote-definition': new Set(['children']),
  // A table's signature covers all of its cells: changing any cell re-aligns the whole table,
  // as org-table-align does.
};

export function signature(node: Node): string {
  const hasher = new Fnv64();
  hashValue(hasher, node, OWN_FIELDS_EXCLUDED[node.type]);
  return hasher.digest();
}

/**
 * Feeds `value` to the hash as its canonical JSON text: keys sorted, `src`/`loc` and (at the
 * top) the excluded fields left out, `undefined` fields skipped. The text is hashed as it is
 * produced, never built: hashing the pieces one after another is hashing their concatenation.
 */
function hashValue(hasher: Fnv64, value: unknown, excludedTop?: ReadonlySet<string>): void {
  if (typeof value === 'string') return hasher.addJsonString(value);
  // String(): what `+` made of a value JSON.stringify skips (a function gives `undefined`).
  if (value === null || typeof value !== 'object')
    return hasher.add(String(JSON.stringify(value ?? null)));
  if (Array.isArray(value)) {
    hasher.addCode(0x5b); // [
    for (let i = 0; i < value.length; i++) {
      if (i > 0) hasher.addCode(0x2c); // ,
      hashValue(hasher, value[i]);
    }
    return hasher.addCode(0x5d); // ]
  }
  hasher.addCode(0x7b); // {
  let first = true;
  for (const field of fieldsOf(value)) {
    if (field.layout || excludedTop?.has(field.key)) continue;
    const v = (value as Record<string, unknown>)[field.key];
    if (v === undefined) continue;
    if (!first) hasher.addCode(0x2c); // ,
    first = false;
    hasher.add(field.label);
    hashValue(hasher, v);
  }
  hasher.addCode(0x7d); // }
}

/** One key of an object, in sorted order, with its JSON text (`"key":`) ready to hash. */
interface Field {
  key: string;
  label: string;
  layout: boolean;
}

/** The fields of the key lists met so far, by `type` (nodes of a type mostly share their keys). */
const fieldCache = new Map<unknown, { keys: string[]; fields: Field[] }[]>();
/** Key lists remembered per `type`, and types remembered: more are sorted each time (e.g. property maps). */
const KEY_LISTS_PER_TYPE = 16;
const MAX_TYPES = 256;

function fieldsOf(value: object): Field[] {
  const keys = Object.keys(value);
  const type = (value as { type?: unknown }).type;
  let known = fieldCache.get(type);
  if (known) for (const entry of known) if (sameKeys(entry.keys, keys)) return entry.fields;
  const fields = [...keys]
    .sort()
    .map((key) => ({ key, label: `${JSON.stringify(key)}:`, layout: LAYOUT_FIELDS.has(key) }));
  if (!known && fieldCache.size < MAX_TYPES) fieldCache.set(type, (known = []));
  if (known && known.length < KEY_LISTS_PER_TYPE) known.push({ keys, fields });
  return fields;
}

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function hex32(value: number): string {
  return (
    HEX_BYTES[value >>> 24]! +
    HEX_BYTES[(value >>> 16) & 0xff]! +
    HEX_BYTES[(value >>> 8) & 0xff]! +
    HEX_BYTES[value & 0xff]!
  );
}

/**
 * 64-bit FNV-1a as two 32-bit halves, printed as 16 hex digits: fast, dependency-free and
 * the same on every machine. Signatures detect edits; they are not a security boundary.
 */
class Fnv64 {
  private h1 = 0x811c9dc5;
  private h2 = 0xcbf29ce4;

  /** One UTF-16 code unit. */
  addCode(c: number): void {
    this.h1 = Math.imul(this.h1 ^ c, 0x01000193);
    this.h2 = Math.imul(this.h2 ^ c, 0x01000193) ^ (this.h1 >>> 15);
  }

  add(text: string): void {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h1 >>> 15);
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  /**
   * A string as JSON.stringify writes it. Most strings need no escape (no `"`, `\\`, control
   * character or lone surrogate): they are hashed as they are, between quotes, in one pass;
   * at the first character that needs one, the hash starts over from JSON.stringify's text.
   */
  addJsonString(text: string): void {
    let h1 = Math.imul(this.h1 ^ 0x22, 0x01000193);
    let h2 = Math.imul(this.h2 ^ 0x22, 0x01000193) ^ (h1 >>> 15);
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (
        c < 0x20 ||
        c === 0x22 ||
        c === 0x5c ||
        (c >= 0xd800 &&
          c <= 0xdfff &&
          !(c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00))
      ) {
        return this.add(JSON.stringify(text));
      }
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h1 >>> 15);
      if (c >= 0xd800 && c <= 0xdbff) {
        // The low half of a pair (checked above).
        c = text.charCodeAt(++i);
        h1 = Math.imul(h1 ^ c, 0x01000193);
        h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h1 >>> 15);
      }
    }
    this.h1 = Math.imul(h1 ^ 0x22, 0x01000193);
    this.h2 = Math.imul(h2 ^ 0x22, 0x01000193) ^ (this.h1 >>> 15);
  }

  digest(): string {
    return hex32(this.h1 >>> 0) + hex32(this.h2 >>> 0);
  }
}

/** The hash of a whole text (see Fnv64). */
export function hash(text: string): string {
  const hasher = new Fnv64();
  hasher.add(text);
  return hasher.digest();
}
