/**
 * Every committed fixture that is text reads and prints back byte for byte, CRLF and BOM
 * included: in-process (readOrg → printOrg) and through the commands (org2json | json2org).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeOrg, printOrg, readOrg } from '@orgnotes/core';
import { FIXTURES, parseStderr, run } from './helpers.js';

const TEXT_FIXTURES = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(path.join(FIXTURES, e.name, 'input.org')))
  .map((e) => e.name)
  .filter(
    (name) =>
      decodeOrg(readFileSync(path.join(FIXTURES, name, 'input.org')), name).diagnostics.length ===
      0,
  );

describe('byte round trip of the hostile fixtures', () => {
  it('covers CRLF, BOM and tabs', () => {
    expect(TEXT_FIXTURES).toEqual(
      expect.arrayContaining(['crlf', 'bom', 'tab-indentation', 'empty']),
    );
  });

  it.each(TEXT_FIXTURES)('%s: readOrg → printOrg gives the same text', (name) => {
    const text = decodeOrg(readFileSync(path.join(FIXTURES, name, 'input.org')), name).text;
    expect(printOrg(readOrg(text, { path: 'input.org' }).document)).toBe(text);
  });

  it.each(['crlf', 'bom', 'tab-indentation'])(
    '%s: org2json | json2org gives the same bytes',
    (name) => {
      const bytes = readFileSync(path.join(FIXTURES, name, 'input.org'));
      const json = run('org2json', ['-'], { input: bytes });
      expect(json.status).toBe(0);
      const back = run('json2org', ['-'], { input: json.stdout });
      expect(parseStderr(back.stderr).stray).toEqual([]);
      expect(back.status).toBe(0);
      expect(back.stdout.equals(bytes)).toBe(true);
    },
  );

  it('a BOM is kept as the first bytes and does not hide the #+TITLE line', () => {
    const bytes = readFileSync(path.join(FIXTURES, 'bom', 'input.org'));
    const { document } = readOrg(decodeOrg(bytes, 'bom').text);
    expect(Buffer.from(printOrg(document)).subarray(0, 3).toString('hex')).toBe('efbbbf');
    expect(document.meta.title, 'the BOM does not hide the first line').toBe('With a BOM');
  });
});
