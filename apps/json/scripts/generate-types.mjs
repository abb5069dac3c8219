// Generates src/generated/graph.ts from schema/graph.schema.json (as @orgnotes/core does its model's).
// `--check` compares instead of writing and exits 1 when the committed file is stale (run in CI).
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { compile } from 'json-schema-to-typescript';
import prettier from 'prettier';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const schemaPath = path.join(root, 'schema/graph.schema.json');
const outPath = path.join(root, 'src/generated/graph.ts');

const banner = `/* eslint-disable */
// Generated from schema/graph.schema.json by scripts/generate-types.mjs: do not edit.
// Run \`pnpm --filter @orgnotes/json generate\` after changing the schema.
`;

const schema = JSON.parse(await readFile(schemaPath, 'utf8'));
const body = await compile(schema, 'Graph', {
  bannerComment: '',
  additionalProperties: false,
  unreachableDefinitions: true,
  strictIndexSignatures: false,
  format: false,
  cwd: path.join(root, 'schema'),
});
const text = await prettier.format(banner + body, {
  parser: 'typescript',
  singleQuote: true,
  printWidth: 100,
});

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = await readFile(outPath, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== text) {
    console.error(
      `${path.relative(process.cwd(), outPath)} is stale: run \`pnpm --filter @orgnotes/json generate\` and commit the result.`,
    );
    process.exit(1);
  }
  console.log('generated types are up to date');
} else {
  await mkdir(path.dirname(outPath), { recursive: true });
  await writeFile(outPath, text);
  console.log(`wrote ${path.relative(process.cwd(), outPath)}`);
}
