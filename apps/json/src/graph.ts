/**
 * graph.json (issue 14, section 5): the exported notes and the links between them, as core's
 * linkGraph decides them, in the shape schema/graph.schema.json describes.
 */
import { linkGraph, type LinkIndex } from '@orgnotes/core';
import type { OutputFile, SetContext } from '@orgnotes/cli';

export interface GraphNode {
  id: string;
  title: string;
  path: string;
  output: string;
  tags: string[];
  aliases: string[];
}

export interface Graph {
  nodes: GraphNode[];
  edges: { source: string; target: string; kind: string }[];
}

/** The note's file-level :ID: when it owns it (a duplicate ID belongs to the first note), else its path. */
function nodeId(links: LinkIndex, path: string, id: string | null): string {
  const owner = id ? links.byId(id) : undefined;
  return id && owner?.path === path && owner.heading === null ? id : path;
}

export function graphOf(links: LinkIndex, outputPathOf: (path: string) => string): Graph {
  const { nodes, edges } = linkGraph(links);
  const ids = new Map(nodes.map((node) => [node.path, nodeId(links, node.path, node.id)]));
  return {
    nodes: nodes.map((node) => ({
      id: ids.get(node.path)!,
      title: node.title,
      path: node.path,
      output: outputPathOf(node.path),
      tags: node.tags,
      aliases: node.aliases,
    })),
    edges: edges.map((edge) => ({
      source: ids.get(edge.source)!,
      target: ids.get(edge.target)!,
      kind: edge.kind,
    })),
  };
}

export const GRAPH_FILE = 'graph.json';

export function graphOutputs(set: SetContext): Promise<OutputFile[]> {
  const graph = graphOf(set.notes.links, set.outputPathOf);
  return Promise.resolve([
    {
      path: GRAPH_FILE,
      content: `${JSON.stringify(graph, null, set.options['pretty'] === true ? 2 : undefined)}\n`,
    },
  ]);
}
