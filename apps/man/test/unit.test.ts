import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildNoteSet, type Document } from '@orgnotes/core';
import type { ConvertContext } from '@orgnotes/cli';
import { addBreakPoints, escapeText, protectLine } from '../src/escape.js';
import {
  convertToMan,
  createConverter,
  dateKeyword,
  pageDate,
  pageName,
  shortSlug,
  type DateSources,
} from '../src/index.js';
import { lintPages, missingLinters, renderText } from './oracle.js';
import { describeNeeding, repoRoot, seedFile } from '@orgnotes/vitest-config/corpus';
import { readFileSync } from 'node:fs';

const fixedDates: DateSources = {
  sourceDateEpoch: () => undefined,
  gitDate: () => null,
  mtime: () => new Date('2024-05-06T00:00:00Z'),
};

function convert(
  text: string,
  options: Record<string, string | undefined> = {},
  file = 'notes.org',
) {
  const notes = buildNoteSet([{ path: file, text, absolutePath: `/notes/${file}` }], {
    root: '/notes',
    fileExists: () => false,
  });
  const diagnostics: string[] = [];
  const context: ConvertContext = {
    notes,
    options,
    outputPath: file.replace(/\.org$/, '.7'),
    outputPathOf: (d) => d.path!.replace(/\.org$/, '.7'),
    report: (severity, rule, message) => diagnostics.push(`${severity} ${rule}: ${message}`),
  };
  const files = convertToMan(notes.documents[0]!, context, { dateSources: fixedDates });
  return { files: files.map((f) => ({ path: f.path, content: String(f.content) })), diagnostics };
}

const page = (text: string) => convert(text).files[0]!.content;
/** The page's body: what follows the NAME line. */
const body = (text: string) => {
  const out = page(text);
  return out.slice(out.indexOf('\n', out.indexOf('.SH NAME\n') + 9) + 1);
};

describe('escaping', () => {
  it('never lets text start a request or a comment', () => {
    const out = body('Text\n.so /etc/passwd\n\'\\" comment\n.TH EVIL 1\n');
    expect(out).toContain('\\&.so /etc/passwd');
    expect(out).toContain('\\&\'\\e" comment');
    expect(out).toContain('\\&.TH EVIL 1');
    expect(out).not.toMatch(/^\.so/m);
    expect(out).not.toMatch(/^\.TH/m);
  });

  it('writes backslashes as \\e so that \\fB and \\" stay text', () => {
    expect(escapeText('\\fB bold \\" c:\\new', 'prose')).toBe('\\efB bold \\e" c:\\enew');
  });

  it('makes hyphens minus signs in code and options, not in prose words', () => {
    expect(escapeText('docker run -it', 'code')).toBe('docker run \\-it');
    expect(escapeText('pass -a or --all-files; low-level', 'prose')).toBe(
      'pass \\-a or \\-\\-all\\-files; low-level',
    );
  });

  it('uses ASCII glyphs for quotes, backticks, tilde and caret in code', () => {
    expect(escapeText("'`~^", 'code')).toBe('\\(aq\\(ga\\(ti\\(ha');
    expect(escapeText("it's", 'prose')).toBe("it's");
  });

  it('writes non-ASCII as \\[uXXXX] and control characters visibly', () => {
    expect(escapeText('é中😀', 'prose')).toBe('\\[u00E9]\\[u4E2D]\\[u1F600]');
    expect(escapeText('a\u00a0b\fc', 'prose')).toBe('a\\~b\\(haLc');
    expect(escapeText('\ud800', 'prose')).toBe('\\[uFFFD]');
  });

  it('protects a line start only when needed', () => {
    expect(protectLine('.x')).toBe('\\&.x');
    expect(protectLine("'x")).toBe("\\&'x");
    expect(protectLine('T}')).toBe('\\&T}');
    expect(protectLine('a.b')).toBe('a.b');
  });

  it('adds zero-width break points to long words only', () => {
    expect(addBreakPoints('short words stay', 10)).toBe('short words stay');
    expect(addBreakPoints('https://example.com/a', 10)).toBe(
      'https:\\:/\\:/\\:example.\\:com/\\:a',
    );
    expect(addBreakPoints('\\fBabcdefghij\\fR', 4)).toBe('\\fBabcd\\:efgh\\:ij\\fR');
  });
});

describe('dates', () => {
  const document = (date: string | null) => ({ meta: { date } }) as unknown as Document;
  it('takes #+DATE when it is a date', () => {
    expect(dateKeyword('<2021-03-04 Thu>')).toBe('2021-03-04');
    expect(dateKeyword('[2021-03-04 Thu 10:00]')).toBe('2021-03-04');
    expect(dateKeyword('2021-02-30')).toBeNull();
    expect(dateKeyword('last spring')).toBeNull();
  });

  it('then SOURCE_DATE_EPOCH, then git, then mtime, never the clock', () => {
    const sources = (
      epoch?: string,
      git: string | null = null,
      mtime: Date | null = null,
    ): DateSources => ({ sourceDateEpoch: () => epoch, gitDate: () => git, mtime: () => mtime });
    expect(pageDate(document('2020-01-01'), '/x.org', sources('0', '2022-02-02'))).toBe(
      '2020-01-01',
    );
    expect(pageDate(document(null), '/x.org', sources('1700000000', '2022-02-02'))).toBe(
      '2023-11-14',
    );
    expect(
      pageDate(
        document('someday'),
        '/x.org',
        sources(undefined, '2022-02-02', new Date('2023-01-01')),
      ),
    ).toBe('2022-02-02');
    expect(
      pageDate(
        document(null),
        '/x.org',
        sources(undefined, null, new Date('2023-01-01T23:00:00Z')),
      ),
    ).toBe('2023-01-01');
    expect(pageDate(document(null), null, sources())).toBe('1970-01-01');
  });

  it('puts the date in .TH', () => {
    expect(page('#+DATE: 2019-12-31\n#+TITLE: T\n')).toContain(
      '.TH "NOTES" "7" "2019-12-31" "orgnotes" "T"',
    );
    expect(page('#+TITLE: T\n')).toContain('"2024-05-06"');
  });
});

describe('names and sections', () => {
  it('names a page after its file, as lexgrog accepts', () => {
    expect(pageName('my notes (draft)')).toBe('my-notes-draft');
    expect(pageName('...')).toBe('notes');
    expect(shortSlug('A very long heading title that goes on and on')).toBe('a-very-long-heading');
  });

  it('writes NAME as name \\- description, from #+DESCRIPTION or the title', () => {
    expect(page('#+TITLE: The Title\n')).toContain('.SH NAME\nnotes \\- The Title\n');
    expect(page('#+TITLE: T\n#+DESCRIPTION: what it is\n')).toContain(
      '.SH NAME\nnotes \\- what it is\n',
    );
    expect(convert('Text.\n', {}, 'my-notes.org').files[0]!.content).toContain(
      '.SH NAME\nmy\\-notes \\- notes from my-notes.org\n',
    );
  });

  it('chooses the section with #+MAN_SECTION and the extension follows', () => {
    const { files } = convert('#+MAN_SECTION: 1\n#+TITLE: Cmd\n');
    expect(files[0]!.path).toBe('notes.1');
    expect(files[0]!.content).toContain('.TH "NOTES" "1"');
    const bad = convert('#+MAN_SECTION: banana\n');
    expect(bad.files[0]!.path).toBe('notes.7');
    expect(bad.diagnostics).toEqual([expect.stringContaining('warning man-section')]);
  });

  it('rejects a --split-level that is not a level', () => {
    const { files, diagnostics } = convert('* a\n', { 'split-level': 'two' });
    expect(files).toEqual([]);
    expect(diagnostics).toEqual([expect.stringContaining('error man-split-level')]);
  });
});

describe('structure', () => {
  it('upper-cases level-1 headings and nests deeper ones visibly', () => {
    const out = body('* Top\n** Sub\n*** Deep\ntext\n');
    expect(out).toBe('.SH\nTOP\n.SS\nSub\n\\fBDeep\\fR\n.RS 4\n.PP\ntext\n.RE\n');
  });

  it('never writes .PP right after a section title', () => {
    expect(page('* A\ntext\n\nmore\n')).toContain('.SH\nA\ntext\n.PP\nmore\n');
  });

  it('reports what man cannot show instead of dropping it silently', () => {
    expect(convert('+gone+\n').diagnostics).toEqual([
      expect.stringContaining('warning man-strike-through'),
    ]);
  });

  it('lists linked pages under SEE ALSO, sorted, and splits pages per heading', () => {
    const { files } = convert(
      '#+TITLE: Cmds\n* Commands\n** image\nsee [[*container][containers]]\n** container\nsee [[*image]]\n',
      { 'split-level': '2' },
    );
    expect(files.map((f) => f.path)).toEqual(['notes.7', 'notes-image.7', 'notes-container.7']);
    expect(files[1]!.content).toContain('see containers (see \\fBnotes\\-container\\fR(7))');
    expect(files[1]!.content).toMatch(
      /\.SH SEE ALSO\n\\fBnotes\\fR\(7\),\n\\fBnotes\\-container\\fR\(7\)\n$/,
    );
    expect(files[1]!.content).toContain('.SH NAME\nnotes\\-image \\- Commands / image\n');
  });
});

describe('the command', () => {
  it('is a converter with the contract of every orgnotes command', () => {
    const converter = createConverter({ dateSources: fixedDates });
    expect(converter).toMatchObject({ name: 'org2man', extension: '.7' });
    expect(converter.flags?.['split-level']?.type).toBe('string');
  });
});

describeNeeding(missingLinters, 'the seed as a reader sees it', () => {
  const text = readFileSync(seedFile, 'utf8');
  const notes = buildNoteSet([{ path: 'docker.org', text, absolutePath: seedFile }], {
    root: path.dirname(seedFile),
  });
  const context: ConvertContext = {
    notes,
    options: {},
    outputPath: 'docker.7',
    outputPathOf: () => 'docker.7',
    report: () => {},
  };
  const seedPage = String(
    convertToMan(notes.documents[0]!, context, { dateSources: fixedDates })[0]!.content,
  );

  it('shows its headings and its commands in `man -l` at 80 columns', async () => {
    const rendered = await renderText(seedPage);
    for (const heading of [
      'NAME',
      'ARCHITECTURE',
      'GLOSSARY',
      'DOCKER COMMANDS',
      'runtime (runc/containerd)',
      'containerd',
      'orchestrator',
    ]) {
      expect(rendered).toMatch(new RegExp(`^ *${heading.replace(/[()]/g, '\\$&')}$`, 'm'));
    }
    expect(rendered).toContain('docker - Docker Notes');
    expect(rendered).toContain('docker image ls');
    expect(rendered).toContain('docker image pull');
    expect(rendered).toContain('(see runc in ARCHITECTURE)');
    // No raw IDs, unlike pandoc and Emacs.
    expect(rendered).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
  });

  it('passes the four validators with the real date sources too', async () => {
    const real = String(convertToMan(notes.documents[0]!, context)[0]!.content);
    expect(real).toMatch(/^\.TH "DOCKER" "7" "\d{4}-\d{2}-\d{2}"/m);
    const messages = await lintPages([{ name: 'docker.7', content: real }]);
    expect(messages.get('docker.7')).toEqual([]);
  });

  it('catches a broken page: the oracle is not a rubber stamp', async () => {
    const broken = seedPage
      .replace('.SH NAME\ndocker \\- Docker Notes', '.SH NAME\ndocker notes')
      .replace('.TS', '.TS\n.UR x');
    const messages = await lintPages([{ name: 'broken.7', content: broken }]);
    expect(messages.get('broken.7')!.join('\n')).toMatch(/lexgrog|mandoc/);
  });
});

describe('SEE ALSO lists the backlinks (issue 14)', () => {
  // The Markdown knowledge-base fixture, one base for every format: links in a :noexport:
  // subtree, a COMMENT tree and a LOGBOOK drawer, and to an excluded heading, are no backlinks.
  const root = path.join(repoRoot, 'apps/markdown/test/fixtures/knowledge-base/input');
  const files = ['alpha.org', 'beta.org', 'hub.org', 'private.org', 'sub/gamma.org'];
  const notes = buildNoteSet(
    files.map((file) => ({
      path: file,
      text: readFileSync(path.join(root, file), 'utf8'),
      absolutePath: path.join(root, file),
    })),
    { root },
  );
  const seeAlso = (file: string) => {
    const document = notes.documents.find((d) => d.path === file)!;
    const context: ConvertContext = {
      notes,
      options: {},
      outputPath: file.replace(/\.org$/, '.7'),
      outputPathOf: (d) => d.path!.replace(/\.org$/, '.7'),
      report: () => {},
    };
    const out = String(convertToMan(document, context, { dateSources: fixedDates })[0]!.content);
    const section = out.split('.SH SEE ALSO\n')[1]?.split('\n.SH')[0] ?? '';
    return [...section.matchAll(/\\fB(\S+?)\\fR\((\w+)\)/g)].map((m) => `${m[1]}(${m[2]})`);
  };

  it('names the exported notes linking from what they export, and no other', () => {
    // Beta's pages: those it links to and those linking to it; not gamma, whose link is in a COMMENT tree.
    expect(seeAlso('beta.org')).toEqual(['alpha(7)', 'hub(7)']);
    // Gamma links to the hub; alpha's link is in a :noexport: subtree, beta's in a LOGBOOK drawer.
    expect(seeAlso('sub/gamma.org')).toEqual(['hub(7)']);
  });
});
