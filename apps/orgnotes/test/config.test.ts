import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applyOption,
  configProblems,
  findConfig,
  FORMAT_NAMES,
  formatJobs,
  loadConfig,
  parseFormats,
} from '../src/index.js';

describe('the configuration schema', () => {
  it('accepts the repository configuration and a full one', async () => {
    const { repoRoot } = await import('@orgnotes/vitest-config/corpus');
    const { readFileSync } = await import('node:fs');
    expect(
      configProblems(JSON.parse(readFileSync(path.join(repoRoot, 'orgnotes.config.json'), 'utf8'))),
    ).toEqual([]);
    expect(
      configProblems({
        inputs: ['a', 'b.org'],
        outDir: 'out',
        formats: ['man'],
        strict: true,
        clean: true,
        options: {
          man: { 'split-level': '2' },
          markdown: { toc: true },
          anki: { package: true, 'package-per': 'deck', 'package-only': false },
        },
      }),
    ).toEqual([]);
  });

  it.each([
    [{ inputs: [] }, '/inputs: must NOT have fewer than 1 items'],
    [{ inputs: 'notes' }, '/inputs: must be array'],
    [
      { formats: ['json', 'json'] },
      '/formats: must NOT have duplicate items (items ## 0 and 1 are identical)',
    ],
    [{ strict: 'yes' }, '/strict: must be boolean'],
    [{ options: { pdf: {} } }, '/options: unknown field "pdf"'],
    [{ options: { anki: { separator: 1 } } }, '/options/anki/separator: must be string'],
    [
      { options: { anki: { 'package-per': 'folder' } } },
      '/options/anki/package-per: must be one of file, deck, set',
    ],
    [{ options: { anki: { package: 'yes' } } }, '/options/anki/package: must be boolean'],
  ])('reports %j', (config, problem) => {
    expect(configProblems(config)).toContain(problem);
  });
});

describe('resolving a configuration', () => {
  it('defaults to notes/ -> dist/<format>/ in every format, with the converters’ defaults', () => {
    const config = loadConfig(null, '/project');
    expect(config).toMatchObject({
      inputs: ['/project/notes'],
      outDir: '/project/dist',
      formats: FORMAT_NAMES,
      strict: false,
      clean: false,
    });
    expect(config.options.markdown['front-matter']).toBe('yaml');
    expect(formatJobs(config).map((j) => [j.converter.name, j.outDir])).toEqual([
      ['org2json', '/project/dist/json'],
      ['org2md', '/project/dist/markdown'],
      ['org2anki', '/project/dist/anki'],
      ['org2man', '/project/dist/man'],
    ]);
  });

  it('resolves paths against the file, found from a subdirectory up to the repository root', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orgnotes-config-'));
    await mkdir(path.join(dir, '.git'));
    await mkdir(path.join(dir, 'a/b'), { recursive: true });
    await writeFile(
      path.join(dir, 'orgnotes.config.json'),
      JSON.stringify({ inputs: ['docs'], outDir: 'out' }),
    );
    const file = findConfig(path.join(dir, 'a/b'));
    expect(file).toBe(path.join(dir, 'orgnotes.config.json'));
    expect(loadConfig(file)).toMatchObject({
      inputs: [path.join(dir, 'docs')],
      outDir: path.join(dir, 'out'),
    });
    const outside = await mkdtemp(path.join(os.tmpdir(), 'orgnotes-config-'));
    await mkdir(path.join(outside, '.git'));
    expect(findConfig(outside)).toBeNull();
  });

  it('takes command-line formats and options', () => {
    expect(parseFormats(['man,json', 'man'])).toEqual(['man', 'json']);
    expect(() => parseFormats(['pdf'])).toThrow(/unknown format "pdf"/);
    const config = loadConfig(null, '/p');
    applyOption(config.options, 'markdown.toc=true');
    applyOption(config.options, 'man.split-level=2');
    expect(config.options.markdown.toc).toBe(true);
    expect(config.options.man['split-level']).toBe('2');
    expect(() => applyOption(config.options, 'markdown.toc=maybe')).toThrow(/true or false/);
    expect(() => applyOption(config.options, 'anki.nope=1')).toThrow(/org2anki has no such option/);
    expect(() => applyOption(config.options, 'toc')).toThrow(/FORMAT.NAME=VALUE/);
  });

  it('passes excludeTags and selectTags to every format that applies export rules, before its own tags', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orgnotes-config-'));
    const file = path.join(dir, 'orgnotes.config.json');
    await writeFile(
      file,
      JSON.stringify({
        excludeTags: ['private'],
        selectTags: ['web'],
        options: { man: { 'exclude-tags': ['draft'] } },
      }),
    );
    const config = loadConfig(file);
    expect(config.options.markdown['exclude-tags']).toEqual(['private']);
    expect(config.options.anki['select-tags']).toEqual(['web']);
    expect(config.options.man['exclude-tags']).toEqual(['private', 'draft']);
    // JSON applies no export rule to what a file holds, but leaves out private files (issue 14).
    expect(config.options.json['exclude-tags']).toEqual(['private']);
    expect(configProblems({ excludeTags: ['has space'] })).toEqual([
      expect.stringMatching(/excludeTags\/0/),
    ]);
  });
});
