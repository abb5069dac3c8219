/** org2anki for `orgnotes export`: the card writer loads with the first document converted. */
import { lazyConverter } from '@orgnotes/cli';
import { ankiInfo } from './info.js';

export const converter = lazyConverter(ankiInfo, async (options) => {
  const { converter: writer } = await import('./convert.js');
  await writer.prepare?.(options);
  return writer.convert;
});
