import {
  documentJson,
  forEachLink,
  resolvedLink,
  walkHeadings,
  type Document,
  type Link,
  type LinkResolver,
  type ResolvedLink,
} from '@orgnotes/core';

/**
 * JSON text of a document, keys in the order the reader builds them, so the same Org input
 * always gives the same bytes. Compact by default: indentation makes the model much larger
 * (docs/benchmarks.md, "Figures behind the code's constants").
 *
 * Given the note set, each internal link also carries `resolved` (where it leads: file,
 * heading path, ID, title), so that consumers need not resolve links again. It is added to
 * the text only: the document keeps its lossless model, and the printer ignores the field.
 */
export function toJson(document: Document, pretty = false, notes?: LinkResolver): string {
  const resolved = notes ? resolvedLinks(document, notes) : new Map<Link, ResolvedLink>();
  if (resolved.size === 0)
    return (pretty ? JSON.stringify(document, null, 2) : documentJson(document)) + '\n';
  const replacer = (_key: string, value: unknown): unknown => {
    const found =
      typeof value === 'object' && value !== null ? resolved.get(value as Link) : undefined;
    return found ? { ...(value as Link), resolved: found } : value;
  };
  return JSON.stringify(document, replacer, pretty ? 2 : undefined) + '\n';
}

/** Where each internal link of the document leads (core's resolvedLink), by link node. */
function resolvedLinks(document: Document, notes: LinkResolver): Map<Link, ResolvedLink> {
  const out = new Map<Link, ResolvedLink>();
  const add = (link: Link) => {
    const target = resolvedLink(link, document, notes);
    if (target) out.set(link, target);
  };
  forEachLink(document.children, add);
  walkHeadings(document.headings, null, (heading) => {
    forEachLink(heading.title, add);
    forEachLink(heading.content, add);
  });
  return out;
}
