import type { Inline, Macro } from './types.js';

/** A macro call as written: `{{{key(arguments)}}}`. */
export function macroSource(node: Macro): string {
  return `{{{${node.key}${node.arguments === null ? '' : `(${node.arguments})`}}}}`;
}

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
        out += node.children.length ? plainText(node.children) : node.rawLink;
        break;
      case 'timestamp':
        out += node.rawValue;
        break;
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
