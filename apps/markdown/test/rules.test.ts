import { describe, expect, it } from 'vitest';
import { visit } from 'unist-util-visit';
import { convertText } from './helpers.js';
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
    const org = '* One\n:PROPERTIES:\n:CUSTOM_ID: first\n:END:\n* Two\n:PROPERTIES:\n:CUSTOM_ID: two\n:END:\n* Links\n[[#first][1]] [[#two][2]]\n';
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
    const result = convertText('* Secret :noexport:\n* Public\nsee [[*Secret][the secret]] and [[*Secret]].\n');
    expect(result.markdown).toContain('see the secret and .');
    expect(result.markdown).not.toContain('Secret');
    expect(result.diagnostics.map((d) => `${d.severity} ${d.rule}`)).toEqual(['info link-to-private', 'info link-to-private']);
  });
});

describe('flags and options', () => {
  const org = '#+TITLE: T\n#+AUTHOR: A\n* H\ntext\n';
  it('writes no front matter with --front-matter=none', () => {
    expect(convertText(org, { 'front-matter': 'none' }).markdown).toBe('# H\n\ntext\n');
  });
  it('rejects an unknown --front-matter value', () => {
    expect(convertText(org, { 'front-matter': 'toml' }).diagnostics.map((d) => d.rule)).toEqual(['bad-option']);
  });
  it('honours todo:nil and tags:nil', () => {
    expect(convertText('#+OPTIONS: todo:nil tags:nil\n* TODO Task :work:\n').markdown).toBe('# Task\n');
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
  const check = (markdown: string) => checkOutput({ ...good, markdown }, good.notes, parseAll([{ ...good, markdown }]));

  it('accepts the real output', () => {
    expect(check(good.markdown)).toEqual([]);
  });
  it('catches a lost heading', () => {
    expect(check(good.markdown.replace('# Two', 'Two')).join()).toMatch(/headings differ/);
  });
  it('catches changed text (an unescaped `*`)', () => {
    expect(check(good.markdown.replace('text with', 'text * with')).join()).toMatch(/text of section/);
  });
  it('catches a changed table cell', () => {
    expect(check(good.markdown.replace('| 1 |', '| 7 |')).join()).toMatch(/table 0 differs/);
  });
  it('catches a dead anchor', () => {
    expect(check(good.markdown.replace('(#one)', '(#won)')).join()).toMatch(/no anchor "won"/);
  });
  it('catches raw HTML', () => {
    expect(check(good.markdown.replace('text with', 'text <b>with</b>')).join()).toMatch(/unexpected raw HTML/);
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
    expect(convertText('See [[info:org#Handling Links][links]] and [[info:emacs]].\n').markdown).toBe(
      'See [links](https://www.gnu.org/software/emacs/manual/html_node/org/Handling-Links.html) and [info:emacs](https://www.gnu.org/software/emacs/manual/html_node/emacs/index.html).\n',
    );
  });
  it('keep the text of manuals not published there, with a warning', () => {
    const result = convertText('See [[info:libc#Pipes][pipes]].\n');
    expect(result.markdown).toBe('See pipes.\n');
    expect(result.diagnostics.map((d) => d.rule)).toEqual(['unsupported-link']);
  });
});
