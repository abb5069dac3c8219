/**
 * A parsing worker: receives `{ id, text, options, cacheFile }`, answers `{ id, json }` with the
 * JSON of `readOrg`'s result, and stores it in the cache itself so the main thread only decodes.
 */
import { parentPort } from 'node:worker_threads';
import { readOrg, type ReadOptions } from '@orgnotes/core';
import { putEntry } from './cache.js';

export interface ParseTask {
  id: number;
  text: string;
  options: ReadOptions;
  cacheFile: string | null;
}

export type ParseAnswer = { id: number; json: string } | { id: number; error: string };

parentPort?.on('message', (task: ParseTask) => {
  void (async () => {
    let answer: ParseAnswer;
    try {
      const json = JSON.stringify(readOrg(task.text, task.options));
      if (task.cacheFile) await putEntry(task.cacheFile, json);
      answer = { id: task.id, json };
    } catch (error) {
      answer = { id: task.id, error: error instanceof Error ? error.message : String(error) };
    }
    parentPort?.postMessage(answer);
  })();
});
