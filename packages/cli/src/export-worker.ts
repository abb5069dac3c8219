/**
 * An export worker thread: parses files (answering with the JSON of the result, or only the
 * document's index while it keeps the document for later), then, once given the set's link
 * index, converts documents to every format (best on the worker that parsed them, which still
 * holds them). The main thread writes the outputs.
 */
import { parentPort, threadId } from 'node:worker_threads';
import {
  indexDocument,
  KnowledgeBase,
  LinkIndex,
  type Diagnostic,
  type DocumentIndex,
  type IndexedDocument,
  type ReadResult,
} from '@orgnotes/core';
import { putEntry } from './cache.js';
import {
  convertDocument,
  type ConvertedDocument,
  type Converter,
  type ConverterEntry,
  type FlagValue,
  type FormatSpec,
} from './converter.js';
import { DocumentStore, parseText, reloadDocument, type StoredDocument } from './store.js';

export interface WorkerDocument extends StoredDocument {
  /** Characters of its text: what it costs to hold (see DocumentStore). */
  size: number;
}

export type WorkerRequest =
  | {
      kind: 'parse';
      id: number;
      path: string;
      text: string;
      cacheFile: string | null;
      answer: 'json' | 'index';
    }
  | {
      /** Sent once, before any other request: the converters load while the first files parse. */
      kind: 'init';
      root: string;
      /** The parse cache's key salt, to check a file read again is the one the main thread read. */
      salt: string;
      formats: { entry: ConverterEntry; options: Record<string, FlagValue> }[];
    }
  | { kind: 'links'; entries: IndexedDocument[]; documents: Record<string, WorkerDocument> }
  | { kind: 'convert'; id: number; path: string };

export type WorkerAnswer =
  | { kind: 'json'; id: number; json: string }
  | { kind: 'index'; id: number; index: DocumentIndex; diagnostics: Diagnostic[]; worker: number }
  | { kind: 'ready' }
  | { kind: 'converted'; id: number; result: ConvertedDocument }
  | { kind: 'failed'; id: number; error: string };

let documents: Record<string, WorkerDocument> = {};
/** The parse-cache key salt of the main thread's run. */
let salt: string | undefined;

/** A document this worker does not hold: from the cache, else read from its file again (and checked). */
function load(path: string, toConvert: boolean): ReadResult {
  const known = documents[path];
  if (!known || salt === undefined) throw new Error(`${path} is not part of this export`);
  return reloadDocument(path, known, salt, undefined, toConvert);
}

const parsedSizes = new Map<string, number>();
const store = new DocumentStore(
  load,
  (path) => documents[path]?.size ?? parsedSizes.get(path) ?? 0,
);
let notes: KnowledgeBase | undefined;
/** The root, once the converters are loaded. */
let ready: Promise<string> | undefined;
let formats: FormatSpec[] = [];

async function handle(request: WorkerRequest): Promise<WorkerAnswer | null> {
  switch (request.kind) {
    case 'parse': {
      const result = parseText(request.path, request.text);
      const json = request.cacheFile || request.answer === 'json' ? JSON.stringify(result) : '';
      if (request.cacheFile) await putEntry(request.cacheFile, json);
      if (request.answer === 'json') return { kind: 'json', id: request.id, json };
      parsedSizes.set(request.path, request.text.length);
      store.put(request.path, result.document);
      return {
        kind: 'index',
        id: request.id,
        index: indexDocument(result.document),
        diagnostics: result.diagnostics,
        worker: threadId,
      };
    }
    case 'init': {
      const { root } = request;
      salt = request.salt;
      ready = (async () => {
        const loaded: FormatSpec[] = [];
        for (const { entry, options } of request.formats) {
          const converter = (await import(entry.module))[entry.name] as Converter;
          await converter.prepare?.(options);
          loaded.push({ converter, options });
        }
        formats = loaded;
        return root;
      })();
      return null;
    }
    case 'links': {
      if (!ready) throw new Error('links before init');
      const root = await ready;
      documents = request.documents;
      notes = new KnowledgeBase(new LinkIndex(root, request.entries), (path) => store.get(path));
      return { kind: 'ready' };
    }
    case 'convert': {
      if (!notes) throw new Error('convert before setup');
      const linked = notes;
      return {
        kind: 'converted',
        id: request.id,
        result: store.with(request.path, (document) => convertDocument(document, linked, formats)),
      };
    }
  }
}

parentPort?.on('message', (request: WorkerRequest) => {
  void handle(request).then(
    (answer) => answer && parentPort?.postMessage(answer),
    (error: unknown) =>
      parentPort?.postMessage({
        kind: 'failed',
        id: 'id' in request ? request.id : -1,
        error: error instanceof Error ? error.message : String(error),
      } satisfies WorkerAnswer),
  );
});
