/**
 * A document read back from the parse cache already has its JSON text: org2json writes that
 * text instead of making it again (about as costly as the JSON writer itself). Only the
 * export's own reading remembers a text (parseReadResult), for documents nothing edits; the
 * JSON writer takes it once, and the WeakMap lets a text go with its document. The export
 * remembers texts only for documents read back right before they are converted: held from
 * parsing to conversion, texts cost more memory, and so garbage collection, than making them
 * again costs time.
 */
import type { Document } from './types.js';
import type { ReadResult } from './reader.js';

const remembered = new WeakMap<Document, string>();

/** `JSON.stringify(document)`: the text remembered for it (given once), else made now. */
export function documentJson(document: Document): string {
  const text = remembered.get(document);
  if (text === undefined) return JSON.stringify(document);
  remembered.delete(document);
  return text;
}

const DOCUMENT_PREFIX = '{"document":';
const DIAGNOSTICS_KEY = ',"diagnostics":';

/** Drops the text remembered for a document: its JSON is to be made otherwise. */
export function forgetDocumentJson(document: Document): void {
  remembered.delete(document);
}

/**
 * A reader's result read back from its JSON text (`JSON.stringify(result)`: the document
 * first), remembering the document's text unless `remember` is false (a document read back
 * as a link target, not to be converted). The diagnostics come last, and a key's quotes
 * cannot occur unescaped inside a JSON string, so the last `,"diagnostics":` is where the
 * document's text ends.
 */
export function parseReadResult(text: string, { remember = true } = {}): ReadResult {
  const result = JSON.parse(text) as ReadResult;
  if (!remember) return result;
  const end = text.lastIndexOf(DIAGNOSTICS_KEY);
  if (
    text.startsWith(DOCUMENT_PREFIX) &&
    end > DOCUMENT_PREFIX.length &&
    typeof result.document === 'object' &&
    result.document !== null
  ) {
    remembered.set(result.document, text.slice(DOCUMENT_PREFIX.length, end));
  }
  return result;
}
