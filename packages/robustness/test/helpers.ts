/**
 * Shared helpers: the converters run in-process over a note set (for properties and growth)
 * and as the built commands in a subprocess (for exit codes, diagnostics and outputs on disk).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildNoteSet,
  type Diagnostic,
  type Document,
  type NoteSet,
  type NoteSource,
} from '@orgnotes/core';
import {
  outputPathOf as outputPathIn,
  reportInto,
  type ConvertContext,
  type Converter,
  type OutputFile,
} from '@orgnotes/cli';
import { converter as anki } from '@orgnotes/anki';
import { org2json } from '@orgnotes/json';
import { createConverter } from '@orgnotes/man';
import { converter as markdown } from '@orgnotes/markdown';

export const REPO = path.resolve(fileURLToPath(import.meta.url), '../../../..');
export const FIXTURES = path.resolve(fileURLToPath(import.meta.url), '../fixtures');

/** The man converter with a fixed date, so that its output is a function of the input. */
const man = createConverter({
  dateSources: { sourceDateEpoch: () => '0', gitDate: () => null, mtime: () => null },
});

export const CONVERTERS: Record<string, Converter> = { json: org2json, markdown, anki, man };

export interface Converted {
  files: OutputFile[];
  diagnostics: Diagnostic[];
}

/** Converts every document of a note set with one converter, collecting what it reports. */
export function convertSet(
  notes: NoteSet,
  converter: Converter,
  options: ConvertContext['options'] = {},
): Converted[] {
  // The export's own function: #+EXPORT_FILE_NAME, man's page names and sections included.
  const outputPathOf = (d: Document) => outputPathIn(converter, d, options);
  return notes.documents.map((document) => {
    const diagnostics: Diagnostic[] = [];
    const report = reportInto(diagnostics, document.path ?? '<stdin>');
    const files = converter.convert(document, {
      notes,
      options,
      outputPath: outputPathOf(document),
      outputPathOf,
      report,
    });
    return { files, diagnostics };
  });
}

export function convertText(
  text: string,
  converter: Converter,
  options: ConvertContext['options'] = {},
): Converted {
  return convertSet(buildNoteSet([{ path: 'note.org', text }]), converter, options)[0]!;
}

export function noteSet(sources: NoteSource[]): NoteSet {
  return buildNoteSet(sources);
}

export const BINS = {
  org2json: path.join(REPO, 'apps/json/bin/org2json.js'),
  json2org: path.join(REPO, 'apps/json/bin/json2org.js'),
  org2md: path.join(REPO, 'apps/markdown/bin/org2md.js'),
  org2anki: path.join(REPO, 'apps/anki/bin/org2anki.js'),
  org2man: path.join(REPO, 'apps/man/bin/org2man.js'),
} as const;

export type Bin = keyof typeof BINS;

export interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
}

/**
 * How long a spawned command may run before it counts as hung: tooling/vitest's HANG_GUARD_MS
 * (spawnSync blocks the test's thread, so the test timeout cannot stop it). A hang guard, not a
 * measure: no healthy run approaches it, however loaded the machine.
 */
export const COMMAND_HANG_GUARD_MS = 30 * 60_000;

/** Runs a built command; the parse cache is off so that every run really reads its input. */
export function run(
  bin: Bin,
  args: string[],
  options: {
    input?: Buffer | string;
    cwd?: string;
    timeout?: number;
    env?: Record<string, string>;
  } = {},
): Run {
  const result = spawnSync(process.execPath, [BINS[bin], '--no-cache', ...args], {
    cwd: options.cwd ?? REPO,
    input: options.input ?? '',
    maxBuffer: 256 * 1024 * 1024,
    timeout: options.timeout ?? COMMAND_HANG_GUARD_MS,
    env: {
      ...process.env,
      NO_COLOR: '1',
      ORGNOTES_DEBUG: '',
      SOURCE_DATE_EPOCH: '0',
      ...options.env,
    },
  });
  return {
    status: result.status,
    signal: result.signal,
    stdout: result.stdout,
    stderr: result.stderr.toString('utf8'),
  };
}

/** `path:line:col: error|warning: message (rule)`, as the README documents. */
export const DIAGNOSTIC =
  /^(?<path>.+?):(?<line>\d+):(?<column>\d+): (?<severity>error|warning): (?<message>.*) \((?<rule>[a-z0-9-]+)\)$/;
/** The closing summary line the commands print after the diagnostics. */
const SUMMARY = /^(org2\w+|json2org): \d+ files?\b/;

export interface ParsedDiagnostic {
  path: string;
  line: number;
  column: number;
  severity: string;
  rule: string;
  message: string;
}

/** Parses standard error; every line must be a diagnostic or the summary (no stack trace, no "internal error"). */
export function parseStderr(stderr: string): { diagnostics: ParsedDiagnostic[]; stray: string[] } {
  const diagnostics: ParsedDiagnostic[] = [];
  const stray: string[] = [];
  for (const line of stderr.split('\n')) {
    if (line === '' || SUMMARY.test(line)) continue;
    const m = DIAGNOSTIC.exec(line);
    if (!m?.groups) {
      stray.push(line);
      continue;
    }
    const g = m.groups as Record<string, string>;
    diagnostics.push({
      path: g.path!,
      line: Number(g.line),
      column: Number(g.column),
      severity: g.severity!,
      rule: g.rule!,
      message: g.message!,
    });
  }
  return { diagnostics, stray };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `orgnotes-${prefix}-`));
}
