import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readOrg, type Document } from '@orgnotes/core';
import { seedFile } from '@orgnotes/vitest-config/corpus';
import { describe, expect, it } from 'vitest';
import { cacheKey } from '../src/cache.js';
import { DocumentStore, readOptionsOf, reloadDocument } from '../src/store.js';
import { WorkerPool } from '../src/pool.js';

const seed = readFileSync(seedFile, 'utf8');

/** A store over documents of the given sizes that counts how often each is read back. */
function storeOf(sizes: Record<string, number>, budget: number) {
  const loads: string[] = [];
  const documents = Object.fromEntries(
    Object.keys(sizes).map((p) => [p, readOrg(`#+TITLE: ${p}\n`, { path: p }).document]),
  );
  const store = new DocumentStore(
    (p) => {
      loads.push(p);
      return { document: structuredClone(documents[p]!), diagnostics: [] };
    },
    (p) => sizes[p] ?? 0,
    budget,
  );
  return { store, loads, documents };
}

describe('the document store', () => {
  it('keeps the first documents parsed until they are converted, so a set over the budget reads each other one back once', () => {
    const paths = ['a', 'b', 'c', 'd', 'e', 'f'];
    const { store, loads, documents } = storeOf(Object.fromEntries(paths.map((p) => [p, 3])), 10);
    for (const p of paths) store.put(p, documents[p]!);
    for (const p of paths)
      store.with(p, (document: Document) => expect(document.meta.title).toBe(p));
    // Plain LRU would have dropped a, b and c for d, e and f, then read every one back.
    expect(loads).toEqual(['d', 'e', 'f']);
  });

  it('keeps a document many others link to instead of reading it back for each of them', () => {
    const paths = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const { store, loads, documents } = storeOf(
      { ...Object.fromEntries(paths.map((p) => [p, 2])), target: 4 },
      12,
    );
    for (const p of paths) store.put(p, documents[p]!);
    for (const p of paths) store.with(p, () => store.get('target'));
    expect(loads.filter((p) => p === 'target')).toEqual(['target']);
    // Every document was still converted from the object read for it.
    expect(loads.filter((p) => p !== 'target').length).toBeLessThanOrEqual(paths.length - 3);
  });

  it('lets converted documents go before a link target', () => {
    const { store, loads, documents } = storeOf({ a: 3, b: 3, c: 3, d: 3, hub: 3 }, 9);
    for (const p of ['a', 'b', 'c', 'd']) store.put(p, documents[p]!);
    store.with('a', () => store.get('hub'));
    for (const p of ['b', 'c', 'd']) store.with(p, () => undefined);
    store.get('hub');
    expect(loads.filter((p) => p === 'hub')).toEqual(['hub']);
  });

  it('gives the document being converted to links to itself, even when the budget cannot hold it', () => {
    const { store, documents } = storeOf({ big: 100 }, 10);
    store.put('big', documents.big!);
    store.with('big', (document) => expect(store.get('big')).toBe(document));
  });
});

describe('reading a dropped document again', () => {
  const salt = 'test-salt';
  const text = '#+TITLE: Original\n* Heading\n';
  const keyOf = (t: string) => cacheKey(t, readOptionsOf({ path: 'a.org' }), salt);

  async function stored(files: { cached?: string; onDisk?: string }) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orgnotes-reload-'));
    const cacheFile = files.cached === undefined ? null : path.join(dir, 'entry.json');
    if (cacheFile) await writeFile(cacheFile, files.cached!);
    const absolutePath = files.onDisk === undefined ? null : path.join(dir, 'a.org');
    if (absolutePath) await writeFile(absolutePath, files.onDisk!);
    return { key: keyOf(text), cacheFile, absolutePath };
  }

  it('takes the parse cache entry first', async () => {
    const entry = JSON.stringify(readOrg('#+TITLE: From the cache\n', { path: 'a.org' }));
    const result = reloadDocument(
      'a.org',
      await stored({ cached: entry, onDisk: text }),
      salt,
      text,
    );
    expect(result.document.meta.title).toBe('From the cache');
  });

  it('parses the text the caller still has when the entry is damaged', async () => {
    const result = reloadDocument('a.org', await stored({ cached: '{"document": ' }), salt, text);
    expect(result).toEqual(readOrg(text, { path: 'a.org' }));
  });

  it('reads the file again only when it still holds the text the run read', async () => {
    expect(reloadDocument('a.org', await stored({ onDisk: text }), salt).document.meta.title).toBe(
      'Original',
    );
    const edited = await stored({ onDisk: '#+TITLE: Edited since\n' });
    expect(() => reloadDocument('a.org', edited, salt)).toThrow(
      'a.org changed while it was being exported; export again',
    );
  });

  it('cannot read standard input again', async () => {
    const nowhere = await stored({});
    expect(() => reloadDocument('<stdin>', nowhere, salt)).toThrow('<stdin> cannot be read again');
  });
});

describe('the worker pool', () => {
  const parse = (path: string, text: string) => ({
    kind: 'parse' as const,
    id: 0,
    path,
    text,
    cacheFile: null,
    answer: 'json' as const,
  });

  it('answers each of many requests queued at once with its own result', async () => {
    const pool = new WorkerPool(2);
    try {
      const titles = Array.from({ length: 12 }, (_, i) => `note ${i}`);
      const answers = await Promise.all(
        titles.map((title, i) => pool.run(parse(`${i}.org`, `#+TITLE: ${title}\n* ${title}\n`))),
      );
      expect(
        answers.map((a) =>
          a && a !== 'over-budget' && a.kind === 'json'
            ? (JSON.parse(a.json) as { document: Document }).document.meta.title
            : a,
        ),
      ).toEqual(titles);
    } finally {
      await pool.close();
    }
  });

  it('stops a request past its time budget and still answers the ones queued behind it', async () => {
    const pool = new WorkerPool(1);
    try {
      const slow = pool.run(parse('slow.org', seed.repeat(40)), 1);
      const after = Array.from({ length: 3 }, (_, i) =>
        pool.run(parse(`${i}.org`, `* after ${i}\n`)),
      );
      expect(await slow).toBe('over-budget');
      for (const answer of await Promise.all(after)) expect(answer).toMatchObject({ kind: 'json' });
      expect(pool.size).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('starts the clock of a request with a time budget only when its worker is free, even when it prefers a busy one', async () => {
    const pool = new WorkerPool(1);
    try {
      const [worker] = pool.workerIds;
      const long = pool.run(parse('long.org', seed.repeat(150)));
      const quick = pool.run(parse('quick.org', '* quick\n'), 250, worker);
      expect(await long).toMatchObject({ kind: 'json' });
      expect(await quick).toMatchObject({ kind: 'json' });
    } finally {
      await pool.close();
    }
  });
});
