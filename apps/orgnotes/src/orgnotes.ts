/**
 * orgnotes: the command that exports notes in every format.
 *
 *   orgnotes export [options] [PATH...]
 */
import path from 'node:path';
import {
  EXIT,
  helpText,
  parseFlags,
  runExport,
  runFlags,
  runMain,
  UsageError,
  type Program,
} from '@orgnotes/cli';
import {
  applyOption,
  CONFIG_FILE,
  findConfig,
  FORMAT_NAMES,
  formatJobs,
  loadConfig,
  parseFormats,
  version,
} from './index.js';

const name = 'orgnotes';

const exportProgram: Program = {
  name: `${name} export`,
  summary: 'export the notes in every format, each file parsed once',
  version,
  usage: [`${name} export [options] [PATH...]`],
  flags: {
    config: {
      type: 'string',
      short: 'c',
      valueName: 'FILE',
      description: `configuration file (default: the nearest ${CONFIG_FILE}, from here up to the repository root)`,
    },
    format: {
      type: 'string',
      short: 'f',
      multiple: true,
      valueName: 'NAME',
      description: `only these formats (${FORMAT_NAMES.join(', ')}); repeat or separate with commas`,
    },
    option: {
      type: 'string',
      multiple: true,
      valueName: 'FORMAT.NAME=VALUE',
      description:
        "set a converter's option, as in the configuration's options (markdown.toc=true)",
    },
  },
  notes: [
    [
      'PATH...: Org files, directories (read recursively) or - (standard input); they replace the',
      "configuration's inputs. -o DIR replaces its outDir: each format goes to DIR/<format>/.",
      `Without a configuration, notes/ is exported to dist/. The configuration file is JSON,`,
      'validated by apps/orgnotes/schema/config.schema.json; command-line arguments override it.',
    ].join('\n'),
  ],
};

const topProgram: Program = {
  name,
  summary: 'publish Org notes as JSON, Markdown, Anki decks and man pages',
  version,
  usage: [`${name} export [options] [PATH...]   export every format (${name} export --help)`],
};

await runMain(name, async () => {
  const argv = process.argv.slice(2);
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    if (command === 'help' && rest[0] === 'export') {
      process.stdout.write(helpText(exportProgram));
      return EXIT.ok;
    }
    if (command === undefined)
      throw new UsageError(`a command is needed: ${name} export [PATH...]`);
    process.stdout.write(helpText(topProgram));
    return EXIT.ok;
  }
  if (command === '--version' || command === '-V') {
    process.stdout.write(`${name} ${version}\n`);
    return EXIT.ok;
  }
  if (command !== 'export')
    throw new UsageError(`unknown command "${command}": the command is export`);
  const parsed = parseFlags(exportProgram, rest);
  if (!parsed) return EXIT.ok;
  const flags = runFlags(parsed.values);
  const configFile =
    parsed.values.config !== undefined ? String(parsed.values.config) : findConfig(process.cwd());
  const config = loadConfig(configFile);
  if (parsed.values.format) config.formats = parseFormats(parsed.values.format as string[]);
  for (const setting of (parsed.values.option as string[] | undefined) ?? [])
    applyOption(config.options, setting);
  const inputs =
    parsed.positionals.length > 0
      ? parsed.positionals.map((p) => (p === '-' ? p : path.resolve(p)))
      : config.inputs;
  if (inputs.includes('-') && inputs.length > 1)
    throw new UsageError('- (standard input) must be the only input');
  if (inputs.includes('-') && flags.watch)
    throw new UsageError('--watch cannot watch standard input');
  if (flags.out !== undefined) config.outDir = path.resolve(flags.out);
  const status = await runExport({
    tool: { name, version },
    inputs,
    formats: formatJobs(config),
    flags: { ...flags, strict: flags.strict || config.strict, clean: flags.clean || config.clean },
    projectDir: config.baseDir,
    ...(config.file !== null ? { configDir: path.dirname(config.file) } : {}),
  });
  // Anki packages per deck or for the whole set gather several files: built after the run
  // (apps/anki/src/packages.ts), whose code loads only then.
  const per = config.options.anki['package-per'];
  if (
    status === EXIT.usage ||
    !config.formats.includes('anki') ||
    inputs.includes('-') ||
    (per !== 'deck' && per !== 'set')
  )
    return status;
  const anki = await import('@orgnotes/anki');
  const packages = await anki.writeSetPackages(
    inputs,
    path.join(config.outDir, 'anki'),
    anki.parseOptions(config.options.anki),
    { check: flags.check, quiet: flags.quiet, name },
  );
  return Math.max(status, packages);
});
