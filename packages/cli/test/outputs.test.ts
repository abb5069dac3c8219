import { mkdtemp, readFile, stat, utimes, writeFile, mkdir, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MANIFEST, syncOutputs, type PlannedFile } from '../src/outputs.js';

const file = (p: string, content: string): PlannedFile => ({
  path: p,
  content,
  source: p.replace(/\.md$/, '.org'),
});
const options = {
  check: false,
  clean: false,
  inputFiles: new Set<string>(),
  generator: 'org2md',
  manifest: true,
};

async function tempDir() {
  return mkdtemp(path.join(os.tmpdir(), 'orgnotes-out-'));
}

describe('syncOutputs', () => {
  it('writes changed files only, so unchanged outputs keep their time stamps', async () => {
    const out = await tempDir();
    const first = await syncOutputs(out, [file('a.md', 'A\n'), file('sub/b.md', 'B\n')], options);
    expect(first.written.map((p) => path.basename(p))).toEqual(['a.md', 'b.md']);
    // A time stamp in the past, which a rewrite now could not keep (no sleeping, no clock).
    const past = new Date('2001-02-03T04:05:06Z');
    await utimes(path.join(out, 'a.md'), past, past);
    const before = (await stat(path.join(out, 'a.md'))).mtimeMs;
    expect(before).toBe(past.getTime());
    const second = await syncOutputs(out, [file('a.md', 'A\n'), file('sub/b.md', 'B2\n')], options);
    expect(second.written.map((p) => path.basename(p))).toEqual(['b.md']);
    expect(second.unchanged).toBe(1);
    expect((await stat(path.join(out, 'a.md'))).mtimeMs).toBe(before);
    expect(JSON.parse(await readFile(path.join(out, MANIFEST), 'utf8'))).toEqual({
      generator: 'org2md',
      files: ['a.md', 'sub/b.md'],
    });
  });

  it('--check writes nothing and lists what would change', async () => {
    const out = await tempDir();
    await syncOutputs(out, [file('a.md', 'A\n'), file('b.md', 'B\n')], options);
    const checked = await syncOutputs(
      out,
      [file('a.md', 'A\n'), file('b.md', 'B changed\n'), file('c.md', 'C\n')],
      { ...options, check: true },
    );
    expect(checked.stale.map((s) => [path.basename(s.path), s.reason])).toEqual([
      ['b.md', 'changed'],
      ['c.md', 'missing'],
    ]);
    expect(checked.written).toEqual([]);
    expect(await readFile(path.join(out, 'b.md'), 'utf8')).toBe('B\n');
    expect((await readdir(out)).sort()).toEqual([MANIFEST, 'a.md', 'b.md']);
  });

  it('--clean removes only earlier outputs whose source is gone, and only inside the directory', async () => {
    const out = await tempDir();
    await syncOutputs(out, [file('a.md', 'A\n'), file('old/gone.md', 'G\n')], options);
    await writeFile(path.join(out, 'mine.md'), 'not an output\n');
    // A manifest tampered to point outside is ignored.
    const manifest = JSON.parse(await readFile(path.join(out, MANIFEST), 'utf8')) as {
      files: string[];
    };
    await writeFile(
      path.join(out, MANIFEST),
      JSON.stringify({ ...manifest, files: [...manifest.files, '../escape.md'] }),
    );
    await writeFile(path.join(out, '../escape.md'), 'outside\n');
    const kept = await syncOutputs(out, [file('a.md', 'A\n')], options);
    expect(kept.removed).toEqual([]);
    const checked = await syncOutputs(out, [file('a.md', 'A\n')], {
      ...options,
      clean: true,
      check: true,
    });
    expect(checked.stale.map((s) => [path.basename(s.path), s.reason])).toEqual([
      ['gone.md', 'orphan'],
    ]);
    const cleaned = await syncOutputs(out, [file('a.md', 'A\n')], { ...options, clean: true });
    expect(cleaned.removed.map((p) => path.basename(p))).toEqual(['gone.md']);
    expect((await readdir(out)).sort()).toEqual([MANIFEST, 'a.md', 'mine.md']);
    expect(await readFile(path.join(out, '../escape.md'), 'utf8')).toBe('outside\n');
  });

  it('refuses outputs outside the directory, over an input, or twice at one path', async () => {
    const out = await tempDir();
    await mkdir(out, { recursive: true });
    const input = path.join(out, 'x.md');
    await writeFile(input, 'input\n');
    const result = await syncOutputs(
      out,
      [
        file('../x.md', 'X'),
        file('x.md', 'X'),
        file('y.md', '1'),
        { path: 'y.md', content: '2', source: 'z.org' },
      ],
      { ...options, inputFiles: new Set([input]) },
    );
    expect(result.diagnostics.map((d) => d.rule)).toEqual([
      'output-outside',
      'output-is-input',
      'output-collision',
    ]);
    expect(await readFile(input, 'utf8')).toBe('input\n');
  });

  it('writes a shared file (a picture several notes link) once, without a collision', async () => {
    const out = await tempDir();
    const picture = (source: string): PlannedFile => ({
      path: 'media/img.png',
      content: 'PNG',
      source,
      shared: true,
    });
    const result = await syncOutputs(out, [picture('a.org'), picture('b.org')], options);
    expect(result.diagnostics).toEqual([]);
    expect(result.written).toEqual([path.relative(process.cwd(), path.join(out, 'media/img.png'))]);
    expect(await readFile(path.join(out, 'media/img.png'), 'utf8')).toBe('PNG');
  });
});
