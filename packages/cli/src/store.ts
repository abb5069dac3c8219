/**
 * Where a run's parsed documents live: the document store, which holds them up to a memory
 * budget, and how a document dropped from it is read again (from the parse cache, or its
 * file); the same on the main thread and in each export worker (export-worker.ts).
 */
import { readFileSync } from 'node:fs';
import {
  decodeOrg,
  parseReadResult,
  readOrg,
  type Document,
  type NoteSource,
  type ReadOptions,
  type ReadResult,
} from '@orgnotes/core';
import { cacheKey } from './cache.js';

/**
 * Parsed documents held for conversion and as link targets, up to a budget of source
 * characters; a document dropped is loaded again (from the parse cache, or parsed again) when
 * it is needed. This keeps a run's memory bounded by the budget and the largest file, not by
 * the size of the set.
 *
 * Documents are parsed, then converted, in the same order, so plain LRU would drop exactly the
 * one needed next, and every document would be read twice once the set outgrows the budget.
 * Instead, what goes first when the budget is full:
 * 1. documents converted and not looked at since (oldest first): the least likely to be needed;
 * 2. link targets (documents looked at by others' links), least recently used first, once they
 *    hold more than half the budget: a document many others link to stays;
 * 3. the newest of the documents still to convert: the first ones parsed stay until they are
 *    converted, so a set larger than the budget reads each of the others back once.
 *
 * 8 M characters per thread: as fast as twice that, at a lower peak (docs/benchmarks.md,
 * "Figures behind the code's constants").
 */
export const RESIDENT_CHARACTERS = Number(
  process.env.ORGNOTES_RESIDENT_CHARACTERS ?? 8 * 1024 * 1024,
);

interface Held {
  document: Document;
  size: number;
  /** Looked at by another document's link since it was loaded. */
  linked: boolean;
}

export class DocumentStore {
  /** Still to be converted, in the order they came. */
  private readonly waiting = new Map<string, Held>();
  /** The paths put in `waiting`, newest last (some may have left it since). */
  private readonly waitingOrder: string[] = [];
  /** Converted, and not looked at since: oldest first. */
  private readonly converted = new Map<string, Held>();
  /** Link targets: least recently used first. */
  private readonly targets = new Map<string, Held>();
  private size = 0;
  private targetsSize = 0;
  /** The document being converted: links to itself must find this very object. */
  private pinned: { path: string; document: Document } | undefined;

  /** `load` reads a document again: from a cache, or by parsing; `sizeOf` is its source length. */
  constructor(
    /** `toConvert`: the document is read for its conversion, not as a link target. */
    private readonly load: (path: string, toConvert: boolean) => ReadResult,
    private readonly sizeOf: (path: string) => number,
    private readonly budget: number = RESIDENT_CHARACTERS,
  ) {}

  /** Holds a document that is still to be converted (when the budget allows). */
  put(path: string, document: Document): void {
    this.waitingOrder.push(path);
    this.hold(path, { document, size: this.sizeOf(path), linked: false }, this.waiting);
  }

  /** A document, as a link target (or to convert it, through `with`). */
  get(path: string): Document {
    if (this.pinned?.path === path) return this.pinned.document;
    const waiting = this.waiting.get(path);
    if (waiting) {
      waiting.linked = true;
      return waiting.document;
    }
    const held = this.targets.get(path) ?? this.converted.get(path);
    const document = held?.document ?? this.load(path, false).document;
    // Most recently used last.
    this.hold(
      path,
      { document, size: held?.size ?? this.sizeOf(path), linked: true },
      this.targets,
    );
    return document;
  }

  /** Runs `work` on a document, which stays the one `get` gives for its path until `work` returns; then it counts as converted. */
  with<T>(path: string, work: (document: Document) => T): T {
    const waiting = this.waiting.get(path);
    const document =
      waiting?.document ??
      this.targets.get(path)?.document ??
      this.converted.get(path)?.document ??
      this.load(path, true).document;
    const linked = waiting?.linked === true || this.targets.has(path);
    this.pinned = { path, document };
    try {
      return work(document);
    } finally {
      this.pinned = undefined;
      this.hold(
        path,
        { document, size: this.sizeOf(path), linked },
        linked ? this.targets : this.converted,
      );
    }
  }

  private hold(path: string, held: Held, into: Map<string, Held>): void {
    this.forget(path);
    into.set(path, held);
    this.size += held.size;
    if (into === this.targets) this.targetsSize += held.size;
    while (this.size > this.budget) {
      const [oldestConverted] = this.converted.keys();
      const [leastRecentTarget] = this.targets.keys();
      if (oldestConverted !== undefined) this.forget(oldestConverted);
      else if (
        leastRecentTarget !== undefined &&
        (this.targetsSize > this.budget / 2 || this.waiting.size === 0)
      )
        this.forget(leastRecentTarget);
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
    const held = this.waiting.get(path) ?? this.converted.get(path) ?? this.targets.get(path);
    if (!held) return;
    if (this.targets.delete(path)) this.targetsSize -= held.size;
    this.waiting.delete(path);
    this.converted.delete(path);
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
 * the run read first (its key, under the run's `salt`, is the one recorded).
 */
export function reloadDocument(
  path: string,
  stored: StoredDocument,
  salt: string,
  text?: string,
  toConvert = true,
): ReadResult {
  if (stored.cacheFile) {
    try {
      return parseReadResult(readFileSync(stored.cacheFile, 'utf8'), { remember: toConvert });
    } catch {
      // Not cached (or damaged): parse it again.
    }
  }
  if (text) return parseText(path, text);
  if (!stored.absolutePath) throw new Error(`${path} cannot be read again`);
  const again = decodeOrg(readFileSync(stored.absolutePath), path).text;
  if (cacheKey(again, readOptionsOf({ path }), salt) !== stored.key)
    throw new Error(`${path} changed while it was being exported; export again`);
  return parseText(path, again);
}
