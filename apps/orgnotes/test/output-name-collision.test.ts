/**
 * #+EXPORT_FILE_NAME (SPEC: (info "(org) Export Settings"); org-export-output-file-name) on a
 * small set (test/fixtures/output-name-collision/notes): a note renamed into a directory of its
 * own, linked from another; two notes on one name, a name taking another note's mirrored one,
 * a note's page taking the index page's; a name leaving the output directory. Every collision
 * is an error naming both sides, decided before anything is written: neither side is written,
 * in the formats where they collide, and what was there is neither overwritten nor removed.
 */
import { existsSync, readdirSync } from 'node:fs';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Graph } from '@orgnotes/json';
import { project, run, tree } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join(here, 'fixtures/output-name-collision');

async function notes(): Promise<string> {
  const dir = await project({}, false);
  await cp(path.join(fixture, 'notes'), path.join(dir, 'notes'), { recursive: true });
  return dir;
}

/** Every file under `dir`, relative (the manifests too), or none when it does not exist. */
function everyFile(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

describe('#+EXPORT_FILE_NAME and notes colliding on one output name', async () => {
  const dir = await notes();
  const result = await run('orgnotes', ['export', '-o', 'out', 'notes'], dir);
  const outputs = await tree(path.join(dir, 'out'));

  it('fails with an output-collision error at each colliding note, naming both sources (a usage error, exit 2, for the note on the index page)', async () => {
    expect(result.code).toBe(2);
    await expect(result.stderr).toMatchFileSnapshot(path.join(fixture, 'expected.diagnostics.txt'));
    for (const [note, line, other] of [
      ['alpha.org', 2, 'beta.org'],
      ['beta.org', 2, 'alpha.org'],
      ['gamma.org', 5, 'delta.org'],
      ['delta.org', 1, 'gamma.org'],
    ] as const)
      for (const [format, file] of [
        ['markdown', 'md'],
        ['json', 'json'],
        ['anki', 'csv'],
        ['man', '7'],
      ])
        expect(result.stderr).toContain(
          `notes/${note}:${line}:1: error: out/${format}/${note === 'alpha.org' || note === 'beta.org' ? 'same' : 'delta'}.${file} would be the output of both ${note} and ${other}`,
        );
    expect(result.stderr).toContain(
      "notes/contents.org:2:1: error: out/markdown/index.md would be the output of both contents.org and org2md's index.md",
    );
    expect(result.stderr).toContain(
      'notes/escape.org:2:1: error: #+EXPORT_FILE_NAME: ../../outside leaves the output directory',
    );
  });

  it('writes neither side of a collision, in any format where they collide, and nothing outside', () => {
    for (const file of Object.keys(outputs))
      expect(file).not.toMatch(/(?:^|\/)(?:same|delta|escape|outside)\.|^markdown\/index\.md$/);
    // Only Markdown has an index page: contents.org is written as index.* in the others.
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining(['json/index.json', 'anki/index.csv', 'man/index.7']),
    );
    // graph.json lists a note's outputs only where the run wrote them.
    const graph = JSON.parse(outputs['json/graph.json']!) as Graph;
    for (const node of graph.nodes)
      for (const [format, output] of Object.entries(node.outputs))
        expect(outputs, `${node.path}: ${format}`).toHaveProperty([`${format}/${output}`]);
    expect(graph.nodes.find((node) => node.path === 'contents.org')!.outputs).not.toHaveProperty(
      'markdown',
    );
    // ../../outside from out/<format>/ (the project) or from the notes' root (above it).
    for (const where of [dir, path.dirname(dir)])
      for (const extension of ['md', 'json', 'csv', '7'])
        expect(existsSync(path.join(where, `outside.${extension}`))).toBe(false);
  });

  it('writes each output as expected: the renamed note where its name says, linked there', async () => {
    for (const [file, content] of Object.entries(outputs))
      await expect(content).toMatchFileSnapshot(path.join(fixture, 'expected', file));
    expect(Object.keys(outputs).sort()).toEqual(everyFile(path.join(fixture, 'expected')).sort());
    expect(outputs['markdown/linker.md']).toContain('[the fine note](renamed/fine-note.md)');
    expect(outputs['markdown/renamed/fine-note.md']).toContain('[Linker](../linker.md)');
  });

  it('says the same again in a warm run, and leaves a file already at a colliding path as it was, even with --clean', async () => {
    const again = await run('orgnotes', ['export', '-o', 'out', 'notes'], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(result.stderr);
    await mkdir(path.join(dir, 'out/markdown'), { recursive: true });
    await writeFile(path.join(dir, 'out/markdown/same.md'), 'written by hand\n');
    const cleaned = await run('orgnotes', ['export', '-o', 'out', 'notes', '--clean'], dir);
    expect(cleaned.code).toBe(2);
    expect(await readFile(path.join(dir, 'out/markdown/same.md'), 'utf8')).toBe(
      'written by hand\n',
    );
  });
});
