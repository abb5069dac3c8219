import { describe, expect, it } from 'vitest';
import { helpText, parseCommandLine, UsageError } from '../src/args.js';
import type { Program } from '../src/help.js';

const program: Program = {
  name: 'org2x',
  summary: 's',
  version: '1',
  usage: ['org2x FILE'],
  flags: { level: { type: 'string', description: 'a level' } },
};

describe('the shared command line', () => {
  it('parses the shared flags', () => {
    expect(
      parseCommandLine(program, [
        '-o',
        'out',
        '--check',
        '--reporter',
        'github',
        '--cache-dir',
        'c',
        '--level',
        '2',
        'notes',
      ]),
    ).toEqual({
      inputs: ['notes'],
      out: 'out',
      strict: false,
      check: true,
      clean: false,
      quiet: false,
      watch: false,
      reporter: 'github',
      cache: true,
      cacheDir: 'c',
      timeBudget: 60,
      options: { level: '2' },
    });
    expect(parseCommandLine(program, ['--no-cache', '-q', 'a.org'])).toMatchObject({
      cache: false,
      quiet: true,
      reporter: 'human',
    });
    expect(parseCommandLine(program, ['--time-budget', '0.5', 'a.org'])).toMatchObject({
      timeBudget: 0.5,
    });
  });

  it.each([
    [[], /no input/],
    [['--reporter', 'xml', 'a.org'], /--reporter must be one of human, github, json/],
    [['--check', 'a.org'], /--check needs an output directory/],
    [['--watch', '-'], /standard input|needs an output directory/],
    [['--watch', '--check', '-o', 'o', 'a.org'], /do not go together/],
    [['--no-cache', '--cache-dir', 'c', 'a.org'], /contradict/],
    [['--time-budget', 'soon', 'a.org'], /--time-budget must be a number of seconds/],
    [['--bogus', 'a.org'], /Unknown option '--bogus'/],
  ])('rejects %j as a usage error', (argv, message) => {
    expect(() => parseCommandLine(program, argv)).toThrow(UsageError);
    expect(() => parseCommandLine(program, argv)).toThrow(message);
  });

  it('documents every exit status in --help', () => {
    const help = helpText(program);
    expect(help).toMatch(/0 {2}success/);
    expect(help).toMatch(/1 {2}errors in the notes .* out of date with --check/);
    expect(help).toMatch(/2 {2}usage error/);
    expect(help).toContain('--reporter NAME');
    expect(help).toContain('NO_COLOR');
  });
});
