// A parse that never ends, for testing the per-file time budget without racing a real parse:
// preloaded into a process under test (`node --import` this file, or NODE_OPTIONS), it makes
// every export worker (packages/cli/src/export-worker.ts) loop forever on a parse request for
// a file named never-ends.org, before the worker's own handler sees it. Other requests, and
// the main thread, are untouched. Only the budget can end such a parse, whatever the load.
import { isMainThread, parentPort } from 'node:worker_threads';

const NEVER_ENDING_FILE = 'never-ends.org';

if (!isMainThread && parentPort) {
  // Wrapping the handler the worker registers (rather than adding a listener here) keeps the
  // port from delivering messages before the worker's own handler is there.
  const on = parentPort.on;
  parentPort.on = function (event, listener) {
    if (event !== 'message') return on.call(this, event, listener);
    return on.call(this, event, (request) => {
      if (request?.kind === 'parse' && request.path.split('/').pop() === NEVER_ENDING_FILE)
        for (;;);
      listener(request);
    });
  };
}
