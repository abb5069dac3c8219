/**
 * mdast node types of our own, for the two things GitHub-flavoured Markdown can show but
 * mdast-util-to-markdown has no node for without remark-math: TeX math written between
 * `$`/`$$` delimiters. Their handlers (serialize.ts) write the TeX unescaped, which is the
 * point: TeX is full of `\`, `_` and `*`, which text nodes would escape.
 */
import type { Literal, Parent, PhrasingContent } from 'mdast';

/** `$tex$` (display=false) or `$$tex$$` (display=true) inside a paragraph. */
export interface OrgMath extends Literal {
  type: 'orgMath';
  display: boolean;
}

/** A `$$` ... `$$` block on lines of its own (from a LaTeX environment). */
export interface OrgMathBlock extends Literal {
  type: 'orgMathBlock';
}

/** An Org statistics cookie (`[2/5]`, `[40%]`), written with its brackets as they are. */
export interface OrgCookie extends Literal {
  type: 'orgCookie';
}

/**
 * A citation in pandoc's syntax, `[see @a, p. 3; @b]`: the brackets are written unescaped (a
 * text node's `[` would be escaped as `\[`, which pandoc reads as an author-in-text citation).
 */
export interface OrgCitation extends Parent {
  type: 'orgCitation';
  children: PhrasingContent[];
}

declare module 'mdast' {
  interface PhrasingContentMap {
    orgMath: OrgMath;
    orgCookie: OrgCookie;
    orgCitation: OrgCitation;
  }
  interface BlockContentMap {
    orgMathBlock: OrgMathBlock;
  }
  interface RootContentMap {
    orgMath: OrgMath;
    orgCookie: OrgCookie;
    orgCitation: OrgCitation;
    orgMathBlock: OrgMathBlock;
  }
}
