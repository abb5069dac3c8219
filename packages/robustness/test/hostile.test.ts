/**
 * Broken and hostile inputs through every built command (`-o DIR`): no crash, no stack trace,
 * a `path:line:col` diagnostic, the documented exit code, and every output either complete
 * (the same bytes the converter gives in-process) or absent, with no temporary file left.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildNoteSet, collectInputs, decodeOrg } from '@orgnotes/core';
import { notePath } from '@orgnotes/cli';
import {
  CONVERTERS,
  FIXTURES,
  convertSet,
  parseStderr,
  run,
  tempDir,
  type Bin,
} from './helpers.js';
import { GENERATORS, writeSymlinkLoop, writeTree } from './generate.js';

interface Expected {
  rule: string;
  severity: 'error' | 'warning';
  /** Path relative to the input directory. */
  path: string;
  line: number;
  column?: number;
}

interface Case {
  name: string;
  /** Fills the input directory. */
  setup(dir: string): void;
  exit: 0 | 1;
  expect: Expected[];
  /** `absent`: nothing may be written for the input (it is not text). */
  outputs: 'complete' | 'absent';
  bins?: Bin[];
}

const fixture = (name: string) => (dir: string) =>
  copyFileSync(path.join(FIXTURES, name, 'input.org'), path.join(dir, 'input.org'));
const generated = (text: string) => (dir: string) =>
  writeFileSync(path.join(dir, 'input.org'), text);
const ALL: Bin[] = ['org2json', 'org2md', 'org2anki', 'org2man'];
const BIN_OF: Record<Bin, string> = {
  org2json: 'json',
  org2md: 'markdown',
  org2anki: 'anki',
  org2man: 'man',
  json2org: '',
};

const CASES: Case[] = [
  {
    name: 'unterminated-block',
    setup: fixture('unterminated-block'),
    exit: 0,
    outputs: 'complete',
    expect: [
      { rule: 'unterminated-block', severity: 'warning', path: 'input.org', line: 3, column: 1 },
    ],
  },
  {
    name: 'unterminated-drawer',
    setup: fixture('unterminated-drawer'),
    exit: 0,
    outputs: 'complete',
    expect: [
      { rule: 'unterminated-drawer', severity: 'warning', path: 'input.org', line: 2, column: 1 },
    ],
  },
  {
    name: 'duplicate-ids',
    setup: fixture('duplicate-ids'),
    exit: 1,
    outputs: 'complete',
    expect: [{ rule: 'duplicate-id', severity: 'error', path: 'input.org', line: 6 }],
  },
  { name: 'crlf', setup: fixture('crlf'), exit: 0, outputs: 'complete', expect: [] },
  { name: 'bom', setup: fixture('bom'), exit: 0, outputs: 'complete', expect: [] },
  {
    name: 'tab-indentation',
    setup: fixture('tab-indentation'),
    exit: 0,
    outputs: 'complete',
    expect: [],
  },
  {
    name: 'invalid-utf8',
    setup: fixture('invalid-utf8'),
    exit: 1,
    outputs: 'absent',
    expect: [{ rule: 'invalid-utf8', severity: 'error', path: 'input.org', line: 2 }],
  },
  {
    name: 'nul-bytes',
    setup: fixture('nul-bytes'),
    exit: 1,
    outputs: 'absent',
    expect: [{ rule: 'binary-file', severity: 'error', path: 'input.org', line: 2, column: 7 }],
  },
  { name: 'empty', setup: fixture('empty'), exit: 0, outputs: 'complete', expect: [] },
  {
    name: 'binary',
    setup: fixture('binary'),
    exit: 1,
    outputs: 'absent',
    expect: [{ rule: 'invalid-utf8', severity: 'error', path: 'input.org', line: 1 }],
  },
  {
    name: '300 nested headings',
    setup: generated(GENERATORS.deepHeadings(300)),
    exit: 0,
    outputs: 'complete',
    expect: [],
  },
  {
    name: '400 nested lists',
    setup: generated(GENERATORS.deepList(400)),
    exit: 0,
    outputs: 'complete',
    expect: [],
  },
  {
    name: '20,000 unbalanced emphasis markers',
    setup: generated(GENERATORS.unbalancedEmphasis(20_000)),
    exit: 0,
    outputs: 'complete',
    expect: [],
  },
  {
    name: '2 MB single line',
    setup: generated(GENERATORS.longLine(2 * 1024 * 1024)),
    exit: 0,
    outputs: 'complete',
    expect: [],
  },
  {
    name: '10,000-row table',
    setup: generated(GENERATORS.bigTable(10_000)),
    exit: 0,
    outputs: 'complete',
    expect: [],
  },
  {
    name: 'symlink loop in an input directory',
    setup: writeSymlinkLoop,
    exit: 0,
    outputs: 'complete',
    expect: [
      { rule: 'symlink-loop', severity: 'warning', path: 'sub/self', line: 1, column: 1 },
      { rule: 'symlink-loop', severity: 'warning', path: 'sub/up', line: 1, column: 1 },
    ],
  },
  // 10,000 files take 10-60 s per command (see the report in docs/security.md): one command.
  {
    name: 'a directory of 10,000 files',
    setup: (dir) => writeTree(dir, GENERATORS.files(10_000)),
    exit: 0,
    outputs: 'complete',
    expect: [],
    bins: ['org2md'],
  },
];

const scratch = tempDir('hostile');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every file under `dir` (relative, forward slashes), following no links. */
function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`)
      : [`${prefix}${e.name}`],
  );
}

describe.each(CASES)('$name', (testCase) => {
  const input = path.join(scratch, testCase.name.replace(/[^a-z0-9]+/gi, '-'), 'in');
  mkdirSync(input, { recursive: true });
  testCase.setup(input);

  it.each(testCase.bins ?? ALL)(
    '%s: diagnostics, exit code, complete or absent outputs',
    async (bin) => {
      const out = path.join(path.dirname(input), `out-${bin}`);
      const result = run(bin, ['-o', out, input], { cwd: input });
      const { diagnostics, stray } = parseStderr(result.stderr);
      expect(stray, 'every line of standard error is a diagnostic or the summary').toEqual([]);
      expect(result.signal).toBeNull();
      expect(result.status).toBe(testCase.exit);
      for (const want of testCase.expect) {
        expect(diagnostics).toContainEqual(
          expect.objectContaining({
            ...want,
            path: path.relative(input, path.join(input, want.path)),
          }),
        );
      }
      for (const d of diagnostics) {
        expect(d.line).toBeGreaterThanOrEqual(1);
        expect(d.column).toBeGreaterThanOrEqual(1);
      }
      const written = listFiles(out).filter(
        (f) => !path.posix.basename(f).startsWith('.orgnotes-'),
      );
      expect(
        written.filter((f) => f.endsWith('.tmp') || path.posix.basename(f).startsWith('.')),
        'no temporary file left',
      ).toEqual([]);
      if (testCase.outputs === 'absent') {
        expect(written).toEqual([]);
        return;
      }
      // The same conversion in-process, from the same bytes: the files on disk must be exactly these.
      const collected = await collectInputs([input]);
      const sources = collected.files.map((f) => ({
        path: f.path,
        absolutePath: f.absolutePath,
        text: decodeOrg(readFileSync(f.absolutePath), f.path).text,
      }));
      const notes = buildNoteSet(sources, { root: collected.root });
      const converter = CONVERTERS[BIN_OF[bin]]!;
      const expected = [
        ...convertSet(notes, converter).flatMap((c) => c.files),
        // Files of the whole set (Markdown's index, tag pages and copied media).
        ...((await converter.setOutputs?.({
          notes,
          options: {},
          outputPathOf: (p) => notePath(converter, p, notes.links.get(p)?.index.naming)!,
          outputPathsOf: () => ({}),
        })) ?? []),
      ];
      expect(written.sort()).toEqual(expected.map((f) => f.path).sort());
      for (const file of expected) {
        const onDisk = readFileSync(path.join(out, file.path));
        expect(onDisk.equals(Buffer.from(file.content)), `${file.path} is complete`).toBe(true);
      }
    },
  );
});
