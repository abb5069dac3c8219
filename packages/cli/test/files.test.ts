import { describe, expect, it } from 'vitest';
import { letTheLoopTurn } from '../src/files.js';

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
