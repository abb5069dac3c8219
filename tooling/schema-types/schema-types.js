#!/usr/bin/env node
// Generates a package's TypeScript types from its JSON Schema, run from the package's directory:
//
//   schema-types SCHEMA OUT ROOT_TYPE          write OUT
//   schema-types SCHEMA OUT ROOT_TYPE --check  exit 1 when the committed OUT is stale (CI)
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compile } from 'json-schema-to-typescript';
import prettier from 'prettier';

const [schemaArg, outArg, rootType] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (!schemaArg || !outArg || !rootType) {
  console.error('usage: schema-types SCHEMA OUT ROOT_TYPE [--check]');
  process.exit(2);
}
const schemaPath = path.resolve(schemaArg);
const outPath = path.resolve(outArg);
const { name } = JSON.parse(await readFile('package.json', 'utf8'));

const banner = `/* eslint-disable */
// Generated from ${schemaArg} by @orgnotes/schema-types: do not edit.
// Run \`pnpm --filter ${name} generate\` after changing the schema.
`;

const schema = JSON.parse(await readFile(schemaPath, 'utf8'));
const body = await compile(schema, rootType, {
  bannerComment: '',
  additionalProperties: false,
  unreachableDefinitions: true,
  strictIndexSignatures: false,
  format: false,
  cwd: path.dirname(schemaPath),
});
const text = await prettier.format(banner + body, {
  parser: 'typescript',
  singleQuote: true,
  printWidth: 100,
});

if (process.argv.includes('--check')) {
  const current = await readFile(outPath, 'utf8').catch(() => '');
  if (current !== text) {
    console.error(
      `${outArg} is stale: run \`pnpm --filter ${name} generate\` and commit the result.`,
    );
    process.exit(1);
  }
  console.log('generated types are up to date');
} else {
  await mkdir(path.dirname(outPath), { recursive: true });
  await writeFile(outPath, text);
  console.log(`wrote ${outArg}`);
}
