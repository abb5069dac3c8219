/**
 * Publishing a knowledge base with `orgnotes export` (issue 14): backlinks, media, index and
 * graph kept up to date by the incremental engine, and the set's files never overwriting a
 * note's own.
 */
import { existsSync } from 'node:fs';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReportJson } from '@orgnotes/cli';
import { validateGraph, type Graph } from '@orgnotes/json';
import { repoRoot } from '@orgnotes/vitest-config/corpus';
import { gitIn } from '@orgnotes/vitest-config/git';
import { project, run, tree } from './helpers.js';

/** The knowledge base every format's tests share (beta.org has an #+EXPORT_FILE_NAME). */
const KNOWLEDGE_BASE = path.join(repoRoot, 'apps/markdown/test/fixtures/knowledge-base/input');

const A =
  ':PROPERTIES:\n:ID: a\n:END:\n#+title: A\n#+filetags: :kb:\n\n* Text\nNo links yet. [[file:img.png]]\n';
const B = ':PROPERTIES:\n:ID: b\n:END:\n#+title: B\n#+filetags: :kb:\n\n* Text\nAlone.\n';
const PNG = (byte: number) => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, byte]);

async function exportJson(dir: string, ...args: string[]): Promise<ReportJson> {
  const result = await run(
    'orgnotes',
    ['export', '--reporter', 'json', '-f', 'markdown,json', ...args],
    dir,
  );
  return JSON.parse(result.stdout) as ReportJson;
}

describe('a knowledge base through orgnotes export', () => {
  it("a new link in note A changes note B's backlinks in a warm run, to the bytes of a cold run", async () => {
    const dir = await project({ 'notes/a.org': A, 'notes/b.org': B, 'notes/img.png': '' }, false);
    await writeFile(path.join(dir, 'notes/img.png'), PNG(1));
    const cold = await exportJson(dir);
    expect(cold.summary).toMatchObject({ files: 2, converted: 2 });
    expect(await readFile(path.join(dir, 'dist/markdown/b.md'), 'utf8')).not.toContain('Backlinks');
    expect(await exportJson(dir)).toMatchObject({ summary: { converted: 0, written: [] } });

    await writeFile(
      path.join(dir, 'notes/a.org'),
      A.replace('No links yet.', 'Now links to [[id:b][B]].'),
    );
    const warm = await exportJson(dir);
    expect(warm.summary).toMatchObject({ parsed: ['notes/a.org'], converted: 2 });
    expect(warm.summary.written).toEqual(
      expect.arrayContaining(['dist/markdown/a.md', 'dist/markdown/b.md', 'dist/json/graph.json']),
    );
    expect(await readFile(path.join(dir, 'dist/markdown/b.md'), 'utf8')).toContain(
      '\n## Backlinks\n\n- [A](a.md#text)\n',
    );
    const graph = JSON.parse(
      await readFile(path.join(dir, 'dist/json/graph.json'), 'utf8'),
    ) as unknown;
    expect(validateGraph(graph)).toEqual([]);
    expect(graph).toMatchObject({ edges: [{ source: 'a', target: 'b', kind: 'id' }] });
    expect(
      (await run('orgnotes', ['export', '--no-cache', '-f', 'markdown,json', '-o', 'fresh'], dir))
        .code,
    ).toBe(0);
    expect(await tree(path.join(dir, 'dist'))).toEqual(await tree(path.join(dir, 'fresh')));

    // The link moves into a :noexport: subtree: B has no backlink any more, nor the graph an edge.
    await writeFile(
      path.join(dir, 'notes/a.org'),
      A.replace('No links yet.', 'Text.\n** Draft :noexport:\nNow links to [[id:b][B]].'),
    );
    expect((await exportJson(dir)).summary).toMatchObject({
      parsed: ['notes/a.org'],
      converted: 2,
    });
    expect(await readFile(path.join(dir, 'dist/markdown/b.md'), 'utf8')).not.toContain('Backlinks');
    expect(
      JSON.parse(await readFile(path.join(dir, 'dist/json/graph.json'), 'utf8')),
    ).toMatchObject({ edges: [] });
  });

  it('an edit that changes nothing the index, tag pages or graph show keeps them; a new title or tag remakes them, to the bytes of a cold run', async () => {
    const dir = await project({ 'notes/a.org': A, 'notes/b.org': B }, false);
    await exportJson(dir);
    const setFiles = ['dist/markdown/index.md', 'dist/markdown/tags/kb.md', 'dist/json/graph.json'];

    await writeFile(path.join(dir, 'notes/a.org'), `${A}* Another heading\nMore text.\n`);
    const body = await exportJson(dir);
    expect(body.summary).toMatchObject({ parsed: ['notes/a.org'], converted: 1 });
    expect(body.summary.written.sort()).toEqual(['dist/json/a.json', 'dist/markdown/a.md']);

    await writeFile(
      path.join(dir, 'notes/a.org'),
      `${A.replace('#+title: A', '#+title: A renamed').replace(':kb:', ':kb:new:')}* Another heading\n`,
    );
    const renamed = await exportJson(dir);
    expect(renamed.summary.written).toEqual(
      expect.arrayContaining([...setFiles, 'dist/markdown/tags/new.md']),
    );
    expect(await readFile(path.join(dir, 'dist/markdown/index.md'), 'utf8')).toContain(
      '[A renamed](a.md)',
    );
    expect(
      (await run('orgnotes', ['export', '--no-cache', '-f', 'markdown,json', '-o', 'fresh'], dir))
        .code,
    ).toBe(0);
    expect(await tree(path.join(dir, 'dist'))).toEqual(await tree(path.join(dir, 'fresh')));
  });

  it('copies linked media beside the pages, again when replaced; --check reports a stale copy, --clean removes one whose source is gone', async () => {
    const dir = await project({ 'notes/a.org': A, 'notes/b.org': B }, false);
    await writeFile(path.join(dir, 'notes/img.png'), PNG(1));
    await exportJson(dir);
    expect(await readFile(path.join(dir, 'dist/markdown/img.png'))).toEqual(PNG(1));
    expect(await readFile(path.join(dir, 'dist/markdown/index.md'), 'utf8')).toContain(
      '- [A](a.md) · [`kb`](tags/kb.md)',
    );

    await writeFile(path.join(dir, 'notes/img.png'), PNG(2));
    const check = await run('orgnotes', ['export', '--check', '-f', 'markdown,json'], dir);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('dist/markdown/img.png');
    const replaced = await exportJson(dir);
    expect(replaced.summary.written).toEqual(['dist/markdown/img.png']);
    expect(await readFile(path.join(dir, 'dist/markdown/img.png'))).toEqual(PNG(2));

    await writeFile(path.join(dir, 'notes/a.org'), A.replace(' [[file:img.png]]', ''));
    await rm(path.join(dir, 'notes/img.png'));
    await exportJson(dir, '--clean');
    expect(existsSync(path.join(dir, 'dist/markdown/img.png'))).toBe(false);
  });

  it('a note whose output is the index page is a usage error naming both (exit 2), and neither is written', async () => {
    const dir = await project({ 'notes/index.org': B }, false);
    const result = await run('orgnotes', ['export', '-f', 'markdown'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "notes/index.org:1:1: error: dist/markdown/index.md would be the output of both index.org and org2md's index.md (the set's index",
    );
    expect(result.stderr).toContain('(set-name-taken)');
    expect(existsSync(path.join(dir, 'dist/markdown/index.md'))).toBe(false);
    const renamed = await run(
      'orgnotes',
      ['export', '-f', 'markdown', '--option', 'markdown.index-page=all-notes.md'],
      dir,
    );
    expect(renamed.code).toBe(0);
    expect(existsSync(path.join(dir, 'dist/markdown/all-notes.md'))).toBe(true);
  });

  it('--lastmod=git: a warm run re-exports a note when a new commit changes its date, and when the option is switched', async () => {
    const dir = await project({ 'notes/a.org': A, 'notes/b.org': B }, false);
    // Commits with fixed dates, so that nothing depends on the clock.
    const git = gitIn(dir);
    git(['init', '-q']);
    git(['add', 'notes']);
    git(['commit', '-q', '-m', 'first'], '2024-01-02T03:04:05+00:00');
    const lastmod = async (file: string) =>
      /^lastmod: (.*)$/m.exec(await readFile(path.join(dir, 'dist/markdown', file), 'utf8'))?.[1];
    const exportMarkdown = async (...args: string[]) => {
      const result = await run(
        'orgnotes',
        ['export', '--reporter', 'json', '-f', 'markdown', ...args],
        dir,
      );
      return (JSON.parse(result.stdout) as ReportJson).summary;
    };
    const GIT = ['--option', 'markdown.lastmod=git'];

    expect(await exportMarkdown()).toMatchObject({ converted: 2 });
    expect(await lastmod('a.md')).toBeUndefined();
    // Switching the option on converts every note again: their lastmod comes from git now.
    expect(await exportMarkdown(...GIT)).toMatchObject({ converted: 2 });
    expect(await lastmod('a.md')).toBe('2024-01-02T03:04:05+00:00');
    expect(await exportMarkdown(...GIT)).toMatchObject({ converted: 0, written: [] });

    // A.org edited and exported before it is committed: still the first commit's date.
    await writeFile(path.join(dir, 'notes/a.org'), A.replace('No links yet.', 'Edited.'));
    expect(await exportMarkdown(...GIT)).toMatchObject({ converted: 1 });
    expect(await lastmod('a.md')).toBe('2024-01-02T03:04:05+00:00');
    // The commit changes no text, only a.org's last commit date: a.md alone is converted again.
    git(['commit', '-q', '-am', 'second'], '2024-05-06T07:08:09+00:00');
    expect(await exportMarkdown(...GIT)).toMatchObject({
      converted: 1,
      written: ['dist/markdown/a.md'],
    });
    expect(await lastmod('a.md')).toBe('2024-05-06T07:08:09+00:00');
    expect(await lastmod('b.md')).toBe('2024-01-02T03:04:05+00:00');

    // Switching it off again: the keyword (none here), not a stale commit date.
    expect(await exportMarkdown()).toMatchObject({ converted: 2 });
    expect(await lastmod('a.md')).toBeUndefined();
  });

  it("man pages are dated by their note's last commit: a commit re-exports the pages of the notes it touched, not every page", async () => {
    const dir = await project({ 'notes/a.org': A, 'notes/b.org': B }, false);
    const git = gitIn(dir);
    const exportMan = async () => {
      // No SOURCE_DATE_EPOCH (which the helper sets): the dates come from git.
      const result = await run('orgnotes', ['export', '--reporter', 'json', '-f', 'man'], dir, {
        SOURCE_DATE_EPOCH: '',
      });
      return (JSON.parse(result.stdout) as ReportJson).summary;
    };
    const dateOf = async (page: string) =>
      /^\.TH \S+ \S+ "([^"]*)"/m.exec(
        await readFile(path.join(dir, 'dist/man', page), 'utf8'),
      )?.[1];
    git(['init', '-q'], '2024-01-02T03:04:05+00:00');
    git(['add', 'notes'], '2024-01-02T03:04:05+00:00');
    git(['commit', '-q', '-m', 'first'], '2024-01-02T03:04:05+00:00');
    expect(await exportMan()).toMatchObject({ converted: 2 });
    expect([await dateOf('a.7'), await dateOf('b.7')]).toEqual(['2024-01-02', '2024-01-02']);

    await writeFile(path.join(dir, 'notes/a.org'), A.replace('No links yet.', 'Edited.'));
    git(['commit', '-q', '-am', 'second'], '2024-05-06T07:08:09+00:00');
    // A commit touching only a.org: b.7 keeps its page and its date.
    expect(await exportMan()).toMatchObject({ converted: 1, written: ['dist/man/a.7'] });
    expect([await dateOf('a.7'), await dateOf('b.7')]).toEqual(['2024-05-06', '2024-01-02']);
  });

  it('graph.json gives each note its output in every format, where the export wrote it (#+EXPORT_FILE_NAME followed)', async () => {
    const dir = await project({}, false);
    await cp(KNOWLEDGE_BASE, path.join(dir, 'notes'), { recursive: true });
    const result = await run('orgnotes', ['export', '-o', 'out'], dir);
    expect(result.code).toBe(0);
    const graph = JSON.parse(
      await readFile(path.join(dir, 'out/json/graph.json'), 'utf8'),
    ) as Graph;
    expect(validateGraph(graph)).toEqual([]);
    const beta = graph.nodes.find((node) => node.path === 'beta.org')!;
    expect(beta.outputs).toEqual({
      json: 'guides/beta-guide.json',
      markdown: 'guides/beta-guide.md',
      anki: 'guides/beta-guide.csv',
      man: 'guides/beta-guide.7',
    });
    const written = await tree(path.join(dir, 'out'));
    for (const node of graph.nodes) {
      expect(Object.keys(node.outputs).sort(), node.path).toEqual([
        'anki',
        'json',
        'man',
        'markdown',
      ]);
      for (const [format, output] of Object.entries(node.outputs))
        expect(written, `${node.path}: ${format}`).toHaveProperty([`${format}/${output}`]);
    }
  });
});
