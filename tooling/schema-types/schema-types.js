#!/usr/bin/env node
// Generates a package's TypeScript types from its JSON Schema, run from the package's directory:
//
//   schema-types SCHEMA OUT ROOT_TYPE          write OUT
//   schema-types SCHEMA OUT ROOT_TYPE --check  exit 1 when the committed OUT is stale (CI)
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { compile } from 'json-schema-to-typescript';
import { packageName, writeOrCheck } from './generated-file.js';

const [schemaArg, outArg, rootType] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (!schemaArg || !outArg || !rootType) {
  console.error('usage: schema-types SCHEMA OUT ROOT_TYPE [--check]');
  process.exit(2);
}
const schemaPath = path.resolve(schemaArg);
const name = await packageName();

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
await writeOrCheck(outArg, banner + body, 'generated types are', name);
