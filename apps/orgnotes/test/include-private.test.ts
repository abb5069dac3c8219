/**
 * Issue 14 §3–4 on a small knowledge base (test/fixtures/include-private/notes): #+INCLUDE
 * with each option and macros with arguments, expanded for Markdown, man and Anki but not
 * for JSON; a private note that others link to and a private heading, kept out of every
 * published format. Run as a user runs it: `orgnotes export` in a temporary project.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { project, run, tree } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join(here, 'fixtures/include-private');

/**
 * The fixture has an index.org, whose index.md would clash with the index page: the files of
 * the whole set (index, tag pages, graph) are the knowledge-base tests' subject, left out here.
 */
const CONFIG = JSON.stringify({
  inputs: ['notes'],
  options: { markdown: { 'index-page': 'none', 'tag-pages': 'none' }, json: { graph: false } },
});

async function knowledgeBase(files: Record<string, string> = {}): Promise<string> {
  const dir = await project({ 'orgnotes.config.json': CONFIG, ...files }, false);
  await cp(path.join(fixture, 'notes'), path.join(dir, 'notes'), { recursive: true });
  return dir;
}

/** What of the private note and the private heading could leak: titles, paths, IDs, text. */
const PRIVATE_TRACES =
  /Secret diary|private\.(?:md|7|csv|json|org)|Nothing for anyone|4f6c1d2e|Salary|public-salary|what I earn is/;

describe('includes, macros and private notes in every format', async () => {
  const dir = await knowledgeBase();
  const result = await run('orgnotes', ['export', '-o', 'out', 'notes'], dir);
  const outputs = await tree(path.join(dir, 'out'));

  it('exports without errors, reporting the undefined macro and each link to something private', async () => {
    expect(result.code).toBe(0);
    await expect(result.stderr).toMatchFileSnapshot(path.join(fixture, 'expected.diagnostics.txt'));
    expect(result.stderr.match(/\(link-to-private\)/g)).toHaveLength(5);
  });

  it('writes each output as expected', async () => {
    for (const [file, content] of Object.entries(outputs)) {
      await expect(content).toMatchFileSnapshot(path.join(fixture, 'expected', file));
    }
    // No expected file is left without an output.
    const expected: string[] = [];
    const walk = (sub: string) => {
      for (const entry of readdirSync(path.join(fixture, 'expected', sub), {
        withFileTypes: true,
      })) {
        const rel = sub ? `${sub}/${entry.name}` : entry.name;
        if (entry.isDirectory()) walk(rel);
        else expected.push(rel);
      }
    };
    walk('');
    expect(Object.keys(outputs).sort()).toEqual(expected.sort());
  });

  it('leaves no trace of the private note or heading in Markdown, man pages or Anki', () => {
    const published = Object.entries(outputs).filter(([file]) => !file.startsWith('json/'));
    expect(published.length).toBeGreaterThan(0);
    for (const [file, content] of published)
      expect([file, PRIVATE_TRACES.exec(content)?.[0]]).toEqual([file, undefined]);
  });

  it('writes no JSON for the private note, and the lossless model for the others', () => {
    expect(Object.keys(outputs).filter((f) => f.includes('private'))).toEqual([]);
    // JSON keeps the source unexpanded: the include keyword, the macro call, the excluded subtree.
    const includes = JSON.stringify(JSON.parse(outputs['json/includes.json']!));
    expect(includes).toContain('"key":"INCLUDE"');
    expect(includes).toContain('"type":"macro","key":"greeting","arguments":"reader"');
    expect(outputs['json/public.json']).toContain('Salary');
  });

  it('expands a macro call as one object: never sub/superscript or emphasis (issue 16)', () => {
    const markdown = outputs['markdown/index.md']!;
    expect(markdown).toContain('[Emacs](https://example.org/topics/Emacs)');
    expect(markdown).toContain('[Org mode](https://example.org/topics/org_mode)');
    expect(markdown).not.toContain('<sub>');
    // An undefined macro keeps its text, underscores and stars included.
    expect(markdown).toContain('{{{undefined_thing(a_b,^c,\\*d\\*)}}}');
  });

  it('writes man pages that mandoc finds no fault with', () => {
    for (const file of Object.keys(outputs).filter((f) => f.startsWith('man/'))) {
      const lint = execFileSync(
        'mandoc',
        ['-T', 'lint', '-W', 'warning', path.join(dir, 'out', file)],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
      expect([file, lint]).toEqual([file, '']);
    }
  });

  it('writes the private note as JSON when the configuration says json.privateFiles', async () => {
    const other = await knowledgeBase({
      'orgnotes.config.json': JSON.stringify({
        ...JSON.parse(CONFIG),
        json: { privateFiles: true },
      }),
    });
    const again = await run('orgnotes', ['export', '-o', 'out', 'notes'], other);
    expect(again.code).toBe(0);
    expect(existsSync(path.join(other, 'out/json/private.json'))).toBe(true);
    expect(existsSync(path.join(other, 'out/markdown/private.md'))).toBe(false);
  });

  it('re-exports the includer in a warm run when a file it includes through another changes', async () => {
    const warmDir = await knowledgeBase();
    await run('orgnotes', ['export', '-o', 'out', 'notes', '--reporter', 'json'], warmDir);
    const unchanged = await run(
      'orgnotes',
      ['export', '-o', 'out', 'notes', '--reporter', 'json'],
      warmDir,
    );
    expect(
      (JSON.parse(unchanged.stdout) as { summary: { converted: number } }).summary.converted,
    ).toBe(0);
    await writeFile(path.join(warmDir, 'notes/parts/footer.org'), 'Footer text, edited.\n');
    const warm = await run(
      'orgnotes',
      ['export', '-o', 'out', 'notes', '--reporter', 'json'],
      warmDir,
    );
    const summary = (JSON.parse(warm.stdout) as { summary: { converted: number } }).summary;
    // footer.org itself, intro.org that includes it, and includes.org that includes intro.org.
    expect(summary.converted).toBe(3);
    expect(readFileSync(path.join(warmDir, 'out/markdown/includes.md'), 'utf8')).toContain(
      'Footer text, edited.',
    );
  });
});
