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
 * The part of what a document's outputs depend on that follows from the set's documents
 * alone: what its links resolve to (the target documents' keys), which documents link to it
 * (their keys) and what each converter says of the set (`Converter.setDependencies`). The
 * same for as long as every document of the set keeps its key (`setKeyOf`).
 */
export interface LinkDepends {
  hash: string;
  /** The absolute paths of the files inside the root that its links name, to stamp each run. */
  files: string[];
}

export function linkDependsOf(
  entry: IndexedDocument,
  links: LinkIndex,
  keyOf: (path: string) => string,
  formats: readonly FormatSpec[],
): LinkDepends {
  const hash = createHash('sha256');
  const files: string[] = [];
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
        hash.update(`file ${target.path} ${String(target.insideRoot)}`);
        if (target.insideRoot) files.push(target.absolutePath);
        break;
      default:
        hash.update(`broken ${target.reason}`);
    }
    hash.update('\n');
  }
  // Backlinks (issue 14): a note's output lists the notes linking to it, their titles and the
  // anchors of the headings the links stand under, so any change of a linking note counts.
  for (const backlink of links.backlinks(entry.path))
    hash.update(`backlink ${backlink.from} ${backlink.heading ?? -1} ${keyOf(backlink.from)}\n`);
  for (const { converter, options } of formats) {
    if (converter.setDependencies)
      hash.update(`${converter.name} ${converter.setDependencies(entry, links, options)}\n`);
  }
  return { hash: hash.digest('hex'), files };
}

/**
 * Hash of everything a document's outputs depend on besides its text: its `LinkDepends`,
 * the size and time of the files it links to, the text of the files it includes, and what
 * each converter says its output depends on besides (`Converter.dependencies`).
 */
export function dependsOf(
  entry: IndexedDocument,
  links: LinkIndex,
  formats: readonly FormatSpec[],
  linked: LinkDepends,
): string {
  const hash = createHash('sha256').update(`links ${linked.hash}\n`);
  for (const file of linked.files) hash.update(`stamp ${file} ${fileStamp(file)}\n`);
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
  for (const { converter, options } of formats) {
    if (converter.dependencies)
      hash.update(`${converter.name} ${converter.dependencies(entry, links, options)}\n`);
  }
  return hash.digest('hex');
}

/**
 * The key of a set's documents: their paths and keys, in path order. While it is the last
 * run's, every link resolves as it did and every `LinkDepends` is as that run recorded it.
 */
export function setKeyOf(
  documents: readonly IndexedDocument[],
  keyOf: (path: string) => string,
): string {
  const hash = createHash('sha256');
  for (const { path } of documents) hash.update(`${path}\0${keyOf(path)}\n`);
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
  /** The part of `depends` the set's documents decide, when already known. */
  linked: LinkDepends | undefined;
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

/**
 * Decides, document by document in path order, which keep their outputs; and the set's key
 * (`setKeyOf`), for the next run.
 */
export function planDocuments(inputs: PlanInputs): {
  plan: PlannedDocument[];
  setKey: string;
} {
  const { previous, links, keyOf, formats, outputsIntact } = inputs;
  const setKey = setKeyOf(inputs.documents, keyOf);
  // Every document has the key it had: no link resolves otherwise, nothing of the set changed.
  const sameSet = previous.setKey === setKey;
  const plan = inputs.documents.map((entry): PlannedDocument => {
    const key = keyOf(entry.path);
    const record = previous.documents[entry.path];
    // A changed text is converted whatever else holds: its links need not be hashed now.
    if (!record || record.key !== key)
      return { entry, key, keep: undefined, depends: undefined, linked: undefined };
    const linked =
      sameSet && typeof record.linkDepends === 'string'
        ? { hash: record.linkDepends, files: record.linkedFiles ?? [] }
        : linkDependsOf(entry, links, keyOf, formats);
    const depends = dependsOf(entry, links, formats, linked);
    const keep = depends === record.depends && outputsIntact(record) ? record : undefined;
    return { entry, key, keep, depends, linked };
  });
  return { plan, setKey };
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
