import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { letTheLoopTurn, writeAtomic } from '../src/files.js';

describe('writeAtomic', () => {
  it('writes content in pieces whole, more of them than one system call takes', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orgnotes-files-'));
    const file = path.join(dir, 'sub', 'pieces.txt');
    // Linux takes 1,024 pieces per writev: the rest must follow.
    const pieces = Array.from({ length: 3000 }, (_, i) =>
      Buffer.from(`${i} ${'x'.repeat(i % 97)}\n`),
    );
    await writeAtomic(file, pieces);
    expect((await readFile(file)).equals(Buffer.concat(pieces))).toBe(true);
    // No temporary file is left beside it.
    expect(await readdir(path.dirname(file))).toEqual(['pieces.txt']);
  });
});

describe('letTheLoopTurn', () => {
  it('lets the event loop run what waits on it once the interval has passed', async () => {
    let ran = false;
    setImmediate(() => (ran = true));
    await letTheLoopTurn(0);
    expect(ran).toBe(true);
  });

  it('returns at once, without a turn, within the interval', async () => {
    await letTheLoopTurn(0);
    let ran = false;
    const waiting = setImmediate(() => (ran = true));
    await letTheLoopTurn(Number.POSITIVE_INFINITY);
    expect(ran).toBe(false);
    clearImmediate(waiting);
  });
});
