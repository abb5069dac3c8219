/** org2man for `orgnotes export`: the roff writer loads with the first document converted. */
import { lazyConverter } from '@orgnotes/cli';
import { manInfo } from './info.js';

export const converter = lazyConverter(
  manInfo,
  async () => (await import('./index.js')).converter.convert,
);
