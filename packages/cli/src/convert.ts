/**
 * Converting one document of a set to every requested format: the same code on the main
 * thread and in the export workers (export-worker.ts).
 */
import { readFileSync } from 'node:fs';
import { decodeOrg, parseReadResult, readOrg, type Diagnostic, type Document, type KnowledgeBase, type NoteSource, type ReadOptions, type ReadResult } from '@orgnotes/core';
import type { ParseCache } from './cache.js';
import type { ConvertContext, Converter, FlagValue, OutputFile } from './contract.js';
import { replaceExtension } from './files.js';

export interface FormatSpec {
  converter: Converter;
  options: Record<string, FlagValue>;
}

export interface ConvertedFormat {
  files: OutputFile[];
  diagnostics: Diagnostic[];
  /** The converter threw: the document is converted again next run. */
  failed: boolean;
}

export interface ConvertedDocument {
  /** Broken links, missing files, links out of the root. */
  links: Diagnostic[];
  formats: ConvertedFormat[];
}

export function outputPathOf(converter: Converter, document: Document): string {
  return replaceExtension(document.path === '<stdin>' || !document.path ? 'stdin.org' : document.path, converter.extension);
}

/** Checks a document's links and converts it with each format; a converter that throws gives an error diagnostic, never an exception. */
export function convertDocument(document: Document, notes: KnowledgeBase, formats: FormatSpec[]): ConvertedDocument {
  const source = document.path ?? '<stdin>';
  const links = notes.checkLinks(document);
  const converted = formats.map(({ converter, options }): ConvertedFormat => {
    const diagnostics: Diagnostic[] = [];
    const report: ConvertContext['report'] = (severity, rule, message, loc) =>
      diagnostics.push({ severity, rule, message, path: source, line: loc?.line ?? 1, column: loc?.column ?? 1 });
    const outputPathOfDocument = (other: Document) => outputPathOf(converter, other);
    try {
      const files = converter.convert(document, { notes, options, outputPath: outputPathOfDocument(document), outputPathOf: outputPathOfDocument, report });
      return { files, diagnostics, failed: false };
    } catch (error) {
      report('error', 'internal-error', `${converter.name} cannot convert this file: ${error instanceof Error ? error.message : String(error)}`);
      if (process.env.ORGNOTES_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
      return { files: [], diagnostics, failed: true };
    }
  });
  return { links, formats: converted };
}

/**
 * Parsed documents held for conversion and as link targets, up to a budget of source
 * characters; a document dropped is loaded again (from the parse cache, or parsed again) when
 * it is needed. This keeps a run's memory bounded by the budget and the largest file, not by
 * the size of the set.
 *
 * Documents are parsed, then converted, in the same order, so plain LRU would drop exactly the
 * one needed next, and every document would be read twice once the set outgrows the budget.
 * Instead the documents waiting to be converted go newest first, so the first ones parsed stay
 * until they are converted and a set larger than the budget reads each of the others back once;
 * and those already converted (or read back only as link targets) keep up to half the budget,
 * least recently used out first, so that a document many others link to is not read back for
 * each of them.
 */
export const RESIDENT_CHARACTERS = Number(process.env.ORGNOTES_RESIDENT_BYTES ?? 16 * 1024 * 1024);

interface Held {
  document: Document;
  size: number;
}

export class DocumentStore {
  /** Waiting to be converted, in the order they came. */
  private readonly waiting = new Map<string, Held>();
  /** The paths put in `waiting`, newest last (some may have left it since). */
  private readonly waitingOrder: string[] = [];
  /** Converted, or loaded again only to be looked at: least recently used first. */
  private readonly spent = new Map<string, Held>();
  private size = 0;
  private spentSize = 0;
  /** The document being converted: links to itself must find this very object. */
  private pinned: { path: string; document: Document } | undefined;

  /** `load` reads a document again: from a cache, or by parsing; `sizeOf` is its source length. */
  constructor(
    private readonly load: (path: string) => ReadResult,
    private readonly sizeOf: (path: string) => number,
    private readonly budget: number = RESIDENT_CHARACTERS,
  ) {}

  /** Holds a document that is still to be converted (when the budget allows). */
  put(path: string, document: Document): void {
    this.waitingOrder.push(path);
    this.hold(path, document, this.waiting);
  }

  get(path: string): Document {
    if (this.pinned?.path === path) return this.pinned.document;
    const waiting = this.waiting.get(path);
    if (waiting) return waiting.document;
    const spent = this.spent.get(path);
    if (spent) {
      // Most recently used last.
      this.spent.delete(path);
      this.spent.set(path, spent);
      return spent.document;
    }
    const { document } = this.load(path);
    this.hold(path, document, this.spent);
    return document;
  }

  /** Runs `work` on a document, which stays the one `get` gives for its path until `work` returns; then it counts as converted. */
  with<T>(path: string, work: (document: Document) => T): T {
    const document = this.get(path);
    this.pinned = { path, document };
    try {
      return work(document);
    } finally {
      this.pinned = undefined;
      this.hold(path, document, this.spent);
    }
  }

  private hold(path: string, document: Document, into: Map<string, Held>): void {
    this.forget(path);
    const size = this.sizeOf(path);
    into.set(path, { document, size });
    this.size += size;
    if (into === this.spent) this.spentSize += size;
    while (this.size > this.budget) {
      const [leastRecent] = this.spent.keys();
      if (leastRecent !== undefined && (this.spentSize > this.budget / 2 || this.waiting.size === 0)) this.forget(leastRecent);
      // The newest waiting document goes, which keeps the oldest ones, converted first.
      else this.forget(this.newestWaiting());
    }
  }

  private newestWaiting(): string {
    for (;;) {
      const path = this.waitingOrder.pop()!;
      if (this.waiting.has(path)) return path;
    }
  }

  private forget(path: string): void {
    const held = this.waiting.get(path) ?? this.spent.get(path);
    if (!held) return;
    if (this.spent.delete(path)) this.spentSize -= held.size;
    this.waiting.delete(path);
    this.size -= held.size;
  }
}

/** The options a set's reader reads a file with; the parse cache's key must use the same. */
export function readOptionsOf(source: Pick<NoteSource, 'path'>): ReadOptions {
  return source.path === '<stdin>' ? {} : { path: source.path };
}

/** Parses a text as the reader of a set does. */
export function parseText(path: string, text: string): ReadResult {
  return readOrg(text, readOptionsOf({ path }));
}

/** Where a document of a run can be read again. */
export interface StoredDocument {
  /** Parse-cache key of the text the run read first. */
  key: string;
  cacheFile: string | null;
  absolutePath: string | null;
}

/**
 * A document read again after it was dropped from memory: from the parse cache, else from
 * `text` when the caller still has it, else from its file, which must still hold the text
 * the run read first.
 */
export function reloadDocument(path: string, stored: StoredDocument, keyer: ParseCache, text?: string): ReadResult {
  if (stored.cacheFile) {
    try {
      return parseReadResult(readFileSync(stored.cacheFile, 'utf8'));
    } catch {
      // Not cached (or damaged): parse it again.
    }
  }
  if (text) return parseText(path, text);
  if (!stored.absolutePath) throw new Error(`${path} cannot be read again`);
  const again = decodeOrg(readFileSync(stored.absolutePath), path).text;
  if (keyer.key(again, readOptionsOf({ path })) !== stored.key) throw new Error(`${path} changed while it was being exported; export again`);
  return parseText(path, again);
}
