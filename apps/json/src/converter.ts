/**
 * org2json for `orgnotes export`: the writer loads with the first document converted, without
 * the schema validator (ajv), which took a tenth of a small export's start.
 */
import { lazyConverter } from '@orgnotes/cli';
import { jsonInfo } from './info.js';

export const converter = lazyConverter(
  jsonInfo,
  async () => (await import('./write.js')).convertToJson,
);
