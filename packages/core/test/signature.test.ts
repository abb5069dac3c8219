import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ListItem, PlainList, Text } from '../src/index.js';
import { Fnv1a64, hash, signature } from '../src/signature.js';

/** The oracle: FNV-1a 64 as its definition states it, on BigInt, over the UTF-8 bytes. */
function fnv1a64Reference(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

// Strings of any UTF-16 code units, lone surrogates included.
const anyText = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
});
const mixedText = fc.string({
  unit: fc.constantFrom('a', '"', '\\', '\n', 'é', '€', '😀', '\uD800', '\uDC00', '\u0001'),
});

describe('FNV-1a 64', () => {
  it('gives the published test vectors', () => {
    // From the FNV reference test suite (test_fnv.c, fnv1a_64_vector).
    expect(hash('')).toBe('cbf29ce484222325');
    expect(hash('a')).toBe('af63dc4c8601ec8c');
    expect(hash('foobar')).toBe('85944171f73967e8');
  });

  it('is FNV-1a 64 of the text’s UTF-8 bytes, whatever the text', () => {
    expect(hash('é€😀')).toBe(fnv1a64Reference('é€😀'));
    expect(hash('lone \uD800 and \uDC00')).toBe(fnv1a64Reference('lone \uD800 and \uDC00'));
    fc.assert(fc.property(anyText, (text) => hash(text) === fnv1a64Reference(text)));
    fc.assert(fc.property(mixedText, (text) => hash(text) === fnv1a64Reference(text)));
  });

  it('hashes a string as the JSON text JSON.stringify writes for it', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, mixedText), fc.string(), (text, before) => {
        const hasher = new Fnv1a64();
        hasher.add(before);
        hasher.addJsonString(text);
        return hasher.digest() === fnv1a64Reference(before + JSON.stringify(text));
      }),
    );
  });
});

describe('signatures', () => {
  it('hash the canonical JSON of the semantic fields: keys sorted, no loc or src', () => {
    const node: Text = {
      type: 'text',
      value: 'Ünïcode "quoted"',
      loc: { line: 1, column: 1, offset: 0 },
    };
    expect(signature(node)).toBe(
      fnv1a64Reference('{"type":"text","value":"Ünïcode \\"quoted\\""}'),
    );
  });

  it('hash numbers, booleans and null as JSON.stringify writes them', () => {
    // Keys sorted and the layout fields left out, as in the canonical JSON of signatures.
    const layout = new Set(['loc', 'src', 'resolved']);
    const canonical = (value: unknown): string =>
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? `{${Object.keys(value)
            .filter((k) => !layout.has(k) && (value as Record<string, unknown>)[k] !== undefined)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
            .join(',')}}`
        : Array.isArray(value)
          ? `[${value.map(canonical).join(',')}]`
          : JSON.stringify(value);
    const primitive = fc.oneof(
      fc.boolean(),
      fc.double(),
      fc.integer(),
      fc.constantFrom(-0, 1e21, 1e-7, Number.NaN, Number.POSITIVE_INFINITY, null),
      anyText,
    );
    const key = fc.string().filter((k) => k !== '__proto__');
    fc.assert(
      fc.property(fc.dictionary(key, fc.oneof(primitive, fc.array(primitive))), (fields) => {
        const node = { ...fields, type: 'text' } as unknown as Text;
        return signature(node) === fnv1a64Reference(canonical(node));
      }),
    );
  });

  it('leave out a container’s children', () => {
    const item: ListItem = {
      type: 'list-item',
      bullet: '-',
      counter: null,
      checkbox: null,
      tag: null,
      children: [],
    };
    const list: PlainList = {
      type: 'plain-list',
      listType: 'unordered',
      children: [item],
      src: { open: '', close: '', sig: '' },
    };
    expect(signature(list)).toBe(fnv1a64Reference('{"listType":"unordered","type":"plain-list"}'));
  });
});
