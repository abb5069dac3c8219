import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildNoteSet, formatDiagnostic, type Diagnostic, type NoteSet } from '@orgnotes/core';
import { seedFile } from '@orgnotes/vitest-config/corpus';
import { convertAll, convertText, type Flags, type Output } from './helpers.js';
import { checkOutput, parseAll } from './oracle.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, 'fixtures');

function diagnosticsText(diagnostics: Diagnostic[]): string {
  return diagnostics.map((d) => formatDiagnostic(d) + '\n').join('');
}

const cases = readdirSync(fixtures).filter((name) =>
  existsSync(path.join(fixtures, name, 'input.org')),
);

function convertInSet(dir: string, others: string[], flags: Flags): Output & { notes: NoteSet } {
  const sources = ['input.org', ...others].map((name) => ({
    path: name,
    text: readFileSync(path.join(dir, name), 'utf8'),
  }));
  const notes = buildNoteSet(sources, { root: dir, fileExists: () => true });
  return { ...convertAll(notes, flags).find((o) => o.document.path === 'input.org')!, notes };
}

describe('golden files', () => {
  for (const name of cases) {
    it(name, async () => {
      const dir = path.join(fixtures, name);
      const flagsFile = path.join(dir, 'flags.json');
      const flags = (
        existsSync(flagsFile) ? JSON.parse(readFileSync(flagsFile, 'utf8')) : {}
      ) as Flags;
      // The other .org files of the folder are notes of the same set (links between notes).
      const others = readdirSync(dir)
        .filter((f) => f.endsWith('.org') && f !== 'input.org')
        .sort();
      const result =
        others.length === 0
          ? convertText(readFileSync(path.join(dir, 'input.org'), 'utf8'), flags)
          : convertInSet(dir, others, flags);
      await expect(result.markdown).toMatchFileSnapshot(path.join(dir, 'expected.md'));
      await expect(
        diagnosticsText([...result.notes.diagnostics, ...result.diagnostics]),
      ).toMatchFileSnapshot(path.join(dir, 'expected.diagnostics.txt'));
      expect(checkOutput(result, result.notes, parseAll([result]), flags)).toEqual([]);
    });
  }

  it('the seed (notes/docker.org)', async () => {
    const result = convertText(readFileSync(seedFile, 'utf8'), {}, 'docker.org');
    await expect(result.markdown).toMatchFileSnapshot(path.join(fixtures, 'seed', 'expected.md'));
    expect(checkOutput(result, result.notes, parseAll([result]))).toEqual([]);
  });

  it('cross-file links resolve inside the mirrored tree', async () => {
    const root = path.join(fixtures, 'cross-file', 'input');
    const sources: { path: string; text: string }[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir).sort()) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else
          sources.push({
            path: path.relative(root, full).split(path.sep).join('/'),
            text: readFileSync(full, 'utf8'),
          });
      }
    };
    walk(root);
    const notes = buildNoteSet(sources, { root });
    const outputs: Output[] = convertAll(notes);
    const parsed = parseAll(outputs);
    for (const output of outputs) {
      await expect(output.markdown).toMatchFileSnapshot(
        path.join(fixtures, 'cross-file', 'expected', output.path),
      );
      expect(checkOutput(output, notes, parsed)).toEqual([]);
    }
    expect(outputs.map((o) => o.path)).toEqual(['index.md', 'sub/topic.md']);
  });
});
