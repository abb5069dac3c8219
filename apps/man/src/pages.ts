/**
 * Which man pages a document becomes: one page named after the file, or, with
 * `--split-level N`, one more page per heading at depth N (`docker-image.7`).
 */
import {
  exportedTree,
  outputBase,
  outputNaming,
  plainText,
  type Document,
  type ExportedTree,
  type Heading,
} from '@orgnotes/core';

export interface Page {
  /** The page name, as in NAME and the file name: `docker-image`. */
  name: string;
  section: string;
  /** The heading the page documents; null for the document's main page. */
  heading: Heading | null;
  /** Depth of `heading` in the outline (1 = top level); 0 for the main page. */
  depth: number;
}

export interface PagePlan {
  main: Page;
  /** Split pages in document order. */
  split: Page[];
  /** The page a heading is written in (undefined for headings that are not exported). */
  pageOf(heading: Heading): Page | undefined;
  /** Outline depth of an exported heading. */
  depthOf(heading: Heading): number | undefined;
  /** The exported ancestors of a heading, outermost first. */
  ancestorsOf(heading: Heading): Heading[];
}

/** man(7) names: letters, digits and `._+-` (lexgrog reads a space or comma as the end of a name). */
export function pageName(text: string): string {
  const name = text
    .replace(/[^A-Za-z0-9._+-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return name || 'notes';
}

/** A heading as part of a page name: lower case, words joined by `-`. */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Longest heading part of a split page's name: the NAME line cannot wrap inside a name. */
const SLUG_LIMIT = 24;

/** A heading's slug cut to SLUG_LIMIT characters at a word boundary. */
export function shortSlug(text: string): string {
  const full = slug(text);
  if (full.length <= SLUG_LIMIT) return full;
  const cut = full.slice(0, SLUG_LIMIT + 1);
  const boundary = cut.lastIndexOf('-');
  return (boundary > 0 ? cut.slice(0, boundary) : full.slice(0, SLUG_LIMIT)).replace(/-+$/, '');
}

/**
 * The base name of a document: the file name of its output base (core's outputBase: its
 * `#+EXPORT_FILE_NAME`, else its file name without `.org`); for standard input, its title.
 */
export function documentName(document: Document): string {
  if (document.path) {
    const { base } = outputBase(document.path, outputNaming(document));
    return pageName(base.slice(base.lastIndexOf('/') + 1));
  }
  return pageName(slug(document.meta.title ?? '') || 'stdin');
}

/** `#+MAN_SECTION` (man-pages(7): 1-8, optionally with a suffix such as 3p or n); 7 by default. */
export function sectionOf(document: Document): { section: string; invalid: string | null } {
  return sectionOfValue(outputNaming(document).manSection ?? undefined);
}

/** The section a `#+MAN_SECTION` value gives (7 when there is none or it is not one). */
export function sectionOfValue(value: string | undefined): {
  section: string;
  invalid: string | null;
} {
  if (value === undefined || value === '') return { section: '7', invalid: null };
  return /^([1-9]|n)[a-z0-9]{0,8}$/i.test(value)
    ? { section: value, invalid: null }
    : { section: '7', invalid: value };
}

/** Pages of the headings core's export rules keep (`tree`: exportedTree of the document). */
export function planPages(
  document: Document,
  splitLevel: number | null,
  tree: ExportedTree = exportedTree(document),
): PagePlan {
  const { section } = sectionOf(document);
  const base = documentName(document);
  const main: Page = { name: base, section, heading: null, depth: 0 };
  const split: Page[] = [];
  const pages = new Map<Heading, Page>();
  const depths = new Map<Heading, number>();
  const parents = new Map<Heading, Heading | null>();
  const used = new Set<string>([base]);
  const walk = (headings: Heading[], depth: number, page: Page, parent: Heading | null) => {
    for (const heading of tree.headings(headings)) {
      let own = page;
      if (splitLevel !== null && depth === splitLevel) {
        const part = shortSlug(plainText(heading.title)) || 'section';
        let name = pageName(`${base}-${part}`);
        // Two headings with one title (Glossary/image, Commands/image): the second is named with its parent's title.
        if (used.has(name) && parent)
          name = pageName(`${base}-${shortSlug(plainText(parent.title))}-${part}`);
        for (let n = 2; used.has(name); n++) name = pageName(`${base}-${part}-${n}`);
        used.add(name);
        own = { name, section, heading, depth };
        split.push(own);
      }
      pages.set(heading, own);
      depths.set(heading, depth);
      parents.set(heading, parent);
      if (tree.body(heading)) walk(heading.children, depth + 1, own, heading);
    }
  };
  walk(document.headings, 1, main, null);
  return {
    main,
    split,
    pageOf: (heading) => pages.get(heading),
    depthOf: (heading) => depths.get(heading),
    ancestorsOf: (heading) => {
      const out: Heading[] = [];
      for (let p = parents.get(heading) ?? null; p; p = parents.get(p) ?? null) out.unshift(p);
      return out;
    },
  };
}

/**
 * Columns of a page's header and footer lines under `man` on an 80-column terminal: man-db
 * asks groff for a line length of MANWIDTH - 2 (measured: `MANWIDTH=80 man -l` gives 78).
 */
export const HEADER_WIDTH = 78;
/** Blanks kept between the parts of a header or footer line, so that they read as parts. */
const HEADER_GAP = 2;
/** What `.TH`'s fourth argument (the footer's left part) says. */
export const PAGE_SOURCE = 'orgnotes';
/** Where a page name may be cut for the header: after a word (org-roam slugs use `_` and `-`). */
const TITLE_WORD_END = /[-_.+]/;

/** Whether `left`, `centre` and `right` fit a `.tl` line of HEADER_WIDTH without touching. */
function fitsLine(left: number, centre: number, right: number): boolean {
  // groff's .tl centres the middle part on the line, whatever the sides' lengths.
  if (centre === 0) return left + HEADER_GAP + right <= HEADER_WIDTH;
  const start = Math.floor((HEADER_WIDTH - centre) / 2);
  return left + HEADER_GAP <= start && start + centre + HEADER_GAP <= HEADER_WIDTH - right;
}

export interface PageHeader {
  /** `.TH`'s first argument: the page name in upper case, cut at a word end when too long. */
  title: string;
  /** `.TH`'s fifth argument (the header's centre): the notes' title, or '' when it cannot fit. */
  centre: string;
}

/**
 * The header and footer fields of a page. groff 1.22.4 prints `TITLE(7)  centre  TITLE(7)`
 * above and `orgnotes  date  TITLE(7)` below without shortening anything, so an org-roam slug
 * of 60 characters runs into the centre and the date ("HOW_I_TAKE_NOTES_IN_ORG_HowMI7Take
 * ..."). The title is cut at a word end to what the footer leaves beside the date (the full
 * name stays in NAME and the file name), and the centre is left out when it cannot fit
 * between the two titles. `centreWidth` is the columns the centre takes on a terminal.
 */
export function pageHeader(
  name: string,
  section: string,
  date: string,
  centre: string,
  centreWidth = centre.length,
): PageHeader {
  const suffix = `(${section})`.length;
  const fits = (title: number) =>
    fitsLine(PAGE_SOURCE.length, date.length, title + suffix) &&
    fitsLine(title + suffix, 0, title + suffix);
  const upper = name.toUpperCase();
  let title = upper;
  if (!fits(title.length)) {
    let limit = title.length;
    while (limit > 1 && !fits(limit)) limit--;
    const cut = upper.slice(0, limit + 1);
    let end = -1;
    for (let i = cut.length - 1; i > 0; i--) {
      if (TITLE_WORD_END.test(cut[i]!)) {
        end = i;
        break;
      }
    }
    // A cut at a word end (without the separator), unless that loses more than half the room.
    title = (end >= limit / 2 ? upper.slice(0, end) : upper.slice(0, limit)).replace(
      /[-_.+]+$/,
      '',
    );
  }
  const width = title.length + suffix;
  return { title, centre: centre && fitsLine(width, centreWidth, width) ? centre : '' };
}
