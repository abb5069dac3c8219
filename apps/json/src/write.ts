import type { ConvertContext, OutputFile } from '@orgnotes/cli';
import {
  documentBacklinks,
  documentJson,
  exportConfigFromOptions,
  forgetDocumentJson,
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
  // The text read back from the cache lacks the fields: let it go now rather than with the document.
  forgetDocumentJson(document);
  const extras = new Map<object, object>();
  for (const [link, target] of resolved) extras.set(link, { resolved: target });
  for (const [node, list] of backlinks) extras.set(node, { backlinks: list });
  return stringifyWithExtras(document, extras, pretty) + '\n';
}

/**
 * `JSON.stringify(value)` with each object of `extras` written as if it also had the extra
 * fields (after its own). A replacer function would do it, but it calls back into JavaScript
 * for every key of the model and makes the whole serialization about three times slower; a
 * `toJSON` on just the objects that change keeps V8's native path for the rest. The methods
 * are non-enumerable (spreading an object does not copy them) and removed before returning,
 * so the model is left as it was.
 */
function stringifyWithExtras(value: object, extras: Map<object, object>, pretty: boolean): string {
  const added: object[] = [];
  try {
    for (const [node, extra] of extras) {
      Object.defineProperty(node, 'toJSON', {
        value(this: object) {
          return { ...this, ...extra };
        },
        configurable: true,
        writable: true,
      });
      added.push(node);
    }
    return JSON.stringify(value, null, pretty ? 2 : undefined);
  } finally {
    for (const node of added) delete (node as { toJSON?: unknown }).toJSON;
  }
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
