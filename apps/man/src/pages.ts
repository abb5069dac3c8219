/**
 * Which man pages a document becomes: one page named after the file, or, with
 * `--split-level N`, one more page per heading at depth N (`docker-image.7`).
 */
import { exportedTree, plainText, type Document, type ExportedTree, type Heading } from '@orgnotes/core';

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

/** The base name of a document: its file name without `.org`; for standard input, its title. */
export function documentName(document: Document): string {
  if (document.path) {
    const base = document.path.split('/').pop() ?? document.path;
    return pageName(base.replace(/\.org$/i, ''));
  }
  return pageName(slug(document.meta.title ?? '') || 'stdin');
}

/** `#+MAN_SECTION` (man-pages(7): 1-8, optionally with a suffix such as 3p or n); 7 by default. */
export function sectionOf(document: Document): { section: string; invalid: string | null } {
  const values = document.meta.keywords.MAN_SECTION;
  const value = values?.[values.length - 1]?.trim();
  if (value === undefined || value === '') return { section: '7', invalid: null };
  return /^([1-9]|n)[a-z0-9]{0,8}$/i.test(value) ? { section: value, invalid: null } : { section: '7', invalid: value };
}

/** Pages of the headings core's export rules keep (`tree`: exportedTree of the document). */
export function planPages(document: Document, splitLevel: number | null, tree: ExportedTree = exportedTree(document)): PagePlan {
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
        if (used.has(name) && parent) name = pageName(`${base}-${shortSlug(plainText(parent.title))}-${part}`);
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
