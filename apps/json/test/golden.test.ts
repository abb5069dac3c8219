/**
 * Golden files: each fixture's input.org beside expected.json, the model as org2json
 * --pretty writes it. The JSON must validate against the schema and print back to the input's
 * very bytes, so a golden is also a round-trip case.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, printOrg, readOrg, type Document } from '@orgnotes/core';
import { seedFile } from '@orgnotes/vitest-config/corpus';
import { toJson, validateDocument } from '../src/index.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const cases = readdirSync(fixtures).filter((name) =>
  existsSync(path.join(fixtures, name, 'input.org')),
);

async function expectGolden(dir: string, text: string, documentPath: string) {
  const { document, diagnostics } = readOrg(text, { path: documentPath });
  const json = toJson(document, true);
  await expect(json).toMatchFileSnapshot(path.join(dir, 'expected.json'));
  await expect(diagnostics.map((d) => formatDiagnostic(d) + '\n').join('')).toMatchFileSnapshot(
    path.join(dir, 'expected.diagnostics.txt'),
  );
  const parsed = JSON.parse(json) as Document;
  expect(validateDocument(parsed)).toEqual([]);
  expect(printOrg(parsed)).toBe(text);
}

describe('golden files', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThanOrEqual(2));
  for (const name of cases) {
    it(name, async () => {
      const dir = path.join(fixtures, name);
      await expectGolden(dir, readFileSync(path.join(dir, 'input.org'), 'utf8'), 'input.org');
    });
  }
  it('the seed (notes/docker.org)', async () => {
    await expectGolden(path.join(fixtures, 'seed'), readFileSync(seedFile, 'utf8'), 'docker.org');
  });
});
