/**
 * Where a link leads once exported, decided once for every writer: a heading or note of the
 * set (and whether the export rules keep it), a local file, a URL a reader can open, a man
 * page, or something only Emacs can follow.
 *
 * SPEC: (info "(org) External Links"), (info "(org) Internal Links"); ol.el link types;
 * ol-doi.el (`doi:` -> https://doi.org/), ol-info.el (`org-info-map-html-url`), ol-man.el.
 */
import { exportedTree, isFileExported } from './export.js';
import type { ExportConfig } from './export-settings.js';
import { HIDDEN_LINK_TYPES } from './inline.js';
import { isInlineImage } from './media.js';
import { REF_LINK_TYPES, type LinkResolver } from './notes.js';
import { compareText } from './diagnostics.js';
import { plainText } from './inline.js';
import type {
  BacklinkSource,
  Citation,
  Document,
  Heading,
  Inline,
  Link,
  ResolvedLink,
} from './types.js';

export { HIDDEN_LINK_TYPES };

export type ExportLinkTarget =
  /**
   * An exported heading of a note of the set. `anchor` names the dedicated target or label
   * inside it that the link leads to.
   */
  | { kind: 'heading'; document: Document; heading: Heading; anchor?: string }
  /** A whole exported note of the set. */
  | { kind: 'document'; document: Document; anchor?: string }
  /**
   * A note or heading the export rules leave out: a private note (an exclude tag in its
   * `#+FILETAGS:`), or a heading that is excluded, COMMENTed or not selected. A writer writes
   * the link's description alone, or nothing when it has none (no link, no path, no title:
   * issue 14, private notes), and reports `message` at info level under PRIVATE_LINK_RULE.
   */
  | { kind: 'private'; what: 'note' | 'heading'; message: string }
  /** An org-ref `label:` link: no text, an anchor that `ref:` links lead to. */
  | { kind: 'anchor'; name: string }
  /** An org-ref citation link (`cite:`, `citet:`, ...), as the org-cite citation it stands for. */
  | { kind: 'citation'; citation: Citation }
  /** A link that only tells LaTeX something (`bibliographystyle:`, `bibliography:`): no text. */
  | { kind: 'hidden' }
  /** A local file that is not a note: `image` when shown in place (no description, a picture). */
  | {
      kind: 'file';
      path: string;
      absolutePath: string;
      exists: boolean;
      insideRoot: boolean;
      orgFile: boolean;
      image: boolean;
    }
  /** A URL a browser opens; `email` for `mailto:`, `image` for a picture shown in place. */
  | { kind: 'url'; url: string; email: boolean; image: boolean }
  /** `man:ls(1)` (ol-man.el). */
  | { kind: 'man'; name: string; section: string | null }
  /** A link only Emacs can follow (`elisp:`, `shell:`, an `info:` manual not on the web, ...). */
  | { kind: 'emacs'; linkType: string }
  /** An internal link that leads nowhere; the note set has reported it (broken-link). */
  | { kind: 'broken'; reason: string };

/** Link types that are URLs a browser or mail program opens as written. */
export const URL_LINK_TYPES: ReadonlySet<string> = new Set([
  'http',
  'https',
  'ftp',
  'ftps',
  'sftp',
  'mailto',
  'news',
  'gopher',
  'irc',
  'ircs',
  'tel',
  'ssh',
  'git',
  'file+sys',
  'data',
]);

/** Manuals published at gnu.org/software/emacs/manual (SPEC: ol-info.el, org-info-emacs-documents). */
const EMACS_MANUALS = new Set(
  (
    'ada-mode auth autotype bovine calc ccmode cl dbus dired-x ebrowse ede ediff edt efaq eieio eintr elisp emacs ' +
    'emacs-gnutls emacs-mime epa erc ert eshell eudc eww flymake forms gnus htmlfontify idlwave ido info mairix-el ' +
    'message mh-e newsticker nxml-mode octave-mode org pcl-cvs pgg rcirc reftex remember ses sieve smtpmail speedbar ' +
    'srecode todo-mode tramp url vip viper widget wisent woman'
  ).split(' '),
);

/**
 * `info:org#Tables` -> the manual's HTML page, as ox-html exports it (SPEC: org-info-map-html-url,
 * org-info--expand-node-name: Texinfo's node-name-to-file rule, space -> `-`, other
 * non-alphanumerics -> `_` and four hex digits). null for a manual not published there.
 */
export function infoUrl(target: string): string | null {
  const m = /^\(?([^#:()]+)\)?(?:#|::)?(.*)$/.exec(target.trim());
  if (!m) return null;
  const manual = m[1]!.trim().toLowerCase();
  if (!EMACS_MANUALS.has(manual)) return null;
  const node = m[2]!.trim();
  const base = `https://www.gnu.org/software/emacs/manual/html_node/${manual}/`;
  if (node === '' || node === 'Top') return `${base}index.html`;
  const file = [...node]
    .map((c) =>
      /[A-Za-z0-9]/.test(c)
        ? c
        : c === ' '
          ? '-'
          : `_${c.codePointAt(0)!.toString(16).padStart(4, '0')}`,
    )
    .join('');
  return `${base}${file}.html`;
}

/** `ls(1)` -> name and section; uniorg reads `man:ls(1)` as a fuzzy link, so its raw text is read too. */
function manPage(link: Link): { name: string; section: string | null } | null {
  const page =
    link.linkType === 'man'
      ? link.path
      : link.linkType === 'fuzzy' && /^man:/.test(link.rawLink)
        ? link.rawLink.slice(4)
        : null;
  if (page === null) return null;
  const m = /^([^(]+)(?:\((\w+)\))?$/.exec(page);
  return { name: m?.[1] ?? page, section: m?.[2] ?? null };
}

/** The URL of a link that is not internal, or null when only Emacs can follow it. */
function externalUrl(link: Link): string | null {
  if (URL_LINK_TYPES.has(link.linkType)) return link.rawLink;
  if (link.linkType === 'doi') return `https://doi.org/${link.path}`;
  if (link.linkType === 'info') return infoUrl(link.path);
  return null;
}

/** The rule under which writers report a link to a private note or excluded heading (info level). */
export const PRIVATE_LINK_RULE = 'link-to-private';

function privateTarget(link: Link, what: 'note' | 'heading'): ExportLinkTarget {
  const why =
    what === 'note'
      ? 'a private note (an exclude tag in its #+FILETAGS)'
      : 'a heading the export leaves out (an exclude tag, COMMENT, or not selected)';
  const kept =
    link.children.length > 0
      ? 'only its description is written'
      : 'it has no description, so nothing is written';
  return { kind: 'private', what, message: `link [[${link.rawLink}]] points to ${why}: ${kept}` };
}

/**
 * org-ref citation link types and the org-cite style each stands for (null: the default).
 * SPEC: org-ref-cite-types (org-ref-citation-links.el), (info "(org) Citation handling").
 */
export const CITE_LINK_STYLES: ReadonlyMap<string, string | null> = new Map([
  ['cite', null],
  ['citep', null],
  ['citealp', null],
  ['parencite', null],
  ['autocite', null],
  ['citenum', null],
  ['Citep', 'c'],
  ['Parencite', 'c'],
  ['Autocite', 'c'],
  ['citet', 'text'],
  ['citealt', 'text'],
  ['textcite', 'text'],
  ['Citet', 'text/c'],
  ['Textcite', 'text/c'],
  ['citeauthor', 'author'],
  ['Citeauthor', 'author/c'],
  ['citeyear', 'noauthor'],
  ['citeyearpar', 'noauthor'],
  ['nocite', 'nocite'],
  ['footcite', 'note'],
]);

/**
 * The citation an org-ref link stands for: v2 `cite:a,b`, v3 `cite:&a;&b` with optional
 * `prefix &key suffix` parts (SPEC: org-ref-parse-cite-path). The link's own description
 * is not part of it (org-ref shows the keys).
 */
export function orgRefCitation(link: Link): Citation | null {
  const style = CITE_LINK_STYLES.get(link.linkType);
  if (style === undefined) return null;
  const path = link.path.trim();
  const references: Inline[] = [];
  const part = (type: 'citation-prefix' | 'citation-suffix', text: string): Inline[] =>
    text === '' ? [] : [{ type, children: [{ type: 'text', value: text }] }];
  if (path.includes('&')) {
    for (const piece of path.split(';')) {
      const m = /^([^&]*)&([^\s;,]+)(.*)$/s.exec(piece);
      if (!m) continue;
      const [, prefix, key, suffix] = m as unknown as [string, string, string, string];
      references.push({
        type: 'citation-reference',
        key,
        children: [
          ...part('citation-prefix', prefix.trimStart()),
          { type: 'citation-key', key },
          ...part('citation-suffix', suffix.trimEnd()),
        ],
      });
    }
  } else {
    for (const key of path
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean))
      references.push({
        type: 'citation-reference',
        key,
        children: [{ type: 'citation-key', key }],
      });
  }
  if (references.length === 0) return null;
  return { type: 'citation', style, children: references, ...(link.loc ? { loc: link.loc } : {}) };
}

/**
 * The text of an org-ref reference without description: the label, in parentheses for
 * `eqref:` as LaTeX prints an equation number. null for other links.
 */
export function referenceText(link: Link): string | null {
  if (!REF_LINK_TYPES.has(link.linkType)) return null;
  return link.linkType === 'eqref' ? `(${link.path})` : link.path;
}

/** Where a link leads in an export of `from` under `config` (the same configuration the writer uses). */
export function linkTarget(
  link: Link,
  from: Document,
  notes: LinkResolver,
  config: ExportConfig = {},
): ExportLinkTarget {
  const man = manPage(link);
  if (man) return { kind: 'man', ...man };
  if (link.linkType === 'label') return { kind: 'anchor', name: link.path };
  if (HIDDEN_LINK_TYPES.has(link.linkType)) return { kind: 'hidden' };
  const citation = orgRefCitation(link);
  if (citation) return { kind: 'citation', citation };
  const target = notes.resolveLink(link, from);
  if (target === null) {
    const url = externalUrl(link);
    if (url === null) return { kind: 'emacs', linkType: link.linkType };
    return {
      kind: 'url',
      url,
      email: link.linkType === 'mailto',
      image: link.linkType !== 'mailto' && isInlineImage(link),
    };
  }
  switch (target.kind) {
    case 'broken':
      return target;
    case 'heading':
      return exportedTree(target.document, config).heading(target.heading)
        ? target
        : privateTarget(link, 'heading');
    case 'document':
      return isFileExported(target.document, config) ? target : privateTarget(link, 'note');
    case 'file':
      return { ...target, orgFile: /\.org$/i.test(link.path), image: isInlineImage(link) };
  }
}

/**
 * The note a citation key leads to: the org-roam reference note whose `:ROAM_REFS:` declares
 * it (SPEC: org-roam's "Citations" node refs), or null when no exported note of the set does.
 */
export function citationTarget(
  key: string,
  from: Document,
  notes: LinkResolver,
  config: ExportConfig = {},
): Extract<ExportLinkTarget, { kind: 'heading' | 'document' }> | null {
  const link = {
    type: 'link',
    linkType: 'cite',
    path: key,
    searchOption: null,
    rawLink: `cite:${key}`,
    children: [],
  } as unknown as Link;
  const target = notes.resolveLink(link, from);
  if (target === null || target.kind === 'broken' || target.kind === 'file') return null;
  // A reference note or heading the export leaves out is private: the citation stays unlinked.
  if (target.kind === 'heading')
    return exportedTree(target.document, config).heading(target.heading) ? target : null;
  return isFileExported(target.document, config) ? target : null;
}

/** Titles of the headings from the top of `headings` down to `target`, or null when it is not there. */
function headingPath(headings: Heading[], target: Heading): string[] | null {
  for (const heading of headings) {
    if (heading === target) return [plainText(heading.title)];
    const below = headingPath(heading.children, target);
    if (below) return [plainText(heading.title), ...below];
  }
  return null;
}

/**
 * Where an internal link leads, independent of any output format (for org2json): the target
 * note's path, the heading's path of titles, its ID and title. Null for a link that is not
 * internal (a URL, an Emacs link).
 */
export function resolvedLink(link: Link, from: Document, notes: LinkResolver): ResolvedLink | null {
  const target = notes.resolveLink(link, from);
  if (target === null) return null;
  switch (target.kind) {
    case 'broken':
      return {
        kind: 'broken',
        file: null,
        headingPath: [],
        id: null,
        title: null,
        reason: target.reason,
      };
    case 'file':
      return { kind: 'file', file: target.path, headingPath: [], id: null, title: null };
    case 'document':
      return {
        kind: 'document',
        file: target.document.path ?? null,
        headingPath: [],
        id: target.document.meta.id,
        title: target.document.meta.title,
      };
    case 'heading':
      return {
        kind: 'heading',
        file: target.document.path ?? null,
        headingPath: headingPath(target.document.headings, target.heading) ?? [
          plainText(target.heading.title),
        ],
        id: target.heading.id,
        title: plainText(target.heading.title),
      };
  }
}

/**
 * Where the other exported notes link to this document (issue 14), for org2json: under
 * `document` the links to the file or to any heading of it, under each heading of `headings`
 * the links to that heading. One entry per linking place (note and heading), by file then
 * document order. Read from the set's link index, like core's noteBacklinks, under the same
 * rule: only what the export keeps links (`LinkIndex.exportedBacklinks`: a private note, an
 * excluded subtree or a dropped drawer links to nothing).
 */
export function documentBacklinks(
  document: Document,
  notes: LinkResolver,
  config: ExportConfig = {},
): { document: BacklinkSource[]; headings: Map<Heading, BacklinkSource[]> } {
  const path = document.path;
  const result = {
    document: [] as BacklinkSource[],
    headings: new Map<Heading, BacklinkSource[]>(),
  };
  if (!path) return result;
  // Heading numbers of the index are pre-order positions, as walkHeadings visits them.
  const byNumber: Heading[] = [];
  walk(document.headings, (heading) => byNumber.push(heading));
  const places = new Map<string, { from: string; heading: number | null; targets: Set<number> }>();
  for (const backlink of notes.links.exportedBacklinks(path, config)) {
    const target = notes.links.resolveKey(backlink.key, backlink.from);
    const place = `${backlink.from}\0${backlink.heading ?? -1}`;
    const found = places.get(place) ?? { ...backlink, targets: new Set<number>() };
    if (target?.kind === 'heading') found.targets.add(target.heading);
    places.set(place, found);
  }
  const sorted = [...places.values()].sort(
    (a, b) => compareText(a.from, b.from) || (a.heading ?? -1) - (b.heading ?? -1),
  );
  for (const place of sorted) {
    const located = notes.locate(place.from, place.heading);
    const source: BacklinkSource = located.heading
      ? {
          file: place.from,
          headingPath: headingPath(located.document.headings, located.heading) ?? [
            plainText(located.heading.title),
          ],
          id: located.heading.id,
          title: plainText(located.heading.title),
        }
      : {
          file: place.from,
          headingPath: [],
          id: located.document.meta.id,
          title:
            located.document.meta.title ?? place.from.replace(/^.*\//, '').replace(/\.org$/i, ''),
        };
    result.document.push(source);
    for (const number of place.targets) {
      const heading = byNumber[number];
      if (heading) result.headings.set(heading, [...(result.headings.get(heading) ?? []), source]);
    }
  }
  return result;
}

function walk(headings: Heading[], visit: (heading: Heading) => void) {
  for (const heading of headings) {
    visit(heading);
    walk(heading.children, visit);
  }
}
