/**
 * The built commands run as a user (or a CI job) runs them: subprocesses in temporary projects.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { seedFile } from '@orgnotes/vitest-config/corpus';
import { describe, expect, it, onTestFailed } from 'vitest';
import type { ReportJson } from '@orgnotes/cli';
import type { Graph } from '@orgnotes/json';
import { baseEnv, BINS, project, run, tree } from './helpers.js';

const FORMATS = { json: 'org2json', markdown: 'org2md', anki: 'org2anki', man: 'org2man' } as const;
const seed = await readFile(seedFile, 'utf8');

function report(result: { stdout: string }): ReportJson {
  return JSON.parse(result.stdout) as ReportJson;
}

describe('orgnotes export', () => {
  it('exports the seed in all four formats, each exactly as its converter alone writes it', async () => {
    const dir = await project();
    const result = await run('orgnotes', ['export'], dir);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    // The seed's known findings, once each although four formats read it.
    expect(result.stderr.split('\n').filter((l) => l.includes('(missing-file)'))).toHaveLength(1);
    for (const [format, bin] of Object.entries(FORMATS)) {
      // orgnotes export writes the link graph with the JSON; org2json alone with --graph.
      const alone = await run(
        bin,
        ['-o', `alone/${format}`, ...(format === 'json' ? ['--graph'] : []), 'notes'],
        dir,
      );
      expect(alone.code).toBe(0);
      const exported = await tree(path.join(dir, 'dist', format));
      expect(Object.keys(exported).length).toBeGreaterThan(0);
      const graph = exported['graph.json'];
      if (graph !== undefined) {
        // The graph gives each note's output in every format of the run: org2json alone has
        // only the JSON, which is the same.
        const nodes = (JSON.parse(graph) as Graph).nodes;
        expect(nodes.map((node) => node.outputs)).toEqual([
          { json: 'docker.json', markdown: 'docker.md', anki: 'docker.csv', man: 'docker.7' },
        ]);
        for (const node of nodes) node.outputs = { json: node.outputs.json! };
        exported['graph.json'] = `${JSON.stringify({ ...(JSON.parse(graph) as Graph), nodes })}\n`;
      }
      expect(exported).toEqual(await tree(path.join(dir, 'alone', format)));
    }
    expect(
      Object.keys(await tree(path.join(dir, 'dist'))).filter(
        (f) => f.startsWith('json/') || f.startsWith('markdown/') || f.startsWith('man/'),
      ),
    ).toEqual(expect.arrayContaining(['json/docker.json', 'markdown/docker.md']));
    // The JSON converts back to the very same Org bytes.
    const back = await run('json2org', ['dist/json/docker.json'], dir);
    expect(back.stdout).toBe(seed);
    // The parse cache is where the documentation says.
    expect(existsSync(path.join(dir, 'node_modules/.cache/orgnotes'))).toBe(true);
  });

  // Issue 16 item 18: parsed notes are private; outside a package the cache stays in the
  // project (beside the configuration, else the output), never under $HOME or XDG_CACHE_HOME.
  it('keeps the cache inside the project when the notes are in no package', async () => {
    const dir = await project({
      'orgnotes.config.json': '{ "inputs": ["notes"], "outDir": "dist" }\n',
    });
    await rm(path.join(dir, 'package.json'));
    const home = path.join(dir, 'home');
    const env = { HOME: home, XDG_CACHE_HOME: path.join(home, '.cache') };
    expect((await run('orgnotes', ['export', '-q'], dir, env)).code).toBe(0);
    expect(existsSync(path.join(dir, '.orgnotes-cache'))).toBe(true);
    expect(existsSync(path.join(dir, 'node_modules'))).toBe(false);
    // A converter alone, without a configuration: beside its output directory.
    expect((await run('org2md', ['-q', '-o', 'site/md', 'notes'], dir, env)).code).toBe(0);
    expect(existsSync(path.join(dir, 'site/.orgnotes-cache'))).toBe(true);
    // To standard output, nothing is kept.
    expect((await run('org2md', ['-q', '--no-cache', 'notes/docker.org'], dir, env)).code).toBe(0);
    expect((await run('org2md', ['-q', 'notes/docker.org'], dir, env)).code).toBe(0);
    expect(existsSync(home)).toBe(false);
  });

  it('--check passes on fresh outputs, fails listing the stale ones, and writes nothing', async () => {
    const dir = await project();
    expect((await run('orgnotes', ['export', '-q'], dir)).code).toBe(0);
    expect(await run('orgnotes', ['export', '--check', '-q'], dir)).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
    const before = await tree(path.join(dir, 'dist'));
    await appendFile(path.join(dir, 'notes/docker.org'), '\n* A new heading\nWith text.\n');
    const stale = await run('orgnotes', ['export', '--check', '-q'], dir);
    expect(stale.code).toBe(1);
    const listed = stale.stderr.split('\n').filter((l) => l.startsWith('stale '));
    // A heading with text is a card (Anki's --headings all), so the deck is stale too.
    expect(listed).toEqual([
      'stale dist/json/docker.json is out of date',
      'stale dist/markdown/docker.md is out of date',
      'stale dist/anki/docker.csv is out of date',
      'stale dist/man/docker.7 is out of date',
    ]);
    expect(stale.stderr).toMatch(
      /orgnotes: \d+ outputs out of date; run without --check to update them\./,
    );
    expect(await tree(path.join(dir, 'dist'))).toEqual(before);
    // A missing output is stale too.
    await rm(path.join(dir, 'dist/markdown/docker.md'));
    const json = await run('orgnotes', ['export', '--check', '--reporter', 'json'], dir);
    expect(json.code).toBe(1);
    expect(report(json).summary.stale).toContainEqual({
      path: 'dist/markdown/docker.md',
      reason: 'missing',
    });
  });

  it('reports as GitHub Actions annotations with --reporter github', async () => {
    const dir = await project({ 'notes/a.org': '* A\nSee [[id:nope][nothing]].\n' }, false);
    const result = await run('orgnotes', ['export', '--reporter', 'github'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      '::warning file=notes/a.org,line=2,col=5,title=broken-link::broken link [[id:nope]]: no note has ID "nope" (broken-link)\n',
    );
    const strict = await run('orgnotes', ['export', '--reporter', 'github', '--strict'], dir);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('::error file=notes/a.org,line=2,col=5,title=broken-link::');
    await appendFile(path.join(dir, 'notes/a.org'), 'More.\n');
    const check = await run(
      'orgnotes',
      ['export', '--reporter', 'github', '--check', '-f', 'markdown'],
      dir,
    );
    expect(check.stderr).toContain(
      '::error file=dist/markdown/a.md,title=stale-output::dist/markdown/a.md is out of date',
    );
  });

  it('a warm run parses no unchanged file, and after an edit only the edited one', async () => {
    const dir = await project({
      'notes/a.org': '* A\n:PROPERTIES:\n:ID: a\n:END:\nLinks to [[id:b][B]].\n',
      'notes/b.org': '* B\n:PROPERTIES:\n:ID: b\n:END:\nText.\n',
    });
    const cold = report(await run('orgnotes', ['export', '--reporter', 'json'], dir));
    expect(cold.summary).toMatchObject({
      files: 3,
      parsed: ['notes/a.org', 'notes/b.org', 'notes/docker.org'],
      cacheHits: 0,
    });
    const warm = report(await run('orgnotes', ['export', '--reporter', 'json'], dir));
    expect(warm.summary).toMatchObject({ files: 3, parsed: [], cacheHits: 3, written: [] });
    await writeFile(path.join(dir, 'notes/b.org'), '* B\n:PROPERTIES:\n:ID: b\n:END:\nNew text.\n');
    const edited = report(await run('orgnotes', ['export', '--reporter', 'json'], dir));
    expect(edited.summary).toMatchObject({ parsed: ['notes/b.org'], cacheHits: 2 });
    expect(edited.summary.written).toContain('dist/markdown/b.md');
    // --no-cache parses everything, and a moved cache starts cold.
    expect(
      report(await run('orgnotes', ['export', '--reporter', 'json', '--no-cache'], dir)).summary
        .parsed,
    ).toHaveLength(3);
    expect(
      report(
        await run('orgnotes', ['export', '--reporter', 'json', '--cache-dir', 'elsewhere'], dir),
      ).summary.parsed,
    ).toHaveLength(3);
    expect(existsSync(path.join(dir, 'elsewhere'))).toBe(true);
  });

  it('converts only the documents whose outputs can change, to the bytes of a cold run', async () => {
    const dir = await project({
      'notes/a.org': '* A\n:PROPERTIES:\n:ID: a\n:END:\nLinks to [[id:b]] and [[file:c.org][C]].\n',
      'notes/b.org': '* B\n:PROPERTIES:\n:ID: b\n:END:\nText.\n',
      'notes/c.org': '#+title: C\n* C\nAlone.\n',
    });
    const exportJson = async (...args: string[]) =>
      report(await run('orgnotes', ['export', '--reporter', 'json', ...args], dir));
    const cold = await exportJson();
    expect(cold.summary).toMatchObject({ files: 4, converted: 4 });
    const warm = await exportJson();
    expect(warm.summary).toMatchObject({ files: 4, converted: 0, parsed: [], written: [] });
    expect(warm.diagnostics).toEqual(cold.diagnostics);

    // b's title is a's link text: b and a are converted, c and docker.org are not.
    await writeFile(path.join(dir, 'notes/b.org'), '* Bee\n:PROPERTIES:\n:ID: b\n:END:\nText.\n');
    const edited = await exportJson();
    expect(edited.summary).toMatchObject({ parsed: ['notes/b.org'], converted: 2 });
    expect(await readFile(path.join(dir, 'dist/markdown/a.md'), 'utf8')).toContain(
      '[Bee](b.md#bee)',
    );
    const fresh = await run('orgnotes', ['export', '--no-cache', '-o', 'fresh'], dir);
    expect(fresh.code).toBe(0);
    expect(await tree(path.join(dir, 'dist'))).toEqual(await tree(path.join(dir, 'fresh')));

    // An output removed or edited by hand is written again; nothing else is converted.
    await rm(path.join(dir, 'dist/markdown/c.md'));
    await appendFile(path.join(dir, 'dist/man/b.7'), '.\\" edited\n');
    const repaired = await exportJson();
    expect(repaired.summary).toMatchObject({ converted: 2 });
    expect(repaired.summary.written.sort()).toEqual(['dist/man/b.7', 'dist/markdown/c.md']);
    expect(await tree(path.join(dir, 'dist'))).toEqual(await tree(path.join(dir, 'fresh')));

    // b deleted: a's link is now broken, and a run says so as a cold run would.
    await rm(path.join(dir, 'notes/b.org'));
    const deleted = await exportJson('--clean');
    expect(deleted.summary).toMatchObject({ files: 3, converted: 1 });
    expect(deleted.diagnostics.map((d) => d.rule)).toContain('broken-link');
    const coldAgain = await exportJson('--no-cache', '-o', 'fresh2');
    expect(deleted.diagnostics).toEqual(coldAgain.diagnostics);
    expect(existsSync(path.join(dir, 'dist/markdown/b.md'))).toBe(false);
  });

  it('gives the same outputs when documents cannot stay in memory (read again from the cache or their file)', async () => {
    const dir = await project({
      'notes/a.org':
        '* A\n:PROPERTIES:\n:ID: a\n:END:\nSee [[*Two][two]], [[id:b]], [[file:b.org::*B two]].\n* Two\nBack to [[id:a]].\n',
      'notes/b.org':
        '* B\n:PROPERTIES:\n:ID: b\n:END:\n[[id:a][A]] and [[file:a.org::*Two]].\n* B two\n',
    });
    const normal = await run('orgnotes', ['export', '--no-cache', '-o', 'normal'], dir);
    expect(normal.code).toBe(0);
    for (const [jobs, cache] of [
      ['0', '--no-cache'],
      ['2', '--no-cache'],
      ['0', '--cache-dir=tiny-cache'],
      ['2', '--cache-dir=tiny-cache'],
    ] as const) {
      const out = `tiny-${jobs}-${cache.slice(2, 5)}`;
      const tiny = await run('orgnotes', ['export', cache, '-o', out], dir, {
        ORGNOTES_RESIDENT_CHARACTERS: '1',
        ORGNOTES_JOBS: jobs,
      });
      expect(tiny.code).toBe(0);
      expect(await tree(path.join(dir, out))).toEqual(await tree(path.join(dir, 'normal')));
    }
  });

  it('parses in worker threads to the same outputs', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 6; i++)
      files[`notes/n${i}.org`] =
        `* Note ${i}\n:PROPERTIES:\n:ID: n${i}\n:END:\nSee [[id:n${(i + 1) % 6}]].\n`;
    const dir = await project(files);
    const threaded = await run('orgnotes', ['export', '--no-cache', '-o', 'threads'], dir, {
      ORGNOTES_JOBS: '2',
    });
    const single = await run('orgnotes', ['export', '--no-cache', '-o', 'single'], dir, {
      ORGNOTES_JOBS: '0',
    });
    expect([threaded.code, single.code]).toEqual([0, 0]);
    expect(await tree(path.join(dir, 'threads'))).toEqual(await tree(path.join(dir, 'single')));
  });

  it('removes outputs whose source was deleted only with --clean, and nothing else', async () => {
    const dir = await project({ 'notes/gone.org': '* Gone\n' });
    expect((await run('orgnotes', ['export', '-q'], dir)).code).toBe(0);
    await writeFile(path.join(dir, 'dist/markdown/mine.txt'), 'my own file\n');
    await rm(path.join(dir, 'notes/gone.org'));
    expect((await run('orgnotes', ['export', '-q'], dir)).code).toBe(0);
    expect(existsSync(path.join(dir, 'dist/markdown/gone.md'))).toBe(true);
    const check = await run('orgnotes', ['export', '-q', '--check', '--clean'], dir);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(
      'stale dist/markdown/gone.md has no source any more (--clean removes it)',
    );
    const clean = await run('orgnotes', ['export', '--clean', '--reporter', 'json'], dir);
    expect(clean.code).toBe(0);
    expect(report(clean).summary.removed).toEqual(
      expect.arrayContaining([
        'dist/json/gone.json',
        'dist/markdown/gone.md',
        'dist/anki/gone.csv',
      ]),
    );
    expect(existsSync(path.join(dir, 'dist/markdown/gone.md'))).toBe(false);
    expect(existsSync(path.join(dir, 'dist/markdown/docker.md'))).toBe(true);
    expect(await readFile(path.join(dir, 'dist/markdown/mine.txt'), 'utf8')).toBe('my own file\n');
  });

  it('--watch re-exports an edited note until interrupted', async () => {
    const dir = await project({ 'notes/a.org': '* A\nFirst version.\n' }, false);
    const child = spawn(process.execPath, [BINS.orgnotes, 'export', '--watch', '-f', 'markdown'], {
      cwd: dir,
      env: baseEnv(),
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Polls with no deadline of its own (a count of polls would be a clock on a busy machine):
    // a watcher that never gets there fails at the test timeout, saying what it waited for.
    let waitingFor = '';
    onTestFailed(() => console.error(`waiting for ${waitingFor}; stderr: ${stderr}`));
    const until = async (test: () => Promise<boolean> | boolean, what: string) => {
      waitingFor = what;
      while (!(await test())) await new Promise((r) => setTimeout(r, 100));
    };
    try {
      await until(() => stderr.includes('watching'), 'the watcher');
      expect(await readFile(path.join(dir, 'dist/markdown/a.md'), 'utf8')).toContain(
        'First version.',
      );
      await writeFile(path.join(dir, 'notes/a.org'), '* A\nSecond version.\n');
      await until(
        async () =>
          (await readFile(path.join(dir, 'dist/markdown/a.md'), 'utf8')).includes(
            'Second version.',
          ),
        'the re-export',
      );
      await writeFile(path.join(dir, 'notes/new.org'), '* New\n');
      await until(() => existsSync(path.join(dir, 'dist/markdown/new.md')), 'a new note');
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  });
});

describe('configuration', () => {
  it('reads orgnotes.config.json, and the command line overrides it', async () => {
    const dir = await project({
      'orgnotes.config.json': JSON.stringify({
        inputs: ['notes'],
        outDir: 'site',
        formats: ['markdown', 'json'],
        options: { markdown: { 'front-matter': 'none' } },
      }),
    });
    expect((await run('orgnotes', ['export', '-q'], dir)).code).toBe(0);
    // The note, and the set's files: the link graph and the index (the seed has no tags, and its one image is missing).
    expect(Object.keys(await tree(path.join(dir, 'site')))).toEqual([
      'json/docker.json',
      'json/graph.json',
      'markdown/docker.md',
      'markdown/index.md',
    ]);
    expect(await readFile(path.join(dir, 'site/markdown/docker.md'), 'utf8')).not.toMatch(/^---\n/);
    // From a subdirectory, with overrides.
    const sub = path.join(dir, 'notes');
    expect(
      (
        await run(
          'orgnotes',
          [
            'export',
            '-q',
            '-f',
            'anki',
            '-o',
            '../other',
            '--option',
            'markdown.front-matter=yaml',
          ],
          sub,
        )
      ).code,
    ).toBe(0);
    expect(Object.keys(await tree(path.join(dir, 'other')))).toEqual(['anki/docker.csv']);
  });

  it('writes Anki packages when the configuration asks for them, per file or for the set, unchanged on a second run', async () => {
    const dir = await project({
      'orgnotes.config.json': JSON.stringify({
        formats: ['anki'],
        options: { anki: { package: true } },
      }),
    });
    expect((await run('orgnotes', ['export', '-q'], dir)).code).toBe(0);
    expect(Object.keys(await tree(path.join(dir, 'dist')))).toEqual([
      'anki/docker.apkg',
      'anki/docker.csv',
    ]);
    const apkg = await readFile(path.join(dir, 'dist/anki/docker.apkg'));
    // A zip whose first entry is Anki's collection or a media file.
    expect(apkg.subarray(0, 4).toString('binary')).toBe('PK\x03\x04');
    expect((await run('orgnotes', ['export', '-q', '--check'], dir)).code).toBe(0);

    await writeFile(
      path.join(dir, 'orgnotes.config.json'),
      JSON.stringify({
        formats: ['anki'],
        options: { anki: { 'package-per': 'set', 'package-only': true } },
      }),
    );
    expect((await run('orgnotes', ['export', '-q', '-o', 'set'], dir)).code).toBe(0);
    expect(Object.keys(await tree(path.join(dir, 'set')))).toEqual(['anki/notes.apkg']);
    const first = await readFile(path.join(dir, 'set/anki/notes.apkg'));
    expect((await run('orgnotes', ['export', '-q', '-o', 'set', '--check'], dir)).code).toBe(0);
    expect((await readFile(path.join(dir, 'set/anki/notes.apkg'))).equals(first)).toBe(true);
  });

  it.each([
    [{ formats: ['pdf'] }, /\/formats\/0: must be one of json, markdown, anki, man/],
    [{ output: 'x' }, /unknown field "output"/],
    [
      { options: { man: { 'no-such': true } } },
      /\/options\/man\/no-such: org2man has no such option \(it has exclude-tags, select-tags, split-level\)/,
    ],
    [{ options: { markdown: { toc: 'yes' } } }, /\/options\/markdown\/toc: must be true or false/],
  ])('rejects an invalid configuration %j with exit 2', async (config, message) => {
    const dir = await project({ 'orgnotes.config.json': JSON.stringify(config) });
    const result = await run('orgnotes', ['export'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(existsSync(path.join(dir, 'dist'))).toBe(false);
  });
});

describe('the same face on every command', () => {
  it('answers usage errors with exit 2 and documents the exit codes in --help', async () => {
    const dir = await project();
    for (const args of [
      [],
      ['frobnicate'],
      ['export', '--reporter', 'xml'],
      ['export', '--format', 'pdf'],
      ['export', '--option', 'markdown.toc=maybe'],
    ]) {
      const result = await run('orgnotes', args, dir);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^orgnotes: .*\nTry 'orgnotes --help'/);
    }
    const help = await run('orgnotes', ['export', '--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(
      /Exit status:\n {2}0 {2}success.*\n {2}1 {2}errors.*--check\n {2}2 {2}usage error/,
    );
    expect((await run('orgnotes', ['--version'], dir)).stdout).toMatch(
      /^orgnotes \d+\.\d+\.\d+\n$/,
    );
  });

  it.each(Object.entries(FORMATS))(
    '%s: --check, --reporter json, --clean and stdin like orgnotes export',
    async (_format, bin) => {
      const dir = await project();
      expect((await run(bin, ['-o', 'out', '--check', '-q', 'notes'], dir)).code).toBe(1);
      const first = await run(bin, ['-o', 'out', '--reporter', 'json', 'notes'], dir);
      expect(first.code).toBe(0);
      expect(report(first)).toMatchObject({
        tool: bin,
        ok: true,
        summary: { files: 1, formats: [bin] },
      });
      expect(await run(bin, ['-o', 'out', '--check', '-q', 'notes'], dir)).toMatchObject({
        code: 0,
        stderr: '',
      });
      const usage = await run(bin, ['--check', 'notes/docker.org'], dir);
      expect(usage.code).toBe(2);
      const stdin = await run(bin, ['-q', '-'], dir, {}, '* From stdin\n');
      expect(stdin.code).toBe(0);
      expect(stdin.stdout.length).toBeGreaterThan(0);
    },
  );

  it('colours on request only, never with NO_COLOR', async () => {
    const dir = await project();
    expect((await run('orgnotes', ['export'], dir, { FORCE_COLOR: '1' })).stderr).toContain(
      '\x1b[',
    );
    expect(
      (await run('orgnotes', ['export'], dir, { FORCE_COLOR: '1', NO_COLOR: '1' })).stderr,
    ).not.toContain('\x1b[');
    expect((await run('orgnotes', ['export'], dir)).stderr).not.toContain('\x1b[');
  });
});
