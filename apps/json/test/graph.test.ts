/**
 * graph.json (issue 14, section 5): the link graph of the exported notes, on the knowledge-base
 * fixture (apps/markdown/test/fixtures/knowledge-base, one base for every format) and on the
 * corpus's org-roam base; it validates against schema/graph.schema.json.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildNoteSet, type LinkIndex } from '@orgnotes/core';
import { notePath } from '@orgnotes/cli';
import { corpusDir, corpusFiles, describeCorpus, repoRoot } from '@orgnotes/vitest-config/corpus';
import { graphOf, org2json, validateGraph, type Graph } from '../src/index.js';
import { graphOutputs } from '../src/graph.js';

const base = path.join(repoRoot, 'apps/markdown/test/fixtures/knowledge-base/input');
/** A note's JSON output as the engine names it (#+EXPORT_FILE_NAME included), from the index. */
const jsonOutputs = (links: LinkIndex) => (p: string) => ({
  json: notePath(org2json, p, links.get(p)?.index.naming)!,
});

function orgFiles(root: string): { path: string; text: string }[] {
  const found: { path: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.org'))
        found.push({
          path: path.relative(root, full).split(path.sep).join('/'),
          text: readFileSync(full, 'utf8'),
        });
    }
  };
  walk(root);
  return found;
}

describe('graph.json', () => {
  it('holds the exported notes and their links (golden file), and validates against its schema', async () => {
    const notes = buildNoteSet(orgFiles(base), { root: base });
    const outputsOf = jsonOutputs(notes.links);
    const [file] = await graphOutputs({
      notes,
      options: { pretty: true },
      outputPathOf: (p) => outputsOf(p).json,
      outputPathsOf: outputsOf,
    });
    expect(file!.path).toBe('graph.json');
    await expect(String(file!.content)).toMatchFileSnapshot(
      path.join(import.meta.dirname, 'fixtures/knowledge-base/graph.json'),
    );
    const graph = JSON.parse(String(file!.content)) as Graph;
    expect(validateGraph(graph)).toEqual([]);
    // The private note is neither a node nor an end of an edge; no note links to itself.
    expect(graph.nodes.map((n) => n.path)).not.toContain('private.org');
    expect(graph.edges.filter((e) => e.source === e.target)).toEqual([]);
  });

  it('the schema rejects what is not a graph', () => {
    expect(validateGraph({ nodes: [{ id: 'x' }], edges: [] })).not.toEqual([]);
    expect(
      validateGraph({ nodes: [], edges: [{ source: 'a', target: 'b', kind: 'https' }] }),
    ).not.toEqual([]);
  });
});

describeCorpus("the corpus's org-roam knowledge base as a graph", () => {
  it('validates, and every edge joins two of its nodes', () => {
    const root = path.join(corpusDir!, 'bphenriques-knowledge-base');
    const sources = corpusFiles('bphenriques-knowledge-base').map((f) => ({
      path: path.relative(root, f).split(path.sep).join('/'),
      text: readFileSync(f, 'utf8'),
    }));
    const { links } = buildNoteSet(sources, { root });
    const graph = graphOf(links, jsonOutputs(links));
    expect(validateGraph(graph)).toEqual([]);
    const ids = new Set(graph.nodes.map((n) => n.id));
    expect(ids.size).toBe(graph.nodes.length);
    expect(graph.edges.filter((e) => !ids.has(e.source) || !ids.has(e.target))).toEqual([]);
    console.log(`corpus graph: ${graph.nodes.length} nodes, ${graph.edges.length} edges`);
    expect(graph.edges.length).toBeGreaterThan(10);
  });
});
