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

/**
 * Fields that never enter a signature, whatever the node: layout, and a link's `resolved`,
 * which org2json derives at export (it is not in the Org text).
 */
const LAYOUT_FIELDS = new Set(['src', 'loc', 'resolved']);

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
  const hasher = new Fnv1a64();
  hashValue(hasher, node, OWN_FIELDS_EXCLUDED[node.type]);
  return hasher.digest();
}

/**
 * Feeds `value` to the hash as its canonical JSON text: keys sorted, `src`/`loc` and (at the
 * top) the excluded fields left out, `undefined` fields skipped. The text is hashed as it is
 * produced, never built: hashing the pieces one after another is hashing their concatenation.
 */
function hashValue(hasher: Fnv1a64, value: unknown, excludedTop?: ReadonlySet<string>): void {
  if (typeof value === 'string') return hasher.addJsonString(value);
  // JSON.stringify's text of a boolean or a finite number, without calling it for every one.
  if (typeof value === 'boolean') return hasher.add(value ? 'true' : 'false');
  if (typeof value === 'number' && Number.isFinite(value)) return hasher.add(String(value));
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

/** FNV-1a 64's prime is 2^40 + 0x1b3: multiplying by it is a shift by 40 plus a small product. */
const FNV_PRIME_LOW = 0x1b3;

/**
 * 64-bit FNV-1a (http://www.isthe.com/chongo/tech/comp/fnv/) of a text's UTF-8 bytes, printed
 * as 16 hex digits: fast, dependency-free and the same on every machine. Signatures detect
 * edits; they are not a security boundary. The 64-bit state is two 32-bit halves, `hi` and
 * `lo`, multiplied in 32-bit integer arithmetic (BigInt, or a double for the carry, is several
 * times slower); lone surrogates hash as U+FFFD, as TextEncoder encodes them.
 */
export class Fnv1a64 {
  private hi = 0xcbf29ce4 | 0;
  private lo = 0x84222325 | 0;

  /** One octet (an ASCII character is one). */
  addCode(octet: number): void {
    const x = this.lo ^ octet;
    // (x * 0x1b3) >>> 32, from x's 16-bit halves so that no product leaves 32 bits.
    const carry = ((x >>> 16) * FNV_PRIME_LOW + (((x & 0xffff) * FNV_PRIME_LOW) >>> 16)) >>> 16;
    // x << 40 only reaches the high half, as x << 8.
    this.hi = (Math.imul(this.hi, FNV_PRIME_LOW) + (x << 8) + carry) | 0;
    this.lo = Math.imul(x, FNV_PRIME_LOW);
  }

  add(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) this.addCode(c);
      else i = this.addNonAscii(text, i);
    }
  }

  /** The UTF-8 bytes of the character at `i` (not ASCII); returns the index of its last code unit. */
  private addNonAscii(text: string, i: number): number {
    let code = text.charCodeAt(i);
    if (code < 0x800) {
      this.addCode(0xc0 | (code >> 6));
      this.addCode(0x80 | (code & 0x3f));
      return i;
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const low = text.charCodeAt(i + 1);
      if (code <= 0xdbff && (low & 0xfc00) === 0xdc00) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        this.addCode(0xf0 | (code >> 18));
        this.addCode(0x80 | ((code >> 12) & 0x3f));
        this.addCode(0x80 | ((code >> 6) & 0x3f));
        this.addCode(0x80 | (code & 0x3f));
        return i + 1;
      }
      code = 0xfffd;
    }
    this.addCode(0xe0 | (code >> 12));
    this.addCode(0x80 | ((code >> 6) & 0x3f));
    this.addCode(0x80 | (code & 0x3f));
    return i;
  }

  /**
   * A string as JSON.stringify writes it. Most strings need no escape (no `"`, `\\`, control
   * character or lone surrogate): they are hashed as they are, between quotes, in one pass;
   * at the first character that needs one, the hash starts over from JSON.stringify's text.
   */
  addJsonString(text: string): void {
    const hi = this.hi;
    const lo = this.lo;
    this.addCode(0x22);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x20 && c < 0x80 && c !== 0x22 && c !== 0x5c) {
        this.addCode(c);
      } else if (
        c < 0x20 ||
        c === 0x22 ||
        c === 0x5c ||
        (c >= 0xdc00 && c <= 0xdfff) ||
        (c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) !== 0xdc00)
      ) {
        this.hi = hi;
        this.lo = lo;
        return this.add(JSON.stringify(text));
      } else {
        // Not ASCII; a high surrogate here starts a pair, which this consumes.
        i = this.addNonAscii(text, i);
      }
    }
    this.addCode(0x22);
  }

  digest(): string {
    return hex32(this.hi >>> 0) + hex32(this.lo >>> 0);
  }
}

/** The hash of a whole text (see Fnv1a64). */
export function hash(text: string): string {
  const hasher = new Fnv1a64();
  hasher.add(text);
  return hasher.digest();
}
