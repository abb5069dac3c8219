import type * as G from './generated/notes.js';

export type * from './generated/notes.js';

/** Every node of the model, elements and objects alike. */
export type Node =
  | G.Document
  | G.Heading
  | G.Block
  | G.ListItem
  | G.TableRow
  | G.TableCell
  | G.NodeProperty
  | G.Inline;

export type NodeType = Node['type'];
export type NodeOfType<T extends NodeType> = Extract<Node, { type: T }>;
export type BlockType = G.Block['type'];
export type InlineType = G.Inline['type'];

/**
 * A map with one handler per node type: a type without a handler is a compile error.
 * Writers (printer, converters) build their dispatch tables with it.
 */
export type Handlers<Types extends NodeType, Args extends unknown[], Result> = {
  [T in Types]: (node: NodeOfType<T>, ...args: Args) => Result;
};

/** Elements that hold child elements and so carry a ContainerSource. */
export type ContainerNode = Extract<Node, { src?: G.ContainerSource }>;
/** Elements printed from a LeafSource while unchanged. */
export type LeafNode = Extract<Node, { src?: G.LeafSource }>;

export const SCHEMA_VERSION = '1.0.0' as const;
