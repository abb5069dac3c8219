/**
 * Cards a learner keeps from a knowledge base (issue 16, items 11-14), each fixture converted
 * and read back by the CSV reader configured as Anki's (anki-reader.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FlagValue } from '@orgnotes/cli';
import { convertText } from './helpers.js';
import { checkAnkiCsv, readAnkiCsv } from './anki-reader.js';
import { metadataOnly } from '../src/index.js';
import { readOrg } from '@orgnotes/core';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** A fixture converted from its own folder (which names the deck), read back as Anki would. */
function read(
  name: string,
  options: Record<string, FlagValue> = {},
  root = path.join(fixtures, name),
) {
  const result = convertText(readFileSync(path.join(fixtures, name, 'input.org'), 'utf8'), {
    path: 'input.org',
    root,
    options,
  });
  expect(checkAnkiCsv(result.csv)).toEqual([]);
  return { ...readAnkiCsv(result.csv), result };
}

describe('file cards (item 11)', () => {
  it('an org-roam note gives its headings as cards and no card of its preamble by default', () => {
    const { notes } = read('roam-file-cards');
    expect(notes.map((n) => n.fields[0])).toEqual(['Actors', 'Messages']);
  });

  it('--file-cards adds the preamble as a card, front the title, without the tags line being all of it', () => {
    const { notes } = read('roam-file-cards', { 'file-cards': true });
    expect(notes[0]!.fields[0]).toBe('Actor model');
    expect(notes[0]!.fields[1]).toContain('A model of concurrent computation');
    // The file card keeps the GUID it always had: the file's :ID:.
    expect(notes.map((n) => n.fields[0])).toEqual(['Actor model', 'Actors', 'Messages']);
  });

  it('a file-level :ID: alone, or with only a tags line, makes no card, even with --file-cards', () => {
    const text = ':PROPERTIES:\n:ID:       a1\n:END:\n#+title: Lonely\n';
    expect(readAnkiCsv(convertText(text, { options: { 'file-cards': true } }).csv).notes).toEqual(
      [],
    );
    const tagged = convertText(text + '\n- tags :: [[id:b2][Other]]\n', {
      options: { 'file-cards': true },
    });
    expect(readAnkiCsv(tagged.csv).notes).toEqual([]);
    expect(tagged.diagnostics.map((d) => `${d.severity} ${d.rule}@${d.line}`)).toEqual([
      'info metadata-only@1',
    ]);
  });

  it('tag lines, link lists and empty drawers are no card, each with an info diagnostic', () => {
    const { notes, result } = read('roam-metadata-only');
    expect(notes.map((n) => n.fields[0])).toEqual(['Summary']);
    expect(result.diagnostics.map((d) => `${d.severity} ${d.rule}@${d.line}`)).toEqual([
      'info metadata-only@8',
      'info metadata-only@12',
      'info metadata-only@16',
    ]);
  });

  it('metadataOnly: a picture or a sentence beside the links is content', () => {
    const blocks = (text: string) => readOrg(text).document.children;
    expect(metadataOnly(blocks('- [[id:x][X]]\n- [[https://e.org][E]]\n'))).toBe(true);
    expect(metadataOnly(blocks('- tags :: [[id:x][X]]\n'))).toBe(true);
    expect(metadataOnly(blocks('[[file:diagram.png]]\n'))).toBe(false);
    expect(metadataOnly(blocks('- [[id:x][X]] is where it started\n'))).toBe(false);
    expect(metadataOnly(blocks('- what :: an answer\n'))).toBe(false);
  });

  it('a heading of only a TODO keyword has no front: no card, a warning (corpus: gossip_protocol.org)', () => {
    const r = convertText('* TODO\nsome text\n* Done\nmore\n');
    expect(checkAnkiCsv(r.csv)).toEqual([]);
    expect(readAnkiCsv(r.csv).notes.map((n) => n.fields[0])).toEqual(['Done']);
    expect(r.diagnostics.map((d) => `${d.rule}@${d.line}`)).toEqual([
      'empty-front@1',
      'missing-id@3',
    ]);
  });

  it('--headings id keeps only headings with an :ID:', () => {
    expect(read('roam-file-cards', { headings: 'id' }).notes).toEqual([]);
  });
});

describe('decks (item 12)', () => {
  it("one deck for the set: the notes folder by default, --deck (the configuration's anki.deck) when given", () => {
    expect(new Set(read('roam-file-cards').notes.map((n) => n.deck))).toEqual(
      new Set(['roam-file-cards']),
    );
    expect(
      new Set(read('roam-file-cards', { deck: 'Knowledge base' }).notes.map((n) => n.deck)),
    ).toEqual(new Set(['Knowledge base']));
  });

  it('--deck-per-note makes each note a sub-deck named by its title; ANKI_DECK still wins', () => {
    const { notes } = read('deck-per-note', { 'deck-per-note': true, deck: 'KB' });
    expect(notes.map((n) => [n.fields[0], n.deck])).toEqual([
      ['Images', 'KB::Docker Notes'],
      ['Volumes', 'Ops::Storage'],
    ]);
    const keyword = convertText('#+ANKI_DECK: Mine\n* A\ntext\n', {
      options: { 'deck-per-note': true, deck: 'KB' },
    });
    expect(readAnkiCsv(keyword.csv).notes.map((n) => n.deck)).toEqual(['Mine']);
  });

  it('the deck is not part of a GUID: changing it updates the same notes', () => {
    const a = read('deck-per-note').notes.map((n) => n.guid);
    const b = read('deck-per-note', { 'deck-per-note': true, deck: 'Other' }).notes.map(
      (n) => n.guid,
    );
    expect(b).toEqual(a);
  });
});

describe('org-drill (item 13)', () => {
  it('the body is the question, on the front; the subheadings are the answer', () => {
    const { notes } = read('drill-question-body');
    expect(notes[0]!.fields).toEqual([
      '<p><b>Q</b></p><p>What is \\(e^{i\\pi}\\)?</p>',
      "<p><b>Answer</b></p><p>\\(-1\\) (Euler's identity).</p>",
    ]);
  });

  it('an item without subheadings keeps its body as the answer', () => {
    const { notes } = read('drill-question-body');
    expect(notes[1]!.fields).toEqual([
      'Definition',
      '<p>A group is a set with an associative operation, an identity and inverses.</p>',
    ]);
  });
});

describe('clozes in ordinary notes (item 14)', () => {
  it('{{c1::...}} in a heading or the preamble makes a Cloze note; in code it does not', () => {
    const { notes } = read('cloze-in-notes');
    expect(notes.map((n) => [n.notetype, n.fields[0]!.replace(/<[^>]+>/g, '')])).toEqual([
      [
        'Cloze',
        'GeographyThe capital of France is {{c1::Paris}} and that of Italy is {{c2::Rome::city}}.',
      ],
      [
        'Cloze',
        'RiversThe {{c1::Danube}} flows through {{c2::ten}} countries; \\(\\frac{1}{2}\\) of them are {{c3::\\(x^{2}\\)}}.',
      ],
      ['Basic', 'Mountains'],
    ]);
  });

  it('a heading with a cloze is a Cloze note even under --headings id', () => {
    expect(read('cloze-in-notes', { headings: 'id' }).notes.map((n) => n.notetype)).toEqual([
      'Cloze',
      'Cloze',
    ]);
  });
});
