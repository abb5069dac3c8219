#!/usr/bin/env node
// Generates a package's validator for its JSON Schema, compiled ahead of time by Ajv
// (https://ajv.js.org/standalone.html), run from the package's directory:
//
//   schema-validator SCHEMA OUT          write OUT (a TypeScript module exporting `validate`)
//   schema-validator SCHEMA OUT --check  exit 1 when the committed OUT is stale (CI)
//
// Compiling a schema with Ajv at run time costs a command about 0.1 s (loading Ajv, then
// generating and compiling the validator's code), on every run that checks a file.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { packageName, writeOrCheck } from './generated-file.js';

const [schemaArg, outArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (!schemaArg || !outArg) {
  console.error('usage: schema-validator SCHEMA OUT [--check]');
  process.exit(2);
}
const name = await packageName();
const schema = JSON.parse(await readFile(path.resolve(schemaArg), 'utf8'));

// The options a run-time Ajv would take: every problem reported, unknown keywords refused.
const ajv = new Ajv2020({ allErrors: true, strict: true, code: { source: true, esm: true } });
const code = standaloneCode(ajv, ajv.compile(schema));

// Ajv's ES module output still requires its run-time helpers (CommonJS modules): the module
// makes itself a `require`, which Node and vitest's transform resolve alike (a default import
// of a CommonJS module is its `exports` in Node, but its `exports.default` under vitest).
const body = code.replace(/^"use strict";/, '');
const preamble = /\brequire\(/.test(body)
  ? "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n"
  : '';

const banner = `/* eslint-disable */
// @ts-nocheck
// Generated from ${schemaArg} by @orgnotes/schema-types (schema-validator): do not edit.
// Run \`pnpm --filter ${name} generate\` after changing the schema.
`;
await writeOrCheck(outArg, `${banner}${preamble}${body}`, 'generated validator is', name);
