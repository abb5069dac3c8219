/**
 * graph.json (issue 14, section 5): the exported notes and the links between them, as core's
 * linkGraph decides them, in the shape schema/graph.schema.json describes (its types are
 * generated from it: src/generated/graph.ts).
 */
import {
  exportConfigFromOptions,
  linkGraph,
  type ExportConfig,
  type LinkIndex,
} from '@orgnotes/core';
import type { OutputFile, SetContext } from '@orgnotes/cli';
import type { Graph, GraphEdge, GraphNode, NodeOutputs } from './generated/graph.js';

export type { Graph, GraphEdge, GraphNode, NodeOutputs };

/** The note's file-level :ID: when it owns it (a duplicate ID belongs to the first note), else its path. */
function nodeId(links: LinkIndex, path: string, id: string | null): string {
  const owner = id ? links.byId(id) : undefined;
  return id && owner?.path === path && owner.heading === null ? id : path;
}

/**
 * The graph of the notes exported under `config`; `outputsOf` gives a note's output path in
 * each format of the run (the engine's `SetContext.outputPathsOf`, the paths it writes).
 */
export function graphOf(
  links: LinkIndex,
  outputsOf: (path: string) => Record<string, string>,
  config: ExportConfig = {},
): Graph {
  const { nodes, edges } = linkGraph(links, config);
  const ids = new Map(nodes.map((node) => [node.path, nodeId(links, node.path, node.id)]));
  return {
    nodes: nodes.map(
      (node): GraphNode => ({
        id: ids.get(node.path)!,
        title: node.title,
        path: node.path,
        outputs: outputsOf(node.path) as unknown as NodeOutputs,
        tags: node.tags,
        aliases: node.aliases,
      }),
    ),
    edges: edges.map((edge) => ({
      source: ids.get(edge.source)!,
      target: ids.get(edge.target)!,
      kind: edge.kind as GraphEdge['kind'],
    })),
  };
}

export const GRAPH_FILE = 'graph.json';

/** graphText's answers, by set: a run asks for its key (setOutputsKey), then for the file. */
const graphTexts = new WeakMap<SetContext, string>();

/** graph.json's text: the graph of the notes the run exports, in each of its formats. */
export function graphText(set: SetContext): string {
  let text = graphTexts.get(set);
  if (text === undefined) {
    const config = exportConfigFromOptions(set.options);
    const graph = graphOf(set.notes.links, set.outputPathsOf, config);
    text = `${JSON.stringify(graph, null, set.options['pretty'] === true ? 2 : undefined)}\n`;
    graphTexts.set(set, text);
  }
  return text;
}

export function graphOutputs(set: SetContext): Promise<OutputFile[]> {
  return Promise.resolve([{ path: GRAPH_FILE, content: graphText(set) }]);
}
