/**
 * The package's public API: exactly the names other packages import (apps/, packages/,
 * tooling/). A name added to src/index.ts by accident, or one dropped that an app needs,
 * fails here; change the lists on purpose when the API changes.
 */
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';

const VALUES = [
  'EXIT',
  'UsageError',
  'deliver',
  'fileStamp',
  'gitCommitDate',
  'helpText',
  'lazyConverter',
  'loadInputs',
  'notePath',
  'outputLocation',
  'outputPathOf',
  'parseCommandLine',
  'parseFlags',
  'replaceExtension',
  'reportInto',
  'runConverter',
  'runExport',
  'runFlags',
  'runMain',
  'runWatched',
  'writeAtomic',
];

const TYPES = [
  'CommandLine',
  'ConvertContext',
  'Converter',
  'FlagValue',
  'FormatJob',
  'OutputFile',
  'PlannedFile',
  'Program',
  'ReportJson',
  'SetContext',
];

/** Every name src/index.ts exports, types included, as the compiler sees them. */
function exportedNames(): string[] {
  const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
  const program = ts.createProgram([entry], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  return checker.getExportsOfModule(module).map((symbol) => symbol.name);
}

describe('the public API of @orgnotes/cli', () => {
  it('exports exactly the values other packages use', () => {
    expect(Object.keys(api).sort()).toEqual([...VALUES].sort());
  });

  it('exports exactly the names (values and types) other packages use', () => {
    expect(exportedNames().sort()).toEqual([...VALUES, ...TYPES].sort());
  });
});
