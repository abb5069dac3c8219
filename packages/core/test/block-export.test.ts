/**
 * Issue 16 items 4 and 5: which special blocks carry a label and which LaTeX environments are
 * math, decided once here for Markdown, man and Anki.
 */
import { describe, expect, it } from 'vitest';
import { latexEnvironmentExport, readOrg, specialBlockLabel, type Block } from '../src/index.js';

function firstBlock(text: string): Block {
  return readOrg(text).document.children[0]!;
}

describe('specialBlockLabel', () => {
  const label = (text: string) => {
    const block = firstBlock(text);
    if (block.type !== 'special-block') throw new Error(`not a special block: ${block.type}`);
    return specialBlockLabel(block);
  };

  it('labels theorem-like blocks, with the title from #+ATTR_LATEX: :options', () => {
    expect(
      label('#+attr_latex: :options [Pumping Lemma]\n#+begin_theorem\nx\n#+end_theorem\n'),
    ).toEqual({ kind: 'theorem', text: 'Theorem (Pumping Lemma).' });
    expect(
      label(
        '#+ATTR_LATEX: :float nil :options [Two words]  :width 3\n#+BEGIN_LEMMA\nx\n#+END_LEMMA\n',
      ),
    ).toEqual({ kind: 'lemma', text: 'Lemma (Two words).' });
    expect(label('#+begin_definition\nx\n#+end_definition\n')).toEqual({
      kind: 'definition',
      text: 'Definition.',
    });
  });

  it('a titled proof shows its title instead of "Proof", as amsthm does', () => {
    expect(label('#+begin_proof\nx\n#+end_proof\n')).toEqual({ kind: 'proof', text: 'Proof.' });
    expect(label('#+attr_latex: :options [Sketch]\n#+begin_proof\nx\n#+end_proof\n')).toEqual({
      kind: 'proof',
      text: 'Sketch.',
    });
  });

  it('other special blocks get none', () => {
    expect(label('#+begin_aside\nx\n#+end_aside\n')).toBeNull();
  });
});

describe('latexEnvironmentExport', () => {
  const kind = (text: string) => {
    const block = firstBlock(text);
    if (block.type !== 'latex-environment')
      throw new Error(`not a LaTeX environment: ${block.type}`);
    return latexEnvironmentExport(block);
  };

  it('math environments MathJax knows stay math', () => {
    for (const name of ['align', 'align*', 'equation', 'gather*', 'pmatrix', 'cases', 'dcases']) {
      expect(kind(`\\begin{${name}}\nx\n\\end{${name}}\n`)).toEqual({ kind: 'math', name });
    }
  });

  it('algorithm, algorithmic, tikzpicture and tabular are LaTeX code', () => {
    for (const name of ['algorithm', 'algorithmic', 'tikzpicture', 'tabular']) {
      expect(kind(`\\begin{${name}}\nx\n\\end{${name}}\n`)).toEqual({ kind: 'code', name });
    }
  });
});

describe('roamRefKeys (issue 16 item 8: org-roam reference notes)', () => {
  it('reads org-cite and org-ref citations, not URLs', async () => {
    const { roamRefKeys } = await import('../src/index.js');
    expect(
      roamRefKeys('@kleene56 https://example.org [cite:@a;@b] cite:c1,c2 cite:&d "@e"'),
    ).toEqual(['kleene56', 'a', 'b', 'c1', 'c2', 'd', 'e']);
  });

  it('a citation resolves to the reference note, and is a dependency of the citing note', async () => {
    const { buildNoteSet, citationTarget } = await import('../src/index.js');
    const notes = buildNoteSet([
      { path: 'a.org', text: 'See [cite:@k].\n' },
      { path: 'k.org', text: ':PROPERTIES:\n:ID: k\n:ROAM_REFS: @k\n:END:\n#+title: K\n' },
    ]);
    const [a, k] = notes.documents;
    expect(citationTarget('k', a!, notes)).toMatchObject({ kind: 'document', document: k });
    // A private reference note leaves the citation unlinked, as links to it are.
    expect(citationTarget('k', a!, notes, { excludeTags: ['ref'] })).not.toBeNull();
    const privateRef = buildNoteSet([
      { path: 'a.org', text: 'See [cite:@k].\n' },
      { path: 'k.org', text: ':PROPERTIES:\n:ROAM_REFS: @k\n:END:\n#+filetags: :noexport:\n' },
    ]);
    expect(citationTarget('k', privateRef.documents[0]!, privateRef)).toBeNull();
    expect(citationTarget('other', a!, notes)).toBeNull();
    const { indexDocument } = await import('../src/index.js');
    expect(indexDocument(a!).links).toEqual(['cite\0k\0']);
    expect(indexDocument(k!).refs).toEqual([['k', -1]]);
  });
});
