import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { indexDocument, LinkIndex, readOrg, type IndexedDocument } from '@orgnotes/core';
import { describe, expect, it } from 'vitest';
import type { Converter } from '../src/converter.js';
import { dependsOf, linkDependsOf, planDocuments, setKeyOf, type PlanInputs } from '../src/plan.js';
import { emptyState, type DocumentRecord, type RunState } from '../src/state.js';

const TEXTS: Record<string, string> = {
  'a.org': '* A\nSee [[id:b][B]] and [[file:b.org][the file]], and [[file:pic.png]].\n',
  'b.org': '* B\n:PROPERTIES:\n:ID: b\n:END:\n',
};

function documents(texts: Record<string, string> = TEXTS): IndexedDocument[] {
  return Object.entries(texts).map(([p, text]) => ({
    path: p,
    absolutePath: null,
    index: indexDocument(readOrg(text, { path: p }).document),
  }));
}

const converter: Converter = {
  name: 'x',
  summary: '',
  version: '1',
  extension: '.x',
  convert: () => [],
};

/** The inputs of a plan over a.org and b.org, whose keys are their names unless `keys` says otherwise. */
function inputs(
  previous: RunState,
  overrides: Partial<PlanInputs> & { keys?: Record<string, string> } = {},
): PlanInputs {
  const entries = documents();
  const { keys = {}, ...rest } = overrides;
  return {
    documents: entries,
    previous,
    links: new LinkIndex('/notes', entries),
    keyOf: (p) => keys[p] ?? `key of ${p}`,
    formats: [{ converter, options: {} }],
    outputsIntact: () => true,
    ...rest,
  };
}

/** The state a run leaves when it converted every document under `inputs` (as engine.ts records it). */
function stateAfter(planned: PlanInputs): RunState {
  const state = emptyState();
  state.setKey = setKeyOf(planned.documents, planned.keyOf);
  for (const entry of planned.documents) {
    const linked = linkDependsOf(entry, planned.links, planned.keyOf, planned.formats);
    const record: DocumentRecord = {
      key: planned.keyOf(entry.path),
      index: entry.index,
      parse: [],
      depends: dependsOf(entry, planned.links, planned.formats, linked),
      linkDepends: linked.hash,
      ...(linked.files.length > 0 ? { linkedFiles: linked.files } : {}),
      links: [],
      formats: { x: { files: [], diagnostics: [] } },
    };
    state.documents[entry.path] = record;
  }
  return state;
}

const kept = (planned: ReturnType<typeof planDocuments>) =>
  planned.plan.filter((p) => p.keep).map((p) => p.entry.path);

/** A link index that counts the links it resolves. */
class CountingLinkIndex extends LinkIndex {
  resolved = 0;
  override resolveKey(...args: Parameters<LinkIndex['resolveKey']>) {
    this.resolved++;
    return super.resolveKey(...args);
  }
}

describe('the incremental plan', () => {
  it('converts every document without a previous state', () => {
    const { plan } = planDocuments(inputs(emptyState()));
    expect(plan.map((p) => [p.entry.path, p.keep, p.depends])).toEqual([
      ['a.org', undefined, undefined],
      ['b.org', undefined, undefined],
    ]);
  });

  it('keeps a document whose text, link targets and outputs are as the last run left them', () => {
    const previous = stateAfter(inputs(emptyState()));
    expect(kept(planDocuments(inputs(previous)))).toEqual(['a.org', 'b.org']);
  });

  it('converts a document whose link target changed, and the target', () => {
    const previous = stateAfter(inputs(emptyState()));
    expect(kept(planDocuments(inputs(previous, { keys: { 'b.org': 'b.org edited' } })))).toEqual(
      [],
    );
  });

  it('converts a document whose output is not intact, with what it depends on already known', () => {
    const previous = stateAfter(inputs(emptyState()));
    const planned = planDocuments(
      inputs(previous, { outputsIntact: (record) => record !== previous.documents['a.org'] }),
    );
    expect(kept(planned)).toEqual(['b.org']);
    expect(planned.plan[0]!.depends).toBe(previous.documents['a.org']!.depends);
  });

  it("converts every document whose converter's dependency changed", () => {
    const dated = (date: string): Converter => ({
      ...converter,
      dependencies: (entry) => `${entry.path} ${date}`,
    });
    const previous = stateAfter(
      inputs(emptyState(), { formats: [{ converter: dated('2024-01-01'), options: {} }] }),
    );
    expect(
      kept(
        planDocuments(
          inputs(previous, { formats: [{ converter: dated('2024-01-01'), options: {} }] }),
        ),
      ),
    ).toEqual(['a.org', 'b.org']);
    expect(
      kept(
        planDocuments(
          inputs(previous, { formats: [{ converter: dated('2024-02-01'), options: {} }] }),
        ),
      ),
    ).toEqual([]);
  });

  it("hands each converter its format's options: an option its output follows decides reuse", () => {
    const byMode: Converter = {
      ...converter,
      dependencies: (_entry, _links, options) => `mode ${String(options['mode'])}`,
    };
    const formats = (mode: string) => ({ formats: [{ converter: byMode, options: { mode } }] });
    const previous = stateAfter(inputs(emptyState(), formats('a')));
    expect(kept(planDocuments(inputs(previous, formats('a'))))).toEqual(['a.org', 'b.org']);
    expect(kept(planDocuments(inputs(previous, formats('b'))))).toEqual([]);
  });
  it('takes what links resolve to from the last run while every document keeps its key', () => {
    const previous = stateAfter(inputs(emptyState()));
    const links = new CountingLinkIndex('/notes', documents());
    const planned = planDocuments(inputs(previous, { links }));
    expect(kept(planned)).toEqual(['a.org', 'b.org']);
    expect(planned.setKey).toBe(previous.setKey);
    expect(links.resolved).toBe(0);
    // One key changed: every link is resolved again.
    const edited = new CountingLinkIndex('/notes', documents());
    planDocuments(inputs(previous, { links: edited, keys: { 'b.org': 'b.org edited' } }));
    expect(edited.resolved).toBeGreaterThan(0);
  });

  it('stamps the linked files every run, even when the set is the same', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'orgnotes-plan-'));
    const picture = path.join(root, 'pic.png');
    writeFileSync(picture, 'one');
    const atRoot = (overrides: Partial<PlanInputs> = {}) =>
      inputs(emptyState(), { links: new LinkIndex(root, documents()), ...overrides });
    const previous = stateAfter(atRoot());
    expect(previous.documents['a.org']!.linkedFiles).toEqual([picture]);
    expect(kept(planDocuments({ ...atRoot(), previous }))).toEqual(['a.org', 'b.org']);
    writeFileSync(picture, 'two, longer');
    expect(kept(planDocuments({ ...atRoot(), previous }))).toEqual(['b.org']);
  });

  it("asks a converter's set dependencies again only when the set changed", () => {
    let asked = 0;
    const counting: Converter = {
      ...converter,
      setDependencies: (entry) => {
        asked++;
        return entry.path;
      },
    };
    const formats = { formats: [{ converter: counting, options: {} }] };
    const previous = stateAfter(inputs(emptyState(), formats));
    asked = 0;
    expect(kept(planDocuments(inputs(previous, formats)))).toEqual(['a.org', 'b.org']);
    expect(asked).toBe(0);
    planDocuments(inputs(previous, { ...formats, keys: { 'a.org': 'a.org edited' } }));
    expect(asked).toBe(1);
  });
});
