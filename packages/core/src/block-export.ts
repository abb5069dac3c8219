/**
 * How special blocks and LaTeX environments are exported: decided here once, so that
 * Markdown, man and Anki render the same thing (issue 16 items 4 and 5).
 */
import type { Block } from './types.js';

type SpecialBlock = Extract<Block, { type: 'special-block' }>;
type LatexEnvironment = Extract<Block, { type: 'latex-environment' }>;

/**
 * Special blocks that are theorem-like environments, and the label each prints. SPEC: ox-latex
 * exports `#+begin_NAME` as `\begin{NAME}` (org-latex-special-block), and these are the names
 * amsthm documents set up with `\newtheorem` (amsthm package documentation, "Theorem-like
 * environments"; `proof` is amsthm's own). Other special blocks have no label: their contents
 * are exported as they are (ox-html's `<div class="NAME">` is not text). `#+begin_example` is
 * not among them: it is Org's own verbatim block.
 */
const THEOREM_LABELS: Record<string, string> = {
  theorem: 'Theorem',
  lemma: 'Lemma',
  corollary: 'Corollary',
  proposition: 'Proposition',
  conjecture: 'Conjecture',
  claim: 'Claim',
  fact: 'Fact',
  axiom: 'Axiom',
  definition: 'Definition',
  exercise: 'Exercise',
  problem: 'Problem',
  solution: 'Solution',
  remark: 'Remark',
  note: 'Note',
  notation: 'Notation',
  observation: 'Observation',
  assumption: 'Assumption',
  hypothesis: 'Hypothesis',
  property: 'Property',
  question: 'Question',
  proof: 'Proof',
};

/** What a labelled special block shows before its contents, e.g. `Theorem (Pumping Lemma).` */
export interface SpecialBlockLabel {
  /** The block's name in lower case (`theorem`), for a class name. */
  kind: string;
  /** The label with its title and final period: `Theorem (Pumping Lemma).`, `Proof.` */
  text: string;
}

/**
 * The value of one `:key` of an `#+ATTR_BACKEND:` line (SPEC: org-export-read-attribute, which
 * reads `:key value` pairs, a value running to the next ` :key`).
 */
export function attributeValue(
  node: { affiliated?: { key: string; value: string }[] },
  backend: string,
  key: string,
): string | null {
  const want = `ATTR_${backend.toUpperCase()}`;
  let found: string | null = null;
  for (const line of node.affiliated ?? []) {
    if (line.key !== want) continue;
    const parts = ` ${line.value}`.split(/\s(?=:[\w-]+(?:\s|$))/);
    for (const part of parts) {
      const m = /^:([\w-]+)\s*([\s\S]*)$/.exec(part.trim());
      if (m && m[1] === key) found = m[2]!.trim();
    }
  }
  return found;
}

/**
 * The label of a theorem-like special block, or null for any other. Its title is the LaTeX
 * optional argument, given as `#+ATTR_LATEX: :options [Title]` (SPEC: (org) LaTeX specific
 * attributes, special blocks take `:options`), as amsthm prints it: `Theorem (Title).`; for a
 * proof the title replaces the label, as `\begin{proof}[Title]` does.
 */
export function specialBlockLabel(node: SpecialBlock): SpecialBlockLabel | null {
  const kind = node.blockType.toLowerCase();
  const label = THEOREM_LABELS[kind];
  if (label === undefined) return null;
  const options = attributeValue(node, 'latex', 'options');
  const title = options === null ? '' : (/^\[([\s\S]*)\]$/.exec(options)?.[1] ?? options).trim();
  if (title === '') return { kind, text: `${label}.` };
  if (kind === 'proof') return { kind, text: /[.!?]$/.test(title) ? title : `${title}.` };
  return { kind, text: `${label} (${title}).` };
}

/**
 * The LaTeX environments MathJax typesets, which is what GitHub and Anki render math with
 * (SPEC: MathJax's TeX input, "Supported LaTeX commands": the base, ams, amscd and mathtools
 * environments). Anything else (`algorithm`, `tikzpicture`, `tabular`...) is a TeX document
 * fragment that MathJax shows as an error.
 */
const MATHJAX_ENVIRONMENTS = new Set([
  // base
  'array',
  'darray',
  'eqnarray',
  'eqnarray*',
  'equation',
  'equation*',
  'displaymath',
  'math',
  // ams
  'align',
  'align*',
  'aligned',
  'alignat',
  'alignat*',
  'alignedat',
  'flalign',
  'flalign*',
  'gather',
  'gather*',
  'gathered',
  'multline',
  'multline*',
  'split',
  'subarray',
  'smallmatrix',
  'xalignat',
  'xalignat*',
  'xxalignat',
  'matrix',
  'pmatrix',
  'bmatrix',
  'Bmatrix',
  'vmatrix',
  'Vmatrix',
  'cases',
  // amscd
  'CD',
  // mathtools
  'dcases',
  'dcases*',
  'rcases',
  'rcases*',
  'drcases',
  'drcases*',
  'cases*',
  'multlined',
  'lgathered',
  'rgathered',
  'spreadlines',
  'matrix*',
  'pmatrix*',
  'bmatrix*',
  'Bmatrix*',
  'vmatrix*',
  'Vmatrix*',
  'smallmatrix*',
  'psmallmatrix',
  'psmallmatrix*',
  'bsmallmatrix',
  'bsmallmatrix*',
  'Bsmallmatrix',
  'Bsmallmatrix*',
  'vsmallmatrix',
  'vsmallmatrix*',
  'Vsmallmatrix',
  'Vsmallmatrix*',
]);

/** How a LaTeX environment is exported: as display math, or as LaTeX source code. */
export interface LatexEnvironmentExport {
  kind: 'math' | 'code';
  /** The environment's name, from its `\begin{NAME}`. */
  name: string;
}

/**
 * SPEC: (org) LaTeX fragments: ox-html sends every LaTeX environment to MathJax
 * (org-html-latex-environment with `tex:t`); we send only the environments MathJax knows, and
 * show the others as their LaTeX source (deviation, docs/deviations.md).
 */
export function latexEnvironmentExport(node: LatexEnvironment): LatexEnvironmentExport {
  const name = /\\begin\{([^}]+)\}/.exec(node.value)?.[1]?.trim() ?? '';
  return { kind: MATHJAX_ENVIRONMENTS.has(name) ? 'math' : 'code', name };
}
