/**
 * How a run reports what it found: diagnostics about the notes, outputs that `--check` found
 * out of date, and a one-line summary.
 *
 *   human   `path:line:col: error|warning: message (rule-id)`, the compilers' format that editors
 *           jump to; the severity is coloured only on a terminal and never with NO_COLOR.
 *   github  GitHub Actions workflow commands, `::error file=...,line=...,col=...,title=...::message`,
 *           which GitHub turns into annotations on the pull request's diff
 *           (docs.github.com/actions/reference/workflow-commands-for-github-actions).
 *   json    one JSON document (`ReportJson`) for programs.
 */
import { compareDiagnostics, formatDiagnostic, type Diagnostic } from '@orgnotes/core';

export const REPORTERS = ['human', 'github', 'json'] as const;
export type ReporterName = (typeof REPORTERS)[number];

/** An output `--check` found different from what the run would write. */
export interface StaleOutput {
  /** As shown to the user: relative to the current directory. */
  path: string;
  /** `changed`: differs; `missing`: would be created; `orphan`: its source is gone and `--clean` would remove it. */
  reason: 'changed' | 'missing' | 'orphan';
}

export interface RunSummary {
  /** Input files read. */
  files: number;
  /** Files actually parsed this run (cache misses), as shown to the user. */
  parsed: string[];
  cacheHits: number;
  /** Documents converted this run; the others kept the outputs of an earlier run (nothing they depend on changed). */
  converted: number;
  written: string[];
  unchanged: number;
  removed: string[];
  stale: StaleOutput[];
  /** Output formats (converter names). */
  formats: string[];
  check: boolean;
  milliseconds: number;
}

/** The `--reporter json` document. */
export interface ReportJson {
  tool: string;
  version: string;
  ok: boolean;
  errors: number;
  warnings: number;
  diagnostics: Diagnostic[];
  summary: RunSummary;
}

export interface ReportOptions {
  tool: string;
  version: string;
  strict: boolean;
  quiet: boolean;
  color: boolean;
  /** Print the summary line (on a terminal: CI logs get only findings). */
  summary: boolean;
}

/** Warnings become errors with --strict. Sorted, duplicates (the same finding from several formats) dropped. */
export function effectiveDiagnostics(diagnostics: Diagnostic[], strict: boolean): Diagnostic[] {
  const seen = new Set<string>();
  const result: Diagnostic[] = [];
  for (const d of [...diagnostics].sort(compareDiagnostics)) {
    const shown = strict && d.severity === 'warning' ? { ...d, severity: 'error' as const } : d;
    const key = formatDiagnostic(shown);
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(shown);
  }
  return result;
}

/** Whether to colour a stream: a terminal, and NO_COLOR (no-color.org) unset or empty; FORCE_COLOR=1 forces it. */
export function wantsColor(
  stream: { isTTY?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0';
  return stream.isTTY === true && env.TERM !== 'dumb';
}

const paint = (on: boolean, code: string, text: string) =>
  on ? `\x1b[${code}m${text}\x1b[0m` : text;

export function formatHuman(d: Diagnostic, color: boolean): string {
  const severity =
    d.severity === 'error'
      ? paint(color, '1;31', 'error')
      : d.severity === 'warning'
        ? paint(color, '1;33', 'warning')
        : paint(color, '1;36', 'info');
  return `${paint(color, '1', `${d.path}:${d.line}:${d.column}:`)} ${severity}: ${d.message} ${paint(color, '2', `(${d.rule})`)}`;
}

/**
 * Escaping of workflow command data and properties, as GitHub's own toolkit does it
 * (@actions/core command.ts escapeData / escapeProperty): `%`, CR and LF everywhere, and `:`
 * and `,` in properties, where they would end the value.
 */
const GITHUB_DATA_ESCAPES: [RegExp, string][] = [
  [/%/g, '%25'],
  [/\r/g, '%0D'],
  [/\n/g, '%0A'],
];
const GITHUB_PROPERTY_ESCAPES: [RegExp, string][] = [
  ...GITHUB_DATA_ESCAPES,
  [/:/g, '%3A'],
  [/,/g, '%2C'],
];

function escapeWith(rules: [RegExp, string][], text: string): string {
  return rules.reduce((value, [pattern, replacement]) => value.replace(pattern, replacement), text);
}

export function formatGithub(d: Diagnostic): string {
  const props = [`file=${d.path}`, `line=${d.line}`, `col=${d.column}`, `title=${d.rule}`].map(
    (p) => {
      const eq = p.indexOf('=');
      return `${p.slice(0, eq)}=${escapeWith(GITHUB_PROPERTY_ESCAPES, p.slice(eq + 1))}`;
    },
  );
  // GitHub's levels are error, warning and notice.
  return `::${d.severity === 'info' ? 'notice' : d.severity} ${props.join(',')}::${escapeWith(GITHUB_DATA_ESCAPES, `${d.message} (${d.rule})`)}`;
}

const STALE_TEXT: Record<StaleOutput['reason'], string> = {
  changed: 'is out of date',
  missing: 'is missing',
  orphan: 'has no source any more (--clean removes it)',
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One line about the run, for people: what was read, parsed and written. */
export function summaryLine(s: RunSummary): string {
  const parts = [
    `${plural(s.files, 'file')}`,
    `${s.parsed.length} parsed (${s.cacheHits} from cache)`,
    `${s.converted} converted`,
  ];
  if (s.check)
    parts.push(
      s.stale.length === 0
        ? 'all outputs up to date'
        : `${plural(s.stale.length, 'output')} out of date`,
    );
  else
    parts.push(
      `${s.written.length} written`,
      `${s.unchanged} unchanged`,
      ...(s.removed.length ? [`${s.removed.length} removed`] : []),
    );
  return `${parts.join(', ')} [${s.formats.join(', ')}] in ${(s.milliseconds / 1000).toFixed(2)}s`;
}

/**
 * Renders a whole report. Returns the text for standard error and, for `json`, the document
 * (written where the caller says: standard output unless converted text goes there).
 */
export function renderReport(
  reporter: ReporterName,
  diagnostics: Diagnostic[],
  summary: RunSummary | null,
  options: ReportOptions,
): { stderr: string; json?: string } {
  const shown = effectiveDiagnostics(diagnostics, options.strict);
  const errors = shown.filter((d) => d.severity === 'error').length;
  const warnings = shown.filter((d) => d.severity === 'warning').length;
  const visible = options.quiet ? shown.filter((d) => d.severity === 'error') : shown;
  const stale = summary?.stale ?? [];
  if (reporter === 'json') {
    const report: ReportJson = {
      tool: options.tool,
      version: options.version,
      ok: errors === 0 && stale.length === 0,
      errors,
      warnings,
      diagnostics: shown,
      summary: summary ?? {
        files: 0,
        parsed: [],
        cacheHits: 0,
        converted: 0,
        written: [],
        unchanged: 0,
        removed: [],
        stale: [],
        formats: [],
        check: false,
        milliseconds: 0,
      },
    };
    return { stderr: '', json: JSON.stringify(report, null, 2) + '\n' };
  }
  const lines: string[] = [];
  if (reporter === 'github') {
    lines.push(...visible.map(formatGithub));
    for (const s of stale)
      lines.push(
        `::error ${`file=${escapeWith(GITHUB_PROPERTY_ESCAPES, s.path)}`},title=stale-output::${escapeWith(GITHUB_DATA_ESCAPES, `${s.path} ${STALE_TEXT[s.reason]}: run the export and commit the result`)}`,
      );
  } else {
    lines.push(...visible.map((d) => formatHuman(d, options.color)));
    // Like `prettier --check`: every output that would change, then what to do about it.
    for (const s of stale)
      lines.push(`${paint(options.color, '33', 'stale')} ${s.path} ${STALE_TEXT[s.reason]}`);
  }
  if (stale.length > 0)
    lines.push(
      `${options.tool}: ${plural(stale.length, 'output')} out of date; run without --check to update them.`,
    );
  if (summary && options.summary && !options.quiet) {
    const counts =
      errors || warnings ? ` (${plural(errors, 'error')}, ${plural(warnings, 'warning')})` : '';
    lines.push(`${options.tool}: ${summaryLine(summary)}${counts}`);
  }
  return { stderr: lines.length ? lines.join('\n') + '\n' : '' };
}
