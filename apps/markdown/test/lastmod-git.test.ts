/**
 * Issue 14: `--lastmod=git` takes front matter `lastmod` from the note's last commit
 * (`git log -1 --format=%cI -- file`), else from `#+LAST_MODIFIED` / `#+MODIFIED`. Run in a
 * temporary repository whose commits carry fixed dates, so that the result never depends on
 * the clock.
 */
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gitIn } from '@orgnotes/vitest-config/git';
import { buildNoteSet } from '@orgnotes/core';
import { convertAll } from './helpers.js';

const repo = realpathSync(mkdtempSync(path.join(tmpdir(), 'orgnotes-lastmod-')));
afterAll(() => rmSync(repo, { recursive: true, force: true }));

const git = gitIn(repo);

const files: Record<string, string> = {
  // Committed twice: the later commit's date wins over the keyword.
  'edited.org': '#+title: Edited\n#+last_modified: [2020-01-01 Wed]\n\nText.\n',
  // Never committed: the keyword.
  'untracked.org': '#+title: Untracked\n#+modified: <2021-02-03 Wed>\n\nText.\n',
  // Committed once, no keyword.
  'plain.org': '#+title: Plain\n\nText.\n',
};

git(['init', '-q']);
writeFileSync(path.join(repo, 'edited.org'), files['edited.org']!);
writeFileSync(path.join(repo, 'plain.org'), files['plain.org']!);
git(['add', 'edited.org', 'plain.org']);
git(['commit', '-q', '-m', 'first'], '2023-01-02T03:04:05+01:00');
writeFileSync(path.join(repo, 'edited.org'), files['edited.org']! + 'More.\n');
git(['commit', '-q', '-am', 'second'], '2024-03-04T05:06:07-05:00');
writeFileSync(path.join(repo, 'untracked.org'), files['untracked.org']!);

function lastmods(flags: Record<string, string>): Record<string, string | undefined> {
  const sources = Object.keys(files)
    .sort()
    .map((name) => ({
      path: name,
      absolutePath: path.join(repo, name),
      text: readFileSync(path.join(repo, name), 'utf8'),
    }));
  const notes = buildNoteSet(sources, { root: repo });
  return Object.fromEntries(
    convertAll(notes, flags).map((o) => [
      o.document.path,
      /^lastmod: (.*)$/m.exec(o.markdown)?.[1]?.replace(/^"|"$/g, ''),
    ]),
  );
}

describe('--lastmod=git', () => {
  it('takes the last commit date, else the keywords', () => {
    expect(lastmods({ lastmod: 'git' })).toEqual({
      'edited.org': '2024-03-04T05:06:07-05:00',
      'plain.org': '2023-01-02T03:04:05+01:00',
      'untracked.org': '2021-02-03',
    });
  });

  it('is off by default: the keywords only', () => {
    expect(lastmods({})).toEqual({
      'edited.org': '2020-01-01',
      'plain.org': undefined,
      'untracked.org': '2021-02-03',
    });
  });

  it('rejects an unknown source', () => {
    const notes = buildNoteSet([{ path: 'plain.org', text: files['plain.org']! }], { root: repo });
    expect(convertAll(notes, { lastmod: 'mtime' })[0]!.diagnostics.map((d) => d.message)).toEqual([
      '--lastmod must be keyword or git, not "mtime"',
    ]);
  });
});
