/** org2md for `orgnotes export`: the Markdown writer (remark) loads with the first document converted. */
import { lazyConverter } from '@orgnotes/cli';
import { markdownInfo } from './info.js';

export const converter = lazyConverter(
  markdownInfo,
  async () => (await import('./markdown.js')).converter.convert,
);
