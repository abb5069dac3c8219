import {
  buildNoteSet,
  expandForExport,
  type Diagnostic,
  type Document,
  type NoteSet,
} from '@orgnotes/core';
import { outputPathOf as outputPathIn, reportInto, type ConvertContext } from '@orgnotes/cli';
import { converter } from '../src/index.js';

export type Flags = ConvertContext['options'];

/** Where the export writes a document's page (#+EXPORT_FILE_NAME included): the CLI's function. */
export const outputPathOf = (document: Document) => outputPathIn(converter, document);

export interface Output {
  document: Document;
  path: string;
  markdown: string;
  diagnostics: Diagnostic[];
}

/** Converts every document of a note set as the CLI does, collecting the converter's reports. */
export function convertAll(notes: NoteSet, flags: Flags = {}): Output[] {
  // A private note (an exclude tag in its #+FILETAGS) has no output.
  return notes.documents.flatMap((document) => {
    const diagnostics: Diagnostic[] = [];
    const context: ConvertContext = {
      notes,
      options: flags,
      outputPath: outputPathOf(document),
      outputPathOf,
      report: reportInto(diagnostics, document.path ?? '<stdin>'),
    };
    // As the engine does: macros (and includes, none readable here) expanded before the writer.
    const expansion = expandForExport(document, {
      readFile: () => null,
      modificationTime: () => new Date(0),
    });
    diagnostics.push(...expansion.diagnostics);
    const [main] = converter.convert(expansion.document, context);
    return main
      ? [
          {
            document: expansion.document,
            path: main.path,
            markdown: String(main.content),
            diagnostics,
          },
        ]
      : [];
  });
}

export function convertText(
  text: string,
  flags: Flags = {},
  path = 'input.org',
): Output & { notes: NoteSet } {
  const notes = buildNoteSet([{ path, text }], {
    root: '/nonexistent-root',
    fileExists: () => true,
  });
  return { ...convertAll(notes, flags)[0]!, notes };
}
