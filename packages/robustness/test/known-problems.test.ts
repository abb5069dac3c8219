/**
 * Problems this suite found in core, cli and the man writer, kept as regression tests now that
 * they are fixed. A problem found later is added here as `it.fails` until it is fixed (vitest
 * reports it as soon as it passes). See docs/security.md.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildNoteSet, decodeOrg, readOrg } from '@orgnotes/core';
import { NEVER_ENDING_FILE, neverEndingParse } from '@orgnotes/vitest-config/stubs';
import { CONVERTERS, FIXTURES, convertSet, parseStderr, run, tempDir } from './helpers.js';

describe('core', () => {
  it('reports an unterminated #+begin_src that follows text in the same paragraph', () => {
    const text = decodeOrg(
      readFileSync(path.join(FIXTURES, 'unterminated-block-in-paragraph', 'input.org')),
      'x',
    ).text;
    const { diagnostics } = readOrg(text, { path: 'input.org' });
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ rule: 'unterminated-block', line: 4, column: 1 }),
    );
  });
});

describe('cli', () => {
  it.each([
    ['on the main thread', '0'],
    ['in worker threads', '2'],
  ])(
    'guards every file with a time budget %s: past it, that file gets an error and the rest of the run completes',
    (_, jobs) => {
      const dir = tempDir('budget');
      const input = path.join(dir, 'in');
      const out = path.join(dir, 'out');
      // Not a race with a real parse: the stub preloaded into the command makes its parse of
      // never-ends.org loop forever in the worker, so only the budget (0.2 s) can end it. The file
      // is longer than 0.2 s × 50 KB/s, so that it is parsed under the guard (packages/cli/src/parse.ts).
      const slow = `* Never ends\n${'word *bold* /it/ ~code~ [[https://x.y][l]] '.repeat(500)}\n`;
      writeTree(input, {
        [NEVER_ENDING_FILE]: slow,
        'fast.org': '* Fast\nQuick.\n',
        'other.org': '* Other\nSee [[file:fast.org][fast]].\n',
      });
      const result = run('org2json', ['--time-budget', '0.2', '-o', out, input], {
        cwd: input,
        env: { ORGNOTES_JOBS: jobs, NODE_OPTIONS: `--import=${neverEndingParse}` },
      });
      const { diagnostics } = parseStderr(result.stderr);
      expect(diagnostics).toContainEqual(
        expect.objectContaining({
          path: NEVER_ENDING_FILE,
          severity: 'error',
          rule: 'time-budget',
          line: 1,
          column: 1,
        }),
      );
      expect(result.status).toBe(1);
      expect(readFileSync(path.join(out, 'fast.json'), 'utf8')).toContain('Quick.');
      expect(readFileSync(path.join(out, 'other.json'), 'utf8')).toContain('fast.org');
    },
  );

  it('-o naming an existing regular file is a usage error (exit 2), not "internal error: EEXIST"', () => {
    const dir = tempDir('ofile');
    writeTree(dir, { 'note.org': '* Note\n', taken: 'not a directory\n' });
    const result = run('org2md', ['-o', path.join(dir, 'taken'), path.join(dir, 'note.org')], {
      cwd: dir,
    });
    expect(result.stderr).not.toContain('internal error');
    expect(result.status).toBe(2);
  });
});

describe('man', () => {
  it('converts a ~1 MB line dense with markup before the first heading (once a RangeError from s.out.push(...lines))', () => {
    const text = `${'word *bold* /it/ ~code~ [[https://x.y][l]] '.repeat(20_000)}\n`;
    expect(() =>
      convertSet(buildNoteSet([{ path: 'x.org', text }]), CONVERTERS.man!),
    ).not.toThrow();
  });
});

function writeTree(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    requireDir(path.dirname(file));
    writeFileSync(file, text);
  }
}

function requireDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
}
