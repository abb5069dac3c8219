/**
 * The --help text every command prints: its usage, its own and the shared flags, how
 * problems are reported, and the exit codes.
 */
import type { FlagSpec } from './converter.js';

/** What a command says about itself in --help; its own flags are also the ones it parses. */
export interface Program {
  name: string;
  summary: string;
  version: string;
  usage: string[];
  flags?: Record<string, FlagSpec>;
  /** Extra help paragraphs, after the options. */
  notes?: string[];
}

/** The help of `program`, which also takes `commonFlags` (listed after its own). */
export function formatHelp(program: Program, commonFlags: Record<string, FlagSpec>): string {
  const flags = { ...program.flags, ...commonFlags };
  const rows = Object.entries(flags).map(([name, spec]) => {
    const names = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : ''}`;
    const dflt =
      spec.default !== undefined && spec.default !== false
        ? ` (default: ${String(spec.default)})`
        : '';
    return `  ${names.padEnd(28)} ${spec.description}${dflt}`;
  });
  return [
    `${program.name} ${program.version}: ${program.summary}`,
    '',
    'Usage:',
    ...program.usage.map((u) => `  ${u}`),
    '',
    'Options:',
    ...rows,
    '',
    ...(program.notes ?? []).flatMap((note) => [note, '']),
    'Problems go to standard error as path:line:col: error|warning: message (rule-id);',
    'with --reporter github as ::error file=...,line=...,col=...::message annotations;',
    'with --reporter json as one JSON document on standard output (on standard error',
    'when the converted text goes to standard output).',
    'Colours only on a terminal, never when NO_COLOR is set. Parsed notes are cached by',
    'content inside the project, never in a user-wide directory: in node_modules/.cache/',
    'orgnotes of the nearest package, else in .orgnotes-cache beside the configuration',
    'file or the output directory (none for standard output); --no-cache keeps no copy.',
    'ORGNOTES_JOBS=N sets the number of parsing threads (0: none).',
    '',
    'Exit status:',
    '  0  success (warnings allowed)',
    '  1  errors in the notes (or warnings with --strict), or outputs out of date with --check',
    '  2  usage error (unknown option, missing argument, bad configuration)',
    '',
  ].join('\n');
}
