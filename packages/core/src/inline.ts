import type { Inline, Macro } from './types.js';

/** A macro call as written: `{{{key(arguments)}}}`. */
export function macroSource(node: Macro): string {
  return `{{{${node.key}${node.arguments === null ? '' : `(${node.arguments})`}}}}`;
}

/** org-ref links that show no text (SPEC: org-ref-bibliography-links.el). */
export const HIDDEN_LINK_TYPES: ReadonlySet<string> = new Set([
  'bibliographystyle',
  'bibliography',
  'nobibliography',
  'printbibliography',
  'addbibresource',
]);

/**
 * The text a reader sees of some objects: markup delimiters dropped, a link as its
 * description (or its target when it has none), an entity as its character.
 */
export function plainText(nodes: Inline[]): string {
  let out = '';
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
      case 'code':
      case 'verbatim':
      case 'statistics-cookie':
      case 'latex-fragment':
        out += node.value;
        break;
      case 'entity':
        out += node.utf8;
        break;
      case 'line-break':
        out += '\n';
        break;
      case 'link':
        // An org-ref label or bibliography line is nothing a reader sees (link-target.ts).
        if (node.linkType === 'label' || HIDDEN_LINK_TYPES.has(node.linkType)) break;
        out += node.children.length ? plainText(node.children) : node.rawLink;
        break;
      case 'timestamp':
        out += node.rawValue;
        break;
      // A dedicated target is an anchor, hidden in exports (SPEC: org-html-target).
      case 'target':
      case 'export-snippet':
      case 'footnote-reference':
        break;
      case 'macro':
        // Unexpanded (export expands macros before a writer asks): the call as written.
        out += macroSource(node);
        break;
      case 'citation-key':
        out += `@${node.key}`;
        break;
      default:
        if ('children' in node) out += plainText(node.children);
    }
  }
  return out;
}
