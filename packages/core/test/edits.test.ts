import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seedFile } from '@orgnotes/vitest-config/corpus';
import {
  printOrg,
  readOrg,
  setProperty,
  setTitle,
  type Heading,
  type Table,
} from '../src/index.js';
import { lineDiff } from './helpers.js';

const seed = readFileSync(seedFile, 'utf8');

function find(headings: Heading[], title: string): Heading {
  for (const heading of headings) {
    const text = heading.title.map((t) => ('value' in t ? t.value : '')).join('');
    if (text === title) return heading;
    const inner = headings.length ? findOrUndefined(heading.children, title) : undefined;
    if (inner) return inner;
  }
  throw new Error(`no heading ${title}`);
}
function findOrUndefined(headings: Heading[], title: string): Heading | undefined {
  try {
    return find(headings, title);
  } catch {
    return undefined;
  }
}

describe('edits print as minimal diffs', () => {
  it('renaming a heading changes only its line', () => {
    const { document } = readOrg(seed);
    setTitle(find(document.headings, 'orchestrator'), 'orchestrators');
    expect(lineDiff(seed, printOrg(document))).toEqual({
      removed: ['** orchestrator'],
      added: ['** orchestrators'],
    });
  });

  it('renaming a tagged heading keeps its tags aligned where they were', () => {
    const text =
      '* Old title                                                          :tag:\nbody\n';
    const { document } = readOrg(text);
    setTitle(document.headings[0]!, 'New');
    expect(printOrg(document)).toBe(
      '* New                                                                :tag:\nbody\n',
    );
  });

  it('adding a property adds one line, formatted as org-property-format does', () => {
    const { document } = readOrg(seed);
    setProperty(find(document.headings, 'runc'), 'CUSTOM_ID', 'runc');
    expect(lineDiff(seed, printOrg(document))).toEqual({
      removed: [],
      added: [':CUSTOM_ID: runc'],
    });
  });

  it('adding a property to a heading without a drawer creates the drawer under the heading', () => {
    const { document } = readOrg(seed);
    const heading = find(document.headings, 'orchestrator');
    setProperty(heading, 'ID', 'abc');
    expect(heading.id).toBe('abc');
    expect(lineDiff(seed, printOrg(document))).toEqual({
      removed: [],
      added: [':PROPERTIES:', ':ID:       abc', ':END:'],
    });
  });

  it('changing a property value rewrites that line only', () => {
    const { document } = readOrg(seed);
    setProperty(find(document.headings, 'runc'), 'ID', 'new-id');
    expect(lineDiff(seed, printOrg(document))).toEqual({
      removed: [':ID:       da7f33d4-20f1-4d93-ab91-bb55e3c1fec2'],
      added: [':ID:       new-id'],
    });
  });

  it('adding a table row adds one aligned line, by the visible-width rule the seed follows', () => {
    const { document } = readOrg(seed);
    const heading = find(
      document.headings.find((h) =>
        h.title.some((t) => 'value' in t && t.value === 'Docker commands'),
      )!.children,
      'image',
    );
    const table = heading.content.find((b): b is Table => b.type === 'table')!;
    expect(table.src?.tableAlign).toBe('markup-hidden');
    table.children.splice(3, 0, {
      type: 'table-row',
      rowType: 'standard',
      children: [
        { type: 'table-cell', children: [{ type: 'text', value: 'rm' }] },
        { type: 'table-cell', children: [{ type: 'text', value: 'remove an image' }] },
        { type: 'table-cell', children: [{ type: 'code', value: 'docker image rm' }] },
      ],
    });
    expect(lineDiff(seed, printOrg(document))).toEqual({
      removed: [],
      added: ['| rm          | remove an image   | ~docker image rm~   |'],
    });
  });

  it('a cell wider than its column re-aligns the whole table', () => {
    const text = '| a | b |\n|---+---|\n| c | d |\n';
    const { document } = readOrg(text);
    const table = document.children[0] as Table;
    table.children[2]!.children[0]!.children = [{ type: 'text', value: 'wider' }];
    expect(printOrg(document)).toBe('| a     | b |\n|-------+---|\n| wider | d |\n');
  });

  it('deleting a note removes exactly its lines', () => {
    const { document } = readOrg(seed);
    const architecture = document.headings[0]!;
    architecture.children = architecture.children.filter(
      (h) => !h.title.some((t) => 'value' in t && t.value === 'orchestrator'),
    );
    expect(lineDiff(seed, printOrg(document))).toEqual({
      removed: ['** orchestrator', '- swarms of containers', '- docker swarm'],
      added: [],
    });
  });

  it('a new paragraph after another is separated by a blank line so that it stays a paragraph', () => {
    const { document } = readOrg('* H\nfirst\n');
    document.headings[0]!.content.push({
      type: 'paragraph',
      children: [{ type: 'text', value: 'second' }],
    });
    const printed = printOrg(document);
    expect(printed).toBe('* H\nfirst\n\nsecond\n');
    expect(readOrg(printed).document.headings[0]!.content).toHaveLength(2);
  });
});
