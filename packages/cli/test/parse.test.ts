import { mkdtemp } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildNoteSet, type NoteSource } from '@orgnotes/core';
import { seedFile } from '@orgnotes/vitest-config/corpus';
import { describe, expect, it } from 'vitest';
import { ParseCache } from '../src/cache.js';
import { parseSources } from '../src/parse.js';
import { workerCount } from '../src/pool.js';

const seed = readFileSync(seedFile, 'utf8');

/** A small linked set: ids across files, a broken link, a duplicate id, a file link. */
function sources(): NoteSource[] {
  const files: NoteSource[] = [{ path: 'docker.org', text: seed }];
  for (let i = 0; i < 12; i++) {
    files.push({
      path: `n/${String(i).padStart(2, '0')}.org`,
      text: `#+TITLE: Note ${i}\n* Heading ${i}\n:PROPERTIES:\n:ID: id-${i}\n:END:\nSee [[id:id-${(i + 1) % 12}][next]], [[id:missing-${i}]] and [[file:../docker.org][docker]].\n${i === 3 ? '* Dup\n:PROPERTIES:\n:ID: id-2\n:END:\n' : ''}`,
    });
  }
  return files;
}

describe('one parse per file', () => {
  it('reads a source given without its text through textOf, here and in workers', async () => {
    const input = sources();
    const expected = await parseSources(input, { cache: null, jobs: 0 });
    const byPath = new Map(input.map((source) => [source.path, source.text]));
    const asked: string[] = [];
    const textOf = (source: NoteSource) => {
      asked.push(source.path);
      return byPath.get(source.path)!;
    };
    const sizeOf = (source: NoteSource) => byPath.get(source.path)!.length;
    const withoutTexts = input.map((source) => ({ ...source, text: '' }));
    for (const jobs of [0, 2]) {
      asked.length = 0;
      const read = await parseSources(withoutTexts, { cache: null, jobs, textOf, sizeOf });
      expect(JSON.parse(JSON.stringify(read.results))).toEqual(
        JSON.parse(JSON.stringify(expected.results)),
      );
      // Each text is asked for once: it is decoded again at each call.
      expect(asked.sort()).toEqual(input.map((source) => source.path).sort());
    }
  });

  it('builds the same note set from parsed (and cached) documents as buildNoteSet', async () => {
    const input = sources();
    const root = '/notes';
    const expected = buildNoteSet(input, { root, fileExists: () => false });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orgnotes-parse-'));
    await parseSources(input, { cache: new ParseCache(dir), jobs: 0 });
    const cached = await parseSources(input, { cache: new ParseCache(dir), jobs: 0 });
    expect(cached.cacheHits).toBe(input.length);
    const notes = buildNoteSet(
      input.map((source, i) => ({ ...source, parsed: cached.results[i]! })),
      { root, fileExists: () => false },
    );
    expect(notes.documents.map((d) => d.path)).toEqual(expected.documents.map((d) => d.path));
    expect(notes.diagnostics).toEqual(expected.diagnostics);
    expect(notes.diagnostics.some((d) => d.rule === 'duplicate-id')).toBe(true);
    const first = notes.documents.find((d) => d.path === 'n/00.org')!;
    expect(notes.backlinks(notes.byId('id-1')!.heading!).map((b) => b.from.path)).toEqual([
      'n/00.org',
    ]);
    expect(notes.absolutePath(first)).toBeNull();
  });

  it('parses in worker threads to the same results as on the main thread', async () => {
    const input = sources();
    const here = await parseSources(input, { cache: null, jobs: 0 });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orgnotes-parse-'));
    const there = await parseSources(input, { cache: new ParseCache(dir), jobs: 2 });
    expect(there.workers).toBe(2);
    expect(JSON.parse(JSON.stringify(there.results))).toEqual(
      JSON.parse(JSON.stringify(here.results)),
    );
    // The workers filled the cache.
    expect((await parseSources(input, { cache: new ParseCache(dir), jobs: 0 })).cacheHits).toBe(
      input.length,
    );
  });

  it('starts workers only for sets big enough to pay for them', () => {
    expect(workerCount(10, 10_000_000, undefined)).toBe(0);
    expect(workerCount(1000, 1000, undefined)).toBe(0);
    expect(workerCount(5, 0, 3)).toBe(3);
    expect(workerCount(2, 0, 8)).toBe(2);
    // As many as the cores this process may use (taskset -c 0: one, so none).
    expect(workerCount(380, 9_000_000, undefined, 2)).toBe(0);
    expect(workerCount(1520, 35_000_000, undefined, 2)).toBe(2);
    expect(workerCount(1520, 35_000_000, undefined, 1)).toBe(0);
  });
});
