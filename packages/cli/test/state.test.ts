import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { indexDocument, readOrg } from '@orgnotes/core';
import { describe, expect, it } from 'vitest';
import {
  emptyState,
  readState,
  runKey,
  stateFile,
  STATE_FORMAT,
  writeState,
  type RunState,
} from '../src/state.js';

/** A state as a run leaves it: one document, its findings and one output's stamp. */
function sampleState(): RunState {
  const { document, diagnostics } = readOrg(
    '#+TITLE: A\n* Überblick 日本 😀\n:PROPERTIES:\n:ID: a\n:END:\n[[id:b]]\n',
    { path: 'a.org' },
  );
  return {
    format: STATE_FORMAT,
    setKey: 'c'.repeat(64),
    documents: {
      'a.org': {
        key: 'f'.repeat(64),
        stamp: { size: 52, mtimeMs: 1_600_000_000_000.25 },
        index: indexDocument(document),
        parse: diagnostics,
        depends: 'e'.repeat(64),
        linkDepends: 'd'.repeat(64),
        linkedFiles: ['/notes/picture.png'],
        links: [
          {
            severity: 'warning',
            rule: 'broken-link',
            message: 'no ID b',
            path: 'a.org',
            line: 6,
            column: 1,
          },
        ],
        formats: {
          org2md: {
            files: [{ path: 'a.md', size: 20, mtimeMs: 1_600_000_000_500.5 }],
            diagnostics: [],
          },
        },
      },
    },
    sets: {
      org2md: {
        documents: 'd'.repeat(64),
        key: 'e'.repeat(64),
        files: [{ path: 'index.md', size: 30, mtimeMs: 1_600_000_000_600.5 }],
      },
    },
  };
}

/** Two documents: b.org's record is a.org's under another path. */
function twoDocuments(): RunState {
  const state = sampleState();
  const a = state.documents['a.org']!;
  state.documents['b.org'] = {
    ...structuredClone(a),
    links: a.links.map((d) => ({ ...d, path: 'b.org' })),
  };
  return state;
}

async function cacheDir() {
  return mkdtemp(path.join(os.tmpdir(), 'orgnotes-state-'));
}

describe('the run state', () => {
  it('reads back exactly what was written', async () => {
    const file = stateFile(await cacheDir(), runKey({ inputs: ['notes'] }));
    await writeState(file, sampleState());
    expect(await readState(file)).toEqual(sampleState());
  });

  it('is ASCII, one line per document after a header line', async () => {
    const file = stateFile(await cacheDir(), 'ascii');
    await writeState(file, sampleState());
    const bytes = await readFile(file);
    expect(bytes.every((byte) => byte < 0x80)).toBe(true);
    const lines = bytes.toString('latin1').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0]!)).toEqual({
      format: STATE_FORMAT,
      setKey: 'c'.repeat(64),
      sets: sampleState().sets,
    });
    expect(JSON.parse(lines[1]!)[0]).toBe('a.org');
    expect(lines[1]).toContain('\\u00dcberblick \\u65e5\\u672c \\ud83d\\ude00');
  });

  it('writes a record the run kept as the bytes it was read from, and the others anew', async () => {
    const file = stateFile(await cacheDir(), 'kept');
    await writeState(file, twoDocuments());
    // Lines a serializer would not write: a kept record must come back byte for byte.
    const [header, a, b] = (await readFile(file, 'latin1')).split('\n');
    const spaced = (line: string) => line.replace('[', '[ ').replace(/\]$/, ' ]');
    await writeFile(file, [header, spaced(a!), spaced(b!), ''].join('\n'));
    const previous = await readState(file);
    expect(previous).toEqual(twoDocuments());

    // As keepDocument keeps a record: a copy, with this run's stamp of the file.
    const next: RunState = { ...previous, documents: {} };
    const keptA = previous.documents['a.org']!;
    next.documents['a.org'] = { ...keptA, stamp: { ...keptA.stamp! } };
    next.documents['b.org'] = { ...previous.documents['b.org']!, depends: '0'.repeat(64) };
    await writeState(file, next, previous);
    const lines = (await readFile(file, 'latin1')).split('\n');
    expect(lines[1]).toBe(spaced(a!));
    expect(lines[2]).not.toBe(spaced(b!));
    expect(await readState(file)).toEqual(next);

    // A new stamp is a changed record.
    const restamped = await readState(file);
    const again: RunState = { ...restamped, documents: { ...restamped.documents } };
    again.documents['a.org'] = { ...keptA, stamp: { size: 53, mtimeMs: keptA.stamp!.mtimeMs } };
    await writeState(file, again, restamped);
    expect((await readFile(file, 'latin1')).split('\n')[1]).not.toBe(spaced(a!));
    expect(await readState(file)).toEqual(again);
  });

  it('is empty when missing, damaged, or of another format', async () => {
    const dir = await cacheDir();
    expect(await readState(stateFile(dir, 'missing'))).toEqual(emptyState());
    const damaged = stateFile(dir, 'damaged');
    await mkdir(path.dirname(damaged), { recursive: true });
    await writeFile(damaged, JSON.stringify(sampleState()).slice(0, 80));
    expect(await readState(damaged)).toEqual(emptyState());
    const older = stateFile(dir, 'older');
    await writeFile(older, JSON.stringify({ ...sampleState(), format: STATE_FORMAT - 1 }));
    expect(await readState(older)).toEqual(emptyState());
    const shapeless = stateFile(dir, 'shapeless');
    await writeFile(shapeless, JSON.stringify({ format: STATE_FORMAT, documents: null }));
    expect(await readState(shapeless)).toEqual(emptyState());
  });

  it('is kept under a key of everything that decides the outputs as a whole', () => {
    const parts = { inputs: ['/notes'], formats: [{ name: 'org2md', options: { level: '2' } }] };
    expect(runKey(parts)).toBe(runKey(structuredClone(parts)));
    expect(runKey(parts)).not.toBe(runKey({ ...parts, inputs: ['/other'] }));
    expect(runKey(parts)).not.toBe(
      runKey({ ...parts, formats: [{ name: 'org2md', options: { level: '3' } }] }),
    );
    expect(stateFile('/cache', runKey(parts))).toMatch(/^\/cache\/runs\/[0-9a-f]{64}\.jsonl$/);
  });
});
