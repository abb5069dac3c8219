/* eslint-disable */
// Generated from schema/graph.schema.json by @orgnotes/schema-types: do not edit.
// Run `pnpm --filter @orgnotes/json generate` after changing the schema.
/**
 * Relative to the format's output directory, forward slashes, never leaving it.
 *
 * This interface was referenced by `Graph`'s JSON-Schema
 * via the `definition` "outputPath".
 */
export type OutputPath = string;

/**
 * graph.json, written by org2json (orgnotes export) beside the notes' JSON: the exported notes and the links between them, the shape org-roam-ui-style front ends read.
 */
export interface Graph {
  /**
   * Every exported note, by title then path.
   */
  nodes: GraphNode[];
  /**
   * One edge per linking note, linked note and link type, by source, target, kind. A note's links to itself are not edges.
   */
  edges: GraphEdge[];
}
/**
 * This interface was referenced by `Graph`'s JSON-Schema
 * via the `definition` "node".
 */
export interface GraphNode {
  /**
   * The note's file-level :ID:, else its path.
   */
  id: string;
  /**
   * #+TITLE, else the file name without .org.
   */
  title: string;
  /**
   * The Org file, relative to the notes' root, forward slashes.
   */
  path: string;
  outputs: NodeOutputs;
  /**
   * #+FILETAGS.
   */
  tags: string[];
  /**
   * ROAM_ALIASES.
   */
  aliases: string[];
}
/**
 * The note's output file in each format the run exported, by format, each relative to that format's output directory (orgnotes export: <outDir>/<format>/): the path the export wrote, its #+EXPORT_FILE_NAME followed. A format that writes no file of the note's own (Anki packages per deck or set), or whose output of the note the run refused (an output-collision or output-outside error), is absent.
 *
 * This interface was referenced by `Graph`'s JSON-Schema
 * via the `definition` "outputs".
 */
export interface NodeOutputs {
  json?: OutputPath;
  markdown?: OutputPath;
  man?: OutputPath;
  anki?: OutputPath;
}
/**
 * This interface was referenced by `Graph`'s JSON-Schema
 * via the `definition` "edge".
 */
export interface GraphEdge {
  /**
   * The id of the linking note.
   */
  source: string;
  /**
   * The id of the linked note.
   */
  target: string;
  /**
   * The link's type (custom-id and fuzzy links point inside their own note, so they are rarely edges).
   */
  kind: 'id' | 'file' | 'custom-id' | 'fuzzy';
}
