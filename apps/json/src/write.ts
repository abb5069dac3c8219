import { documentJson, type Document } from '@orgnotes/core';

/**
 * JSON text of a document, keys in the order the reader builds them, so the same Org input
 * always gives the same bytes. Compact by default: indentation makes the model much larger
 * (docs/benchmarks.md, "Figures behind the code's constants").
 */
export function toJson(document: Document, pretty = false): string {
  return (pretty ? JSON.stringify(document, null, 2) : documentJson(document)) + '\n';
}
