/**
 * The incremental plan of an export: which documents keep the outputs the last run made for
 * them, and which are converted again. A document keeps its outputs when its text (its parse
 * key), what its links resolve to and what each converter says it depends on besides are all
 * as the last run recorded them, and every output file it recorded is exactly as that run
 * left it (see state.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { includeClosure, type IndexedDocument, type LinkIndex } from '@orgnotes/core';
import type { FormatSpec } from './converter.js';
import type { DocumentRecord, RunState } from './state.js';

/**
 * A linked file's size and modification time (`missing` when there is none): what an output
 * made from it is keyed on, a note's own (`dependsOf`) or a set file's (a copied medium).
 */
export function fileStamp(absolutePath: string): string {
  const stat = statSync(absolutePath, { throwIfNoEntry: false });
  return stat ? `${stat.size} ${stat.mtimeMs}` : 'missing';
}

/**
 * Hash of what a document's links resolve to (the target documents' keys, the linked files'
 * size and time), which documents link to it (their keys), the text of the files it
 * includes, and what each converter says its output depends on besides.
 */
export function dependsOf(
  entry: IndexedDocument,
  links: LinkIndex,
  keyOf: (path: string) => string,
  formats: readonly FormatSpec[],
): string {
  const hash = createHash('sha256');
  for (const link of entry.index.links) {
    hash.update(link).update('\0');
    const target = links.resolveKey(link, entry.path);
    if (!target) continue;
    switch (target.kind) {
      case 'heading':
        hash.update(`heading ${target.path} ${target.heading} ${keyOf(target.path)}`);
        break;
      case 'document':
        hash.update(`document ${target.path} ${keyOf(target.path)}`);
        break;
      case 'file':
        hash.update(
          `file ${target.path} ${String(target.insideRoot)} ${target.insideRoot ? fileStamp(target.absolutePath) : 'missing'}`,
        );
        break;
      default:
        hash.update(`broken ${target.reason}`);
    }
    hash.update('\n');
  }
  // Included files, directly or through others: an edited one re-exports its includers.
  const read = (relative: string): string | null => {
    try {
      return readFileSync(path.join(links.root, relative), 'utf8');
    } catch {
      return null;
    }
  };
  const included = entry.index.includes ?? [];
  if (included.length > 0) {
    for (const file of includeClosure(entry.path, included, read)) {
      const text = read(file);
      hash.update(
        `include ${file} ${text === null ? 'missing' : createHash('sha256').update(text).digest('hex')}\n`,
      );
    }
  }
  // Backlinks (issue 14): a note's output lists the notes linking to it, their titles and the
  // anchors of the headings the links stand under, so any change of a linking note counts.
  for (const backlink of links.backlinks(entry.path))
    hash.update(`backlink ${backlink.from} ${backlink.heading ?? -1} ${keyOf(backlink.from)}\n`);
  for (const { converter, options } of formats) {
    if (converter.dependencies)
      hash.update(`${converter.name} ${converter.dependencies(entry, links, options)}\n`);
  }
  return hash.digest('hex');
}

/** One document of the set, and whether it keeps its outputs. */
export interface PlannedDocument {
  entry: IndexedDocument;
  /** Its parse-cache key this run. */
  key: string;
  /** The last run's record, when the document keeps its outputs; undefined: convert it. */
  keep: DocumentRecord | undefined;
  /**
   * What it depends on, when already computed: for a document whose text is unchanged, so
   * that converting it after all (an output was edited) does not hash its links again.
   */
  depends: string | undefined;
}

export interface PlanInputs {
  /** The documents of the set, in path order (the link index's). */
  documents: readonly IndexedDocument[];
  previous: RunState;
  links: LinkIndex;
  keyOf: (path: string) => string;
  /** Each converter with its options: what it says a document's output depends on may follow them. */
  formats: readonly FormatSpec[];
  /** Whether every output file a record lists is exactly as the last run left it. */
  outputsIntact: (record: DocumentRecord) => boolean;
}

/** Decides, document by document in path order, which keep their outputs. */
export function planDocuments(inputs: PlanInputs): PlannedDocument[] {
  const { previous, links, keyOf, formats, outputsIntact } = inputs;
  return inputs.documents.map((entry) => {
    const key = keyOf(entry.path);
    const record = previous.documents[entry.path];
    // A changed text is converted whatever else holds: its links need not be hashed now.
    const depends =
      record && record.key === key ? dependsOf(entry, links, keyOf, formats) : undefined;
    const keep = record && depends === record.depends && outputsIntact(record) ? record : undefined;
    return { entry, key, keep, depends };
  });
}

/**
 * The documents' key of the files the converters make of the whole set: every document's
 * text, what its links resolve to, its backlinks and the linked files' stamps (its
 * `depends`), so the same key makes the same files. The run's key (state.ts) covers code,
 * options and directories. Undefined while a document's `depends` is unknown (its text
 * changed): then only a converter's own key (`Converter.setOutputsKey`) can keep the files.
 */
export function setOutputsKey(
  documents: readonly { path: string; key: string; depends: string | undefined }[],
): string | undefined {
  const hash = createHash('sha256');
  for (const { path, key, depends } of documents) {
    if (depends === undefined) return undefined;
    hash.update(`${path}\0${key}\0${depends}\n`);
  }
  return hash.digest('hex');
}
