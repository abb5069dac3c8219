import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, seedFile } from '@orgnotes/vitest-config/corpus';

export const BINS = {
  orgnotes: path.join(repoRoot, 'apps/orgnotes/bin/orgnotes.js'),
  org2json: path.join(repoRoot, 'apps/json/bin/org2json.js'),
  json2org: path.join(repoRoot, 'apps/json/bin/json2org.js'),
  org2md: path.join(repoRoot, 'apps/markdown/bin/org2md.js'),
  org2anki: path.join(repoRoot, 'apps/anki/bin/org2anki.js'),
  org2man: path.join(repoRoot, 'apps/man/bin/org2man.js'),
} as const;

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A clean environment: no colour settings or CI flags from the test runner, fixed man-page dates. */
export function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SOURCE_DATE_EPOCH: '1700000000', ...extra };
  for (const name of ['NO_COLOR', 'FORCE_COLOR', 'ORGNOTES_JOBS', 'ORGNOTES_SUMMARY'])
    if (!(name in extra)) delete env[name];
  return env;
}

/** Runs a built command as a user would, in `cwd`. */
export function run(
  bin: keyof typeof BINS,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
  input?: string,
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BINS[bin], ...args], { cwd, env: baseEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** A temporary project: a package.json (so the cache goes to its node_modules/.cache) and notes/ holding the seed. */
export async function project(
  files: Record<string, string> = {},
  withSeed = true,
): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'orgnotes-e2e-'));
  await writeFile(path.join(dir, 'package.json'), '{ "private": true }\n');
  await mkdir(path.join(dir, 'notes'), { recursive: true });
  if (withSeed) await cp(seedFile, path.join(dir, 'notes/docker.org'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

/** Every file under a directory, relative, sorted, with its content (manifests left out). */
export async function tree(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  const walk = async (sub: string) => {
    for (const entry of await readdir(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(rel);
      else if (entry.name !== '.orgnotes-manifest.json')
        result[rel] = await readFile(path.join(dir, rel), 'latin1');
    }
  };
  await walk('');
  return Object.fromEntries(Object.entries(result).sort(([a], [b]) => (a < b ? -1 : 1)));
}
