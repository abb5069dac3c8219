/**
 * `attachment:` links (org-attach): the file they name, inside the attachment directory of
 * the heading (or file) the link stands under.
 *
 * SPEC: org-attach.el `org-attach-dir`: the entry's `:DIR:` property, else its `:ID:` through
 * `org-attach-id-to-path-function-list`, whose first entry
 * (`org-attach-id-uuid-folder-format`) is the ID's first two characters, a slash, the rest,
 * under `org-attach-id-dir` (default "data/"), both relative to the Org file's directory.
 * `org-attach-use-inheritance` is `selective` by default, following
 * `org-use-property-inheritance` (nil): a heading's own properties only.
 */
import { forEachLink, walkHeadings } from './notes.js';
import type { Document, Heading, Link } from './types.js';

const holders = new WeakMap<Document, WeakMap<Link, Heading | null>>();

/** The heading each link of a document stands under (null: before any heading), found once per document. */
function holderOf(link: Link, document: Document): Heading | null {
  let map = holders.get(document);
  if (!map) {
    const found = new WeakMap<Link, Heading | null>();
    forEachLink(document.children, (l) => found.set(l, null));
    walkHeadings(document.headings, null, (heading) => {
      forEachLink(heading.title, (l) => found.set(l, heading));
      forEachLink(heading.content, (l) => found.set(l, heading));
    });
    holders.set(document, (map = found));
  }
  return map.get(link) ?? null;
}

/** An attachment directory from an entry's properties, relative to the Org file's directory; null when it has none. */
export function attachmentDirectory(properties: Readonly<Record<string, string>>): string | null {
  const dir = properties['DIR']?.trim();
  if (dir) return dir.replace(/\/+$/, '');
  const id = properties['ID']?.trim();
  if (id && id.length > 2) return `data/${id.slice(0, 2)}/${id.slice(2)}`;
  return null;
}

/**
 * The `file:` link an `attachment:` link stands for (its path relative to the Org file's
 * directory, as `file:` links are), or null when its entry has no attachment directory.
 */
export function attachmentAsFileLink(link: Link, document: Document): Link | null {
  const holder = holderOf(link, document);
  const dir = attachmentDirectory(holder ? holder.properties : document.meta.properties);
  if (dir === null) return null;
  return { ...link, linkType: 'file', path: `${dir}/${link.path}` };
}
