import type { Diagnostic } from '@orgnotes/core';
import { describe, expect, it } from 'vitest';
import {
  effectiveDiagnostics,
  formatGithub,
  formatHuman,
  renderReport,
  wantsColor,
  type ReportJson,
  type RunSummary,
} from '../src/reporters.js';

const warning: Diagnostic = {
  severity: 'warning',
  rule: 'broken-link',
  message: 'broken link [[id:x]]: no note has ID "x"',
  path: 'notes/a.org',
  line: 3,
  column: 5,
};
const error: Diagnostic = {
  severity: 'error',
  rule: 'duplicate-id',
  message: 'ID "y" is already used at b.org:2',
  path: 'notes/b.org',
  line: 7,
  column: 1,
};
const options = {
  tool: 'org2md',
  version: '1.2.3',
  strict: false,
  quiet: false,
  color: false,
  summary: true,
};
const summary: RunSummary = {
  files: 2,
  parsed: ['notes/a.org'],
  cacheHits: 1,
  converted: 2,
  written: ['out/a.md'],
  unchanged: 1,
  removed: [],
  stale: [],
  formats: ['org2md'],
  check: false,
  milliseconds: 1234,
};

describe('github reporter', () => {
  it('prints workflow commands GitHub turns into annotations', () => {
    expect(formatGithub(warning)).toBe(
      '::warning file=notes/a.org,line=3,col=5,title=broken-link::broken link [[id:x]]: no note has ID "x" (broken-link)',
    );
    expect(formatGithub(error)).toBe(
      '::error file=notes/b.org,line=7,col=1,title=duplicate-id::ID "y" is already used at b.org:2 (duplicate-id)',
    );
  });

  it('escapes what would end a value or the command (as @actions/core does)', () => {
    const odd: Diagnostic = { ...warning, path: 'a,b:c.org', message: '100% sure\nsecond line' };
    expect(formatGithub(odd)).toBe(
      '::warning file=a%2Cb%3Ac.org,line=3,col=5,title=broken-link::100%25 sure%0Asecond line (broken-link)',
    );
  });

  it('annotates stale outputs under --check', () => {
    const { stderr } = renderReport(
      'github',
      [],
      { ...summary, check: true, stale: [{ path: 'dist/markdown/a.md', reason: 'changed' }] },
      options,
    );
    expect(stderr).toContain(
      '::error file=dist/markdown/a.md,title=stale-output::dist/markdown/a.md is out of date: run the export and commit the result',
    );
  });
});

describe('human reporter', () => {
  it('prints compiler-style lines, errors and warnings sorted by place, and a summary', () => {
    const { stderr } = renderReport('human', [error, warning], summary, options);
    expect(stderr).toBe(
      [
        'notes/a.org:3:5: warning: broken link [[id:x]]: no note has ID "x" (broken-link)',
        'notes/b.org:7:1: error: ID "y" is already used at b.org:2 (duplicate-id)',
        'org2md: 2 files, 1 parsed (1 from cache), 2 converted, 1 written, 1 unchanged [org2md] in 1.23s (1 error, 1 warning)',
        '',
      ].join('\n'),
    );
  });

  it('--quiet keeps errors only, --strict makes warnings errors', () => {
    expect(
      renderReport('human', [error, warning], summary, { ...options, quiet: true }).stderr,
    ).toBe('notes/b.org:7:1: error: ID "y" is already used at b.org:2 (duplicate-id)\n');
    expect(effectiveDiagnostics([warning], true)[0]?.severity).toBe('error');
  });

  it('prints info findings as info, counts them as neither errors nor warnings, and --strict leaves them', () => {
    const info: Diagnostic = {
      severity: 'info',
      rule: 'metadata-only',
      message: 'heading "Related" holds only metadata: no card',
      path: 'notes/c.org',
      line: 2,
      column: 1,
    };
    const { stderr } = renderReport('human', [info], summary, options);
    expect(stderr.split('\n')[0]).toBe(
      'notes/c.org:2:1: info: heading "Related" holds only metadata: no card (metadata-only)',
    );
    expect(stderr).not.toContain('(0 errors');
    expect(effectiveDiagnostics([info], true)[0]?.severity).toBe('info');
    expect(formatGithub(info)).toMatch(
      /^::notice file=notes\/c\.org,line=2,col=1,title=metadata-only::/,
    );
    const json = JSON.parse(renderReport('json', [info], summary, options).json!) as ReportJson;
    expect([json.ok, json.errors, json.warnings]).toEqual([true, 0, 0]);
  });

  it('lists stale outputs like prettier --check', () => {
    const { stderr } = renderReport(
      'human',
      [],
      {
        ...summary,
        check: true,
        stale: [
          { path: 'out/a.md', reason: 'changed' },
          { path: 'out/b.md', reason: 'missing' },
          { path: 'out/c.md', reason: 'orphan' },
        ],
      },
      { ...options, summary: false },
    );
    expect(stderr).toBe(
      [
        'stale out/a.md is out of date',
        'stale out/b.md is missing',
        'stale out/c.md has no source any more (--clean removes it)',
        'org2md: 3 outputs out of date; run without --check to update them.',
        '',
      ].join('\n'),
    );
  });

  it('colours only when asked to', () => {
    expect(formatHuman(error, true)).toContain('\x1b[1;31merror\x1b[0m');
    expect(formatHuman(error, false)).not.toContain('\x1b');
  });
});

describe('wantsColor', () => {
  it('colours a terminal, never with NO_COLOR, and FORCE_COLOR forces', () => {
    expect(wantsColor({ isTTY: true }, {})).toBe(true);
    expect(wantsColor({ isTTY: false }, {})).toBe(false);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(wantsColor({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(wantsColor({ isTTY: true }, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(false);
  });
});

describe('json reporter', () => {
  it('writes one document with the counts, the findings and the summary', () => {
    const { stderr, json } = renderReport('json', [warning, warning, error], summary, options);
    expect(stderr).toBe('');
    const report = JSON.parse(json!) as ReportJson;
    expect(report).toMatchObject({
      tool: 'org2md',
      version: '1.2.3',
      ok: false,
      errors: 1,
      warnings: 1,
    });
    expect(report.diagnostics).toEqual([warning, error]);
    expect(report.summary.parsed).toEqual(['notes/a.org']);
  });
});
