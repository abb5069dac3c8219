import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { visit } from 'unist-util-visit';
import { buildNoteSet } from '@orgnotes/core';
import { describeNeeding } from '@orgnotes/vitest-config/corpus';
import { convertAll, convertText } from './helpers.js';
import { checkOutput, mdText, parseAll, parseMarkdown } from './oracle.js';

describe('text that looks like Markdown stays literal', () => {
  const lines = [
    'A *real bold* next to 2 * 3 * 4 and snake_case_names.',
    'Line with [x](y) and [ref][1] and ![img](z.png) inside.',
    'A pipe | in text and <script>alert(1)</script> and <b>b</b> & &amp; entities.',
    'Backslash \\ and \\* star, `backticks` and a ~ tilde.',
    'Dollars: it costs $5 or $6 and [^1].',
  ];
  it.each(lines)('%s', (line) => {
    const text = `#+OPTIONS: ^:{}\n${line.replace('*real bold*', 'real bold')}\n`;
    const result = convertText(text);
    const tree = parseMarkdown(result.markdown).tree;
    const kinds = new Set<string>();
    visit(tree, (node) => {
      kinds.add(node.type);
    });
    expect(mdText(tree).trim()).toBe(line.replace('*real bold*', 'real bold'));
    expect([...kinds].sort()).toEqual(['paragraph', 'root', 'text']);
  });

  it('keeps line starts literal: # - + > 1. and four spaces', () => {
    const org = '#+OPTIONS: ^:{}\nfirst\n\\# hash\n';
    const result = convertText(org + 'x\n');
    expect(result.markdown).not.toMatch(/^# /m);
    const heading = convertText('* A heading with # and | and <b>\n').markdown;
    expect(heading).toBe('# A heading with # and | and \\<b>\n');
  });
});

describe('anchors', () => {
  it('uses CUSTOM_ID with an explicit anchor only when it differs from the slug', () => {
    const org =
      '* One\n:PROPERTIES:\n:CUSTOM_ID: first\n:END:\n* Two\n:PROPERTIES:\n:CUSTOM_ID: two\n:END:\n* Links\n[[#first][1]] [[#two][2]]\n';
    const md = convertText(org).markdown;
    expect(md).toContain('<a id="first"></a>\n\n# One');
    expect(md).not.toContain('<a id="two">');
    expect(md).toContain('[1](#first) [2](#two)');
  });

  it('dedups slugs the way GitHub does, the same on every run', () => {
    const org = '* Intro\n* Intro\n* Intro!\n* Links\n[[*Intro][a]]\n';
    const first = convertText(org).markdown;
    expect(first).toBe(convertText(org).markdown);
    const anchors = parseMarkdown(first).anchors;
    expect([...anchors]).toEqual(['intro', 'intro-1', 'intro-2', 'links']);
    expect(first).toContain('[a](#intro)');
  });

  it('writes a link to a heading that is not exported as its description, at info level (link-to-private)', () => {
    const result = convertText(
      '* Secret :noexport:\n* Public\nsee [[*Secret][the secret]] and [[*Secret]].\n',
    );
    expect(result.markdown).toContain('see the secret and .');
    expect(result.markdown).not.toContain('Secret');
    expect(result.diagnostics.map((d) => `${d.severity} ${d.rule}`)).toEqual([
      'info link-to-private',
      'info link-to-private',
    ]);
  });
});

describe('flags and options', () => {
  const org = '#+TITLE: T\n#+AUTHOR: A\n* H\ntext\n';
  it('writes no front matter with --front-matter=none', () => {
    expect(convertText(org, { 'front-matter': 'none' }).markdown).toBe('# H\n\ntext\n');
  });
  it('rejects an unknown --front-matter value', () => {
    expect(convertText(org, { 'front-matter': 'toml' }).diagnostics.map((d) => d.rule)).toEqual([
      'bad-option',
    ]);
  });
  it('honours todo:nil and tags:nil', () => {
    expect(convertText('#+OPTIONS: todo:nil tags:nil\n* TODO Task :work:\n').markdown).toBe(
      '# Task\n',
    );
    expect(convertText('* TODO Task :work:\n').markdown).toBe('# TODO Task :work:\n');
  });
  it('honours ^:nil (no sub/superscripts)', () => {
    expect(convertText('#+OPTIONS: ^:nil\na_b c^d\n').markdown).toBe('a_b c^d\n');
    expect(convertText('a_b c^d\n').markdown).toBe('a<sub>b</sub> c<sup>d</sup>\n');
  });
});

describe('the oracle can fail', () => {
  const org = '* One\ntext with *bold*\n| a | b |\n|---+---|\n| 1 | 2 |\n* Two\n[[*One][link]]\n';
  const good = convertText(org);
  const check = (markdown: string) =>
    checkOutput({ ...good, markdown }, good.notes, parseAll([{ ...good, markdown }]));

  it('accepts the real output', () => {
    expect(check(good.markdown)).toEqual([]);
  });
  it('catches a lost heading', () => {
    expect(check(good.markdown.replace('# Two', 'Two')).join()).toMatch(/headings differ/);
  });
  it('catches changed text (an unescaped `*`)', () => {
    expect(check(good.markdown.replace('text with', 'text * with')).join()).toMatch(
      /text of section/,
    );
  });
  it('catches a changed table cell', () => {
    expect(check(good.markdown.replace('| 1 |', '| 7 |')).join()).toMatch(/table 0 differs/);
  });
  it('catches a dead anchor', () => {
    expect(check(good.markdown.replace('(#one)', '(#won)')).join()).toMatch(/no anchor "won"/);
  });
  it('catches raw HTML', () => {
    expect(check(good.markdown.replace('text with', 'text <b>with</b>')).join()).toMatch(
      /unexpected raw HTML/,
    );
  });
});

describe('export selection', () => {
  it('exports only SELECT_TAGS trees (and their ancestors) when any heading has one', () => {
    const org = '* Parent\n** Chosen :export:\nyes\n** Other\nno\n* Unrelated\nno\n';
    expect(convertText(org).markdown).toBe('# Parent\n\n## Chosen :export:\n\nyes\n');
  });
  it('renders text the parser failed on as preformatted text, never drops it', () => {
    const result = convertText('* H\nbefore\\\\\n\\\\\nafter\n');
    const tree = parseMarkdown(result.markdown).tree;
    expect(mdText(tree).replace(/\s+/g, '')).toContain('after');
    expect(checkOutput(result, result.notes, parseAll([result]))).toEqual([]);
  });
});

describe('info: links', () => {
  it('link to the GNU manual pages as ox-html does', () => {
    expect(
      convertText('See [[info:org#Handling Links][links]] and [[info:emacs]].\n').markdown,
    ).toBe(
      'See [links](https://www.gnu.org/software/emacs/manual/html_node/org/Handling-Links.html) and [info:emacs](https://www.gnu.org/software/emacs/manual/html_node/emacs/index.html).\n',
    );
  });
  it('keep the text of manuals not published there, with a warning', () => {
    const result = convertText('See [[info:libc#Pipes][pipes]].\n');
    expect(result.markdown).toBe('See pipes.\n');
    expect(result.diagnostics.map((d) => d.rule)).toEqual(['unsupported-link']);
  });
});

describe('statistics cookies', () => {
  it('keep the space after them and read back as literal text', () => {
    const org = '- [0/3] Equipment:\n- [ ] tent\n\n[50%] done and [1/2] more\n';
    const tree = parseMarkdown(convertText(org).markdown).tree;
    const texts: string[] = [];
    visit(tree, 'paragraph', (node) => {
      texts.push(mdText(node));
    });
    expect(texts).toEqual(['[0/3] Equipment:', 'tent', '[50%] done and [1/2] more']);
    let links = 0;
    visit(tree, 'link', () => {
      links++;
    });
    expect(links).toBe(0);
  });

  it('escape their bracket only where Markdown would read a link or a definition', () => {
    const md = convertText('[3/4]: colon, [1/4](paren) and [1/4] alone\n').markdown;
    expect(md).toBe('\\[3/4]: colon, \\[1/4]\\(paren) and [1/4] alone\n');
    expect(mdText(parseMarkdown(md).tree).trim()).toBe(
      '[3/4]: colon, [1/4](paren) and [1/4] alone',
    );
  });
});

// Issue 16 item 8: pandoc's citeproc must read our citations as normal (parenthetical) ones,
// and a key that an org-roam reference note declares in :ROAM_REFS: links to that note.
describe('citations', () => {
  const org =
    '#+title: Paper\n\nClosed under union [cite:@hopcroft79;@sipser12], see also [cite:@kleene56].\n';
  const reference =
    ':PROPERTIES:\n:ID: kleene\n:ROAM_REFS: [cite:@kleene56] https://example.org\n:END:\n#+title: Kleene 1956\n';

  // pandoc is the oracle here: .ci/run installs it, and on CI its absence fails the test.
  const pandocMissing = spawnSync('pandoc', ['--version']).status === 0 ? '' : 'pandoc';
  describeNeeding(pandocMissing, 'pandoc', () => {
    it('pandoc reads [@a; @b] as one normal citation of both keys', () => {
      const markdown = convertText(org).markdown;
      const json = execFileSync('pandoc', ['-f', 'markdown', '-t', 'json'], {
        input: markdown,
        encoding: 'utf8',
      });
      const cites: { c: [{ citationId: string; citationMode: { t: string } }[], unknown] }[] = [];
      const walk = (node: unknown): void => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (node && typeof node === 'object') {
          const n = node as { t?: string; c?: unknown };
          if (n.t === 'Cite') cites.push(n as (typeof cites)[number]);
          Object.values(n).forEach(walk);
        }
      };
      walk(JSON.parse(json));
      expect(cites.map((c) => c.c[0].map((x) => `${x.citationId}:${x.citationMode.t}`))).toEqual([
        ['hopcroft79:NormalCitation', 'sipser12:NormalCitation'],
        ['kleene56:NormalCitation'],
      ]);
    });
  });

  it('links a key to the note whose :ROAM_REFS: declares it, across files', () => {
    const notes = buildNoteSet(
      [
        { path: 'paper.org', text: org },
        { path: 'refs/kleene.org', text: reference },
      ],
      { root: '/nonexistent-root', fileExists: () => true },
    );
    const [paper] = convertAll(notes);
    expect(paper!.markdown).toContain(
      '[@hopcroft79; @sipser12], see also [@kleene56](refs/kleene.md).',
    );
    expect(checkOutput(paper!, notes, parseAll(convertAll(notes)))).toEqual([]);
  });
});
