/** org2json for `orgnotes export`: the writer loads with the first document converted. */
import { lazyConverter } from '@orgnotes/cli';
import { jsonInfo } from './info.js';

export const converter = lazyConverter(
  jsonInfo,
  async () => (await import('./index.js')).org2json.convert,
);
