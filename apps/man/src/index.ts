/**
 * org2man: Org notes as man(7) pages that pass mandoc, groff, man and lexgrog without a message.
 */
import { exportConfigFromOptions, exportedTree, type Document, type Heading } from '@orgnotes/core';
import type { ConvertContext, Converter, OutputFile } from '@orgnotes/cli';
import { pageDate, systemDateSources, type DateSources } from './date.js';
import { manInfo } from './info.js';
import { sectionOf } from './pages.js';
import { pagePlan, renderPage } from './writer.js';

export {
  escapeText,
  protectLine,
  addBreakPoints,
  CHAR_RULES,
  LINE_RULES,
  OPTION_WORD,
} from './escape.js';
export { pageDate, dateKeyword, systemDateSources, type DateSources } from './date.js';
export {
  planPages,
  pageName,
  slug,
  shortSlug,
  documentName,
  sectionOf,
  pageHeader,
  HEADER_WIDTH,
  type Page,
  type PagePlan,
  type PageHeader,
} from './pages.js';

export interface ManConverterOptions {
  /** Where `.TH` dates come from (SOURCE_DATE_EPOCH, git, mtime); tests inject fixed ones. */
  dateSources?: DateSources;
}

function parseSplitLevel(value: unknown, context: ConvertContext): number | null | undefined {
  if (value === undefined || value === false || value === '') return null;
  const text = String(value).trim();
  if (!/^[1-9]\d*$/.test(text)) {
    context.report(
      'error',
      'man-split-level',
      `--split-level needs a heading level (1, 2, ...), not "${text}"`,
    );
    return undefined;
  }
  return Number(text);
}

/** Converts one document to its man page(s): the main page first, then one per split heading. */
export function convertToMan(
  document: Document,
  context: ConvertContext,
  options: ManConverterOptions = {},
): OutputFile[] {
  return manPages(document, context, options).files;
}

/** The man pages of a document, and the headings they hold (in page order). */
export function manPages(
  document: Document,
  context: ConvertContext,
  options: ManConverterOptions = {},
): { files: OutputFile[]; headings: Heading[] } {
  const headings: Heading[] = [];
  const splitLevel = parseSplitLevel(context.options['split-level'], context);
  if (splitLevel === undefined) return { files: [], headings };
  const tree = exportedTree(document, exportConfigFromOptions(context.options));
  // A note whose #+FILETAGS carry an exclude tag is private: it has no page at all.
  if (!tree.fileExported) return { files: [], headings };
  for (const finding of tree.findings)
    context.report(finding.severity, finding.rule, finding.message, finding.loc);
  const section = sectionOf(document);
  if (section.invalid !== null) {
    context.report(
      'warning',
      'man-section',
      `#+MAN_SECTION "${section.invalid}" is not a manual section (1-8 or n, optionally with a suffix such as 3p): using 7`,
    );
  }
  const date = pageDate(
    document,
    context.notes.absolutePath(document),
    options.dateSources ?? systemDateSources,
  );
  const plan = pagePlan(document, splitLevel, tree);
  const slash = context.outputPath.lastIndexOf('/');
  const dir = slash >= 0 ? context.outputPath.slice(0, slash + 1) : '';
  const files = [plan.main, ...plan.split].map((page) => ({
    path: `${dir}${page.name}.${page.section}`,
    content: renderPage(document, context, { splitLevel, date }, page, headings),
  }));
  return { files, headings };
}

export function createConverter(options: ManConverterOptions = {}): Converter {
  return {
    ...manInfo,
    convert: (document, context) => convertToMan(document, context, options),
    // Injected date sources (tests) are fixed; the system's depend on git and the file.
    // (and a worker thread would load the system's: convert here).
    ...(options.dateSources ? { dependencies: undefined, entry: undefined } : {}),
  };
}

export const converter: Converter = createConverter();
