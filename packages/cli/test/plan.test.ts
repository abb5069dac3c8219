import { indexDocument, LinkIndex, readOrg, type IndexedDocument } from '@orgnotes/core';
import { describe, expect, it } from 'vitest';
import type { Converter } from '../src/converter.js';
import { dependsOf, planDocuments, type PlanInputs } from '../src/plan.js';
import { emptyState, type DocumentRecord, type RunState } from '../src/state.js';

const TEXTS: Record<string, string> = {
  'a.org': '* A\nSee [[id:b][B]] and [[file:b.org][the file]].\n',
  'b.org': '* B\n:PROPERTIES:\n:ID: b\n:END:\n',
};

function documents(): IndexedDocument[] {
  return Object.entries(TEXTS).map(([p, text]) => ({
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

/** The state a run leaves when it converted every document under `inputs`. */
function stateAfter(planned: PlanInputs): RunState {
  const state = emptyState();
  for (const entry of planned.documents) {
    const record: DocumentRecord = {
      key: planned.keyOf(entry.path),
      index: entry.index,
      parse: [],
      depends: dependsOf(entry, planned.links, planned.keyOf, planned.formats),
      links: [],
      formats: { x: { files: [], diagnostics: [] } },
    };
    state.documents[entry.path] = record;
  }
  return state;
}

const kept = (plan: ReturnType<typeof planDocuments>) =>
  plan.filter((p) => p.keep).map((p) => p.entry.path);

describe('the incremental plan', () => {
  it('converts every document without a previous state', () => {
    const plan = planDocuments(inputs(emptyState()));
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
    const plan = planDocuments(
      inputs(previous, { outputsIntact: (record) => record !== previous.documents['a.org'] }),
    );
    expect(kept(plan)).toEqual(['b.org']);
    expect(plan[0]!.depends).toBe(previous.documents['a.org']!.depends);
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
});
