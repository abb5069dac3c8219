import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seedFile } from '@orgnotes/vitest-config/corpus';
import { guidOf } from '../src/index.js';
import { convertText } from './helpers.js';
import { checkAnkiCsv, readAnkiCsv } from './anki-reader.js';

const seed = readFileSync(seedFile, 'utf8');

/** GUID by front text, read back from the CSV as Anki would. */
function guids(text: string, path = 'docker.org'): Map<string, string> {
  const r = convertText(text, { path });
  expect(checkAnkiCsv(r.csv)).toEqual([]);
  return new Map(readAnkiCsv(r.csv).notes.map((n) => [n.fields[0]!, n.guid]));
}

describe('GUIDs stay stable', () => {
  const before = guids(seed);

  it('the seed gives 16 notes with distinct GUIDs', () => {
    expect(before.size).toBe(16);
    expect(new Set(before.values()).size).toBe(16);
  });

  it('changing a card text (back and even the front title) keeps its GUID when it has an :ID:', () => {
    const edited = seed
      .replace('- low-level, one per container', '- low-level, one per container, edited')
      .replace('*** runc\n', '*** runc (renamed)\n');
    const after = guids(edited);
    expect(after.get('Architecture &gt; runtime (runc/containerd) &gt; runc (renamed)')).toBe(
      before.get('Architecture &gt; runtime (runc/containerd) &gt; runc'),
    );
    // Every other note keeps its GUID too.
    for (const [front, guid] of before)
      if (!front.endsWith('runc')) expect(after.get(front)).toBe(guid);
  });

  it('editing a table row keeps its GUID (ID + first cell)', () => {
    const after = guids(seed.replace('| view all images   |', '| list every image  |'));
    expect(after).toEqual(before);
  });

  it('reordering notes changes no GUID', () => {
    const glossary = seed.slice(seed.indexOf('* Glossary'), seed.indexOf('* Docker commands'));
    const architecture = seed.slice(seed.indexOf('* Architecture'), seed.indexOf('* Glossary'));
    const head = seed.slice(0, seed.indexOf('* Architecture'));
    const rest = seed.slice(seed.indexOf('* Docker commands'));
    const after = guids(head + rest + '\n' + glossary + architecture);
    expect(after).toEqual(before);
  });

  it('adding a note changes no other GUID', () => {
    const after = guids(
      seed.replace(
        '* Glossary\n',
        '* Glossary\n** volume\n:PROPERTIES:\n:ID: new-id\n:END:\n- persistent data\n',
      ),
    );
    expect(after.size).toBe(17);
    for (const [front, guid] of before) expect(after.get(front)).toBe(guid);
  });

  it('moving a note with an :ID: to another file keeps its GUID', () => {
    const r = convertText(
      '* Elsewhere\n** runc\n:PROPERTIES:\n:ID:       da7f33d4-20f1-4d93-ab91-bb55e3c1fec2\n:END:\n- moved\n',
      { path: 'other.org' },
    );
    expect(r.notes[0]!.guid).toBe(
      before.get('Architecture &gt; runtime (runc/containerd) &gt; runc'),
    );
  });

  it('notes without an :ID: are keyed by file and heading path, with a missing-id warning', () => {
    const r = convertText(seed, { path: 'docker.org' });
    expect(r.diagnostics.filter((d) => d.rule === 'missing-id').map((d) => d.line)).toEqual([
      53, 3,
    ]);
    const renamedFile = guids(seed, 'renamed.org');
    expect(renamedFile.get('Docker commands &gt; container &gt; run')).not.toBe(
      before.get('Docker commands &gt; container &gt; run'),
    );
    expect(renamedFile.get('Glossary &gt; image')).toBe(before.get('Glossary &gt; image'));
  });
});

describe('GUID collisions', () => {
  it('two rows with the same first cell under one ID are reported and both kept', () => {
    const r = convertText(
      '* t\n:PROPERTIES:\n:ID: x\n:END:\n| k | v |\n|---|---|\n| a | 1 |\n| a | 2 |\n',
      { options: { headings: 'none' } },
    );
    expect(r.notes).toHaveLength(2);
    expect(r.diagnostics.map((d) => d.rule)).toEqual(['duplicate-guid']);
    expect(checkAnkiCsv(r.csv)).toEqual([]);
  });

  it('many repeats in one table give one warning', () => {
    const r = convertText(
      '* t\n:PROPERTIES:\n:ID: x\n:END:\n| k | v |\n|---|---|\n| a | 1 |\n| a | 2 |\n| a | 3 |\n| b | 4 |\n| b | 5 |\n',
      { options: { headings: 'none' } },
    );
    expect(r.notes).toHaveLength(5);
    expect(r.diagnostics.map((d) => `${d.rule}@${d.line}`)).toEqual(['duplicate-guid@5']);
    expect(checkAnkiCsv(r.csv)).toEqual([]);
  });

  it('rows of two #+NAME:d tables under one heading never collide', () => {
    const r = convertText(
      '* t\n:PROPERTIES:\n:ID: x\n:END:\n#+NAME: one\n| k | v |\n|---|---|\n| a | 1 |\n\n#+NAME: two\n| k | v |\n|---|---|\n| a | 2 |\n',
      { options: { headings: 'none' } },
    );
    expect(r.diagnostics).toEqual([]);
    expect(new Set(r.notes.map((n) => n.guid)).size).toBe(2);
  });

  it('a duplicated :ID: is reported', () => {
    const r = convertText(
      '* a\n:PROPERTIES:\n:ID: same\n:END:\none\n* b\n:PROPERTIES:\n:ID: same\n:END:\ntwo\n',
    );
    expect(r.diagnostics.map((d) => d.rule)).toEqual(['duplicate-guid']);
    expect(new Set(r.notes.map((n) => n.guid)).size).toBe(2);
    expect(r.set.diagnostics.map((d) => d.rule)).toContain('duplicate-id');
  });

  it('keys hash their parts unambiguously', () => {
    expect(guidOf(['a b', 'c'])).not.toBe(guidOf(['a', 'b c']));
    expect(guidOf(['id', 'x'])).toMatch(/^[0-9a-f]{16}$/);
  });
});
