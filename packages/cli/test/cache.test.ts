import { mkdtemp, readdir, writeFile, mkdir, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { printOrg, readOrg, type ReadResult } from '@orgnotes/core';
import { seedFile } from '@orgnotes/vitest-config/corpus';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultCacheDir, ParseCache, toolFingerprint } from '../src/cache.js';
import { parseSources } from '../src/parse.js';
import {
  emptyState,
  stateFile,
  STATES_KEPT,
  trustedStamp,
  unchangedSince,
  writeState,
  type RunState,
} from '../src/state.js';

const seed = readFileSync(seedFile, 'utf8');

describe('the parse cache', () => {
  it('keys on the text, the parser options and the tool', () => {
    const a = new ParseCache('/c', 'tool-1');
    expect(a.key('* A\n', { path: 'a.org' })).toBe(a.key('* A\n', { path: 'a.org' }));
    expect(a.key('* A\n', { path: 'a.org' })).not.toBe(a.key('* B\n', { path: 'a.org' }));
    expect(a.key('* A\n', { path: 'a.org' })).not.toBe(a.key('* A\n', { path: 'b.org' }));
    expect(a.key('* A\n', { path: 'a.org' })).not.toBe(
      new ParseCache('/c', 'tool-2').key('* A\n', { path: 'a.org' }),
    );
    expect(a.file(a.key('x', {}))).toMatch(/^\/c\/[0-9a-f]{2}\/[0-9a-f]{62}\.json$/);
  });

  it('fingerprints the parser it runs with', () => {
    expect(toolFingerprint()).toMatch(/^[0-9a-f]{32}$/);
  });

  it('lives in node_modules/.cache/orgnotes of the nearest package', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orgnotes-cache-'));
    await mkdir(path.join(dir, 'a/b'), { recursive: true });
    await writeFile(path.join(dir, 'package.json'), '{}');
    expect(defaultCacheDir({ start: path.join(dir, 'a/b') })).toBe(
      path.join(dir, 'node_modules/.cache/orgnotes'),
    );
  });

  // Issue 16 item 18: the cache holds private notes, so outside a package it stays beside the
  // configuration or the output, never in ~/.cache.
  it('outside any package stays beside the configuration, else the output, else is not kept', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orgnotes-cache-'));
    await mkdir(path.join(dir, 'notes'), { recursive: true });
    const start = path.join(dir, 'notes');
    expect(defaultCacheDir({ start, configDir: dir, outDir: path.join(dir, 'site/out') })).toBe(
      path.join(dir, '.orgnotes-cache'),
    );
    expect(defaultCacheDir({ start, outDir: path.join(dir, 'site/out') })).toBe(
      path.join(dir, 'site/.orgnotes-cache'),
    );
    expect(defaultCacheDir({ start })).toBeNull();
  });

  it('gives back a model that prints the same bytes and equals a fresh parse', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orgnotes-cache-'));
    const cache = new ParseCache(dir);
    const sources = [{ path: 'docker.org', text: seed }];
    const cold = await parseSources(sources, { cache, jobs: 0 });
    expect(cold.parsed).toEqual(['docker.org']);
    const warm = await parseSources(sources, { cache, jobs: 0 });
    expect(warm).toMatchObject({ parsed: [], cacheHits: 1 });
    const fresh: ReadResult = readOrg(seed, { path: 'docker.org' });
    expect(warm.results[0]).toEqual(JSON.parse(JSON.stringify(fresh)));
    expect(printOrg(warm.results[0]!.document)).toBe(seed);
  });

  it('treats a damaged entry as a miss and repairs it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orgnotes-cache-'));
    const cache = new ParseCache(dir);
    const sources = [{ path: 'a.org', text: '* A\n' }];
    await parseSources(sources, { cache, jobs: 0 });
    const file = cache.file(cache.key('* A\n', { path: 'a.org' }));
    await writeFile(file, '{"document": ');
    expect((await parseSources(sources, { cache, jobs: 0 })).parsed).toEqual(['a.org']);
    expect((await parseSources(sources, { cache, jobs: 0 })).parsed).toEqual([]);
    expect(await readdir(path.dirname(file))).toEqual([path.basename(file)]);
  });

  it('keeps results in memory between runs (watch) without a cache directory', async () => {
    const memo = new Map<string, ReadResult>();
    const first = await parseSources(
      [
        { path: 'a.org', text: '* A\n' },
        { path: 'b.org', text: '* B\n' },
      ],
      { cache: null, memo, jobs: 0 },
    );
    expect(first.parsed).toEqual(['a.org', 'b.org']);
    const second = await parseSources(
      [
        { path: 'a.org', text: '* A\n' },
        { path: 'b.org', text: '* B2\n' },
      ],
      { cache: null, memo, jobs: 0 },
    );
    expect(second.parsed).toEqual(['b.org']);
    expect(memo.size).toBe(2);
  });
});

describe('the run state', () => {
  it("trusts a file's size and time only when it was last modified well before the run that read it", () => {
    const started = 1_000_000;
    expect(trustedStamp({ size: 10, mtimeMs: started - 60_000 }, started)).toEqual({
      size: 10,
      mtimeMs: started - 60_000,
    });
    // Modified during the run, or just before it: its time may not change with its next edit.
    expect(trustedStamp({ size: 10, mtimeMs: started - 500 }, started)).toBeUndefined();
    expect(trustedStamp({ size: 10, mtimeMs: started + 10 }, started)).toBeUndefined();
    const state: RunState = {
      ...emptyState(),
      documents: {
        'a.org': {
          key: 'k',
          stamp: { size: 10, mtimeMs: 5 },
          index: {
            id: null,
            idLine: 1,
            title: null,
            aliases: [],
            headings: [],
            names: [],
            anchors: [],
            links: [],
            includes: [],
            filetags: [],
            excludeTags: ['noexport'],
          },
          parse: [],
          depends: '',
          linkDepends: '',
          links: [],
          formats: {},
        },
      },
    };
    expect(unchangedSince(state, 'a.org', { size: 10, mtimeMs: 5 })).toBe(true);
    expect(unchangedSince(state, 'a.org', { size: 11, mtimeMs: 5 })).toBe(false);
    expect(unchangedSince(state, 'a.org', { size: 10, mtimeMs: 6 })).toBe(false);
    expect(unchangedSince(state, 'b.org', { size: 10, mtimeMs: 5 })).toBe(false);
  });
});

describe('run states', () => {
  it(`keeps the ${STATES_KEPT} most recently written in a cache directory`, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orgnotes-states-'));
    // A state of an earlier format (named .json) is among the oldest, and goes too.
    await mkdir(path.join(dir, 'runs'), { recursive: true });
    await writeFile(path.join(dir, 'runs', 'older-format.json'), '{}');
    await utimes(path.join(dir, 'runs', 'older-format.json'), 500, 500);
    for (let i = 0; i < STATES_KEPT + 3; i++) {
      await writeState(stateFile(dir, `key${String(i).padStart(2, '0')}`), emptyState());
      // Distinct modification times, oldest first.
      await utimes(stateFile(dir, `key${String(i).padStart(2, '0')}`), 1000 + i, 1000 + i);
    }
    await writeState(stateFile(dir, 'newest'), emptyState());
    const left = (await readdir(path.join(dir, 'runs'))).sort();
    expect(left).toHaveLength(STATES_KEPT);
    expect(left).toContain('newest.jsonl');
    expect(left).toContain(`key${STATES_KEPT + 2}.jsonl`);
    expect(left).not.toContain('key00.jsonl');
    expect(left).not.toContain('older-format.json');
  });
});
