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
import { isInlineImage } from './media.js';
import type { LinkResolver } from './notes.js';
import { plainText } from './inline.js';
import type { Document, Heading, Link, ResolvedLink } from './types.js';

export type ExportLinkTarget =
  /** A heading of a note of the set; `exported` is false when the export rules leave it out. */
  | { kind: 'heading'; document: Document; heading: Heading; exported: boolean }
  /** A whole note of the set; `exported` is false for a file-level excluded (private) note. */
  | { kind: 'document'; document: Document; exported: boolean }
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

/** Where a link leads in an export of `from` under `config` (the same configuration the writer uses). */
export function linkTarget(
  link: Link,
  from: Document,
  notes: LinkResolver,
  config: ExportConfig = {},
): ExportLinkTarget {
  const man = manPage(link);
  if (man) return { kind: 'man', ...man };
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
      return { ...target, exported: exportedTree(target.document, config).heading(target.heading) };
    case 'document':
      return { ...target, exported: isFileExported(target.document, config) };
    case 'file':
      return { ...target, orgFile: /\.org$/i.test(link.path), image: isInlineImage(link) };
  }
}

/**
 * The note a citation key leads to: the org-roam reference note whose `:ROAM_REFS:` declares
 * it (SPEC: org-roam's "Citations" node refs), or null when no note of the set does.
 */
export function citationTarget(
  key: string,
  from: Document,
  notes: LinkResolver,
  config: ExportConfig = {},
): Extract<ExportLinkTarget, { kind: 'heading' | 'document' }> | null {
  const link = { type: 'link', linkType: 'cite', path: key, searchOption: null, rawLink: `cite:${key}`, children: [] } as unknown as Link;
  const target = notes.resolveLink(link, from);
  if (target === null || target.kind === 'broken' || target.kind === 'file') return null;
  if (target.kind === 'heading') return { ...target, exported: exportedTree(target.document, config).heading(target.heading) };
  return { ...target, exported: isFileExported(target.document, config) };
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
      return { kind: 'broken', file: null, headingPath: [], id: null, title: null, reason: target.reason };
    case 'file':
      return { kind: 'file', file: target.path, headingPath: [], id: null, title: null };
    case 'document':
      return { kind: 'document', file: target.document.path ?? null, headingPath: [], id: target.document.meta.id, title: target.document.meta.title };
    case 'heading':
      return {
        kind: 'heading',
        file: target.document.path ?? null,
        headingPath: headingPath(target.document.headings, target.heading) ?? [plainText(target.heading.title)],
        id: target.heading.id,
        title: plainText(target.heading.title),
      };
  }
}
