/**
 * Reading notes from the file system: files and directories (recursively, `*.org`),
 * symlink loops and unreadable entries reported rather than fatal.
 */
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { compareText, type Diagnostic } from './diagnostics.js';
import { buildNoteSet, type FileStamp, type NoteSet, type NoteSource } from './notes.js';

export interface InputFile {
  absolutePath: string;
  /** Path relative to the common root of the inputs, forward slashes. */
  path: string;
}

export interface CollectedInputs {
  root: string;
  files: InputFile[];
  diagnostics: Diagnostic[];
}

/**
 * Expands input paths into Org files. The root is the deepest directory containing every
 * input, so that `a/b.org` under it keeps its place when outputs mirror the tree.
 */
export async function collectInputs(
  inputs: string[],
  extension = '.org',
): Promise<CollectedInputs> {
  const diagnostics: Diagnostic[] = [];
  const found = new Map<string, string>();
  const bases: string[] = [];
  for (const input of inputs) {
    const absolute = path.resolve(input);
    let info;
    try {
      info = statSync(absolute);
    } catch (error) {
      diagnostics.push(fileError(input, `cannot read input: ${describe(error)}`, 'input-missing'));
      continue;
    }
    if (info.isDirectory()) {
      bases.push(absolute);
      walk(absolute, new Set(), found, diagnostics, extension);
    } else {
      bases.push(path.dirname(absolute));
      found.set(absolute, absolute);
    }
  }
  const root = commonDirectory(bases.length ? bases : [process.cwd()]);
  const files = [...found.keys()]
    .map((absolutePath) => ({
      absolutePath,
      path: path.relative(root, absolutePath).split(path.sep).join('/'),
    }))
    .sort((a, b) => compareText(a.path, b.path));
  return { root, files, diagnostics };
}

/** Synchronous, as the reads of readInputFiles: sequential async calls each wait on the thread pool. */
function walk(
  dir: string,
  seen: Set<string>,
  found: Map<string, string>,
  diagnostics: Diagnostic[],
  extension: string,
) {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch (error) {
    diagnostics.push(
      fileError(dir, `cannot read directory: ${describe(error)}`, 'input-unreadable'),
    );
    return;
  }
  if (seen.has(real)) {
    diagnostics.push({
      ...fileError(dir, 'symbolic link loop: this directory is already being read', 'symlink-loop'),
      severity: 'warning',
    });
    return;
  }
  const inner = new Set(seen).add(real);
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    diagnostics.push(
      fileError(dir, `cannot read directory: ${describe(error)}`, 'input-unreadable'),
    );
    return;
  }
  entries.sort((a, b) => compareText(a.name, b.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const info = statSync(full);
        isDir = info.isDirectory();
        isFile = info.isFile();
      } catch {
        diagnostics.push({
          ...fileError(full, 'broken symbolic link', 'input-unreadable'),
          severity: 'warning',
        });
        continue;
      }
    }
    if (isDir) walk(full, inner, found, diagnostics, extension);
    else if (isFile && entry.name.endsWith(extension)) found.set(full, full);
  }
}

function commonDirectory(dirs: string[]): string {
  let common = dirs[0]!;
  for (const dir of dirs.slice(1)) {
    while (
      common !== path.dirname(common) &&
      !(dir === common || dir.startsWith(common + path.sep))
    )
      common = path.dirname(common);
  }
  return common;
}

function fileError(file: string, message: string, rule: string): Diagnostic {
  return { severity: 'error', rule, message, path: file, line: 1, column: 1 };
}

function describe(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}

/** Decodes a file as UTF-8, reporting invalid bytes and NUL characters instead of guessing. */
export function decodeOrg(
  bytes: Uint8Array,
  displayPath: string,
): { text: string; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const at = text.indexOf('\uFFFD');
    const line = text.slice(0, Math.max(0, at)).split('\n').length;
    diagnostics.push({
      severity: 'error',
      rule: 'invalid-utf8',
      message: 'the file is not valid UTF-8 (Org files must be UTF-8)',
      path: displayPath,
      line,
      column: 1,
    });
  }
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    const line = text.slice(0, nul).split('\n').length;
    diagnostics.push({
      severity: 'error',
      rule: 'binary-file',
      message: 'the file holds NUL bytes: it looks like a binary file, not Org text',
      path: displayPath,
      line,
      column: nul - text.lastIndexOf('\n', nul - 1),
    });
  }
  return { text, diagnostics };
}

export interface InputSources {
  root: string;
  sources: NoteSource[];
  diagnostics: Diagnostic[];
  /** Absolute paths of every input file found (also those left out), never to be written. */
  inputFiles: Set<string>;
}

/**
 * Reads the files under the inputs as text. A file that cannot be read, or whose decoding
 * reports an error (not UTF-8, NUL bytes), is reported and left out: it cannot be modelled
 * faithfully, and leaving it out keeps the rest of the set whole.
 */
export async function readInputFiles(
  inputs: string[],
  extension = '.org',
  decode: (
    bytes: Uint8Array,
    shown: string,
  ) => { text: string; diagnostics: Diagnostic[] } = decodeOrg,
  /** Files the caller knows unchanged by their stamp are not read (an incremental export's). */
  unchanged?: (path: string, stamp: FileStamp) => boolean,
): Promise<InputSources> {
  const collected = await collectInputs(inputs, extension);
  const diagnostics = [...collected.diagnostics];
  const sources: NoteSource[] = [];
  for (const file of collected.files) {
    let bytes: Uint8Array;
    let stamp: FileStamp;
    try {
      // Synchronous: one file after another through libuv's thread pool costs more CPU than
      // the calls themselves (a warm export stats every input).
      const info = statSync(file.absolutePath);
      stamp = { size: info.size, mtimeMs: info.mtimeMs };
      if (unchanged?.(file.path, stamp)) {
        sources.push({
          path: file.path,
          text: '',
          absolutePath: file.absolutePath,
          stamp,
          unread: true,
        });
        continue;
      }
      bytes = readFileSync(file.absolutePath);
    } catch (error) {
      diagnostics.push(fileError(file.path, `cannot read: ${describe(error)}`, 'input-unreadable'));
      continue;
    }
    const decoded = decode(bytes, file.path);
    diagnostics.push(...decoded.diagnostics);
    if (decoded.diagnostics.some((d) => d.severity === 'error')) continue;
    sources.push({ path: file.path, text: decoded.text, absolutePath: file.absolutePath, stamp });
  }
  return {
    root: collected.root,
    sources,
    diagnostics,
    inputFiles: new Set(collected.files.map((f) => f.absolutePath)),
  };
}

/** Reads files and directories as one set of notes (the API for programs; the CLIs add output handling). */
export async function readNotes(inputs: string[]): Promise<NoteSet> {
  const read = await readInputFiles(inputs);
  const notes = buildNoteSet(read.sources, { root: read.root });
  notes.diagnostics.unshift(...read.diagnostics);
  return notes;
}

/**
 * Whether `file` is inside `root` once symbolic links are followed: a link inside the notes
 * pointing out of them must not carry an outside file into the outputs (docs/security.md).
 * A file that cannot be resolved counts as inside: reading it fails and says why.
 */
export function insideRealRoot(root: string, file: string): boolean {
  try {
    return realpathSync(file).startsWith(realpathSync(root) + path.sep);
  } catch {
    return true;
  }
}
