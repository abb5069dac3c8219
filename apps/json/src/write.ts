import type { ConvertContext, OutputFile } from '@orgnotes/cli';
import {
  documentBacklinks,
  documentJson,
  exportConfigFromOptions,
  isFileExported,
  forEachLink,
  resolvedLink,
  walkHeadings,
  type BacklinkSource,
  type Document,
  type ExportConfig,
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
 * Likewise the document, and each heading that is linked to, carry `backlinks`: the places in
 * the other notes exported under `config` that link to them (core's documentBacklinks).
 */
export function toJson(
  document: Document,
  pretty = false,
  notes?: LinkResolver,
  config: ExportConfig = {},
): string {
  const resolved = notes ? resolvedLinks(document, notes) : new Map<Link, ResolvedLink>();
  const backlinks = new Map<object, BacklinkSource[]>();
  if (notes) {
    const found = documentBacklinks(document, notes, config);
    if (found.document.length > 0) backlinks.set(document, found.document);
    for (const [heading, list] of found.headings) backlinks.set(heading, list);
  }
  if (resolved.size === 0 && backlinks.size === 0)
    return (pretty ? JSON.stringify(document, null, 2) : documentJson(document)) + '\n';
  const replacer = (_key: string, value: unknown): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    const target = resolved.get(value as Link);
    if (target) return { ...(value as Link), resolved: target };
    const linking = backlinks.get(value);
    return linking ? { ...value, backlinks: linking } : value;
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

/** org2json's `convert`: apart from the schema validator, which a run never needs. */
export function convertToJson(document: Document, context: ConvertContext): OutputFile[] {
  // JSON is each file's whole model (excluded subtrees too: a round trip needs them), but a
  // private file is written only when asked: publishing the JSON must not publish it.
  const config = exportConfigFromOptions(context.options);
  if (context.options['private-files'] !== true && !isFileExported(document, config)) return [];
  return [
    {
      path: context.outputPath,
      content: toJson(document, context.options.pretty === true, context.notes, config),
    },
  ];
}
