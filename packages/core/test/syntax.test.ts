import { describe, expect, it } from 'vitest';
import { commonIndent, removeCommonIndent } from '../src/syntax.js';

describe('the indentation scan (org-remove-indentation)', () => {
  it('is the narrowest indentation of the lines that hold text', () => {
    expect(commonIndent('    a\n  b\n\n \t\n      c')).toBe(2);
  });

  it('leaves out a first line that does not begin at a line start', () => {
    expect(commonIndent('item text\n    more\n      still more', false)).toBe(4);
    expect(commonIndent('item text\n    more\n      still more')).toBe(0);
  });

  it('is 0 for text without a non-blank line', () => {
    expect(commonIndent('')).toBe(0);
    expect(commonIndent('   \n\t\n')).toBe(0);
  });

  it('removes the common indentation, and blank lines’ whitespace', () => {
    expect(removeCommonIndent('  a\n    b\n   \n  c\n')).toBe('a\n  b\n\nc\n');
  });

  it('leaves text with an unindented line as it is', () => {
    expect(removeCommonIndent('a\n    b\n   \n')).toBe('a\n    b\n   \n');
  });
});
