/**
 * `--package-per deck|set`: packages that gather the notes of several Org files. The engine
 * converts one document at a time, so these are built after a run, from the whole note set:
 * one package per top-level deck (`Languages.apkg` holds `Languages::German` too), or one for
 * the set, named after the notes' root folder.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  compareText,
  formatDiagnostic,
  readNotes,
  type Diagnostic,
  type NoteSet,
} from '@orgnotes/core';
import { parseCommandLine, writeAtomic, type ConvertContext, type OutputFile } from '@orgnotes/cli';
import { buildPackage, loadPackageWriter, type PackageMedia } from './apkg.js';
import type { AnkiNote } from './cards.js';
import {
  convertToAnki,
  packageMedia,
  parseOptions,
  PACKAGE_EXTENSION,
  type AnkiOptions,
} from './convert.js';
import { packageEpoch } from './epoch.js';
import { escapeAttribute } from './escape.js';
import { ankiInfo } from './info.js';

/** Characters a package's file name cannot hold on common file systems, replaced by `_`. */
const UNSAFE_FILE_NAME = /[\\/:*?"<>|\s]+/g;

function packageName(name: string): string {
  return (name.replace(UNSAFE_FILE_NAME, '_').replace(/^\.+/, '') || 'notes') + PACKAGE_EXTENSION;
}

/**
 * The packages of a whole set (`per`: deck or set), in name order. Notes keep the GUIDs of
 * their files' CSVs; a GUID that two files give (a duplicated :ID:, which the note set reports)
 * goes into a package once, from the first file in path order, with a `duplicate-guid` warning.
 */
export function setPackages(
  set: NoteSet,
  options: AnkiOptions,
  per: 'deck' | 'set',
  report: (diagnostic: Diagnostic) => void,
): OutputFile[] {
  const groups = new Map<string, { notes: AnkiNote[]; media: Map<string, PackageMedia> }>();
  const seen = new Map<string, string>();
  const rootName = path.basename(set.root) || 'notes';
  const documents = [...set.documents].sort((a, b) => compareText(a.path ?? '', b.path ?? ''));
  for (const document of documents) {
    const where = document.path ?? '<stdin>';
    // The run itself reported each document's findings already: these are not repeated.
    const context: ConvertContext = {
      notes: set,
      options: {},
      outputPath: where,
      outputPathOf: (d) => d.path ?? '',
      report: () => {},
    };
    const result = convertToAnki(document, context, { ...options, packagePer: null });
    const media = result.media.map(packageMedia);
    for (const note of result.notes) {
      const first = seen.get(note.guid);
      if (first !== undefined) {
        report({
          severity: 'warning',
          rule: 'duplicate-guid',
          message: `this ${note.origin} note has the GUID of a note of ${first} (the same :ID:); the package keeps that one`,
          path: where,
          line: note.line,
          column: 1,
        });
        continue;
      }
      seen.set(note.guid, where);
      const key = per === 'set' ? rootName : note.deck.split('::')[0]!;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { notes: [], media: new Map() }));
      group.notes.push(note);
      // Only the pictures this package's notes show.
      for (const file of media)
        if (note.fields.some((f) => f.includes(`src="${escapeAttribute(file.name)}"`)))
          group.media.set(file.name, file);
    }
  }
  const epoch = packageEpoch();
  return [...groups]
    .sort(([a], [b]) => compareText(a, b))
    .map(([name, group]) => ({
      path: packageName(name),
      content: buildPackage(
        {
          notes: group.notes,
          media: [...group.media.values()].sort((a, b) => compareText(a.name, b.name)),
        },
        { epoch },
      ),
    }));
}

/**
 * After `org2anki` (or `orgnotes export`) has run: the deck or set packages its options ask
 * for, written into `outDir` (only when their bytes change), or compared with `check`.
 * Returns the exit status it adds: 1 when a package is out of date under `check`.
 */
export async function writeSetPackages(
  inputs: string[],
  outDir: string,
  options: AnkiOptions,
  flags: { check?: boolean; quiet?: boolean; name?: string },
): Promise<number> {
  const per = options.packagePer;
  if (per !== 'deck' && per !== 'set') return 0;
  await loadPackageWriter();
  const set = await readNotes(inputs);
  const diagnostics: Diagnostic[] = [];
  const files = setPackages(set, options, per, (d) => diagnostics.push(d));
  const name = flags.name ?? ankiInfo.name;
  if (!flags.quiet) for (const d of diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
  let status = 0;
  for (const file of files) {
    const target = path.join(outDir, file.path);
    const old = await readFile(target).catch(() => null);
    if (old?.equals(Buffer.from(file.content as Uint8Array))) continue;
    if (flags.check) {
      process.stderr.write(`${name}: ${target} is out of date\n`);
      status = 1;
    } else await writeAtomic(target, file.content);
  }
  return status;
}

/** org2anki's own command line, read again after the run for `--package-per deck|set`. */
export async function packagesAfterRun(argv: string[]): Promise<void> {
  if (process.exitCode === 2) return;
  let command;
  try {
    command = parseCommandLine(
      {
        name: ankiInfo.name,
        summary: ankiInfo.summary,
        version: ankiInfo.version,
        usage: [],
        flags: ankiInfo.flags,
      },
      argv,
    );
  } catch {
    return;
  }
  if (!command) return;
  const options = parseOptions(command.options);
  if (options.packagePer !== 'deck' && options.packagePer !== 'set') return;
  if (command.out === undefined) {
    process.stderr.write(
      `${ankiInfo.name}: --package-per ${options.packagePer} writes packages only with -o DIR\n`,
    );
    return;
  }
  const status = await writeSetPackages(command.inputs, command.out, options, {
    check: command.check,
    quiet: command.quiet,
  });
  if (status) process.exitCode = status;
}
