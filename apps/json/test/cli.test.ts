import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedFile } from '@orgnotes/vitest-config/corpus';
import { validateDocument } from '../src/index.js';

const bin = (name: string) => path.resolve(import.meta.dirname, `../bin/${name}.js`);
const seed = readFileSync(seedFile, 'utf8');

/** Runs a built command as a user would; never throws, returns what it printed and its exit code. */
async function cli(name: string, args: string[], options: { input?: string; cwd?: string } = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      'node',
      [bin(name), ...args],
      { cwd: options.cwd, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
    child.stdin!.end(options.input ?? '');
  });
}

async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('org2json and json2org as a user runs them', () => {
  it('writes the seed as JSON that validates against the schema', async () => {
    const { code, stdout, stderr } = await cli('org2json', [seedFile]);
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /docker\.org:4:1: warning: linked file images\/docker_arch\.png does not exist \(missing-file\)/,
    );
    expect(validateDocument(JSON.parse(stdout))).toEqual([]);
  });

  it('is deterministic', async () => {
    const [a, b] = await Promise.all([cli('org2json', [seedFile]), cli('org2json', [seedFile])]);
    expect(a.stdout).toBe(b.stdout);
  });

  it('`org2json x.org | json2org -` gives x.org back byte for byte', async () => {
    const json = await cli('org2json', ['-'], { input: seed });
    const org = await cli('json2org', ['-'], { input: json.stdout });
    expect(org.code).toBe(0);
    expect(org.stdout).toBe(seed);
  });

  it('mirrors an input tree with -o, and json2org turns the tree back', async () => {
    const work = await mkdtemp(path.join(os.tmpdir(), 'orgnotes-json-'));
    await mkdir(path.join(work, 'notes/sub'), { recursive: true });
    await writeFile(
      path.join(work, 'notes/a.org'),
      '* A\n:PROPERTIES:\n:ID: a\n:END:\nSee [[id:b][b]].\n',
    );
    await writeFile(
      path.join(work, 'notes/sub/b.org'),
      '* B\n:PROPERTIES:\n:ID: b\n:END:\nBack to [[id:a][a]].\n',
    );
    const out = await cli('org2json', ['-o', 'json', 'notes'], { cwd: work });
    expect(out).toMatchObject({ code: 0, stderr: '' });
    expect(await tree(path.join(work, 'json'))).toEqual(['a.json', 'sub/b.json']);
    const back = await cli('json2org', ['-o', 'org', 'json'], { cwd: work });
    expect(back).toMatchObject({ code: 0, stderr: '' });
    expect(await readFile(path.join(work, 'org/sub/b.org'), 'utf8')).toBe(
      await readFile(path.join(work, 'notes/sub/b.org'), 'utf8'),
    );
  });

  it('exits 1 on errors, and with --strict on warnings', async () => {
    const work = await mkdtemp(path.join(os.tmpdir(), 'orgnotes-json-'));
    await writeFile(path.join(work, 'a.org'), '* A\n:PROPERTIES:\n:ID: same\n:END:\n');
    await writeFile(
      path.join(work, 'b.org'),
      '* B\n:PROPERTIES:\n:ID: same\n:END:\n[[id:missing][x]]\n',
    );
    const result = await cli('org2json', ['-o', 'out', 'a.org', 'b.org'], { cwd: work });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'b.org:1:1: error: ID "same" is already used at a.org:1 (duplicate-id)',
    );
    const strict = await cli('org2json', ['--strict', seedFile]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain(
      'docker.org:4:1: error: linked file images/docker_arch.png does not exist (missing-file)',
    );
  });

  it('exits 2 on usage errors, with a hint', async () => {
    const none = await cli('org2json', []);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Try 'org2json --help'");
    expect((await cli('org2json', ['--bogus', seedFile])).code).toBe(2);
    const help = await cli('org2json', ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit status:\n {2}0 {2}success/);
    expect((await cli('json2org', ['--version'])).stdout).toMatch(/^json2org \d+\.\d+\.\d+\n$/);
  });

  it('rejects JSON that does not match the schema, without writing anything', async () => {
    const work = await mkdtemp(path.join(os.tmpdir(), 'orgnotes-json-'));
    await writeFile(
      path.join(work, 'bad.json'),
      JSON.stringify({ type: 'document', schemaVersion: '1.0.0', headings: 'nope' }),
    );
    await writeFile(path.join(work, 'broken.json'), '{"type": "document",\n  oops}');
    const result = await cli('json2org', ['-o', 'out', 'bad.json', 'broken.json'], { cwd: work });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /bad\.json:1:1: error: does not match the orgnotes schema: .* \(schema\)/,
    );
    expect(result.stderr).toMatch(/broken\.json:2:3: error: not valid JSON: .* \(invalid-json\)/);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
    await expect(readdir(path.join(work, 'out'))).rejects.toThrow();
  });

  it('never overwrites an input', async () => {
    const work = await mkdtemp(path.join(os.tmpdir(), 'orgnotes-json-'));
    // An Org file that happens to be named .json would be its own output.
    await writeFile(path.join(work, 'x.json'), '* precious\n');
    const result = await cli('org2json', ['-o', '.', 'x.json'], { cwd: work });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('refusing to overwrite the input x.json (output-is-input)');
    expect(await readFile(path.join(work, 'x.json'), 'utf8')).toBe('* precious\n');
  });

  it('leaves no partial or temporary file when a write fails', async () => {
    const work = await mkdtemp(path.join(os.tmpdir(), 'orgnotes-json-'));
    await writeFile(path.join(work, 'x.org'), '* X\n');
    // The output path is taken by a directory: the rename fails.
    await mkdir(path.join(work, 'out/x.json'), { recursive: true });
    const result = await cli('org2json', ['-o', 'out', 'x.org'], { cwd: work });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /x\.org:1:1: error: cannot write out\/x\.json: .* \(write-failed\)/,
    );
    expect(await tree(path.join(work, 'out'))).toEqual([]);
  });
});
