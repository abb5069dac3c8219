export { converter, toMarkdown, frontMatter } from './markdown.js';
export {
  toMdast,
  planOf,
  phrasingText,
  type Plan,
  type PlannedHeading,
  type Converted,
} from './convert.js';
export { resolveOptions, type MarkdownOptions } from './options.js';
export { stringify } from './serialize.js';
export type { OrgMath, OrgMathBlock } from './mdast-extra.js';
