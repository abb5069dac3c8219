/**
 * The command line every orgnotes command shares: the common flags, their parsing and
 * checking, usage errors and exit codes.
 */
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { FlagSpec, FlagValue } from './converter.js';
import { formatHelp, type Program } from './help.js';
import { REPORTERS, type ReporterName } from './reporters.js';
import { tuneV8ForBatchRuns } from './v8-flags.js';

/** Exit codes, documented in every --help. */
export const EXIT = { ok: 0, errors: 1, usage: 2 } as const;

/** The flags every command takes (converters, json2org and `orgnotes export`). */
export const COMMON_FLAGS: Record<string, FlagSpec> = {
  out: {
    type: 'string',
    short: 'o',
    description:
      'write into DIR, mirroring the input tree (required for several inputs or a directory)',
    valueName: 'DIR',
  },
  check: {
    type: 'boolean',
    description:
      'write nothing; exit 1 and list the outputs that would change (for committed outputs)',
  },
  clean: {
    type: 'boolean',
    description:
      'remove outputs of earlier runs whose source is gone (only files this tool wrote, only inside the output directory)',
  },
  strict: { type: 'boolean', description: 'treat warnings as errors (exit 1)' },
  reporter: {
    type: 'string',
    description: 'how to report problems: human, github (workflow annotations) or json',
    valueName: 'NAME',
    default: 'human',
  },
  quiet: {
    type: 'boolean',
    short: 'q',
    description: 'report errors only: no warnings, no summary, no progress',
  },
  watch: {
    type: 'boolean',
    short: 'w',
    description: 're-export what changed whenever an input changes, until interrupted',
  },
  'cache-dir': {
    type: 'string',
    description:
      'keep parsed notes in DIR (default: node_modules/.cache/orgnotes of the nearest package, else .orgnotes-cache beside the configuration or the output directory)',
    valueName: 'DIR',
  },
  'no-cache': { type: 'boolean', description: 'neither read nor write the parse cache' },
  'time-budget': {
    type: 'string',
    description:
      'stop parsing a big file after SECONDS: it gets an error, the rest of the run completes (0: no limit)',
    valueName: 'SECONDS',
    default: '60',
  },
  help: { type: 'boolean', short: 'h', description: 'show this help and exit' },
  version: { type: 'boolean', short: 'V', description: 'print the version and exit' },
};

export class UsageError extends Error {}

/** What the shared flags ask for. */
export interface RunFlags {
  out: string | undefined;
  strict: boolean;
  check: boolean;
  clean: boolean;
  quiet: boolean;
  watch: boolean;
  reporter: ReporterName;
  /** False with --no-cache. */
  cache: boolean;
  cacheDir: string | undefined;
  /** Seconds a big file may take to parse; 0: no limit. */
  timeBudget: number;
}

export interface CommandLine extends RunFlags {
  inputs: string[];
  /** The program's own flags, parsed. */
  options: Record<string, FlagValue>;
}

export interface ParsedFlags {
  positionals: string[];
  values: Record<string, FlagValue>;
}

/** Parses argv against the program's and the common flags; prints help or version and returns null when asked for them. Throws UsageError. */
export function parseFlags(program: Program, argv: string[]): ParsedFlags | null {
  const flags = { ...COMMON_FLAGS, ...program.flags };
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(
        Object.entries(flags).map(([name, spec]) => [
          name,
          {
            type: spec.type,
            ...(spec.short ? { short: spec.short } : {}),
            ...(spec.multiple ? { multiple: true } : {}),
            ...(spec.default !== undefined ? { default: spec.default } : {}),
          },
        ]),
      ),
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const values = parsed.values as Record<string, FlagValue>;
  if (values.help) {
    process.stdout.write(helpText(program));
    return null;
  }
  if (values.version) {
    process.stdout.write(`${program.name} ${program.version}\n`);
    return null;
  }
  return { positionals: parsed.positionals, values };
}

/** The shared flags, checked. */
export function runFlags(values: Record<string, FlagValue>): RunFlags {
  const reporter = String(values.reporter ?? 'human');
  if (!(REPORTERS as readonly string[]).includes(reporter))
    throw new UsageError(`--reporter must be one of ${REPORTERS.join(', ')}, not "${reporter}"`);
  const out = values.out as string | undefined;
  if (out === '') throw new UsageError('-o needs a directory');
  if (out !== undefined && statSync(out, { throwIfNoEntry: false })?.isDirectory() === false) {
    throw new UsageError(`-o ${out}: not a directory (it is an existing file)`);
  }
  const cacheDir = values['cache-dir'] as string | undefined;
  if (cacheDir === '') throw new UsageError('--cache-dir needs a directory');
  if (values['no-cache'] && cacheDir !== undefined)
    throw new UsageError('--cache-dir and --no-cache contradict each other');
  const timeBudget = Number(values['time-budget'] ?? '60');
  if (!Number.isFinite(timeBudget) || timeBudget < 0)
    throw new UsageError(
      `--time-budget must be a number of seconds, not "${String(values['time-budget'])}"`,
    );
  if (values.watch && values.check)
    throw new UsageError('--watch and --check do not go together: --check runs once and reports');
  return {
    out,
    strict: Boolean(values.strict),
    check: Boolean(values.check),
    clean: Boolean(values.clean),
    quiet: Boolean(values.quiet),
    watch: Boolean(values.watch),
    reporter: reporter as ReporterName,
    cache: !values['no-cache'],
    timeBudget,
    cacheDir,
  };
}

/** Parses a converter's command line; prints help or version and returns null when asked for them. Throws UsageError. */
export function parseCommandLine(program: Program, argv: string[]): CommandLine | null {
  const parsed = parseFlags(program, argv);
  if (!parsed) return null;
  const flags = runFlags(parsed.values);
  const inputs = parsed.positionals;
  if (inputs.length === 0)
    throw new UsageError('no input: give a file, a directory, or - for standard input');
  if (inputs.includes('-') && (inputs.length > 1 || flags.out !== undefined))
    throw new UsageError('- (standard input) must be the only input, without -o');
  if (flags.out === undefined) {
    for (const flag of ['check', 'clean', 'watch'] as const)
      if (flags[flag]) throw new UsageError(`--${flag} needs an output directory: -o DIR`);
  }
  const options: Record<string, FlagValue> = {};
  for (const name of Object.keys(program.flags ?? {})) options[name] = parsed.values[name];
  return { ...flags, inputs, options };
}
/** The --help text of a command that takes the common flags. */
export function helpText(program: Program): string {
  return formatHelp(program, COMMON_FLAGS);
}

/** Runs `main`, turning usage errors into exit 2 and unexpected failures into a one-line message and exit 1. */
export async function runMain(name: string, main: () => Promise<number>): Promise<void> {
  tuneV8ForBatchRuns();
  // A closed pipe (`org2json x.org | head`) is the reader's choice, not our failure.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  try {
    process.exitCode = await main();
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(
        `${name}: ${error.message}\nTry '${name} --help' for more information.\n`,
      );
      process.exitCode = EXIT.usage;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${name}: internal error: ${message}\n`);
    if (process.env.ORGNOTES_DEBUG && error instanceof Error)
      process.stderr.write(`${error.stack}\n`);
    process.exitCode = EXIT.errors;
  }
}
