import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  corpusDir,
  describeCorpus,
  expectedCorpusFiles,
  seedFile,
} from '@orgnotes/vitest-config/corpus';
import {
  buildNoteSet,
  forEachLink,
  formatDiagnostic,
  indexDocument,
  KnowledgeBase,
  LinkIndex,
  linkGraph,
  noteBacklinks,
  noteDates,
  parseLinkKey,
  publishedFiles,
  readNotes,
  readOrg,
  walkHeadings,
  type DocumentIndex,
  type Heading,
  type Link,
} from '../src/index.js';

const seed = readFileSync(seedFile, 'utf8');

function allLinks(notes: ReturnType<typeof buildNoteSet>) {
  const links: { link: Link; from: (typeof notes.documents)[number] }[] = [];
  for (const document of notes.documents) {
    forEachLink(document.children, (link) => links.push({ link, from: document }));
    walkHeadings(document.headings, null, (heading) =>
      forEachLink(heading.content, (link) => links.push({ link, from: document })),
    );
  }
  return links;
}

describe('the seed as a knowledge base', () => {
  const notes = buildNoteSet([{ path: 'docker.org', text: seed }], {
    root: '/notes',
    fileExists: () => false,
  });

  it('resolves every id link to its heading', () => {
    const ids = allLinks(notes).filter(({ link }) => link.linkType === 'id');
    expect(ids).toHaveLength(5);
    for (const { link, from } of ids) {
      const target = notes.resolveLink(link, from);
      expect(target?.kind).toBe('heading');
      if (target?.kind === 'heading') expect(target.heading.id).toBe(link.path);
    }
  });

  it('computes backlinks', () => {
    const containerd = notes.byId('b141229e-af40-4e32-990a-fc0ad6f7f5c4')!.heading as Heading;
    const back = notes.backlinks(containerd);
    expect(back).toHaveLength(1);
    expect(back[0]!.heading?.title).toEqual([
      { type: 'text', value: 'daemon dockerd (engine)', loc: expect.anything() },
    ]);
  });

  it('warns about the missing image without failing', () => {
    expect(notes.diagnostics.map(formatDiagnostic)).toEqual([
      'docker.org:4:1: warning: linked file images/docker_arch.png does not exist (missing-file)',
    ]);
  });
});

describe('links across files', () => {
  const notes = buildNoteSet(
    [
      {
        path: 'a.org',
        text: ':PROPERTIES:\n:ID: file-a\n:END:\n#+title: A\n* One\n:PROPERTIES:\n:CUSTOM_ID: one\n:END:\nSee [[file:sub/b.org::*Two][two]] and [[#one]] and [[*One]].\n',
      },
      {
        path: 'sub/b.org',
        text: '* Two\nBack to [[id:file-a][A]], [[file:../a.org::#one]], [[id:nowhere][x]], [[*Missing]], [[file:../../etc/passwd]].\n',
      },
    ],
    { root: '/notes', fileExists: () => true },
  );
  const byText = (text: string) => allLinks(notes).find(({ link }) => link.rawLink === text)!;
  const resolve = (text: string) => {
    const { link, from } = byText(text);
    return notes.resolveLink(link, from);
  };

  it('resolves file links with search options across files', () => {
    expect(resolve('file:sub/b.org::*Two')).toMatchObject({
      kind: 'heading',
      document: { path: 'sub/b.org' },
    });
    expect(resolve('file:../a.org::#one')).toMatchObject({
      kind: 'heading',
      document: { path: 'a.org' },
      heading: { customId: 'one' },
    });
  });

  it('resolves file-level ids, custom ids and heading links', () => {
    expect(resolve('id:file-a')).toMatchObject({ kind: 'document', document: { path: 'a.org' } });
    expect(resolve('#one')).toMatchObject({ kind: 'heading', heading: { customId: 'one' } });
    expect(resolve('*One')).toMatchObject({ kind: 'heading', heading: { customId: 'one' } });
  });

  it('reports broken links and links outside the root with their location', () => {
    const messages = notes.diagnostics.map(formatDiagnostic);
    expect(messages).toEqual([
      'sub/b.org:2:52: warning: broken link [[id:nowhere]]: no note has ID "nowhere" (broken-link)',
      'sub/b.org:2:71: warning: broken link [[*Missing]]: nothing in this file matches "*Missing" (broken-link)',
      "sub/b.org:2:85: warning: link [[file:../../etc/passwd]] points outside the notes' root; it is not read (outside-root)",
    ]);
  });
});

describe('diagnostics', () => {
  it('reports duplicate IDs as errors', () => {
    const notes = buildNoteSet([
      { path: 'a.org', text: '* A\n:PROPERTIES:\n:ID: same\n:END:\n' },
      { path: 'b.org', text: '* B\n:PROPERTIES:\n:ID: same\n:END:\n' },
    ]);
    expect(notes.diagnostics.map(formatDiagnostic)).toEqual([
      'b.org:1:1: error: ID "same" is already used at a.org:1 (duplicate-id)',
    ]);
  });

  it('reports unterminated blocks and drawers', () => {
    const notes = buildNoteSet([
      { path: 'x.org', text: '* A\n#+begin_src sh\nls\n\n* B\n:LOGBOOK:\nnote\n' },
    ]);
    expect(notes.diagnostics.map(formatDiagnostic)).toEqual([
      'x.org:2:1: warning: #+begin_src has no matching #+end_src; it is read as a paragraph (unterminated-block)',
      'x.org:6:1: warning: drawer :LOGBOOK: has no :END: line; it is read as a paragraph (unterminated-drawer)',
    ]);
  });

  it('keeps text the parser throws on, with a warning at its location', () => {
    // uniorg-parse 3.2.2 puts a block name into a regular expression unescaped.
    const notes = buildNoteSet([{ path: 'x.org', text: 'Before.\n\na\n#+begin_(\n\n* Heading\n' }]);
    expect(notes.diagnostics.map(formatDiagnostic)[0]).toMatch(
      /^x\.org:3:1: warning: the Org parser failed on this text \(Invalid regular expression.*\); it is kept verbatim \(parse-error\)$/,
    );
    const document = notes.documents[0]!;
    expect(document.children.map((b) => b.type)).toEqual(['paragraph', 'unparsed']);
    expect(document.headings).toHaveLength(1);
  });
});

describeCorpus('the org-roam knowledge base in the corpus', () => {
  it('resolves every id link whose target exists in the set', async () => {
    const notes = await readNotes([path.join(corpusDir!, 'bphenriques-knowledge-base')]);
    expect(notes.documents).toHaveLength(expectedCorpusFiles('bphenriques-knowledge-base'));
    const ids = new Set<string>();
    for (const document of notes.documents) {
      if (document.meta.id) ids.add(document.meta.id);
      walkHeadings(document.headings, null, (h) => h.id && ids.add(h.id));
    }
    const idLinks = allLinks(notes).filter(({ link }) => link.linkType === 'id');
    const withTarget = idLinks.filter(({ link }) => ids.has(link.path));
    expect(idLinks.length).toBeGreaterThan(20);
    const unresolved = withTarget.filter(
      ({ link, from }) =>
        !['heading', 'document'].includes(notes.resolveLink(link, from)?.kind ?? ''),
    );
    console.log(
      `bphenriques-knowledge-base: ${withTarget.length - unresolved.length}/${withTarget.length} id links with a target resolve (${idLinks.length} id links in all)`,
    );
    expect(unresolved).toEqual([]);
  });
});

describeCorpus('the link index built from stored document indexes', () => {
  it('resolves every link of the corpus as the note set in memory does, loading only the documents links reach', async () => {
    const notes = await readNotes([corpusDir!]);
    expect(notes.documents).toHaveLength(expectedCorpusFiles());
    // What an export keeps between runs: each document's index, through JSON.
    const entries = notes.documents.map((document) => ({
      path: document.path!,
      absolutePath: notes.absolutePath(document),
      index: JSON.parse(JSON.stringify(indexDocument(document))) as DocumentIndex,
    }));
    const byPath = new Map(notes.documents.map((d) => [d.path!, d]));
    const loaded = new Set<string>();
    const links = new LinkIndex(notes.root, entries);
    const lazy = new KnowledgeBase(links, (p) => {
      loaded.add(p);
      return byPath.get(p)!;
    });
    const describe = (target: ReturnType<typeof notes.resolveLink>) =>
      target === null
        ? null
        : target.kind === 'heading'
          ? `heading ${target.document.path}:${target.heading.loc?.line}`
          : target.kind === 'document'
            ? `document ${target.document.path}`
            : target.kind === 'file'
              ? `file ${target.path} ${String(target.exists)}`
              : `broken ${target.reason}`;
    const all = allLinks(notes);
    const differences = all.filter(
      ({ link, from }) =>
        describe(lazy.resolveLink(link, from)) !== describe(notes.resolveLink(link, from)),
    );
    expect(all.length).toBeGreaterThan(5000);
    expect(differences).toEqual([]);
    // Duplicate IDs come out of the indexes alone, as the note set reports them.
    expect(links.diagnostics.map(formatDiagnostic)).toEqual(
      notes.diagnostics.filter((d) => d.rule === 'duplicate-id').map(formatDiagnostic),
    );
    // Only documents that some link reaches were loaded.
    expect(loaded.size).toBeLessThan(notes.documents.length);
    // Backlinks from the indexes' link origins: the places the note set finds by walking every
    // document's links (to the file or any heading of it, from another document).
    const headingNumbers = new Map<Heading, number>();
    for (const document of notes.documents) {
      let n = 0;
      walkHeadings(document.headings, null, (heading) => headingNumbers.set(heading, n++));
    }
    const backlinkDifferences: string[] = [];
    let counted = 0;
    for (const document of notes.documents) {
      const targets: (typeof document | Heading)[] = [document];
      walkHeadings(document.headings, null, (heading) => targets.push(heading));
      const walked = new Set(
        targets
          .flatMap((t) => notes.backlinks(t))
          .filter((b) => b.from !== document)
          .map((b) => `${b.from.path} ${b.heading ? headingNumbers.get(b.heading) : -1}`),
      );
      const indexed = new Set(
        links.backlinks(document.path!).map((b) => `${b.from} ${b.heading ?? -1}`),
      );
      counted += indexed.size;
      if (JSON.stringify([...walked].sort()) !== JSON.stringify([...indexed].sort()))
        backlinkDifferences.push(document.path!);
    }
    expect(backlinkDifferences).toEqual([]);
    expect(counted).toBeGreaterThan(100);
    // resolveKey remembers what resolve says of each indexed link key, from each document.
    const fresh = new LinkIndex(notes.root, entries);
    let keys = 0;
    for (const entry of entries)
      for (const key of entry.index.links) {
        const remembered = links.resolveKey(key, entry.path);
        expect(remembered).toEqual(fresh.resolve(parseLinkKey(key), entry.path));
        expect(links.resolveKey(key, entry.path)).toBe(remembered);
        keys++;
      }
    expect(keys).toBeGreaterThan(1000);
  });
});

describe('publishing rules', () => {
  it('dates: #+date, else #+created; #+last_modified, else #+modified; Org timestamps as ISO 8601', () => {
    const meta = (text: string) => readOrg(text).document.meta.keywords;
    expect(
      noteDates(meta('#+created: [2024-01-02 Tue 10:30]\n#+modified: <2024-03-04 Mon>\n')),
    ).toEqual({ date: '2024-01-02T10:30:00', lastmod: '2024-03-04' });
    expect(
      noteDates(
        meta(
          '#+date: 2023-12-31\n#+created: [2024-01-02 Tue]\n#+last_modified: [2024-05-06 Mon 9:05]\n#+modified: 2024-01-01\n',
        ),
      ),
    ).toEqual({ date: '2023-12-31', lastmod: '2024-05-06T09:05:00' });
    expect(noteDates(meta('#+date: April 2024\n'))).toEqual({ date: 'April 2024', lastmod: null });
  });

  it("attachment: links resolve in the entry's :DIR:, else data/ plus its ID split after two characters, else are broken", () => {
    const text =
      ':PROPERTIES:\n:ID: abcdef\n:END:\n[[attachment:a.png]]\n* Own dir\n:PROPERTIES:\n:DIR: files/x/\n:END:\n[[attachment:b.pdf]]\n* Neither\n[[attachment:c.txt]]\n';
    const notes = buildNoteSet([{ path: 'sub/note.org', text }], {
      root: '/kb',
      fileExists: () => true,
    });
    expect(notes.linkedFiles()).toEqual(['sub/data/ab/cdef/a.png', 'sub/files/x/b.pdf']);
    expect(notes.diagnostics.map(formatDiagnostic)).toEqual([
      'sub/note.org:11:1: warning: broken link [[attachment:c.txt]]: its entry has no attachment directory (neither :DIR: nor :ID:) (broken-link)',
    ]);
  });
});

describe('roam: links (SPEC: org-roam-node-from-title-or-alias)', () => {
  const note = (id: string, title: string, body = '') =>
    `:PROPERTIES:\n:ID: ${id}\n:ROAM_ALIASES: "${title} alias"\n:END:\n#+title: ${title}\n${body}`;
  const notes = buildNoteSet(
    [
      {
        path: 'a.org',
        text: note(
          'a',
          'Alpha',
          '[[roam:Beta]] [[roam:Beta alias]] [[roam:Node]] [[roam:Plain]] [[roam:Dup]] [[roam:untitled]]\n',
        ),
      },
      { path: 'b.org', text: note('b', 'Beta', '* Node\n:PROPERTIES:\n:ID: n\n:END:\n* Plain\n') },
      { path: 'c.org', text: note('c', 'Dup') },
      { path: 'd.org', text: note('d', 'Dup') },
      { path: 'untitled.org', text: ':PROPERTIES:\n:ID: u\n:END:\nno title\n' },
    ],
    { root: '/notes', fileExists: () => false },
  );
  const targets = allLinks(notes)
    .filter(({ from }) => from.path === 'a.org')
    .map(({ link, from }) => {
      const t = notes.resolveLink(link, from);
      return t?.kind === 'document'
        ? t.document.path
        : t?.kind === 'heading'
          ? `${t.document.path}#${t.heading.id}`
          : t?.kind;
    });

  it('resolve by title, alias, heading node, first in path order, file name without a title', () => {
    expect(targets).toEqual(['b.org', 'b.org', 'b.org#n', 'broken', 'c.org', 'untitled.org']);
  });

  it('report a name no node has (a heading without an ID is no node)', () => {
    expect(notes.diagnostics.map(formatDiagnostic)).toEqual([
      'a.org:6:49: warning: broken link [[roam:Plain]]: no note with an ID has the title or alias "Plain" (broken-link)',
    ]);
  });

  it('are in the index, so that an export plans them without reading the target', () => {
    expect(indexDocument(notes.documents[0]!).links).toContain('roam\0Beta\0');
    expect(indexDocument(notes.documents[1]!)).toMatchObject({
      title: 'Beta',
      aliases: ['Beta alias'],
    });
  });
});

describe('the document index', () => {
  it('leaves out what a heading does not have (every run keeps the indexes in its state)', () => {
    const [document] = buildNoteSet([
      {
        path: 'a.org',
        text: '* Plain\n* Named\n:PROPERTIES:\n:ID: n1\n:CUSTOM_ID: named\n:ROAM_ALIASES: Other\n:END:\n',
      },
    ]).documents;
    const [plain, named] = indexDocument(document!).headings;
    expect(plain).toEqual({ title: 'Plain', line: 1, column: 1, parent: -1 });
    expect(named).toEqual({
      title: 'Named',
      id: 'n1',
      customId: 'named',
      aliases: ['Other'],
      line: 2,
      column: 1,
      parent: -1,
    });
  });
});

describe('backlinks, the graph and published files come from exported content only (issue 14)', () => {
  const note = (name: string, body: string, options = '') =>
    `:PROPERTIES:\n:ID: ${name}\n:END:\n#+title: ${name}\n${options}${body}`;
  const texts: Record<string, string> = {
    'target.org': note(
      'target',
      '* Kept\n:PROPERTIES:\n:ID: kept\n:END:\n* Hidden :noexport:\n:PROPERTIES:\n:ID: hidden\n:END:\n',
    ),
    'body.org': note('body', '* Visible\nSee [[id:target]].\n* Picked :picked:\nText.\n'),
    'before-headings.org': note('before-headings', 'See [[id:kept]].\n'),
    'noexport.org': note(
      'noexport',
      '* Secret :noexport:\nSee [[id:target]] and [[file:secret.png]].\n',
    ),
    'commented.org': note('commented', '* COMMENT Draft\nSee [[id:target]].\n'),
    'archived-nil.org': note(
      'archived-nil',
      '* Old :ARCHIVE:\nSee [[id:target]].\n',
      '#+options: arch:nil\n',
    ),
    'archived-body.org': note('archived-body', '* Old :ARCHIVE:\nSee [[id:target]].\n'),
    'archived-title.org': note('archived-title', '* Old [[id:target][target]] :ARCHIVE:\nBody.\n'),
    'logbook.org': note('logbook', '* Task\n:LOGBOOK:\n- Note taken [[id:target]]\n:END:\n'),
    'to-hidden.org': note('to-hidden', 'See [[id:hidden]].\n'),
    'footnote.org': note('footnote', 'Text.[fn:1]\n* Footnotes\n[fn:1] See [[id:target]].\n'),
    'draft.org': note('draft', '* Draft :draft:\nSee [[id:target]].\n'),
    'unselected.org': note('unselected', '* Chosen :export:\nText.\n* Other\nSee [[id:target]].\n'),
    'private.org': note('private', 'See [[id:target]].\n', '#+filetags: :noexport:\n'),
    'self.org': note('self', 'See [[id:self]].\n'),
  };
  // What an export keeps between runs: each document's index, through JSON, never reparsed.
  const links = new LinkIndex(
    '/kb',
    Object.entries(texts).map(([p, text]) => ({
      path: p,
      absolutePath: `/kb/${p}`,
      index: JSON.parse(
        JSON.stringify(indexDocument(readOrg(text, { path: p }).document)),
      ) as DocumentIndex,
    })),
  );
  const linking = (config = {}) => noteBacklinks(links, 'target.org', config).map((b) => b.path);

  it('lists links from exported bodies, exported titles and referenced footnotes; a link to an excluded heading is none', () => {
    expect(linking()).toEqual([
      'archived-title.org',
      'before-headings.org',
      'body.org',
      'draft.org',
      'footnote.org',
    ]);
    // Every link is still known to the export, which keys each note's output on them.
    expect(links.backlinks('target.org').map((b) => b.from)).toEqual(
      expect.arrayContaining(['noexport.org', 'commented.org', 'logbook.org', 'to-hidden.org']),
    );
  });

  it("applies the configuration's exclude and select tags to the linking notes' headings", () => {
    expect(linking({ excludeTags: ['draft'] })).not.toContain('draft.org');
    // A select tag only selects in a file where some heading has it: body.org's link is left out.
    expect(linking({ selectTags: ['picked'] })).toEqual([
      'archived-title.org',
      'before-headings.org',
      'draft.org',
      'footnote.org',
    ]);
  });

  it('gives the graph the same edges and publishes no file linked from an excluded tree', () => {
    const graph = linkGraph(links);
    expect(graph.edges.filter((e) => e.target === 'target.org').map((e) => e.source)).toEqual(
      linking().sort(),
    );
    expect(graph.edges.some((e) => e.source === e.target)).toBe(false);
    expect(publishedFiles(links, {}, () => true)).toEqual([]);
    expect(links.linkedFiles()).toEqual(['secret.png']);
  });
});
