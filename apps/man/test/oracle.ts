/**
 * The four validators of man pages on Debian 12 (see /work/shared/reference/man-pages.md):
 * `mandoc -T lint -W warning`, `groff -t -man -ww -z`, `man --warnings=w -l` and `lexgrog`.
 * A page passes when none of them says anything. Each catches things the others miss.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const LINTERS = ['mandoc', 'groff', 'man', 'lexgrog'] as const;

function available(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * What the oracle tests lack on this machine, for `describeNeeding`: empty when every validator
 * is installed; else the missing commands and how to install them (skipped away from CI,
 * a failure on CI).
 */
export const missingLinters: string = (() => {
  const missing = LINTERS.filter((command) => !available(command));
  return missing.length ? `${missing.join(', ')} (apt-get install mandoc groff man-db)` : '';
})();

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs tasks two at a time (the machines have two cores). */
async function pool<T>(tasks: (() => Promise<T>)[], parallel = 2): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

export interface PageToLint {
  /** File name of the page, e.g. `docker.7`. */
  name: string;
  content: string;
}

/**
 * Lints pages with all four validators; returns the messages per page name (an empty list
 * when the page is clean). mandoc and lexgrog take the pages in batches, groff and man one
 * by one, since their messages do not name the file.
 */
export async function lintPages(pages: PageToLint[]): Promise<Map<string, string[]>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'org2man-lint-'));
  const messages = new Map<string, string[]>();
  const files = pages.map((page, i) => {
    // Unique names even when two pages share one (they come from different folders).
    const file = path.join(dir, `${i}-${page.name.replace(/[^A-Za-z0-9._+-]/g, '_')}`);
    writeFileSync(file, page.content);
    messages.set(page.name, []);
    return { file, name: page.name };
  });
  const byFile = new Map(files.map((f) => [f.file, f.name]));
  const note = (name: string, message: string) => messages.get(name)!.push(message);
  try {
    const batches: (typeof files)[] = [];
    for (let i = 0; i < files.length; i += 50) batches.push(files.slice(i, i + 50));
    const tasks: (() => Promise<void>)[] = [];
    for (const batch of batches) {
      tasks.push(async () => {
        const result = await run('mandoc', [
          '-T',
          'lint',
          '-W',
          'warning',
          ...batch.map((f) => f.file),
        ]);
        for (const line of (result.stdout + result.stderr).split('\n').filter(Boolean)) {
          const file = batch.find((f) => line.includes(f.file + ':'));
          note(file?.name ?? batch[0]!.name, `mandoc: ${line.replace(dir + '/', '')}`);
        }
        if (result.code !== 0 && !(result.stdout + result.stderr).trim())
          note(batch[0]!.name, `mandoc exited ${result.code}`);
      });
      tasks.push(async () => {
        const result = await run(
          'lexgrog',
          batch.map((f) => f.file),
        );
        for (const line of result.stdout.split('\n').filter((l) => /parse failed/.test(l))) {
          const file = [...byFile.keys()].find((f) => line.startsWith(f + ':'));
          note(
            file ? byFile.get(file)! : batch[0]!.name,
            `lexgrog: ${line.replace(dir + '/', '')}`,
          );
        }
        if (result.code !== 0 && !/parse failed/.test(result.stdout))
          note(batch[0]!.name, `lexgrog exited ${result.code}: ${result.stderr.trim()}`);
      });
    }
    for (const f of files) {
      tasks.push(async () => {
        const result = await run('groff', ['-t', '-man', '-ww', '-z', f.file]);
        if (result.stderr.trim()) note(f.name, `groff: ${result.stderr.trim()}`);
      });
      tasks.push(async () => {
        const result = await run('man', ['--warnings=w', '-l', f.file], {
          MANWIDTH: '80',
          COLUMNS: '80',
          MAN_DISABLE_SECCOMP: '1',
        });
        if (result.stderr.trim()) note(f.name, `man: ${result.stderr.trim()}`);
        const content = pages[files.findIndex((g) => g.file === f.file)]!.content;
        for (const problem of layoutProblems(plainOutput(result.stdout), content))
          note(f.name, `man -l at 80 columns: ${problem}`);
      });
    }
    await pool(tasks);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return messages;
}

// Overstriking (x BACKSPACE x) is how grotty marks bold and underline.
// eslint-disable-next-line no-control-regex -- backspace is what is removed
const plainOutput = (text: string) => text.replace(/.\x08/g, '');

/** grotty's hyphen (U+2010): what groff prints for `-` in prose and for a hyphenation point. */
const HYPHEN = '\u2010';

/**
 * What a reader would see broken in a page shown at 80 columns (`text`, from `man -l`):
 * - a header line `NAME(7)  centre  NAME(7)` or footer line `orgnotes  date  NAME(7)` whose
 *   parts run into each other (groff 1.22.4 overprints them rather than shortening);
 * - a word hyphenated at a line's end (`Neu-` / `rons`): the pages promise no hyphenation.
 *   A line ending in a hyphen the page itself writes (`org-` / `roam`) is not one.
 */
export function layoutProblems(text: string, content: string): string[] {
  const problems: string[] = [];
  const lines = text.split('\n');
  const filled = lines.filter((line) => line.trim() !== '');
  const header = filled[0] ?? '';
  const footer = filled[filled.length - 1] ?? '';
  const title = /^(\S+\([^)\s]+\))(?: {2,}\S(?:.*\S)?)? {2,}(\S+\([^)\s]+\))$/.exec(header);
  if (!title || title[1] !== title[2] || header.length > 80)
    problems.push(`header line is not "NAME(s)  centre  NAME(s)": ${JSON.stringify(header)}`);
  else if (
    !new RegExp(`^\\S+ {2,}\\S+ {2,}${title[1]!.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}$`).test(
      footer,
    ) ||
    footer.length > 80
  )
    problems.push(`footer line is not "source  date  NAME(s)": ${JSON.stringify(footer)}`);
  for (let i = 0; i + 1 < lines.length; i++) {
    const end = new RegExp(`(\\p{L}+)${HYPHEN}$`, 'u').exec(lines[i]!);
    const next = /^\s*(\p{L}+)/u.exec(lines[i + 1]!);
    if (!end || !next) continue;
    const [before, after] = [end[1]!, next[1]!];
    if (!content.includes(`${before}-${after}`) && !content.includes(`${before}\\-${after}`))
      problems.push(`"${before}${after}" is hyphenated at line ${i + 1}`);
  }
  return problems;
}

/** The page as a reader sees it: `man -l` at 80 columns, plain text. */
export async function renderText(content: string): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'org2man-render-'));
  try {
    const file = path.join(dir, 'page.7');
    writeFileSync(file, content);
    const result = await run('man', ['-l', file], {
      MANWIDTH: '80',
      COLUMNS: '80',
      MANPAGER: 'cat',
      PAGER: 'cat',
      MAN_KEEP_FORMATTING: '',
    });
    return plainOutput(result.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
