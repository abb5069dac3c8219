/**
 * The per-file parse time budget, tested against a parse that never ends (the stub preloaded
 * by vitest.config.ts), never against a race with a real parse: whatever the machine's load,
 * only the budget can stop it. Files too small to need the guard are never under it.
 */
import { describe, expect, it } from 'vitest';
import type { NoteSource } from '@orgnotes/core';
import { NEVER_ENDING_FILE } from '@orgnotes/vitest-config/stubs';
import { guardThreshold, parseSources } from '../src/parse.js';
import { WorkerPool } from '../src/pool.js';

const BUDGET_MS = 200;

/** Long enough to be parsed under the guard: a worker that the budget can stop. */
const neverEnding = (dir = ''): NoteSource => ({
  path: `${dir}${NEVER_ENDING_FILE}`,
  text: `* Never ends\n${'word '.repeat(guardThreshold(BUDGET_MS) / 5 + 1)}\n`,
});

function sources(): NoteSource[] {
  return [
    { path: 'a.org', text: '* A\n:PROPERTIES:\n:ID: a\n:END:\nSee [[id:b][b]].\n' },
    neverEnding(),
    { path: 'b.org', text: '* B\n:PROPERTIES:\n:ID: b\n:END:\nQuick.\n' },
  ];
}

describe('the stub', () => {
  it('is preloaded into this process, and so into the export workers it starts', () => {
    expect(process.execArgv.join(' ')).toContain('never-ending-parse');
  });

  it('makes a file long enough for the guard', () => {
    expect(neverEnding().text.length).toBeGreaterThanOrEqual(guardThreshold(BUDGET_MS));
  });
});

describe('a worker past its time budget', () => {
  it('is stopped and answered over-budget; the worker that replaces it answers the next request', async () => {
    const pool = new WorkerPool(1);
    try {
      const stalled = neverEnding();
      expect(
        await pool.run(
          {
            kind: 'parse',
            id: 1,
            path: stalled.path,
            text: stalled.text,
            cacheFile: null,
            answer: 'json',
          },
          BUDGET_MS,
        ),
      ).toBe('over-budget');
      expect(pool.size).toBe(1);
      // No budget on this one: a budget on a parse that ends would be a race with the new worker's start.
      const answer = await pool.run(
        { kind: 'parse', id: 2, path: 'b.org', text: '* B\n', cacheFile: null, answer: 'json' },
        0,
      );
      expect(answer).toMatchObject({ kind: 'json' });
    } finally {
      await pool.close();
    }
  });
});

describe.each([
  ['on the main thread (big files in a guard worker)', 0],
  ['in worker threads', 2],
])('parseSources %s', (_, jobs) => {
  it('leaves out the file that never ends, and parses every other', async () => {
    const input = sources();
    const parsed = await parseSources(input, { cache: null, jobs, timeBudgetMs: BUDGET_MS });
    expect(parsed.overBudget).toEqual([1]);
    expect(parsed.parsed).toEqual(['a.org', 'b.org']);
    expect(parsed.results[0]!.document.headings[0]!.id).toBe('a');
    expect(parsed.results[1]).toBeUndefined();
    expect(parsed.results[2]!.document.headings[0]!.id).toBe('b');
  });
});
