#!/usr/bin/env node
// Sums the JSON reports vitest wrote in every package into one closing line for CI logs:
//
//   tests: N passed, N failed, N skipped
//
// and exits 1 when a test or a test file failed. On CI (CI set) it also exits 1 when a package
// with tests has no report (its tests did not run), or when a test was skipped (or left as a
// todo) without being listed, with its reason, in tooling/vitest/allowed-skips.json: a skipped
// test checks nothing, and CI must not pass on tests that did not run.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { onCI, repoRoot } from './corpus.js';

const ALLOWED_SKIPS_FILE = path.join(repoRoot, 'tooling/vitest/allowed-skips.json');

/** `{ "<package>/<test file> > <full test name>": "why it may be skipped on CI" }`. */
function allowedSkips() {
  const allowed = JSON.parse(readFileSync(ALLOWED_SKIPS_FILE, 'utf8'));
  for (const [name, reason] of Object.entries(allowed)) {
    if (typeof reason !== 'string' || reason.trim() === '')
      throw new Error(`${path.relative(repoRoot, ALLOWED_SKIPS_FILE)}: "${name}" needs a reason`);
  }
  return new Map(Object.entries(allowed));
}

const NOT_RUN = new Set(['pending', 'skipped', 'todo', 'disabled']);

let passed = 0;
let failed = 0;
let skipped = 0;
const lines = [];
const problems = [];
const skippedTests = [];
const failedTests = [];
for (const group of ['apps', 'packages', 'tooling']) {
  const dir = path.join(repoRoot, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir).sort()) {
    const packageDir = path.join(dir, name);
    const packageJson = path.join(packageDir, 'package.json');
    if (!existsSync(packageJson)) continue;
    const hasTests = Boolean(JSON.parse(readFileSync(packageJson, 'utf8')).scripts?.test);
    const report = path.join(packageDir, 'test-results/vitest.json');
    if (!existsSync(report)) {
      if (hasTests)
        problems.push(
          `${group}/${name}: no test report (test-results/vitest.json): its tests did not run`,
        );
      continue;
    }
    const result = JSON.parse(readFileSync(report, 'utf8'));
    passed += result.numPassedTests;
    failed += result.numFailedTests;
    skipped += result.numPendingTests + (result.numTodoTests ?? 0);
    // A test file that failed to load (a syntax error, a throwing import) has no failed test.
    const brokenFiles = (result.testResults ?? []).filter(
      (file) =>
        file.status === 'failed' && !file.assertionResults?.some((t) => t.status === 'failed'),
    );
    for (const file of brokenFiles)
      problems.push(
        `${path.relative(repoRoot, file.name)}: the test file failed: ${(file.message ?? '').split('\n')[0]}`,
      );
    failed += brokenFiles.length;
    for (const file of result.testResults ?? []) {
      for (const test of file.assertionResults ?? []) {
        const name = `${path.relative(repoRoot, file.name).split(path.sep).join('/')} > ${test.fullName}`;
        if (NOT_RUN.has(test.status)) skippedTests.push(name);
        if (test.status === 'failed')
          failedTests.push(`${name}: ${(test.failureMessages?.[0] ?? '').split('\n')[0]}`);
      }
    }
    lines.push(
      `${group}/${name}: ${result.numPassedTests} passed, ${result.numFailedTests} failed, ${result.numPendingTests + (result.numTodoTests ?? 0)} skipped`,
    );
  }
}

const allowed = allowedSkips();
const unlisted = skippedTests.filter((test) => !allowed.has(test));
if (failedTests.length > 0) {
  lines.push('', `failed tests (${failedTests.length}):`);
  for (const test of failedTests.slice(0, 50)) lines.push(`  ${test}`);
  if (failedTests.length > 50) lines.push(`  ... and ${failedTests.length - 50} more`);
}
if (skippedTests.length > 0) {
  lines.push('', `skipped tests (${skippedTests.length}):`);
  for (const test of skippedTests)
    lines.push(`  ${test}${allowed.has(test) ? `  [allowed: ${allowed.get(test)}]` : ''}`);
}
if (onCI) {
  for (const test of unlisted)
    problems.push(`skipped on CI and not listed in tooling/vitest/allowed-skips.json: ${test}`);
}
console.log(lines.join('\n'));
if (problems.length > 0) console.log(['', ...problems.map((p) => `error: ${p}`)].join('\n'));
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || (onCI && problems.length > 0) ? 1 : 0);
