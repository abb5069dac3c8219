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
  const excluded = OWN_FIELDS_EXCLUDED[node.type];
  let text = '';
  text = appendValue(text, node, excluded);
  return hash(text);
}

function appendValue(out: string, value: unknown, excludedTop?: ReadonlySet<string>): string {
  if (value === null || typeof value !== 'object') {
    return out + JSON.stringify(value ?? null);
  }
  if (Array.isArray(value)) {
    out += '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out = appendValue(out, value[i]);
    }
    return out + ']';
  }
  const keys = sortedKeys(value);
  out += '{';
  let first = true;
  for (const key of keys) {
    if (LAYOUT_FIELDS.has(key) || excludedTop?.has(key)) continue;
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += JSON.stringify(key) + ':';
    out = appendValue(out, v);
  }
  return out + '}';
}

// Nodes of one type share their key order, so sorting once per order is enough.
const sortedKeyCache = new Map<string, string[]>();
function sortedKeys(value: object): string[] {
  const keys = Object.keys(value);
  const id = keys.join('\0');
  let sorted = sortedKeyCache.get(id);
  if (!sorted) {
    sorted = [...keys].sort();
    if (sortedKeyCache.size > 4096) sortedKeyCache.clear();
    sortedKeyCache.set(id, sorted);
  }
  return sorted;
}

/**
 * 64-bit FNV-1a as two 32-bit halves, printed as 16 hex digits: fast, dependency-free and
 * the same on every machine. Signatures detect edits; they are not a security boundary.
 */
export function hash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h1 >>> 15);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
