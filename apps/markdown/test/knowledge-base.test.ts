/**
 * A knowledge base published as Markdown (issue 14): each note's backlinks, the index, the
 * tag pages and the media beside the pages, on a fixture base (hub note, shared tags, a
 * private note others link to, two notes with one title, an image linked twice, a PDF) and
 * on the shared corpus's org-roam base, against an oracle that reads the Org with
 * uniorg-parse.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unified } from 'unified';
import uniorgParse from 'uniorg-parse';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { buildNoteSet, type NoteSet } from '@orgnotes/core';
import { corpusDir, corpusFiles, describeCorpus } from '@orgnotes/vitest-config/corpus';
import { notePath } from '@orgnotes/cli';
import { converter } from '../src/index.js';
import { markdownSetOutputs } from '../src/knowledge-base.js';
import { convertAll, type Flags, type Output } from './helpers.js';
import { checkOutput, parseAll, parseMarkdown, type Parsed } from './oracle.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const base = path.join(here, 'fixtures', 'knowledge-base');

function readTree(root: string): { path: string; text: string; absolutePath: string }[] {
  const sources: { path: string; text: string; absolutePath: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.org'))
        sources.push({
          path: path.relative(root, full).split(path.sep).join('/'),
          text: readFileSync(full, 'utf8'),
          absolutePath: full,
        });
    }
  };
  walk(root);
  return sources;
}

/** Every note's page and the set's files, as `org2md -o DIR` writes them. */
async function publish(root: string, flags: Flags = {}) {
  const notes = buildNoteSet(readTree(root), { root });
  const pages = convertAll(notes, flags);
  // The engine's paths, from the index alone (#+EXPORT_FILE_NAME included).
  const pageOf = (p: string) => notePath(converter, p, notes.links.get(p)?.index.naming)!;
  const set = await markdownSetOutputs({
    notes,
    options: flags,
    outputPathOf: pageOf,
    outputPathsOf: (p) => ({ markdown: pageOf(p) }),
  });
  return { notes, pages, set };
}

/**
 * Every relative link and image of a page reaches a file of the output (a page, a tag page
 * or a copied medium), and its anchor, if any, is one that page has.
 */
function unresolved(
  from: string,
  markdown: string,
  files: Set<string>,
  parsed: Map<string, Parsed>,
): string[] {
  const problems: string[] = [];
  const tree = parseMarkdown(markdown).tree;
  visit(tree, (node) => {
    if (node.type !== 'link' && node.type !== 'image') return;
    const url = node.url;
    if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return;
    const [file, anchor] = url.split('#') as [string, string | undefined];
    const target =
      file === ''
        ? from
        : path.posix.normalize(path.posix.join(path.posix.dirname(from), decodeURI(file)));
    if (!files.has(target)) problems.push(`${from}: link ${url} reaches no output (${target})`);
    else if (anchor !== undefined && !parsed.get(target)?.anchors.has(anchor))
      problems.push(`${from}: link ${url}: no anchor ${anchor} in ${target}`);
  });
  return problems;
}

/** The links under a page's backlinks heading, as the paths of the pages they reach. */
function listedBacklinks(page: string, markdown: string, title = 'Backlinks'): string[] {
  const tree = parseMarkdown(markdown).tree;
  const listed: string[] = [];
  let inside = false;
  for (const node of tree.children) {
    if (node.type === 'heading')
      inside = node.children.some((c) => c.type === 'text' && c.value === title);
    else if (inside)
      visit(node, 'link', (link) => {
        const file = link.url.split('#')[0]!;
        listed.push(path.posix.join(path.posix.dirname(page), file));
      });
  }
  return listed;
}

describe('a knowledge base published as Markdown', () => {
  it('writes each page with its backlinks, the index, the tag pages and the media (golden files)', async () => {
    const { pages, set } = await publish(path.join(base, 'input'));
    expect(pages.map((p) => p.path)).toEqual([
      'alpha.md',
      'guides/beta-guide.md',
      'hub.md',
      'sub/gamma.md',
    ]);
    for (const page of pages)
      await expect(page.markdown).toMatchFileSnapshot(path.join(base, 'expected', page.path));
    const texts = set.filter((f) => f.path.endsWith('.md'));
    expect(texts.map((f) => f.path)).toEqual(['index.md', 'tags/kb.md', 'tags/topic.md']);
    for (const file of texts)
      await expect(String(file.content)).toMatchFileSnapshot(
        path.join(base, 'expected', file.path),
      );
    // The media beside the pages: each linked file once (diagram.png is linked twice), its bytes.
    const media = set.filter((f) => !f.path.endsWith('.md'));
    expect(media.map((f) => f.path)).toEqual([
      'attachments/beta/slides.pdf',
      'data/22/222222-0000-0000-0000-000000000002/notes.txt',
      'docs/paper.pdf',
      'img/diagram.png',
    ]);
    for (const file of media)
      expect(
        Buffer.from(file.content).equals(readFileSync(path.join(base, 'input', file.path))),
      ).toBe(true);
  });

  it('the remark oracle resolves every link of the pages, the index, the tag pages and the backlinks sections', async () => {
    const { notes, pages, set } = await publish(path.join(base, 'input'));
    const outputs: Output[] = [
      ...pages,
      ...set
        .filter((f) => f.path.endsWith('.md'))
        .map((f) => ({
          document: pages[0]!.document,
          path: f.path,
          markdown: String(f.content),
          diagnostics: [],
        })),
    ];
    const parsed = parseAll(outputs);
    const files = new Set([...pages.map((p) => p.path), ...set.map((f) => f.path)]);
    const problems = outputs.flatMap((o) => unresolved(o.path, o.markdown, files, parsed));
    for (const page of pages) problems.push(...checkOutput(page, notes, parsed));
    expect(problems).toEqual([]);
  });

  it('lists no private note, and a note linking to itself is not its own backlink', async () => {
    const { pages, set } = await publish(path.join(base, 'input'));
    const hub = pages.find((p) => p.path === 'hub.md')!;
    // beta.org's #+EXPORT_FILE_NAME puts its page at guides/beta-guide.md: linked there.
    expect(listedBacklinks('hub.md', hub.markdown)).toEqual([
      'alpha.md',
      'sub/gamma.md',
      'guides/beta-guide.md',
    ]);
    for (const file of [
      ...pages.map((p) => p.markdown),
      ...set.filter((f) => f.path.endsWith('.md')).map((f) => String(f.content)),
    ])
      expect(file).not.toMatch(/private/i);
  });

  it('--backlinks=front-matter lists the output paths in the front matter; none writes no backlinks', async () => {
    const front = await publish(path.join(base, 'input'), { backlinks: 'front-matter' });
    const hub = front.pages.find((p) => p.path === 'hub.md')!.markdown;
    expect(hub).toContain('backlinks:\n  - alpha.md\n  - sub/gamma.md\n  - guides/beta-guide.md\n');
    expect(hub).not.toContain('# Backlinks');
    const none = await publish(path.join(base, 'input'), {
      backlinks: 'none',
      'backlinks-title': 'Linked from',
    });
    expect(none.pages.find((p) => p.path === 'hub.md')!.markdown).not.toMatch(
      /backlinks|Linked from/i,
    );
    const titled = await publish(path.join(base, 'input'), { 'backlinks-title': 'Linked from' });
    expect(
      listedBacklinks(
        'hub.md',
        titled.pages.find((p) => p.path === 'hub.md')!.markdown,
        'Linked from',
      ),
    ).toHaveLength(3);
  });

  it('the index and tag pages can be renamed or turned off', async () => {
    const renamed = await publish(path.join(base, 'input'), {
      'index-page': 'all-notes.md',
      'tag-pages': 'topics',
    });
    expect(renamed.set.map((f) => f.path).filter((p) => p.endsWith('.md'))).toEqual([
      'all-notes.md',
      'topics/kb.md',
      'topics/topic.md',
    ]);
    const off = await publish(path.join(base, 'input'), {
      'index-page': 'none',
      'tag-pages': 'none',
    });
    expect(off.set.map((f) => f.path).filter((p) => p.endsWith('.md'))).toEqual([]);
  });
});

/**
 * The oracle's link graph: with uniorg-parse alone, each file's IDs (file-level and heading
 * property drawers) and its `id:` and `file:` links to other notes; a note's links to itself
 * are left out. Org's default export rules, as plainly as they can be written: a file whose
 * `#+FILETAGS:` hold `noexport` is private (it neither links nor is linked to), a `:noexport:`
 * or COMMENT heading leaves out its whole subtree (its links, and links to its IDs), and a
 * LOGBOOK drawer is not exported.
 */
function oracleBacklinks(files: { path: string; text: string }[]): Map<string, Set<string>> {
  const parser = unified().use(uniorgParse);
  const owner = new Map<string, string | null>();
  const links: [string, string, string][] = [];
  const privateFiles = new Set<string>();
  type OrgNode = {
    type: string;
    children?: OrgNode[];
    key?: string;
    value?: string;
    tags?: string[];
    commented?: boolean;
    name?: string;
    linkType?: string;
    path?: string;
  };
  for (const file of files) {
    const tree = parser.parse(file.text) as OrgNode;
    const walk = (node: OrgNode, exported: boolean) => {
      if (node.type === 'keyword' && node.key?.toUpperCase() === 'FILETAGS')
        if (node.value?.split(':').includes('noexport')) privateFiles.add(file.path);
      if (node.type === 'section') {
        const headline = node.children?.find((c) => c.type === 'headline');
        if (headline?.commented || headline?.tags?.includes('noexport')) exported = false;
      }
      if (node.type === 'drawer' && node.name?.toUpperCase() === 'LOGBOOK') exported = false;
      if (node.type === 'node-property' && node.key?.toUpperCase() === 'ID' && node.value) {
        const id = node.value.trim();
        if (!owner.has(id)) owner.set(id, exported ? file.path : null);
      }
      if (exported && node.type === 'link' && (node.linkType === 'id' || node.linkType === 'file'))
        links.push([file.path, node.linkType, node.path!]);
      for (const child of node.children ?? []) walk(child, exported);
    };
    walk(tree, true);
  }
  const known = new Set(files.map((f) => f.path).filter((p) => !privateFiles.has(p)));
  const backlinks = new Map<string, Set<string>>();
  for (const [from, type, target] of links) {
    if (privateFiles.has(from)) continue;
    const to =
      type === 'id'
        ? owner.get(target.split('::')[0]!)
        : path.posix.normalize(path.posix.join(path.posix.dirname(from), target.split('::')[0]!));
    if (!to || to === from || !known.has(to)) continue;
    backlinks.set(to, (backlinks.get(to) ?? new Set()).add(from));
  }
  return backlinks;
}

/** Where the pages' backlinks sections and the oracle's graph differ (an empty list when they agree). */
function backlinkDifferences(
  sources: { path: string; text: string }[],
  pages: Output[],
): { differences: string[]; listed: Map<string, string[]> } {
  const expected = oracleBacklinks(sources);
  // The pages listed, as the notes whose pages they are (#+EXPORT_FILE_NAME may rename one).
  const noteOf = new Map(pages.map((p) => [p.path, p.document.path!]));
  const listed = new Map(
    pages.map((p) => [
      p.document.path!,
      listedBacklinks(p.path, p.markdown).map((page) => noteOf.get(page) ?? page),
    ]),
  );
  const differences: string[] = [];
  for (const source of sources) {
    const want = [...(expected.get(source.path) ?? [])].sort();
    const got = [...(listed.get(source.path) ?? [])];
    if (new Set(got).size !== got.length) differences.push(`${source.path}: a note listed twice`);
    if (JSON.stringify([...got].sort()) !== JSON.stringify(want))
      differences.push(
        `${source.path}: lists ${JSON.stringify(got)}, the oracle ${JSON.stringify(want)}`,
      );
  }
  return { differences, listed };
}

describe('the oracle on the fixture base', () => {
  it('finds the links each page lists as backlinks, none from or to what is not exported', async () => {
    const { pages } = await publish(path.join(base, 'input'));
    const { differences, listed } = backlinkDifferences(readTree(path.join(base, 'input')), pages);
    expect(differences).toEqual([]);
    // The fixture's excluded subtree, COMMENT tree and LOGBOOK drawer all link to sub/gamma.org or from it.
    expect(listed.get('sub/gamma.org')).toEqual([]);
    expect(listed.get('beta.org')).toEqual(['alpha.org', 'hub.org']);
  });
});

describeCorpus("the corpus's org-roam knowledge base", () => {
  it('each page lists as backlinks exactly the notes the oracle finds linking to it', () => {
    const root = path.join(corpusDir!, 'bphenriques-knowledge-base');
    const sources = corpusFiles('bphenriques-knowledge-base').map((file) => ({
      path: path.relative(root, file).split(path.sep).join('/'),
      text: readFileSync(file, 'utf8'),
      absolutePath: file,
    }));
    const notes: NoteSet = buildNoteSet(sources, { root });
    const pages = convertAll(notes);
    const { differences, listed } = backlinkDifferences(sources, pages);
    expect(differences).toEqual([]);
    // Not vacuous: the base is linked together.
    const withBacklinks = [...listed.values()].filter((l) => l.length > 0).length;
    console.log(
      `corpus knowledge base: ${withBacklinks} of ${pages.length} pages list backlinks, ${[...listed.values()].reduce((n, l) => n + l.length, 0)} backlinks in all`,
    );
    expect(withBacklinks).toBeGreaterThan(10);
  });

  it('the remark oracle resolves every link of the index, the tag pages and the backlinks sections', async () => {
    const root = path.join(corpusDir!, 'bphenriques-knowledge-base');
    const { pages, set } = await publish(root);
    const texts = set.filter((f) => f.path.endsWith('.md'));
    expect(texts.length).toBeGreaterThan(2);
    const parsed = parseAll([
      ...pages,
      ...texts.map((f) => ({ ...pages[0]!, path: f.path, markdown: String(f.content) })),
    ]);
    const files = new Set([...pages.map((p) => p.path), ...set.map((f) => f.path)]);
    const problems = texts.flatMap((f) => unresolved(f.path, String(f.content), files, parsed));
    let sections = 0;
    for (const page of pages) {
      // The page's own links are the model oracle's (corpus.test.ts); here, those of its backlinks.
      const section = page.markdown.split('\n## Backlinks\n')[1];
      if (section === undefined) continue;
      sections++;
      problems.push(...unresolved(page.path, section, files, parsed));
    }
    expect(problems).toEqual([]);
    expect(sections).toBeGreaterThan(10);
  });
});
