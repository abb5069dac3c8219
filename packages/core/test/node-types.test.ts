import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from 'uniorg-parse/lib/parser.js';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../src/diagnostics.js';
import { UNIORG_MAPPING, readOrg } from '../src/index.js';
import {
  MappingState,
  UNIORG_MAPPERS,
  type Report,
  type UniorgMappers,
} from '../src/uniorg-mapping.js';
import { readFixture } from './helpers.js';

const require = createRequire(import.meta.url);
const schema = JSON.parse(
  readFileSync(new URL('../schema/notes.schema.json', import.meta.url), 'utf8'),
) as { $defs: Record<string, { properties?: { type?: { const?: string } } }> };
const modelTypes = new Set(
  Object.values(schema.$defs)
    .map((d) => d.properties?.type?.const)
    .filter(Boolean),
);

/** Node types as uniorg declares them in its published type definitions. */
function uniorgTypes(): string[] {
  const declarations = readFileSync(
    path.join(path.dirname(require.resolve('uniorg/package.json')), 'lib/index.d.ts'),
    'utf8',
  );
  return [...new Set([...declarations.matchAll(/type: '([a-z.-]+)'/g)].map((m) => m[1]!))].sort();
}

function typesIn(
  node: { type: string; children?: unknown[] },
  into = new Set<string>(),
): Set<string> {
  into.add(node.type);
  for (const child of (node.children ?? []) as { type: string }[]) typesIn(child, into);
  for (const key of ['closed', 'deadline', 'scheduled', 'value']) {
    const value = (node as Record<string, unknown>)[key];
    if (value && typeof value === 'object' && 'type' in value) typesIn(value as { type: string });
  }
  return into;
}

describe('uniorg node types', () => {
  const types = uniorgTypes();

  it('are all 54 declared by uniorg', () => {
    expect(types).toHaveLength(54);
  });

  it.each(types)('%s has a mapping into the model', (type) => {
    const target = UNIORG_MAPPING[type];
    expect(target, `no mapping for uniorg node type "${type}"`).toBeDefined();
    const modelType = target!.split(/[ .]/)[0]!;
    expect(
      modelTypes.has(modelType),
      `mapped to "${modelType}", which the schema does not define`,
    ).toBe(true);
  });

  it('every type the every-construct fixture produces reaches the model', () => {
    const text = readFixture('every-construct');
    const produced = typesIn(parse(text, { trackPosition: true }) as never);
    const model = JSON.stringify(readOrg(text).document);
    const missing = [...produced].filter((type) => {
      const target = UNIORG_MAPPING[type]!.split(/[ .]/)[0]!;
      return !model.includes(`"type":"${target}"`);
    });
    expect(missing).toEqual([]);
    // The fixture covers nearly every type (not citation-common-* or inline tasks, which need more exotic syntax).
    expect(produced.size).toBeGreaterThanOrEqual(48);
  });

  it('a uniorg type without a mapper is a compile error (checked by `pnpm typecheck`)', () => {
    const { 'diary-sexp': dropped, ...incomplete } = UNIORG_MAPPERS;
    // @ts-expect-error -- 'diary-sexp' has no mapper: typecheck fails if this ever compiles.
    const mappers: UniorgMappers = incomplete;
    expect(Object.keys(mappers)).not.toContain('diary-sexp');
    expect(dropped.into).toBe('diary-sexp');
  });
});

describe('node types the mappers do not know', () => {
  const read = (text: string) => {
    const reports: [string, string, number][] = [];
    const report: Report = (severity, rule, _message, offset) =>
      reports.push([severity, rule, offset]);
    return { state: new MappingState(text, new LineIndex(text), report), reports };
  };

  it('an element keeps its text as an unparsed block, with a warning', () => {
    const text = 'first line\n*** An inline task\n';
    const { state, reports } = read(text);
    const node = {
      type: 'inlinetask',
      position: { start: { offset: 11 }, end: { offset: text.length } },
    };
    const block = state.element(node as never, 11, text.length);
    expect(block).toMatchObject({
      type: 'unparsed',
      value: '*** An inline task\n',
      reason: 'unsupported element type inlinetask',
      loc: { line: 2, column: 1 },
    });
    expect(reports).toEqual([['warning', 'unknown-element', 11]]);
  });

  it('an object keeps its source text as text', () => {
    const text = 'a @@new:object@@ here';
    const { state, reports } = read(text);
    const node = { type: 'new-object', position: { start: { offset: 2 }, end: { offset: 16 } } };
    expect(state.inlines([node as never])).toEqual([
      { type: 'text', value: '@@new:object@@', loc: { line: 1, column: 3, offset: 2 } },
    ]);
    expect(reports).toEqual([]);
  });
});
