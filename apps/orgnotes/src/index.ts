/**
 * `orgnotes export`: every format from one parse of the notes.
 *
 * The configuration (orgnotes.config.json, validated by schema/config.schema.json) says
 * what to read, where to write and which formats with which options; command-line
 * arguments override it; without one, `notes/` is exported to `dist/<format>/`. The run
 * itself is @orgnotes/cli's engine: each file parsed once (through the cache), then every
 * converter over the one note set, outputs written only when they change.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ErrorObject } from 'ajv/dist/2020.js';
import { converter as anki } from '@orgnotes/anki/converter';
import { UsageError, type Converter, type FlagValue, type FormatJob } from '@orgnotes/cli';
import { converter as org2json } from '@orgnotes/json/converter';
import { converter as man } from '@orgnotes/man/converter';
import { converter as markdown } from '@orgnotes/markdown/converter';
import { validate as generatedValidate } from './generated/config-validator.js';

const require = createRequire(import.meta.url);
export const { version } = require('../package.json') as { version: string };

/** The formats, in the order they run and are listed; the name is also the output subdirectory. */
export const FORMATS = { json: org2json, markdown, anki, man } as const satisfies Record<
  string,
  Converter
>;
export type FormatName = keyof typeof FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];

export const CONFIG_FILE = 'orgnotes.config.json';

/** The configuration file's content (see the schema for each field). */
export interface Config {
  $schema?: string;
  inputs?: string[];
  outDir?: string;
  formats?: FormatName[];
  strict?: boolean;
  clean?: boolean;
  excludeTags?: string[];
  selectTags?: string[];
  json?: { privateFiles?: boolean };
  options?: Partial<Record<FormatName, Record<string, FlagValue>>>;
}

/** A configuration with every field decided, paths absolute. */
export interface ResolvedConfig {
  /** The file it came from, or null for the defaults. */
  file: string | null;
  /** Relative paths in the file are relative to this directory (the current one without a file). */
  baseDir: string;
  inputs: string[];
  outDir: string;
  formats: FormatName[];
  strict: boolean;
  clean: boolean;
  options: Record<FormatName, Record<string, FlagValue>>;
}

export class ConfigError extends UsageError {}

/**
 * The configuration schema's validator, compiled ahead of time by Ajv (tooling/schema-types'
 * schema-validator; `pnpm generate`): compiling it at run time cost every run with a
 * configuration about 0.1 s.
 */
const validate = generatedValidate as ((value: unknown) => boolean) & {
  errors?: ErrorObject[] | null;
};

function describe(error: ErrorObject): string {
  const where = error.instancePath || '(top level)';
  if (error.keyword === 'additionalProperties')
    return `${where}: unknown field "${String(error.params.additionalProperty)}"`;
  if (error.keyword === 'enum')
    return `${where}: must be one of ${(error.params.allowedValues as unknown[]).map(String).join(', ')}`;
  return `${where}: ${error.message ?? 'is invalid'}`;
}

/** Checks a parsed configuration against the schema and the converters' flags; returns readable problems (empty when valid). */
export function configProblems(value: unknown): string[] {
  if (!validate(value)) return (validate.errors ?? []).map(describe);
  const problems: string[] = [];
  for (const [format, options] of Object.entries((value as Config).options ?? {}) as [
    FormatName,
    Record<string, FlagValue>,
  ][]) {
    problems.push(...optionProblems(format, options).map((p) => `/options/${format}/${p}`));
  }
  return problems;
}

/** A format's options must be flags of its converter, with values of the flag's type. */
export function optionProblems(format: FormatName, options: Record<string, FlagValue>): string[] {
  const flags = FORMATS[format].flags ?? {};
  const problems: string[] = [];
  for (const [name, value] of Object.entries(options)) {
    const spec = flags[name];
    if (!spec) {
      const known = Object.keys(flags);
      problems.push(
        `${name}: ${FORMATS[format].name} has no such option (${known.length ? `it has ${known.join(', ')}` : 'it has none'})`,
      );
    } else if (
      spec.type === 'boolean'
        ? typeof value !== 'boolean'
        : !(typeof value === 'string' || (spec.multiple && Array.isArray(value)))
    ) {
      problems.push(
        `${name}: must be ${spec.type === 'boolean' ? 'true or false' : spec.multiple ? 'a string or a list of strings' : 'a string'}`,
      );
    }
  }
  return problems;
}

/** The configuration file for a run from `start`: the nearest one up to the repository (or file system) root. */
export function findConfig(start: string): string | null {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    if (existsSync(path.join(dir, '.git')) || dir === path.dirname(dir)) return null;
  }
}

/** Reads and validates a configuration file (or the defaults for null). Throws ConfigError. */
export function loadConfig(file: string | null, cwd: string = process.cwd()): ResolvedConfig {
  let config: Config = {};
  if (file !== null) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigError(`cannot read ${file}: ${(error as Error).message}`);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new ConfigError(`${file} is not valid JSON: ${(error as Error).message}`);
    }
    const problems = configProblems(value);
    if (problems.length)
      throw new ConfigError(
        `${file} does not match the configuration schema:\n  ${problems.join('\n  ')}`,
      );
    config = value as Config;
  }
  const baseDir = file === null ? path.resolve(cwd) : path.dirname(path.resolve(file));
  const options = Object.fromEntries(
    FORMAT_NAMES.map((name) => [name, { ...defaultsOf(FORMATS[name]), ...config.options?.[name] }]),
  ) as ResolvedConfig['options'];
  // The configuration's tags reach every format that applies export rules as its
  // --exclude-tags / --select-tags, before the format's own (core's exportConfigFromOptions).
  for (const name of FORMAT_NAMES) {
    for (const [flag, tags] of [
      ['exclude-tags', config.excludeTags],
      ['select-tags', config.selectTags],
    ] as const) {
      if (!tags?.length || !FORMATS[name].flags?.[flag]) continue;
      const own = options[name][flag];
      options[name][flag] = [
        ...tags,
        ...(Array.isArray(own) ? own : typeof own === 'string' ? [own] : []),
      ];
    }
  }
  // Private notes get no JSON unless the configuration asks (issue 14).
  if (config.json?.privateFiles !== undefined)
    options.json['private-files'] = config.json.privateFiles;
  return {
    file: file === null ? null : path.resolve(file),
    baseDir,
    inputs: (config.inputs ?? ['notes']).map((input) => path.resolve(baseDir, input)),
    outDir: path.resolve(baseDir, config.outDir ?? 'dist'),
    formats: config.formats ?? [...FORMAT_NAMES],
    strict: config.strict ?? false,
    clean: config.clean ?? false,
    options,
  };
}

function defaultsOf(converter: Converter): Record<string, FlagValue> {
  return Object.fromEntries(
    Object.entries(converter.flags ?? {}).flatMap(([name, spec]) =>
      spec.default === undefined ? [] : [[name, spec.default]],
    ),
  );
}

/** `--format a,b --format c` */
export function parseFormats(values: string[]): FormatName[] {
  const names = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!(FORMAT_NAMES as string[]).includes(name))
      throw new UsageError(`unknown format "${name}": the formats are ${FORMAT_NAMES.join(', ')}`);
  }
  return [...new Set(names)] as FormatName[];
}

/** `--option markdown.toc=true`: FORMAT.NAME=VALUE, the value typed by the flag (true/false for a boolean flag). */
export function applyOption(options: ResolvedConfig['options'], setting: string): void {
  const match = /^([a-z]+)\.([a-z][a-z0-9-]*)=(.*)$/s.exec(setting);
  if (!match) throw new UsageError(`--option needs FORMAT.NAME=VALUE, not "${setting}"`);
  const [, format, name, raw] = match as unknown as [string, string, string, string];
  if (!(FORMAT_NAMES as string[]).includes(format))
    throw new UsageError(
      `--option ${setting}: unknown format "${format}": the formats are ${FORMAT_NAMES.join(', ')}`,
    );
  const spec = FORMATS[format as FormatName].flags?.[name];
  let value: FlagValue = raw;
  if (spec?.type === 'boolean') {
    if (raw !== 'true' && raw !== 'false')
      throw new UsageError(`--option ${setting}: ${name} is true or false`);
    value = raw === 'true';
  }
  const problems = optionProblems(format as FormatName, { [name]: value });
  if (problems.length) throw new UsageError(`--option ${setting}: ${problems.join('; ')}`);
  options[format as FormatName][name] = value;
}

/** The converter runs of an export: each format into `<outDir>/<format>/`. */
export function formatJobs(
  config: Pick<ResolvedConfig, 'formats' | 'outDir' | 'options'>,
): FormatJob[] {
  // orgnotes export publishes the link graph with the JSON (issue 14) unless told not to.
  const optionsOf = (name: keyof typeof FORMATS) =>
    name === 'json' ? { graph: true, ...config.options[name] } : config.options[name];
  return config.formats.map((name) => ({
    converter: FORMATS[name],
    outDir: path.join(config.outDir, name),
    options: optionsOf(name),
    manifest: true,
  }));
}
