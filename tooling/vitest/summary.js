#!/usr/bin/env node
// Sums the JSON reports vitest wrote in every package into one closing line for CI logs.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './corpus.js';

let passed = 0;
let failed = 0;
let skipped = 0;
const packages = [];
for (const group of ['apps', 'packages', 'tooling']) {
  const dir = path.join(repoRoot, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir).sort()) {
    const report = path.join(dir, name, 'test-results/vitest.json');
    if (!existsSync(report)) continue;
    const result = JSON.parse(readFileSync(report, 'utf8'));
    passed += result.numPassedTests;
    failed += result.numFailedTests;
    skipped += result.numPendingTests + (result.numTodoTests ?? 0);
    packages.push(`${group}/${name}: ${result.numPassedTests} passed, ${result.numFailedTests} failed`);
  }
}
console.log(packages.join('\n'));
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
