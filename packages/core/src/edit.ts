/**
 * Small helpers for programs that edit notes. Edits change semantic fields only; the
 * printer notices the changed signatures and prints those nodes canonically.
 */
import { deriveHeadingFields } from './derived-fields.js';
import type { Block, Heading, NodeProperty, PropertyDrawer } from './types.js';

/**
 * Sets a property in a heading's drawer, creating the drawer where Org expects it (right
 * after the planning line). SPEC: org-entry-put.
 */
export function setProperty(
  heading: Heading,
  key: string,
  value: string,
  todoKeywords = { todo: ['TODO'], done: ['DONE'] },
): void {
  let drawer = heading.content.find(
    (block): block is PropertyDrawer => block.type === 'property-drawer',
  );
  if (!drawer) {
    drawer = { type: 'property-drawer', children: [] };
    const at = heading.content[0]?.type === 'planning' ? 1 : 0;
    heading.content.splice(at, 0, drawer as Block);
  }
  const existing = drawer.children.find((p) => p.key.toUpperCase() === key.toUpperCase());
  if (existing) existing.value = value;
  else drawer.children.push({ type: 'node-property', key, value } satisfies NodeProperty);
  deriveHeadingFields(heading, { todoKeywords });
}

/** Replaces a heading's title with plain text. */
export function setTitle(heading: Heading, title: string): void {
  heading.title = [{ type: 'text', value: title }];
}
