/**
 * A page named after an org-roam slug of 120 characters (fixtures/long-name): its NAME line
 * must break inside the name for groff, and lexgrog (what mandb indexes) must still read the
 * exact name and description from it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { lintPages, missingLinters, renderText } from './oracle.js';

const fixtureDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'long-name');
const name = readdirSync(fixtureDir)
  .find((file) => file.endsWith('.org'))!
  .replace(/\.org$/, '');
const pageFile = `${name}.7`;
const description =
  'The long road to understanding how org-roam slugs grow past one hundred and twenty characters in practice';
// Read lazily: a missing golden page fails the tests below, not the collection of this file.
const page = () => readFileSync(path.join(fixtureDir, 'expected.7'), 'utf8');

/** Runs a command on the page written to a temporary file; returns its output and the file's path. */
async function onPage(
  content: string,
  command: string,
  args: string[],
): Promise<{ stdout: string; stderr: string; file: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'org2man-long-name-'));
  const file = path.join(dir, pageFile);
  try {
    writeFileSync(file, content);
    const { stdout, stderr } = await promisify(execFile)(command, [...args, file], {
      encoding: 'utf8',
    }).catch((error: { stdout: string; stderr: string }) => error);
    return { stdout, stderr, file };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(missingLinters.length > 0)(
  `a name of 120 characters${missingLinters.length ? ` (skipped: ${missingLinters} not installed)` : ''}`,
  () => {
    it('is the name the fixture is about', () => {
      expect(name.length).toBeGreaterThanOrEqual(120);
      expect(page()).toContain('.SH NAME\n');
    });

    it('passes mandoc -T lint, groff -ww, man -l and lexgrog without a message', async () => {
      const messages = await lintPages([{ name: pageFile, content: page() }]);
      expect(messages.get(pageFile)).toEqual([]);
    });

    it('gives lexgrog the exact name and description (no break-point character in the name)', async () => {
      const { stdout, file } = await onPage(page(), 'lexgrog', []);
      expect(stdout).toBe(`${file}: "${name} - ${description}"\n`);
    });

    it('needs its break points: without them groff -ww cannot break the NAME line', async () => {
      const unbreakable = page().replace(/^\.cflags .*\n/gm, '');
      expect(unbreakable).not.toBe(page());
      const { stderr } = await onPage(unbreakable, 'groff', ['-t', '-man', '-ww', '-z']);
      expect(stderr).toContain("can't break line");
    });

    it('breaks the name after an underscore in `man -l` at 80 columns, adding no character', async () => {
      const text = await renderText(page());
      const nameSection = text.slice(text.indexOf('NAME\n') + 5, text.indexOf('\nDESCRIPTION'));
      const lines = nameSection
        .trim()
        .split('\n')
        .map((line) => line.trim());
      expect(lines[0]).toMatch(/_$/);
      expect(lines.join(' ').replace(/_ /g, '_')).toContain(
        `${name} - ${description.split(' ')[0]}`,
      );
    });

    it('leaves code elsewhere on the page unbreakable at a minus: the flags are reset after NAME', () => {
      const lines = page().split('\n');
      const set = lines.indexOf('.cflags 4 _\\-');
      expect(lines.slice(set, set + 3)).toEqual([
        '.cflags 4 _\\-',
        expect.stringMatching(/^20210519143015\\-the_long_road/),
        '.cflags 0 _\\-',
      ]);
      expect(lines.filter((line) => line.startsWith('.cflags'))).toHaveLength(2);
    });
  },
);
