import { readFileSync } from 'node:fs';
import type { Document } from '../src/index.js';

export const fixture = (name: string) => new URL(`./fixtures/${name}/input.org`, import.meta.url);
export const readFixture = (name: string) => readFileSync(fixture(name), 'utf8');

/** The model without layout: what a consumer of the notes sees. */
export function semantic(document: Document): unknown {
  return JSON.parse(
    JSON.stringify(document, (key, value) =>
      key === 'src' || key === 'loc' || key === 'path' ? undefined : value,
    ),
  );
}

/** Lines removed and added between two texts (a minimal line diff, enough to check that an edit stays local). */
export function lineDiff(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return { removed: a.slice(start, endA), added: b.slice(start, endB) };
}
